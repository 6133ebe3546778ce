"""Is this request really from Twilio? The ``X-Twilio-Signature`` check.

Twilio signs the exact URL it called (query string included) plus the sorted POST parameters. Behind a
TLS-terminating proxy our app sees ``http://`` while Twilio signed ``https://``, and RequestValidator
rejects that: so we rebuild the public URL, from PUBLIC_URL when it is set, else from the request as
ProxyFix rebuilt it from X-Forwarded-Proto and X-Forwarded-Host (sent by a trusted proxy only: see
``trusted_proxies``).
"""

from __future__ import annotations

import functools
from urllib.parse import urlparse

from flask import current_app, request
from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    add_port,
    compare,
    get_signature_algorithm,
    remove_port,
)
from werkzeug.sansio.utils import get_current_url


def public_url(path: str, query: bytes = b"") -> str:
    """The address Twilio uses for ``path`` on this site."""
    base = current_app.config.get("PUBLIC_URL")
    suffix = path + ("?" + query.decode("latin-1") if query else "")
    if base:
        return base.rstrip("/") + suffix
    return _url(request.scheme, request.host).rstrip("/") + suffix  # request.host_url


def signed_url() -> str:
    """The URL Twilio signed for the current request."""
    if current_app.config.get("PUBLIC_URL"):
        return public_url(request.path, request.query_string)
    return _url(request.scheme, request.host, request.root_path, request.path, request.query_string)


@functools.lru_cache(maxsize=64)
def _url(scheme: str, host: str, root_path=None, path=None, query_string=None) -> str:
    """``request.url`` (or ``host_url`` with the scheme and host alone), worked out once per address:
    werkzeug quotes and converts every part again on every request, and every text asks for it twice."""
    return get_current_url(scheme, host, root_path, path, query_string)


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
    return _validates(validator(), signed_url(), request.form, signature, algorithm)


def _validates(checker: RequestValidator, url: str, form, signature: str, algorithm: str) -> bool:
    """``RequestValidator.validate`` for a form post, stopping at the first match.

    Twilio may sign the URL with or without its port, so ``validate`` works out both signatures every
    time; here the one for the URL as it reached us comes first and the other only if that fails. The
    answer is the same (either one matching is valid), with half the work for every genuine text."""
    parsed = urlparse(url)
    candidates = (
        (add_port(parsed), remove_port(parsed)) if parsed.port else (remove_port(parsed), add_port(parsed))
    )
    try:
        return any(
            compare(checker.compute_signature(each, form, algorithm), signature) for each in candidates
        )
    except ValueError:  # an algorithm twilio does not know: its own check refuses it, and logs why
        return checker.validate(url, form, signature, algorithm)


def sign(url: str, params: dict[str, str]) -> str:
    """The signature Twilio would send for ``params`` posted to ``url`` (used by the simulator)."""
    return validator().compute_signature(url, params)
