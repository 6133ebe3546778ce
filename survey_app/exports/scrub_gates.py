"""Quick checks that let the scrubber skip a rule on a text that cannot match it.

Most answers hold no phone number, address or name, yet every rule's patterns scan every character. A gate
asks first whether the text has what the rule's patterns need: enough digits for a phone number, an "@" or
the word "at" for an email, a role word ("worker", "mum") or a cue ("called") for a name, the first word of a
place name. The gates are deliberately loose (they only ever let more through than the patterns need), so
skipping a rule never changes what the scrubber removes; the test suite checks that on every corpus we have.
"""

from __future__ import annotations

import re

from survey_app.exports.common_words import word_set
from survey_app.exports.personal_names import _ROLES
from survey_app.exports.scottish_places import place_names

_TOKEN = re.compile(r"[a-z0-9]+")


def _tokens(text: str) -> set[str]:
    return set(_TOKEN.findall(text.lower()))


# The handle patterns look for a platform's name at the start of a word ("snap", "insta"), not a whole word.
_PLATFORM_START = re.compile(
    r"\b(?:snap|insta|tik|twitter|facebook|discord|kik|whatsapp|telegram|threads|bereal|youtube|twitch"
    r"|reddit|steam|xbox|psn|ps4|ps5|roblox|fortnite)"
)
_NAME_WORDS = (
    frozenset(token for token in _tokens(_ROLES) if len(token) > 1)
    | word_set("mrs mr ms mx dr miss name named called goes known")
    | word_set("team service unit council project office hub charity camhs home school college")
)
_CUE_WORDS = word_set(
    "hi hiya hey hello thanks thank ta cheers dear love from fae frae regards best signed im m am name call"
    " this s"
)
_LIVING_WORDS = word_set("live lives lived living stay stays stayed staying moved move")
_PLACE_WORDS = frozenset(_TOKEN.findall(name.lower())[0] for name in place_names())
_DASHES = frozenset("-\u2013\u2014~")


class Gates:
    """Which rules could change one text. Built once per answer, before the first rule runs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.digits = sum(map(str.isdigit, text))

    @classmethod
    def check_for(cls, rule: str):
        """The unbound check for a rule (called with a Gates), or None if the rule always runs."""
        return getattr(cls, "_" + rule, None)

    def _scrub_emails(self) -> bool:
        return "@" in self.text or "at" in self.tokens

    def _scrub_links(self) -> bool:
        return "." in self.text

    def _scrub_handles(self) -> bool:
        text = self.text
        return "@" in text or ":" in text or "=" in text or _PLATFORM_START.search(text.lower()) is not None

    def _scrub_phones(self) -> bool:
        return self.digits >= 7  # both the pattern and the phonenumbers check need at least seven digits

    def _scrub_postcodes(self) -> bool:
        return self.digits > 0

    def _scrub_addresses(self) -> bool:
        return self.digits > 0 or bool(self.tokens & _LIVING_WORDS)

    def _scrub_places(self) -> bool:
        return bool(self.tokens & _PLACE_WORDS)

    def _scrub_names(self) -> bool:
        return bool(self.tokens & _NAME_WORDS)

    def _scrub_name_cues(self) -> bool:
        text = self.text.rstrip()
        return bool(self.tokens & _CUE_WORDS) or text.endswith(("x", "X")) or bool(_DASHES & set(self.text))
