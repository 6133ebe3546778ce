"""Removing identifying details from a young person's free text before it leaves the service.

``scrub`` replaces what it finds with a label that says what was there (``[phone]``, ``[email]``,
``[postcode]``, ``[address]``, ``[link]``, ``[handle]``, ``[name]``) so a reader still follows the answer.
It errs towards removing: a lost word costs the analysis little; a phone number in an export cannot be
taken back.

Before the rules run, the text is brought to one form (NFKC, so full-width "０７７００" and "＠" read as
"07700" and "@") and invisible characters are dropped: zero-width spaces and right-to-left marks can hide a
number from a pattern ("0770\u200b0 900123") and can make a cell display differently from what it holds.
"""

from __future__ import annotations

import re
import unicodedata

from survey_app.exports.contact_details import (
    scrub_addresses,
    scrub_emails,
    scrub_handles,
    scrub_links,
    scrub_phones,
    scrub_postcodes,
)
from survey_app.exports.name_cues import scrub_name_cues
from survey_app.exports.personal_names import scrub_names
from survey_app.exports.places import scrub_places
from survey_app.exports.scrub_gates import Gates

LABELS = ("[phone]", "[email]", "[postcode]", "[address]", "[link]", "[handle]", "[name]", "[place]")

# Order matters: an email contains a domain (so emails before links), a link can contain digits and an "@"
# (so links before handles and phones), and a street address contains capitalised words (so addresses
# before names). Places go before names, so "Kayleigh from Dundee" reads "X from [place]" for the name rules.
_RULES = (
    scrub_emails,
    scrub_links,
    scrub_handles,
    scrub_phones,
    scrub_postcodes,
    scrub_addresses,
    scrub_places,
    scrub_names,
    scrub_name_cues,
)

_GATED = tuple((rule, Gates.check_for(rule.__name__)) for rule in _RULES)

_ZERO_WIDTH_JOINER = "\u200d"
# Emoji need the zero-width joiner (family emoji) and tag characters (the Scotland and Wales flags); next to
# a letter or digit those are only a way to split a number or an address, so they go.
_KEPT_FORMAT_CHARACTERS = frozenset(_ZERO_WIDTH_JOINER) | frozenset(map(chr, range(0xE0020, 0xE0080)))
_JOINERS = r"[\u200d\U000e0020-\U000e007f]+"
_JOINER_NEXT_TO_TEXT = re.compile(rf"(?<=[\w@.+]){_JOINERS}|{_JOINERS}(?=[\w@.+])")


def normalise(text: str) -> str:
    """One form of the text: compatibility characters folded, invisible format characters removed."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    text = "".join(
        char for char in text if char in _KEPT_FORMAT_CHARACTERS or unicodedata.category(char) != "Cf"
    )
    return _JOINER_NEXT_TO_TEXT.sub("", text)


def scrub(text: str | None) -> str:
    """The text with phone numbers, emails, postcodes, addresses, links, handles, places and names replaced
    by labels. ``None`` gives an empty string."""
    if not text:
        return ""
    text = normalise(str(text))
    # Each rule runs only where the text has what its patterns need (a digit, an "@", a role word ...): the
    # gates check that far faster than the patterns, and never skip a text their rule would change.
    gates = Gates(text)
    for rule, check in _GATED:
        if check is None or check(gates):
            text = rule(text)
    return text
