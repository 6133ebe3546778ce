"""The web blueprint: one question per page, consent, stop, quick exit, check your answers.

Views are thin: they read the request, call one function of the store (``survey_app.store.runs``) and render.
Every page works without JavaScript; the one small script only adds the quick-exit keys.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, current_app, has_request_context, redirect, request, url_for

from survey_app.i18n import translate
from survey_app.safeguarding.support import support_contacts
from survey_app.security import CONTENT_SECURITY_POLICY

bp = Blueprint("web", __name__)

# A static file asked for by its content hash (``?v=``, from asset_url) never changes: keep it a year.
FINGERPRINTED = "public, max-age=31536000, immutable"


@cache
def _fingerprint(folder: str, filename: str) -> str:
    return hashlib.sha256((Path(folder) / filename).read_bytes()).hexdigest()[:10]


def asset_url(filename: str) -> str:
    return _fixed_address(("static", filename), lambda: _asset_address(filename))


def _asset_address(filename: str) -> str:
    return url_for("static", filename=filename, v=_fingerprint(current_app.static_folder, filename))


# Addresses kept per app; emptied when full (a full address names the host a request asked for).
ADDRESSES_KEPT = 4096


def page_url(endpoint: str, **values) -> str:
    """``url_for`` for templates and the answer step. An address (Quick exit, Get help now, Stop for this
    questionnaire, a question's step) is the same for everyone who asks for it with the same values, and
    every page has several: each is built once per app and mount point, not on every page."""
    if endpoint.startswith("."):  # relative to the blueprint of the request
        return url_for(endpoint, **values)
    try:
        key = (endpoint, *sorted(values.items()))
        hash(key)
    except TypeError:  # a list of values: built each time
        return url_for(endpoint, **values)
    return _fixed_address(key, lambda: url_for(endpoint, **values), full=bool(values.get("_external")))


def _fixed_address(key, build, *, full: bool = False) -> str:
    if not has_request_context():  # outside a request url_for gives full addresses from the settings
        return build()
    asked = request._get_current_object()  # once, not through the proxy for each part of the key
    known = current_app.extensions.setdefault("fixed_addresses", {})
    key = (key, asked.script_root, asked.host_url if full else None)
    found = known.get(key)
    if found is None:
        if len(known) >= ADDRESSES_KEPT:
            known.clear()
        found = known[key] = build()
    return found


@bp.after_request
def _never_store(response: Response) -> Response:
    # Answers, and even which survey someone is doing, must not come back from a shared device's cache.
    response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("Content-Security-Policy", _policy(current_app.config["QUICK_EXIT_URL"]))
    return response


@cache
def _policy(quick_exit_url: str) -> str:
    """Quick exit without JavaScript is a form whose reply redirects to the neutral site: form-action must
    allow that one other origin, or the browser stops at the redirect. Worked out once, not per response."""
    exit_url = urlsplit(quick_exit_url)
    exit_origin = f"{exit_url.scheme}://{exit_url.netloc}"
    return CONTENT_SECURITY_POLICY.replace("form-action 'self'", f"form-action 'self' {exit_origin}")


# Pages a person may open on purpose after a quick exit; every other page of ours goes to the neutral site.
OPEN_AFTER_QUICK_EXIT = {"web.index", "web.resume", "web.help_page", "web.leave", "static"}


@bp.before_app_request
def _hide_after_quick_exit():
    """Back after quick exit must not bring the survey back: its pages send the browser on again."""
    from survey_app.web import visit

    endpoint = request.endpoint or ""
    if endpoint.startswith("web.") and endpoint not in OPEN_AFTER_QUICK_EXIT and visit.gone():
        return redirect(current_app.config["QUICK_EXIT_URL"], 303)
    return None


def _cache_fingerprinted(response: Response) -> Response:
    if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
        response.headers["Cache-Control"] = FINGERPRINTED
    return response


def init_app(app: Flask) -> None:
    from survey_app.codesign import preview_views  # noqa: F401
    from survey_app.web import answering, attempts, entry, errors, leaving, sharing, support_offer  # noqa: F401

    attempts.init_app(app)
    app.after_request(_cache_fingerprinted)
    app.jinja_env.globals.update(asset_url=asset_url, support_contacts=support_contacts, url_for=page_url)
    app.jinja_env.filters["translate"] = translate
    app.register_blueprint(bp)
