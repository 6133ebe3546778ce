"""Languages: every string a person sees goes through gettext, questionnaire text included."""

from __future__ import annotations

import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, has_app_context
from flask_babel import Babel, get_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup

log = logging.getLogger(__name__)


def available_languages(app: Flask) -> list[str]:
    folder = Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    found = (
        sorted(p.name for p in folder.iterdir() if (p / "LC_MESSAGES").is_dir()) if folder.is_dir() else []
    )
    return ["en", *[code for code in found if code != "en"]]


def compile_missing(folder: Path) -> None:
    """Compile any .mo that is missing or older than its .po (the .mo files are not in git).

    ``make run`` and ``make test`` compile too; this keeps a bare ``flask run`` from silently showing English.
    A folder we may not write to (a read-only deploy) is left as it is.
    """
    for po in folder.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        try:
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parent.parent.name)
            with mo.open("wb") as target:
                write_mo(target, catalog)
        except OSError:
            log.warning("could not compile the %s catalogue", po.parent.parent.name)


def _select_locale() -> str:
    from flask import g

    from survey_app import languages

    # A text conversation has no browser: its language was chosen with the keyword (sms_languages.use).
    if g.get("sms_language"):
        return g.sms_language
    return languages.choose(languages.offered())


def init_app(app: Flask) -> None:
    from survey_app import languages

    compile_missing(Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]))
    app.extensions["languages"] = available_languages(app)
    Babel(app, locale_selector=_select_locale)
    # Templates look a string up through the request's own catalogue, not through Flask-Babel's context and
    # domain each time: a question page has dozens of strings.
    app.jinja_env.install_gettext_callables(
        gettext=lambda text: _translations().ugettext(text),
        ngettext=lambda one, many, n: _translations().ungettext(one, many, n),
        pgettext=lambda context, text: _translations().upgettext(context, text),
        npgettext=lambda context, one, many, n: _translations().unpgettext(context, one, many, n),
        newstyle=True,
    )
    # ``_`` and ``ngettext`` straight to the catalogue: Jinja's own aliases pass each string through two
    # more calls on the way there. What they return is the same (escaped, then the values put in).
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext)
    languages.init_app(app)


def _translations():
    """This request's catalogue, found once per locale.

    Read on every string of every page, so it looks at the request's own state directly rather than
    through Flask's proxies several times a string. Flask-Babel keeps the request's locale there once chosen;
    when that changes (``refresh`` for a text's language, ``force_locale`` for a notification) the
    catalogue is found again.
    """
    if not has_app_context():
        return get_translations()
    state = g._get_current_object()
    chosen = getattr(getattr(state, "_flask_babel", None), "babel_locale", None)
    found = getattr(state, "i18n_catalogue", None)
    if chosen is None or found is None or found[0] is not chosen:
        locale = get_locale()
        found = state.i18n_catalogue = (locale, get_translations())
    return found[1]


@pass_context
def _template_gettext(context, text: str, **values: object) -> str:
    translated = _translations().ugettext(text)
    if not values and "%" not in translated:
        # Most of a page's strings: nothing to put in, so % would give back the same text.
        return Markup(translated) if context.eval_ctx.autoescape else translated  # noqa: S704 (as below)
    if context.eval_ctx.autoescape:
        # As Jinja's own newstyle gettext: the message is template text (ours or our translators'), and
        # Markup's % escapes every value put into it.
        translated = Markup(translated)  # noqa: S704
    return translated % values


@pass_context
def _template_ngettext(context, one: str, many: str, n: int, **values: object) -> str:
    values.setdefault("num", n)
    translated = _translations().ungettext(one, many, n)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)  # noqa: S704 (as above)
    return translated % values


def translate(text: str | None, **params: object) -> str:
    """Translate text that came from data (a questionnaire file or an engine message), not from code."""
    if not text:
        return ""
    translated = _translations().ugettext(text)
    return translated % params if params else translated
