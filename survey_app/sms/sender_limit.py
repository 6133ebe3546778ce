"""How many texts one sender may have answered: each answer is a paid text out.

A person texting without end, a script, or an auto-reply phone answering each of our replies with another
text would otherwise cost a text out per text in, for as long as it went on. Past ``SMS_SENDER_LIMIT`` (as
"40 per 10 minutes;400 per day") a sender's texts are neither stored nor answered until the window moves on
(``past_limit`` says so once a window, and still reads them for safety); a young person answering as fast
as they can type stays far inside it. STOP and DELETE are always handled: leaving must never wait.

The counts are kept under the sender's keyed hash, never the number, in the same shared storage as the
resume-code limits (RATELIMIT_STORAGE_URI), so every worker and server counts together. If that storage
cannot be reached the text is answered: a lost answer is worse than a few texts more.
"""

from __future__ import annotations

import functools
import logging
import time

from flask import Flask, current_app
from limits import RateLimitItem, RateLimitItemPerSecond, parse_many
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from survey_app.sms import keywords

log = logging.getLogger(__name__)
ALWAYS_HANDLED = frozenset({keywords.STOP, keywords.DELETE})
NAMESPACE = "sms-sender"


def refused(hashed: str, body: str, opt_out_type: str | None) -> tuple[RateLimitItem, ...]:
    """The limits this sender's text is over (none: handle it as usual); counts it."""
    if keywords.classify(body, opt_out_type) in ALWAYS_HANDLED:
        return ()
    limiter: MovingWindowRateLimiter = current_app.extensions["sms_sender_limit"]
    items = current_app.config["SMS_SENDER_LIMITS"]
    try:
        # Every limit is counted, so a sender over the daily one is not let through by the ten-minute one.
        allowed = [limiter.hit(item, NAMESPACE, hashed) for item in items]
    except Exception:  # noqa: BLE001 - any storage failure: answer the text rather than lose it
        log.warning("sms sender limit: the count could not be reached; the text is answered")
        return ()
    if all(allowed):
        return ()
    return tuple(item for item, ok in zip(items, allowed, strict=True) if not ok)


def longest(items: tuple[RateLimitItem, ...]) -> RateLimitItem:
    return max(items, key=lambda item: item.get_expiry())


def seconds_until_answered(hashed: str, items: tuple[RateLimitItem, ...]) -> float:
    """How long until every limit in ``items`` takes this sender's next text (a refused text adds no
    count, so the wait does not grow while they go on texting)."""
    limiter: MovingWindowRateLimiter = current_app.extensions["sms_sender_limit"]
    try:
        reset = max(limiter.get_window_stats(item, NAMESPACE, hashed).reset_time for item in items)
    except Exception:  # noqa: BLE001 - the shortest wait the limit could mean
        return float(min(item.get_expiry() for item in items))
    return max(0.0, reset - time.time())


def first_in_window(what: str, hashed: str, window: RateLimitItem) -> bool:
    """True the first time ``what`` happens for this sender in ``window``'s length of time, then False
    until that time has passed: counted in the same storage, so every worker agrees (and two texts at once
    cannot both be first). If the storage cannot be reached, True: the texts are answered then anyway."""
    limiter: MovingWindowRateLimiter = current_app.extensions["sms_sender_limit"]
    try:
        return limiter.hit(_once_in(window), what, hashed)
    except Exception:  # noqa: BLE001 - as ``refused``: rather once more than never
        log.warning("sms sender limit: the count could not be reached for %s", what)
        return True


def unused_in_window(what: str, hashed: str, window: RateLimitItem) -> bool:
    """Has ``what`` not yet happened for this sender in ``window``'s length of time? Counts nothing."""
    limiter: MovingWindowRateLimiter = current_app.extensions["sms_sender_limit"]
    try:
        return limiter.test(_once_in(window), what, hashed)
    except Exception:  # noqa: BLE001 - as ``first_in_window``
        return True


@functools.lru_cache(maxsize=8)
def _once_in(window: RateLimitItem) -> RateLimitItem:
    return RateLimitItemPerSecond(1, window.get_expiry())


class SweptMemoryStorage(MemoryStorage):
    """``memory://`` counts that start no thread per text.

    limits' MemoryStorage drops expired counts from a timer thread it starts 10 ms after a count whenever
    the last timer has finished: under a steady stream of texts that is a new thread for almost every text,
    0.25 to 0.7 ms of the worker's CPU each (more than some whole answers). Expired counts only take memory
    (a moving window compares the times itself), so here they are dropped in line, once a ``SWEEP_SECONDS``.
    """

    STORAGE_SCHEME = None  # not registered: the web limits' memory:// stays the library's own
    SWEEP_SECONDS = 30.0

    def __init__(self, uri: str | None = None, **options) -> None:
        super().__init__(uri, **options)
        self._next_sweep = time.monotonic() + self.SWEEP_SECONDS

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the library's timer thread
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + self.SWEEP_SECONDS
            self._MemoryStorage__expire_events()


def _storage(uri: str) -> Storage:
    if uri.split("://", 1)[0] == "memory":
        return SweptMemoryStorage(uri)
    return storage_from_string(uri)


def init_app(app: Flask) -> None:
    app.config.setdefault("SMS_SENDER_LIMIT", "40 per 10 minutes;400 per day")
    app.config["SMS_SENDER_LIMITS"] = parse_many(app.config["SMS_SENDER_LIMIT"])
    storage = _storage(app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
    app.extensions["sms_sender_limit"] = MovingWindowRateLimiter(storage)
