"""Languages: every string a person sees goes through gettext, questionnaire text included."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request, session
from flask_babel import Babel, gettext


def available_languages(app: Flask) -> list[str]:
    folder = Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    found = (
        sorted(p.name for p in folder.iterdir() if (p / "LC_MESSAGES").is_dir()) if folder.is_dir() else []
    )
    return ["en", *[code for code in found if code != "en"]]


def _select_locale() -> str:
    from flask import current_app

    choice = request.args.get("lang") or session.get("lang")
    if choice in current_app.extensions["languages"]:
        return choice
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    app.extensions["languages"] = available_languages(app)
    Babel(app, locale_selector=_select_locale)


def translate(text: str | None, **params: object) -> str:
    """Translate text that came from data (a questionnaire file or an engine message), not from code."""
    if not text:
        return ""
    translated = gettext(text)
    return translated % params if params else translated
