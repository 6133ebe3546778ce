"""Names found by what people write around them: greetings ("thanks, Jamie"), sign-offs ("love from Chloe
x", "- Jamie Smith" at the end), introductions ("I'm Kayleigh", "im kayleigh from dundee") and "X from Y".

Capitalised words are names here unless they are everyday words; lower-case words are names only if they
are common first names (see first_names), because "thanks for listening" must survive.
"""

from __future__ import annotations

import re

from survey_app.exports.common_words import is_common_word, is_not_a_name
from survey_app.exports.first_names import is_first_name
from survey_app.exports.personal_names import CAPITALISED_WORD, NAME, WORD

_SURNAME = rf"(?:\s{{1,3}}(?P<second>{CAPITALISED_WORD}))?"
_GREETING = re.compile(
    r"(?<![\w'])(?:hi|hiya|hey|hello|thanks|thank\s{1,3}you|thank\s{1,3}u|ta|cheers|dear|love\s{1,3}you)"
    rf",?\s{{1,3}}(?P<first>{WORD}){_SURNAME}",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"(?<![\w'])(?:love\s{1,3}from|love|from|regards|best\s{1,3}wishes|cheers|thanks|signed)"
    rf",?\s{{1,3}}(?P<first>{WORD}){_SURNAME}(?=\s{{0,3}}(?:x+|xo+)?\s{{0,3}}[.!]*\s*$)",
    re.IGNORECASE,
)
_DASH_END = re.compile(rf"(?:^|\s)[-\u2013\u2014~]\s{{0,3}}(?P<first>{WORD}){_SURNAME}\s{{0,3}}x*\s*$")
_KISS_END = re.compile(rf"(?<![\w'])(?P<first>{CAPITALISED_WORD}){_SURNAME}\s{{1,3}}x+\s*$")
_INTRODUCTION = re.compile(
    r"(?<![\w'])(?:i['\u2019]?m|i\s{1,3}am|im|my\s{1,3}name['\u2019]?s|call\s{1,3}me|this\s{1,3}is|it['\u2019]?s)"
    rf"\s{{1,3}}(?P<first>{WORD}){_SURNAME}",
    re.IGNORECASE,
)
_FROM_PLACE = re.compile(
    rf"(?<![\w'])(?P<first>{WORD}){_SURNAME}\s{{1,3}}(?:from|fae|frae)\s{{1,3}}(?:\[place\]|(?-i:[A-Z])\w+)"
)


def _name_ok(word: str, strict: bool = False) -> bool:
    """A capitalised word that is not an everyday word, or a lower-case common first name."""
    if len(word) < 2 or "'" in word or "\u2019" in word:
        return False
    if word[0].isupper() and not word.isupper():
        if strict:
            return is_first_name(word) or not (is_common_word(word) or is_not_a_name(word))
        return not (is_common_word(word) or is_not_a_name(word)) or is_first_name(word)
    return is_first_name(word)


def _replace(match: re.Match[str], found: set[str], strict: bool = False) -> str:
    first, second = match.group("first"), match.group("second")
    if not _name_ok(first, strict):
        return match.group()
    found.add(first)
    start, end = match.start("first"), match.end("first")
    if second and not is_common_word(second) and not is_not_a_name(second):
        found.add(second)
        end = match.end("second")
    text = match.string
    return text[match.start() : start] + NAME + text[end : match.end()]


_RULES = (
    (_GREETING, False),
    (_SIGN_OFF, False),
    (_DASH_END, False),
    (_KISS_END, False),
    (_INTRODUCTION, True),
    (_FROM_PLACE, True),
)


def scrub_name_cues(text: str) -> str:
    found: set[str] = set()
    for pattern, strict in _RULES:
        text = pattern.sub(lambda match, strict=strict: _replace(match, found, strict), text)
    for name in sorted(found, key=len, reverse=True):  # the same name elsewhere in the answer
        flags = 0 if is_common_word(name) else re.IGNORECASE
        text = re.sub(rf"(?<![\w']){re.escape(name)}(?![\w'])", NAME, text, flags=flags)
    return text
