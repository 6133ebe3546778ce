"""Limits on guessing resume codes: per client and overall, counted in shared storage.

The counts live where every gunicorn worker and every app server sees them (RATELIMIT_STORAGE_URI:
``memory://`` in development, ``redis://`` in production). A client is known only by a keyed hash of its
address, never the address itself, and only for as long as the limit's window.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import math
import time

from flask import Flask, current_app, request
from flask_limiter import Limiter

from survey_app.security import client_address


def client_key() -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    # Behind the TLS proxy remote_addr is the proxy, the same for every young person: one guesser would
    # use up everybody's tries.
    return hmac.new(secret, client_address().encode(), hashlib.sha256).hexdigest()[:32]


limiter = Limiter(key_func=client_key, default_limits=[], headers_enabled=True)

# The answer step has no limit of its own and the app has no app-wide ones, yet the limiter looked for them
# on every answer and every question page; so on Twilio's webhooks (a sender's texts are counted by
# ``sms.sender_limit``), a tenth of a millisecond on every text. A test fails if that ever stops being true.
NOTHING_TO_COUNT = frozenset({"web.question", "sms.inbound_message", "sms.delivery_status"})


@limiter.request_filter
def _nothing_to_count() -> bool:
    return request.endpoint in NOTHING_TO_COUNT


def per_client() -> str:
    return current_app.config["RESUME_ATTEMPTS"]


def overall() -> str:
    return current_app.config["RESUME_ATTEMPTS_OVERALL"]


def failed(response) -> bool:
    """Only a code that was tried and did not work counts (the page asking again). Carrying on with the
    right one is not an attempt used up, and neither is a refusal: otherwise one client hammering away
    would use up the overall limit and lock out the owner on their own device."""
    return response.status_code == 200


def minutes_to_wait() -> int:
    """Whole minutes until this client may try again (at least one)."""
    current = limiter.current_limit
    reset_at = current.reset_at if current is not None else time.time() + 60
    return max(1, math.ceil((reset_at - time.time()) / 60))


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RESUME_ATTEMPTS", "10 per hour")
    app.config.setdefault("RESUME_ATTEMPTS_OVERALL", "1000 per hour")
    limiter.init_app(app)
    # The filter above still made the limiter look for meta limits on every answer step; not asked at all.
    checks = app.before_request_funcs.setdefault(None, [])
    checks[checks.index(limiter._check_request_limit)] = _unless_nothing_to_count(
        limiter._check_request_limit
    )


def _unless_nothing_to_count(check):
    @functools.wraps(check)
    def checked():
        if request.endpoint not in NOTHING_TO_COUNT:
            return check()
        return None

    return checked
