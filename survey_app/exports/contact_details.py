"""Rules that find ways to reach or locate a person in free text: emails, links, handles, phones, postcodes
and street addresses. Each rule is ``text -> text`` and replaces what it finds with a label in brackets.

Every pattern is anchored so that it starts only at the beginning of a run of characters (a look-behind that
refuses to start mid-run) and every repeat is bounded, so a 100 KB answer of digits, dots or letters costs a
few passes over the text rather than catastrophic backtracking.
"""

from __future__ import annotations

import re
import sys

from phonenumbers import Leniency, PhoneNumberMatcher

from survey_app.exports.common_words import is_common_word, word_set

PHONE = "[phone]"
EMAIL = "[email]"
POSTCODE = "[postcode]"
ADDRESS = "[address]"
LINK = "[link]"
HANDLE = "[handle]"

# Long enough to be a personal number (UK numbers have 10 or 11 digits), short enough that a year ("2019"),
# a range ("2019-2021") or a date ("12.03.2024") stays. Helplines such as 116 123 are not personal anyway.
MIN_PHONE_DIGITS = 9
MIN_INTERNATIONAL_DIGITS = 8

_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
# "sarah dot b at gmail dot com": spelled out to dodge filters, or to dodge us.
_SPELLED_EMAIL = re.compile(
    r"(?<![\w.])[\w.]{1,64}(?:\s{0,3}(?:dot|\.)\s{0,3}\w{1,30}){0,3}\s{1,3}(?:at|\(at\)|\[at\])\s{1,3}"
    r"[\w-]{1,63}(?:\s{0,3}(?:dot|\(dot\)|\[dot\]|\.)\s{0,3}[\w-]{1,63}){0,3}"
    r"\s{0,3}(?:dot|\(dot\)|\[dot\]|\.)\s{0,3}(?:com|uk|net|org|ie|me|io)\b",
    re.IGNORECASE,
)

_TOP_LEVEL_DOMAINS = (
    "com|net|org|uk|scot|wales|ie|eu|io|ly|gg|tv|app|info|biz|xyz|link|online|site|shop|dev|ai|ee|me|gov"
)
_LINK = re.compile(
    r"(?<![\w@/.-])(?:(?:https?|ftp)://|www\.)[^\s<>\"']{1,2000}"
    rf"|(?<![\w@/.-])(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.){{1,6}}(?:{_TOP_LEVEL_DOMAINS})\b"
    r"(?:/[^\s<>\"']{0,2000})?",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?)]}'\""

_AT_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?")
_PLATFORMS = (
    r"snap(?:chat)?|insta(?:gram)?|tik\s?tok|twitter|facebook|discord|kik|whatsapp|telegram|threads|bereal"
    r"|youtube|twitch|reddit|steam|xbox|psn|ps4|ps5|roblox|fortnite"
)
_SHORT_PLATFORMS = r"ig|tt|fb|yt|sc|x"
# "snap: name", "my insta is name", "add me on snap name_07": the platform word then an optional joiner.
_PLATFORM_HANDLE = re.compile(
    rf"\b(?P<lead>(?:{_PLATFORMS})(?:\s{{1,3}}(?:name|handle|username|user|id|account|acc|tag))?"
    r"\s{0,3}(?P<joiner>[:=@-]|->|\bis\b)?\s{0,3}@?)"
    r"(?P<handle>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?)\b",
    re.IGNORECASE,
)
_SHORT_PLATFORM_HANDLE = re.compile(
    rf"\b(?P<lead>(?:{_SHORT_PLATFORMS})\s{{0,2}}[:=]\s{{0,3}}@?)"
    r"(?P<handle>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?)\b",
    re.IGNORECASE,
)

_PHONE = re.compile(
    r"(?<![\w+])(?:\+|00)?\s?\(?\d(?:[ \t.\-\u00a0()]{0,3}\d){6,16}(?![\w])"
    r"(?:\s{0,2}(?:ext|x)\.?\s{0,2}\d{1,5})?",
    re.IGNORECASE,
)
# A date, perhaps with the hour after it ("2024-03-12 10:30" reaches us as "2024-03-12 10"). Only a whole
# candidate of this shape is let go, so "07.70.09.00.12.3" cannot pass itself off as a date.
_DATE_SHAPE = re.compile(
    r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[.\-]\d{1,2}[.\-]\d{2,4})(?:[ T]\d{1,2}(?:\.\d{2})?)?"
)

# Inward codes never use C, I, K, M, O or V, which keeps "4 5am" and "Y11 2nd" out.
_POSTCODE = re.compile(
    r"\b[A-Z]{1,2}[0-9][A-Z0-9]?[ \t]{0,2}[0-9](?!(?:st|nd|rd|th)\b)[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE
)
_OUTWARD_POSTCODE = re.compile(
    r"\b(?P<lead>post\s?code\s{0,3}(?:is|was|:|-)?\s{0,3})[A-Z]{1,2}[0-9][A-Z0-9]?\b", re.IGNORECASE
)

_STREET_TYPES = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|court|ct|crescent|cres|place|pl|gardens|gdns"
    r"|terrace|terr|way|grove|square|sq|park|walk|view|row|hill|brae|wynd|gate|mews|parade|boulevard"
    r"|green|rise|vale|quay|circus|loan|vennel|causeway|path"
)
_STREET_WORD = r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'.-]{0,30}"
# "flat 3/2, 45 Main St": a flat needs a number or a single letter, so "a supported flat at 2 ..." keeps "at".
_FLAT = r"(?:flat|apartment|apt|unit|room)\s{0,3}(?:[\w/]{0,5}\d[\w/]{0,5}|[a-z])\s{0,3},?\s{0,3}"
_ADDRESS = re.compile(
    rf"(?<![\w/])(?P<flat>{_FLAT})?"
    r"(?<![\w/])\d{1,4}[a-z]?(?:/\d{1,3})?\s{0,3},?\s{1,3}"
    rf"(?P<street>(?:{_STREET_WORD}\s{{1,3}}){{1,3}}?)(?P<type>{_STREET_TYPES})\b\.?",
    re.IGNORECASE,
)
# "I live on Acacia Avenue": no number, but a named street where someone lives.
_LIVES_ON_STREET = re.compile(
    r"\b(?P<lead>(?:live[sd]?|living|stay(?:s|ed|ing)?|moved|move)\s{1,3}(?:on|in|at|to|round|near)\s{1,3})"
    rf"(?P<street>(?:(?=(?-i:[A-Z])){_STREET_WORD}\s{{1,3}}){{1,3}}?)(?P<type>{_STREET_TYPES})\b",
    re.IGNORECASE,
)
# Street types that are also everyday words ("2 really close friends", "3 other way"): with them the street
# name must be capitalised.
_AMBIGUOUS_STREET_TYPES = word_set(
    "close court ct place pl way park walk view row hill gate green rise vale circus loan path square sq"
)
# Words that show a number is a count ("3 days on the road"), not a house number.
_NOT_STREET_WORDS = word_set(
    "the a an my your his her our their its this that these those of on in at to for with by from and or but"
    " is was are were be been me him them us you it i we they days day weeks week months month years year"
    " yrs hours hour hrs minutes mins times time people kids children friends more other different new"
    " miles mile metres km stops stop places houses homes moves"
)


def scrub_emails(text: str) -> str:
    return _SPELLED_EMAIL.sub(EMAIL, _EMAIL.sub(EMAIL, text))


def _link(match: re.Match[str]) -> str:
    found = match.group()
    kept = len(found.rstrip(_TRAILING_PUNCTUATION))
    return LINK + found[kept:]


def scrub_links(text: str) -> str:
    return _LINK.sub(_link, text)


def scrub_handles(text: str) -> str:
    text = _AT_HANDLE.sub(HANDLE, text)
    text = _SHORT_PLATFORM_HANDLE.sub(lambda m: m.group("lead") + HANDLE, text)
    return _PLATFORM_HANDLE.sub(_platform_handle, text)


def _platform_handle(match: re.Match[str]) -> str:
    handle = match.group("handle")
    looks_made_up = any(char.isdigit() or char in "_." for char in handle)
    # With a clear joiner ("snap: x") anything after it is the handle; with "is" or none, an ordinary word
    # ("snap is great", "my insta got hacked") is kept unless it looks like a made-up name.
    if match.group("joiner") in (":", "=", "-", "->", "@") or looks_made_up or not is_common_word(handle):
        return match.group("lead") + HANDLE
    return match.group()


def _digit_count(text: str) -> int:
    return sum(char.isdigit() for char in text)


def _is_phone_like(candidate: str) -> bool:
    digits = _digit_count(candidate)
    if _DATE_SHAPE.fullmatch(candidate.strip()):
        return False
    international = candidate.lstrip("( ").startswith(("+", "00"))
    return digits >= (MIN_INTERNATIONAL_DIGITS if international else MIN_PHONE_DIGITS)


def scrub_phones(text: str) -> str:
    """Our own pattern first (fast, catches Ofcom's drama numbers and odd spacing), then phonenumbers as a
    second net for international layouts; running it second keeps it fast on texts full of numbers."""
    text = _PHONE.sub(lambda m: PHONE if _is_phone_like(m.group()) else m.group(), text)
    pieces: list[str] = []
    position = 0
    # POSSIBLE leniency accepts any plausible length, which is what catches made-up and drama numbers; the
    # digit floor above then stops years and dates being taken for phone numbers.
    for match in PhoneNumberMatcher(text, "GB", leniency=Leniency.POSSIBLE, max_tries=sys.maxsize):
        if _is_phone_like(match.raw_string):
            pieces.append(text[position : match.start])
            pieces.append(PHONE)
            position = match.end
    pieces.append(text[position:])
    return "".join(pieces)


def scrub_postcodes(text: str) -> str:
    text = _POSTCODE.sub(POSTCODE, text)
    return _OUTWARD_POSTCODE.sub(lambda m: m.group("lead") + POSTCODE, text)


def _address(match: re.Match[str]) -> str:
    words = match.group("street").split()
    if any(word.lower().strip(".'") in _NOT_STREET_WORDS for word in words):
        return match.group()
    lower_case = not any(word[0].isupper() for word in words)
    if lower_case and match.group("type").lower() in _AMBIGUOUS_STREET_TYPES:
        return match.group()
    return ADDRESS


def scrub_addresses(text: str) -> str:
    text = _ADDRESS.sub(_address, text)
    return _LIVES_ON_STREET.sub(
        lambda m: m.group() if _address(m) != ADDRESS else m.group("lead") + ADDRESS,
        text,
    )
