"""When a concern cannot wait a working day: signs in the answer that turn a `review` into `urgent`.

A safeguarding lead reads "I can't go on" as a concern and "I can't go on, the tablets are saved for
Friday" as an emergency: the risk is the same kind, but a plan, a means, a time or a goodbye says it is
close. So does a child: a 15-year-old with nowhere to sleep, a 13-year-old not home, a toddler left alone.
Each function answers one question about the whole answer and returns the words that decided it (so the
reason can show them), or None. The word lists are in rules.yaml (`context.urgency`).
Pure Python: no Flask, no database.
"""

import re

from survey_app.safeguarding.context import Reading
from survey_app.safeguarding.rules import Cues

# Ages in another script, which normalising drops: "мне 15", "мені 16", "عمره ١٢".
_OTHER_SCRIPT_AGE = re.compile(
    r"(?:мне|мені|менi|ми|عمري|عمره|عمرها|عمرو)\s+(?:1[0-7]|[5-9]|١[٠-٧]|[٥-٩])(?![0-9٠-٩])", re.IGNORECASE
)


def plan_sign(reading: Reading, cues: Cues) -> str | None:
    """A plan, means, time or goodbye: "tablets saved", "wrote a note", "by friday", "last survey"."""
    return _first(cues.plan_signs, reading)


def under_18(reading: Reading, cues: Cues, text: str = "") -> str | None:
    """The young person (or the one a worker writes about) says they are under 18."""
    if found := _first(cues.under_18, reading):
        return found
    found_elsewhere = _OTHER_SCRIPT_AGE.search(text) if text and not text.isascii() else None
    return found_elsewhere.group(0) if found_elsewhere else None


def child_left_without_care(reading: Reading, cues: Cues) -> str | None:
    """A baby or small child left alone or without an adult: "toddler crying for two days, no sign of mum"."""
    return _first(cues.child_alone, reading)


def harm_commanded(reading: Reading, cues: Cues) -> str | None:
    """Voices or a belief telling them to hurt themselves or someone else."""
    return _first(cues.harm_commanded, reading)


def weapon_ready(reading: Reading, cues: Cues) -> str | None:
    """A weapon to hand along with a threat: "got the knife in my bag for him"."""
    return _first(cues.weapon_ready, reading)


def injury(reading: Reading, cues: Cues) -> str | None:
    """A wound that needs treating: "still bleeding", "cut too deep", "dont want to go to hospital"."""
    return _first(cues.injury, reading)


def farewell(reading: Reading, cues: Cues) -> list[str]:
    """The goodbyes in an answer ("thank you for everything", "tell my sister i love her", "im sorry")."""
    found: dict[str, None] = {}
    for match in cues.farewell.finditer(reading.text):
        if not reading.in_idiom(*match.span()):
            found[match.group(0)] = None
    return list(found)


def reason_to_hurry(category: str, reading: Reading, cues: Cues, text: str = "") -> str | None:
    """Why a `review` concern of this category is urgent, as a note for the lead; None if nothing says so.

    - suicide: a plan, means, time or goodbye;
    - self-harm: a wound that needs treating;
    - homelessness and missing: a child (under 18) with nowhere safe, or missing;
    - neglect: a baby or small child left without an adult;
    - mental health crisis: voices or beliefs telling them to hurt someone;
    - harm to others: a weapon ready.
    """
    if category == "suicide" and (sign := plan_sign(reading, cues)):
        return f"a plan, means, time or goodbye ({sign!r})"
    if category == "self_harm" and (wound := injury(reading, cues)):
        return f"a wound that needs treating ({wound!r})"
    if category in ("homelessness", "missing") and (age := under_18(reading, cues, text)):
        return f"under 18 ({age!r})"
    if category == "neglect" and (alone := child_left_without_care(reading, cues)):
        return f"a small child without care ({alone!r})"
    if category == "mental_health_crisis" and (command := harm_commanded(reading, cues)):
        return f"told to do harm ({command!r})"
    if category == "harm_to_others" and (weapon := weapon_ready(reading, cues)):
        return f"a weapon ready ({weapon!r})"
    return None


def _first(pattern: re.Pattern[str], reading: Reading) -> str | None:
    for found in pattern.finditer(reading.text):
        if not reading.in_idiom(*found.span()):
            return found.group(0)
    return None
