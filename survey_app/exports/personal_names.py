"""Finding people's names where the words around them make the name recognisable.

We cannot know every name, and a list of names would blank "Will", "Hope" and "May" everywhere. Instead we
look where young people put names: right after a role ("my worker Sarah", "mum's boyfriend Dave"), before
one ("Sarah my PA", "Jo from the team"), after a title ("Mrs Patel") or after an explicit cue ("her name is
Kayleigh"). A name found once is then blanked everywhere else in the same answer ("... Sarah said no").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from survey_app.exports.common_words import is_common_word, is_not_a_name

NAME = "[name]"

_ROLES = """
social worker | sw | worker | key worker | keyworker | support worker | youth worker | care worker |
residential worker | resi worker | link worker | family worker | throughcare worker | aftercare worker |
pa | personal adviser | personal advisor | carer | foster carer | kinship carer | foster mum | foster
mam | foster mom | foster dad | foster parent | foster sister | foster brother | teacher | guidance
teacher | pastoral teacher | head teacher | headteacher | mum | mam | mom | mother | dad | father |
stepdad | step dad | stepmum | step mum | mum's boyfriend | mum's partner | dad's girlfriend | dad's
partner | boyfriend | girlfriend | partner | nan | nana | gran | granny | grandma | grandad | grandpa |
auntie | aunty | aunt | uncle | brother | sister | cousin | friend | best friend | bestie | pal | mate |
manager | unit manager | house manager | counsellor | counselor | therapist | psychologist |
psychiatrist | doctor | gp | nurse | officer | police officer | reviewing officer | iro | advocate |
mentor | coach | guardian | curator | safeguarder | solicitor | lawyer | reporter | panel member | judge
| staff | member of staff | landlord | neighbour | housing officer | supervisor | boss | tutor |
lecturer | coordinator | co-ordinator
"""
_ROLE_WORDS = sorted({" ".join(role.split()) for role in _ROLES.split("|")}, key=len, reverse=True)
ROLE = "(?:" + "|".join(re.escape(role).replace(r"\ ", r"\s{1,3}") for role in _ROLE_WORDS) + ")"

_LETTER = r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]"
_CAPITAL = r"[A-Z\u00c0-\u00d6\u00d8-\u00de]"
_TAIL = rf"(?:{_LETTER}|['\u2019-](?={_LETTER})){{0,30}}(?!{_LETTER})"
WORD = rf"{_LETTER}{_TAIL}"
CAPITALISED_WORD = rf"(?-i:{_CAPITAL}{_TAIL})"
_TITLE = r"(?:mrs|mr|ms|mx|dr|(?-i:Miss))\.?"

# "my worker Sarah", "my social worker called Mrs Patel", "my carer, Jo Smith"
_AFTER_ROLE = re.compile(
    rf"(?<!{_LETTER}){ROLE}\s{{0,3}},?\s{{1,3}}"
    r"(?:(?P<cue>is\s{1,3}called|was\s{1,3}called|called|named|who\s{1,3}is|who's|is|was)\s{1,3})?"
    rf"(?P<title>{_TITLE}\s{{1,3}})?(?P<first>{WORD})(?:\s{{1,3}}(?P<second>{CAPITALISED_WORD}))?",
    re.IGNORECASE,
)
# "Sarah my PA", "Sarah, my social worker", "Sarah (my carer)", "Sarah is my worker"
_BEFORE_ROLE = re.compile(
    rf"(?<!{_LETTER})(?P<first>{CAPITALISED_WORD})(?:\s{{1,3}}(?P<second>{CAPITALISED_WORD}))?"
    r"\s{0,3}[,(\-\u2013]?\s{0,3}(?:(?:who\s{1,3}is|who's|is|was)\s{1,3})?"
    rf"(?:my|our|me|the|their|his|her)\s{{1,3}}{ROLE}(?!{_LETTER})",
    re.IGNORECASE,
)
# "Jo from the team", "Jo at the leaving care service"
_FROM_TEAM = re.compile(
    rf"(?<!{_LETTER})(?P<first>{CAPITALISED_WORD})(?:\s{{1,3}}(?P<second>{CAPITALISED_WORD}))?"
    r"\s{1,3}(?:from|at|in|on)\s{1,3}(?:the\s{1,3})?(?:[\w'-]{1,30}\s{1,3}){0,3}?"
    r"(?:team|service|unit|council|project|office|hub|charity|camhs|home|school|college)(?!\w)",
    re.IGNORECASE,
)
# "Mrs Patel", "Dr Jones"; not "I Miss Home"
_AFTER_TITLE = re.compile(
    rf"(?<!{_LETTER})(?<!\bI\s)(?P<title>{_TITLE})\s{{1,3}}(?P<first>{WORD})"
    rf"(?:\s{{1,3}}(?P<second>{CAPITALISED_WORD}))?",
    re.IGNORECASE,
)
# "her name is Kayleigh", "he's called Dave", "she goes by Jay"
_AFTER_CUE = re.compile(
    r"\b(?:(?:his|her|their|my|the|your|whose|[a-z]{2,20}'s)\s{1,3}name\s{1,3}(?:is|was|'s)|name's|named"
    r"|(?:is|was|were|are|he's|she's|they're)\s{1,3}called|goes\s{1,3}by|known\s{1,3}as)\s{1,3}"
    rf"(?P<first>{WORD})(?:\s{{1,3}}(?P<second>{CAPITALISED_WORD}))?",
    re.IGNORECASE,
)

_CUES_NEEDING_CAPITAL = {"is", "was", "who is", "who's"}


def _capitalised_name(word: str) -> bool:
    return word[0].isupper() and not is_not_a_name(word) and (len(word) > 1 and not word.isupper())


def _lower_case_name(word: str) -> bool:
    """A lower-case (or shouted) word counts as a name only if it is not an everyday word or contraction."""
    return len(word) > 1 and "'" not in word and "\u2019" not in word and not is_common_word(word)


def _any_case_name(word: str) -> bool:
    if word[0].isupper() and not word.isupper():
        return _capitalised_name(word)
    return _lower_case_name(word)


def _strict_name(word: str) -> bool:
    """Before a role word a capital often only starts the sentence ("Love my carer"), so it must also not be
    an everyday word."""
    return _capitalised_name(word) and not is_common_word(word)


_POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)


def _name_in(match: re.Match[str], group: str) -> tuple[str, int]:
    """The name in a group and where it ends, leaving a possessive in the text ("Steve's" -> "[name]'s")."""
    word = match.group(group)
    bare = _POSSESSIVE.sub("", word)
    return bare, match.end(group) - (len(word) - len(bare))


def _replace_names(
    match: re.Match[str], first_ok: bool, found: set[str], name_start: int | None = None
) -> str:
    """Blank the first word (and a capitalised second word after it, as in "Sarah Jones") if they are
    names; record them so other mentions in the same answer are blanked too."""
    second = match.group("second")
    second_ok = second is not None and _strict_name(second)
    if not (first_ok or second_ok):
        return match.group()
    if first_ok:
        start = match.start("first") if name_start is None else name_start
        name, end = _name_in(match, "first")
        found.add(name)
    else:
        start = match.start("second")
    if second_ok:
        name, end = _name_in(match, "second")
        found.add(name)
    text = match.string
    return text[match.start() : start] + NAME + text[end : match.end()]


def _after_role(found: set[str], match: re.Match[str]) -> str:
    first, cue, title = match.group("first"), match.group("cue"), match.group("title")
    cue = " ".join(cue.lower().split()) if cue else None
    if title:
        first_ok = not is_not_a_name(first) and (first[0].isupper() or not is_common_word(first))
        return _replace_names(match, first_ok, found, name_start=match.start("title"))
    first_ok = _strict_name(first) if cue in _CUES_NEEDING_CAPITAL else _any_case_name(first)
    if not first_ok:
        return match.group()
    return _replace_names(match, True, found)


def _after_title(found: set[str], match: re.Match[str]) -> str:
    first = match.group("first")
    first_ok = not is_not_a_name(first) and (first[0].isupper() or not is_common_word(first))
    if not first_ok:
        return match.group()
    return _replace_names(match, True, found, name_start=match.start("title"))


def _before_role(found: set[str], match: re.Match[str]) -> str:
    return _replace_names(match, _strict_name(match.group("first")), found)


def _after_cue(found: set[str], match: re.Match[str]) -> str:
    first_ok = _any_case_name(match.group("first"))
    return _replace_names(match, first_ok, found) if first_ok else match.group()


_RULES: tuple[tuple[re.Pattern[str], Callable[[set[str], re.Match[str]], str]], ...] = (
    (_AFTER_CUE, _after_cue),
    (_AFTER_TITLE, _after_title),
    (_AFTER_ROLE, _after_role),
    (_BEFORE_ROLE, _before_role),
    (_FROM_TEAM, _before_role),
)


def _other_mentions(text: str, found: set[str]) -> str:
    """Blank every other mention of a name already found. A name that is also an everyday word ("Will",
    "May") is blanked only where it is written the same way, so "I will" survives a worker called Will."""
    names = [name for name in found if len(name) > 1]
    plain = sorted((name for name in names if not is_common_word(name)), key=len, reverse=True)
    exact = sorted((name for name in names if is_common_word(name)), key=len, reverse=True)
    for names, flags in ((plain, re.IGNORECASE), (exact, 0)):
        if names:
            pattern = "|".join(re.escape(name) for name in names)
            text = re.sub(rf"(?<!{_LETTER})(?:{pattern})(?!{_LETTER})", NAME, text, flags=flags)
    return text


def scrub_names(text: str) -> str:
    found: set[str] = set()
    for pattern, rule in _RULES:
        text = pattern.sub(lambda match, rule=rule: rule(found, match), text)
    return _other_mentions(text, found)
