"""Choosing a language by text: the questionnaire's keyword and a language word, like "CARE PL".

The language word is its code (PL, GD, UK, AR, EN) or its own name (Polski, Gàidhlig, Українська, العربية).
A language the questionnaire does not list yet is ignored (the survey goes on in English), so nobody gets
half a translation. Every reply of a turn is rendered in the conversation's language.
"""

from __future__ import annotations

from flask import g
from flask_babel import refresh

from survey_app.engine.language_names import LANGUAGE_WORDS
from survey_app.engine.questionnaire import Questionnaire


def split(normalised: str) -> tuple[str, str | None]:
    """("care", "pl") from "care pl"; (text, None) when the last word is not a language."""
    words = normalised.split()
    if len(words) >= 2 and words[-1] in LANGUAGE_WORDS:
        return " ".join(words[:-1]), LANGUAGE_WORDS[words[-1]]
    return normalised, None


def chosen(questionnaire: Questionnaire, language: str | None) -> str:
    return language if language in questionnaire.languages else "en"


def use(language: str | None) -> None:
    """Render the rest of this request in ``language`` (the texter's choice, not a browser's)."""
    g.sms_language = language or "en"
    refresh()
