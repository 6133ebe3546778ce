"""Which language a visitor reads: their choice for this visit, else their browser's first, else English.

The choice lives in the session only (nothing about a visitor is kept after the visit). Switching is a GET
that redirects back to the page it came from, so a half-finished step keeps every saved answer: answers are
stored per step, never in the language's page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, redirect, request, session, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from survey_app.engine.language_names import OWN_NAMES
from survey_app.engine.questionnaire import PUBLIC_AUDIENCES

RIGHT_TO_LEFT = {"ar"}

bp = Blueprint("languages", __name__)


def offered() -> list[str]:
    """The languages a visitor may choose, in the order of OWN_NAMES (English always).

    A language is offered once a young people's or families' questionnaire lists it: ``conversations check``
    refuses a listed language whose catalogue is incomplete, so nobody picks Polski and gets English.
    ``LANGUAGES_OFFERED`` (a list of codes) overrides that, for translators checking their work in place.
    """
    found = current_app.extensions["languages"]
    wanted = current_app.config.get("LANGUAGES_OFFERED")
    if wanted is None:
        registry = current_app.extensions.get("questionnaires")
        public = [
            q for q in (registry.current.values() if registry else []) if q.audience in PUBLIC_AUDIENCES
        ]
        wanted = {"en", *(code for q in public for code in q.languages)}
    return [code for code in OWN_NAMES if code in found and code in wanted]


def choose(offered_codes: list[str]) -> str:
    """The language for this request: the visit's choice, a ``lang`` asked for, or Accept-Language."""
    asked = request.args.get("lang")
    if asked in offered_codes:
        return asked
    chosen = session.get("lang")
    if chosen in offered_codes:
        return chosen
    best = request.accept_languages.best_match(offered_codes)
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def current() -> str:
    return str(get_locale() or "en")


def direction(code: str) -> str:
    return "rtl" if code in RIGHT_TO_LEFT else "ltr"


def _same_site_path(target: str | None) -> str:
    """Only a path on this site: the switch must never become an open redirect."""
    if not target:
        return url_for("web.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or target.startswith("//"):
        return url_for("web.index")
    return parts.path + (f"?{parts.query}" if parts.query else "")


@bp.route("/language/<code>")
def switch(code: str) -> Response:
    """Remember the language for this visit and go back to the same page; answers are untouched."""
    if code in offered():
        session["lang"] = code
    return redirect(_same_site_path(request.args.get("next")), code=303)


def _page_language() -> dict:
    code = current()
    here = request.full_path.rstrip("?") if request else "/"
    return {
        "page_language": code,
        "page_direction": direction(code),
        "language_choices": _language_menu(code, here),
        "language_name": OWN_NAMES.get(code, code),
    }


# Menus kept per app, by page and language: a question page's address is the same for everyone on that step.
# Only addresses without a query string (nothing a visitor typed is kept); only read, never changed by a
# template; emptied when full.
MENUS_KEPT = 500


def _language_menu(code: str, here: str) -> list[dict]:
    choices = offered()
    if not request or request.query_string:
        return _menu(code, here, choices)
    key = (request.script_root, code, here, tuple(choices))
    menus = current_app.extensions.setdefault("language_menus", {})
    menu = menus.get(key)
    if menu is None:
        if len(menus) >= MENUS_KEPT:
            menus.clear()
        menu = menus[key] = _menu(code, here, choices)
    return menu


def _menu(code: str, here: str, choices: list[str]) -> list[dict]:
    """The other languages, each in its own name, with the address that switches to it and comes back."""
    return [
        {
            "code": c,
            "name": OWN_NAMES[c],
            "dir": direction(c),
            "url": url_for("languages.switch", code=c, next=here),
        }
        for c in choices
        if c != code
    ]


def init_app(app: Flask) -> None:
    from survey_app.translations_cli import translations_cli

    app.register_blueprint(bp)
    app.context_processor(_page_language)
    app.cli.add_command(translations_cli)
