"""Whether a new staff password will do: long enough, not common, not a pattern, not the e-mail address.

common_passwords.txt holds the 30,000 most frequent passwords of public breach corpora (derived from the
frequency list zxcvbn ships). Twelve characters alone let "password1234" and "aaaaaaaaaaaa" through, so a
password is also refused when it is a listed password with digits or symbols around it, one character or a
short run repeated, or a run along the keyboard or the alphabet.
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 256
LIST_FILE = Path(__file__).with_name("common_passwords.txt")
# Runs people type instead of a password; a password inside one of these (either way round) is refused.
RUNS = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb")
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_REPEATED = re.compile(r"^(.{1,4}?)\1+.{0,3}$", re.DOTALL)


class Weakness(StrEnum):
    """Why a new password will not do. The form that asked says it in the reader's language."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    UNUSUAL_CHARACTERS = "unusual_characters"
    IS_THE_EMAIL = "is_the_email"
    TOO_COMMON = "too_common"
    DIFFERENT = "different"


@functools.cache
def common_passwords() -> frozenset[str]:
    lines = LIST_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_common(password: str) -> bool:
    """True for a listed password, also with digits or symbols before or after it, and for patterns."""
    folded = password.strip().lower()
    listed = common_passwords()
    if folded in listed or _EDGES.sub("", folded) in listed or folded.replace(" ", "") in listed:
        return True
    if _REPEATED.match(folded) or len(set(folded)) < 4:
        return True
    return any(folded in run * 2 or folded in run[::-1] * 2 for run in RUNS)


def problem(password: str, confirm: str, email: str) -> Weakness | None:
    """Why a new password will not do, or None."""
    if len(password) < MIN_LENGTH:
        return Weakness.TOO_SHORT
    if len(password) > MAX_LENGTH:
        return Weakness.TOO_LONG
    if "\x00" in password:
        return Weakness.UNUSUAL_CHARACTERS
    local = email.split("@")[0].lower()
    if password.strip().lower() in (email.lower(), local) or (len(local) >= 4 and local in password.lower()):
        return Weakness.IS_THE_EMAIL
    if is_common(password):
        return Weakness.TOO_COMMON
    if password != confirm:
        return Weakness.DIFFERENT
    return None
