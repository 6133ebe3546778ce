"""How many texts one sender may have answered: each answer is a paid text out.

A person texting without end, a script, or an auto-reply phone answering each of our replies with another
text would otherwise cost a text out per text in, for as long as it went on. Past ``SMS_SENDER_LIMIT`` (as
"40 per 10 minutes;400 per day") a sender's texts are neither stored nor answered until the window moves on;
a young person answering as fast as they can type stays far inside it. STOP and DELETE are always handled:
leaving must never wait.

The counts are kept under the sender's keyed hash, never the number, in the same shared storage as the
resume-code limits (RATELIMIT_STORAGE_URI), so every worker and server counts together. If that storage
cannot be reached the text is answered: a lost answer is worse than a few texts more.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from survey_app.sms import keywords

log = logging.getLogger(__name__)
ALWAYS_HANDLED = frozenset({keywords.STOP, keywords.DELETE})


def allows(hashed: str, body: str, opt_out_type: str | None) -> bool:
    """True if this sender's text is to be handled; counts it."""
    if keywords.classify(body, opt_out_type) in ALWAYS_HANDLED:
        return True
    limiter: MovingWindowRateLimiter = current_app.extensions["sms_sender_limit"]
    try:
        # Every limit is counted, so a sender over the daily one is not let through by the ten-minute one.
        allowed = [
            limiter.hit(item, "sms-sender", hashed) for item in current_app.config["SMS_SENDER_LIMITS"]
        ]
    except Exception:  # noqa: BLE001 - any storage failure: answer the text rather than lose it
        log.warning("sms sender limit: the count could not be reached; the text is answered")
        return True
    return all(allowed)


def init_app(app: Flask) -> None:
    app.config.setdefault("SMS_SENDER_LIMIT", "40 per 10 minutes;400 per day")
    app.config["SMS_SENDER_LIMITS"] = parse_many(app.config["SMS_SENDER_LIMIT"])
    storage = storage_from_string(app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
    app.extensions["sms_sender_limit"] = MovingWindowRateLimiter(storage)
