"""Pictures for Easy Read questionnaires: our own simple symbols, each with words for those who cannot see it.

A question or a choice may name a ``picture`` (a file ``survey_app/static/symbols/<name>.svg``); the web shows
it beside the words, never instead of them, with its text alternative. A ``picture_scale`` question is five
faces from very sad to very happy: in the loaded questionnaire it is a single choice whose five choices carry
the faces, so its answers are coded the same in every language and by text message it is "Reply 1-5".
"""

from __future__ import annotations

from pathlib import Path

from survey_app.engine.questionnaire import Choice


def N_(text: str) -> str:  # noqa: N802 - marks a string for extraction; translated where it is shown
    return text


SYMBOLS_FOLDER = Path(__file__).resolve().parent.parent / "static" / "symbols"

# Each symbol's text alternative: what the picture shows, in a few words.
SYMBOLS = {
    "face-very-sad": N_("A very sad face"),
    "face-sad": N_("A sad face"),
    "face-ok": N_("A face that is neither happy nor sad"),
    "face-happy": N_("A happy face"),
    "face-very-happy": N_("A very happy face"),
    "helper": N_("Two people sitting together"),
    "listen": N_("An ear"),
    "talk": N_("A speech bubble"),
    "plan": N_("A sheet of paper with a list"),
    "help": N_("A hand held out to help"),
    "safe": N_("A house with a heart"),
    "better": N_("A star"),
    # The Easy Read pages around the questions (quick exit, skipping, stopping, the code to come back).
    "exit": N_("A door with an arrow going out"),
    "skip": N_("An arrow jumping over a box"),
    "stop": N_("A stop sign"),
    "code": N_("A key"),
}

# The picture scale: (value, words always shown, symbol). The values are the codes in every download.
FACES = (
    ("very_sad", N_("Very sad"), "face-very-sad"),
    ("sad", N_("Sad"), "face-sad"),
    ("ok", N_("OK"), "face-ok"),
    ("happy", N_("Happy"), "face-happy"),
    ("very_happy", N_("Very happy"), "face-very-happy"),
)


def face_choices() -> tuple[Choice, ...]:
    return tuple(Choice(value, label, picture=picture) for value, label, picture in FACES)


def alt_text(name: str | None) -> str | None:
    """The English text alternative of a symbol (the web translates it), or None for no picture."""
    return SYMBOLS.get(name) if name else None
