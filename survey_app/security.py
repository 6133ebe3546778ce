"""Headers and protections every response gets: CSRF, a strict CSP, no third parties, no IP in logs."""

from __future__ import annotations

import logging
import re

from flask import Flask, Response, current_app, g, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from survey_app import session_cookie, static_files, trusted_proxies


class SameOriginCSRF(CSRFProtect):
    """Flask-WTF's token check, with an origin check that works under ``Referrer-Policy: no-referrer``.

    We send no referrer on purpose: the address of a survey about care is itself a disclosure. Flask-WTF's
    strict HTTPS check wants a same-origin Referer, so behind a TLS proxy it refused every form. Instead
    (WTF_CSRF_SSL_STRICT off) the token does the work, and a browser that says the form came from another
    site is refused: ``Sec-Fetch-Site`` is sent whatever the referrer policy, and ``Origin`` when it is not
    "null" (browsers send "null" under no-referrer) must be this host.
    """

    FOREIGN_FETCH_SITES = frozenset({"cross-site", "same-site"})

    def protect(self, apply_exemptions: bool = False) -> None:
        super().protect(apply_exemptions=apply_exemptions)
        if g.get("csrf_valid"):
            _refuse_other_origins()


def _refuse_other_origins() -> None:
    if request.headers.get("Sec-Fetch-Site", "").lower() in SameOriginCSRF.FOREIGN_FETCH_SITES:
        raise CSRFError("The form was sent from another site.")
    origin = request.headers.get("Origin")
    if origin and origin != "null" and origin != f"{request.scheme}://{request.host}":
        raise CSRFError("The origin does not match the host.")


csrf = SameOriginCSRF()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


class _NoClientAddress(logging.Filter):
    """Werkzeug's development server starts every request line with the client's IP address: drop it."""

    ADDRESS = re.compile(r"^\S+ - - \[[^\]]*\] ")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = self.ADDRESS.sub("", record.msg)
        return True


def client_address() -> str:
    """The client as our nearest trusted proxy saw it (behind N proxies, the Nth address from the end of
    X-Forwarded-For); for limits only, never stored or logged. ProxyFix leaves ``remote_addr`` alone (we
    keep no IPs), so behind the proxy ``remote_addr`` is the proxy's own address, the same for everybody.
    From a peer that is not a trusted proxy there is no X-Forwarded-For (``trusted_proxies`` drops it): the
    connection's own address counts."""
    hops = current_app.config.get("TRUST_PROXY_HOPS", 0)
    route = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    return route[-hops] if hops and len(route) >= hops else (request.remote_addr or "")


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault(
        "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    )
    return response


def _strict_transport(response: Response) -> Response:
    response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    session_cookie.init_app(app)
    # Behind a TLS-terminating proxy the public scheme and host come from X-Forwarded-*: Twilio signs the
    # public https URL, and redirects must not drop to http. Only from a trusted proxy: anyone can send them.
    # ProxyFix leaves X-Forwarded-For to client_address(): remote_addr stays the proxy's, and we keep no IPs.
    static_files.init_app(app)  # WhiteNoise: pre-compressed static files, answered before Flask
    app.wsgi_app = trusted_proxies.TrustedProxyFix(
        app.wsgi_app, trusted_proxies.parse(app.config["TRUSTED_PROXIES"]), app.config["TRUST_PROXY_HOPS"]
    )
    app.after_request(_headers)
    if app.config["APP_ENV"] == "production":
        app.after_request(_strict_transport)
    logging.getLogger("werkzeug").addFilter(_NoClientAddress())
