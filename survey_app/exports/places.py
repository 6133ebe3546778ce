"""Scottish places in free text: council areas, towns and well-known neighbourhoods of the cities (the list
in scottish_places). "I live in Lochee" narrows a care-experienced young person down to a few people.

A capitalised place name is blanked wherever it is; in lower case only after words that say a place comes
next ("in", "from", "near", "moved to"), so "ayr" or "leith" typed in a text is caught, and "perth" in an
ordinary sentence about something else is rare enough not to matter.
"""

from __future__ import annotations

import re
from functools import cache

from survey_app.exports.scottish_places import place_names

PLACE = "[place]"
_BEFORE = (
    r"(?:in|from|fae|frae|near|at|to|round|around|outside|live|lives|living|stay|stays|staying|moved|up|doon"
    r"|down|leaving|leave|left|visit|visiting|visited|about|past|via|across|through|over|back|of)"
)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = "|".join(re.escape(name).replace(r"\ ", r"\s{1,3}") for name in place_names())
    anywhere = re.compile(rf"(?<![\w'\[])(?:{names})(?![\w'])")
    after_cue = re.compile(rf"(?<![\w'])(?P<cue>{_BEFORE}\s{{1,3}})(?:{names})(?![\w'])", re.IGNORECASE)
    return anywhere, after_cue


def scrub_places(text: str) -> str:
    anywhere, after_cue = _patterns()
    text = anywhere.sub(PLACE, text)
    return after_cue.sub(lambda match: match.group("cue") + PLACE, text)
