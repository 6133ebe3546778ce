"""Scottish places the project ships: the 32 council areas (with the region each belongs to), towns, and
well-known neighbourhoods of the cities.

Two uses. Banding merges a small area into "other areas in <its region>", so a reader still learns the part
of Scotland. The scrubber blanks any of these names in free text, because "I live in Lochee" narrows a
care-experienced young person down to a handful of people.

The regions are four broad parts of Scotland, chosen so that each holds several council areas.
"""

from __future__ import annotations

import re

NORTH, EAST, WEST, SOUTH = "the North", "the East", "the West", "the South"

COUNCIL_AREAS: dict[str, tuple[str, str]] = {
    # key: (name, region); the key is the name folded by ``area_key``
    "aberdeen": ("Aberdeen City", NORTH),
    "aberdeenshire": ("Aberdeenshire", NORTH),
    "angus": ("Angus", EAST),
    "argyll": ("Argyll and Bute", WEST),
    "borders": ("Scottish Borders", SOUTH),
    "clackmannanshire": ("Clackmannanshire", EAST),
    "dumfries": ("Dumfries and Galloway", SOUTH),
    "dundee": ("Dundee City", EAST),
    "eastayrshire": ("East Ayrshire", SOUTH),
    "eastdunbartonshire": ("East Dunbartonshire", WEST),
    "eastlothian": ("East Lothian", EAST),
    "eastrenfrewshire": ("East Renfrewshire", WEST),
    "edinburgh": ("City of Edinburgh", EAST),
    "falkirk": ("Falkirk", EAST),
    "fife": ("Fife", EAST),
    "glasgow": ("Glasgow City", WEST),
    "highland": ("Highland", NORTH),
    "inverclyde": ("Inverclyde", WEST),
    "midlothian": ("Midlothian", EAST),
    "moray": ("Moray", NORTH),
    "westernisles": ("Na h-Eileanan Siar", NORTH),
    "northayrshire": ("North Ayrshire", SOUTH),
    "northlanarkshire": ("North Lanarkshire", WEST),
    "orkney": ("Orkney Islands", NORTH),
    "perth": ("Perth and Kinross", EAST),
    "renfrewshire": ("Renfrewshire", WEST),
    "shetland": ("Shetland Islands", NORTH),
    "southayrshire": ("South Ayrshire", SOUTH),
    "southlanarkshire": ("South Lanarkshire", WEST),
    "stirling": ("Stirling", EAST),
    "westdunbartonshire": ("West Dunbartonshire", WEST),
    "westlothian": ("West Lothian", EAST),
}
_ALIASES = {
    "cityofedinburgh": "edinburgh",
    "edinburghcity": "edinburgh",
    "glasgowcity": "glasgow",
    "aberdeencity": "aberdeen",
    "dundeecity": "dundee",
    "argyllandbute": "argyll",
    "scottishborders": "borders",
    "dumfriesandgalloway": "dumfries",
    "nahheileanansiar": "westernisles",
    "eileanansiar": "westernisles",
    "perthandkinross": "perth",
    "orkneyislands": "orkney",
    "shetlandislands": "shetland",
}

TOWNS = """
Aberdeen Edinburgh Glasgow Dundee Inverness Perth Stirling Paisley Livingston Kirkcaldy Dunfermline
East Kilbride Hamilton Cumbernauld Ayr Kilmarnock Greenock Coatbridge Glenrothes Airdrie Falkirk
Motherwell Irvine Dumfries Wishaw Arbroath Bearsden Clydebank Renfrew Musselburgh Bellshill Grangemouth
Elgin Kirkintilloch Dumbarton Bathgate Peterhead Alloa Bishopbriggs Barrhead Penicuik Blantyre Largs
Forfar Montrose Stranraer Oban Fort William Wick Thurso Lerwick Kirkwall Stornoway Hawick Galashiels
Peebles Kelso Selkirk Jedburgh Dalkeith Bonnyrigg Haddington North Berwick Dunbar Prestonpans
Tranent Linlithgow Broxburn Whitburn Armadale Bo'ness Larbert Stenhousemuir Denny Bannockburn Dunblane
Crieff Pitlochry Blairgowrie Carnoustie Monifieth Brechin Kirriemuir Stonehaven Inverurie Ellon
Fraserburgh Banff Huntly Buckie Forres Nairn Dingwall Alness Invergordon Tain Portree Campbeltown
Dunoon Rothesay Helensburgh Alexandria Port Glasgow Gourock Johnstone Erskine Linwood Neilston
Newton Mearns Giffnock Clarkston Rutherglen Cambuslang Uddingston Larkhall Carluke Lanark Strathaven
Saltcoats Ardrossan Stevenston Kilwinning Troon Prestwick Cumnock Girvan Maybole Annan Lockerbie
Castle Douglas Kirkcudbright Newton Stewart Methil Leven Buckhaven Cowdenbeath Lochgelly Burntisland
Kinghorn Rosyth Inverkeithing St Andrews Cupar Anstruther Tayport Newport-on-Tay Auchterarder
Kinross Callander Aviemore Grantown-on-Spey Kingussie Ullapool Golspie Brora Dornoch Lochgilphead
Tobermory Millport Shotts Harthill Whitburn Blackburn Mayfield Newtongrange Loanhead Gorebridge
"""

NEIGHBOURHOODS = """
Drumchapel Easterhouse Castlemilk Pollok Govan Gorbals Possilpark Springburn Maryhill Partick
Dennistoun Parkhead Shettleston Barlanark Carntyne Royston Sighthill Ruchill Milton Yoker Scotstoun
Knightswood Anniesland Hillhead Finnieston Govanhill Pollokshields Pollokshaws Shawlands Toryglen
Priesthill Nitshill Darnley Cranhill Ruchazie Garthamlock Provanmill Blackhill Calton Bridgeton
Dalmarnock Tollcross Baillieston Ibrox Cardonald Penilee Hillington Lambhill Cadder Balornock Barmulloch
Craigend Red Road Muirhouse Pilton Granton Wester Hailes Sighthill Niddrie Craigmillar Gilmerton
Gracemount Oxgangs Broomhouse Saughton Gorgie Dalry Leith Restalrig Lochend Craigentinny Portobello
Tollcross Fountainbridge Stenhouse Clermiston Drylaw Calders Moredun Liberton Bingham Magdalene
Lochee Whitfield Fintry Kirkton Ardler Charleston Menzieshill Douglas Mid Craigie Linlathen Hilltown
Stobswell Broughty Ferry Coldside Downfield St Marys Beechwood Ballumbie Tillydrone Torry Mastrick
Northfield Sheddocksley Cummings Park Middlefield Seaton Woodside Kincorth Cove Bay Summerhill
Rosemount Ferryhill Hazlehead Bridge of Don Dyce Merkland Raigmore Hilton Dalneigh Merkinch Kinmylies
Smithton Culloden Muirtown Ferguslie Gallowhill Foxbar Glenburn Shortroods Broomlands Fullerton
Onthank Shortlees Bellsmyre Castlehill Whitecrook Faifley Dalmuir Mountblow Craigshill Ladywell Knightsridge
Dedridge Howden Carrick Knowe Sauchie Tullibody Raploch Cornton Braehead Cowie Camelon Bainsford
"""

_FOLD = re.compile(r"[^a-z]")


def area_key(value: object) -> str:
    """A council area's key from any spelling: "City of Edinburgh", "edinburgh", "argyll-and-bute"."""
    folded = _FOLD.sub("", str(value or "").lower())
    folded = _ALIASES.get(folded, folded)
    if folded in COUNCIL_AREAS:
        return folded
    for key in COUNCIL_AREAS:  # an area link named "glasgow-east" still belongs to Glasgow
        if folded.startswith(key):
            return key
    return folded


def area_name(value: object) -> str:
    """How an area link reads to a person: the council area's name if we know it, else the link as given."""
    found = COUNCIL_AREAS.get(area_key(value))
    return found[0] if found else str(value)


def region_of(value: object) -> str | None:
    found = COUNCIL_AREAS.get(area_key(value))
    return found[1] if found else None


def place_names() -> list[str]:
    """Every place name the scrubber looks for, longest first so "Broughty Ferry" goes before "Ferry"."""
    names = {name for name, _region in COUNCIL_AREAS.values()}
    names |= {part for name, _region in COUNCIL_AREAS.values() for part in re.split(r" and | of ", name)}
    names |= {"Orkney", "Shetland", "Dundee", "Glasgow", "Aberdeen", "Borders", "Argyll", "Lanarkshire"}
    names |= {"Ayrshire", "Lothian", "Dunbartonshire", "Western Isles", "Galloway", "Kinross", "Bute"}
    for block in (TOWNS, NEIGHBOURHOODS):
        names |= set(_multiword(block))
    return sorted((name for name in names if len(name) > 2), key=len, reverse=True)


_MULTI = (
    "East Kilbride|Fort William|North Berwick|Port Glasgow|Newton Mearns|Castle Douglas|Newton Stewart"
    "|St Andrews|Red Road|Wester Hailes|Mid Craigie|Broughty Ferry|St Marys|Cummings Park|Cove Bay"
    "|Bridge of Don|Carrick Knowe"
)


def _multiword(block: str) -> list[str]:
    multi = _MULTI.split("|")
    text = " ".join(block.split())
    for name in multi:
        text = text.replace(name, name.replace(" ", "_"))
    return [word.replace("_", " ") for word in text.split()]
