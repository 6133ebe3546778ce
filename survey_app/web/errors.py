"""Error pages in plain words. Bad input never ends in a bare error or a 500 without a way on."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError

from survey_app.web import attempts, bp


def _page(status: int, heading: str, message: str, retry: bool = False):
    retry_url = request.path if retry and request.method == "POST" else None
    page = render_template("web/error.html", heading=heading, message=message, retry_url=retry_url)
    # An address nobody routes (a mistyped survey link) misses the blueprint's own no-store: an error page
    # still names what someone tried to open, so it must not come back from a shared device's cache either.
    return page, status, {"Cache-Control": "no-store"}


@bp.app_errorhandler(CSRFError)
def page_expired(_error):
    # Usually a page left open too long, or opened again after the browser was closed.
    return _page(
        400,
        gettext("This page has expired"),
        gettext("Nothing you typed on that page was saved. Please try again."),
        retry=True,
    )


@bp.app_errorhandler(400)
def bad_request(_error):
    return _page(400, gettext("Sorry, we could not read that"), gettext("Please go back and try again."))


@bp.app_errorhandler(403)
def refused(_error):
    # Mostly staff whose role does not reach a page (a colleague's link to the safeguarding queue):
    # the server's own refusal was unstyled, untranslated and had no way on.
    return _page(
        403,
        gettext("You cannot open this page"),
        gettext("Your account cannot see this page. If you need it, ask whoever manages your account."),
    )


@bp.app_errorhandler(404)
def not_found(_error):
    return _page(
        404, gettext("Page not found"), gettext("Check the web address, or start from the home page.")
    )


@bp.app_errorhandler(405)
def wrong_method(_error):
    return _page(405, gettext("Sorry, that did not work"), gettext("Please go back and try again."))


@bp.app_errorhandler(413)
def too_large(_error):
    return _page(
        413,
        gettext("That was too long to send"),
        gettext("Please go back, make your answer shorter and try again."),
    )


@bp.app_errorhandler(429)
def too_many_tries(_error):
    minutes = attempts.minutes_to_wait()
    page, status, headers = _page(
        429,
        gettext("You have tried too many codes"),
        gettext(
            "For safety, this device cannot try another code for %(minutes)s minutes. "
            "Check the code you wrote down, then try again after that.",
            minutes=minutes,
        ),
    )
    return page, status, {**headers, "Retry-After": str(minutes * 60)}


@bp.app_errorhandler(500)
def server_error(_error):
    return _page(
        500,
        gettext("Sorry, something went wrong"),
        gettext("Your earlier answers are saved. Please try again in a few minutes."),
    )
