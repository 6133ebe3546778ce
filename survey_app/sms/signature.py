"""Is this request really from Twilio? The ``X-Twilio-Signature`` check.

Twilio signs the exact URL it called (query string included) plus the sorted POST parameters. Behind a
TLS-terminating proxy our app sees ``http://`` while Twilio signed ``https://``, and RequestValidator
rejects that: so we rebuild the public URL, from PUBLIC_URL when it is set, else from the request as
ProxyFix rebuilt it from X-Forwarded-Proto and X-Forwarded-Host.
"""

from __future__ import annotations

import functools

from flask import current_app, request
from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)


def public_url(path: str, query: bytes = b"") -> str:
    """The address Twilio uses for ``path`` on this site."""
    base = current_app.config.get("PUBLIC_URL")
    suffix = path + ("?" + query.decode("latin-1") if query else "")
    if base:
        return base.rstrip("/") + suffix
    return request.host_url.rstrip("/") + suffix


def signed_url() -> str:
    """The URL Twilio signed for the current request."""
    if current_app.config.get("PUBLIC_URL"):
        return public_url(request.path, request.query_string)
    return request.url


def validator() -> RequestValidator:
    return _validator_for(current_app.config["TWILIO_AUTH_TOKEN"])


@functools.lru_cache(maxsize=4)
def _validator_for(token: str) -> RequestValidator:
    """One per token per process: every webhook is checked with it (it holds nothing but the token)."""
    return RequestValidator(token)


def has_valid_signature() -> bool:
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not signature:
        return False
    # Newer Twilio accounts may sign with HMAC-SHA256 and say so in this header; absent, it is HMAC-SHA1.
    algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
    return validator().validate(signed_url(), request.form, signature, algorithm)


def sign(url: str, params: dict[str, str]) -> str:
    """The signature Twilio would send for ``params`` posted to ``url`` (used by the simulator)."""
    return validator().compute_signature(url, params)
