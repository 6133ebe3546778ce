"""Lockout after repeated failed sign-ins, kept in the database so every worker sees the same count.

Five failures (wrong password or wrong code) within 15 minutes lock the address for 15 minutes. The count
is per address typed, known or not, so the answer never tells anyone whether an account exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from survey_app.admin.accounts import normalise_email
from survey_app.admin.models import LoginThrottle
from survey_app.store.models import utcnow

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
LOCK = dt.timedelta(minutes=15)


def key_for(email: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, normalise_email(email).encode(), hashlib.sha256).hexdigest()


def _row(session: Session, key: str) -> LoginThrottle | None:
    return session.exec(select(LoginThrottle).where(LoginThrottle.key == key)).first()


def locked_until(session: Session, email: str) -> dt.datetime | None:
    """When the lock on this address ends, or None if it may try now."""
    row = _row(session, key_for(email))
    if row is None or row.locked_until is None or row.locked_until <= utcnow():
        return None
    return row.locked_until


def fail(session: Session, email: str) -> bool:
    """Count a failure; True if this failure locked the address. Commits."""
    key, now = key_for(email), utcnow()
    row = _row(session, key)
    if row is None:
        row = _create(session, key, now)
    if row.window_start < now - WINDOW:
        row.failures, row.window_start, row.locked_until = 0, now, None
        session.add(row)
        session.commit()
    # Increment in the database, not in Python: two workers failing at once must both count.
    session.exec(
        update(LoginThrottle).where(LoginThrottle.key == key).values(failures=LoginThrottle.failures + 1)
    )
    session.commit()
    session.refresh(row)
    if row.failures >= MAX_FAILURES and (row.locked_until is None or row.locked_until <= now):
        row.locked_until = now + LOCK
        row.failures, row.window_start = 0, now
        session.add(row)
        session.commit()
        return True
    return False


def _create(session: Session, key: str, now: dt.datetime) -> LoginThrottle:
    try:
        row = LoginThrottle(key=key, window_start=now)
        session.add(row)
        session.commit()
        return row
    except IntegrityError:  # another worker created it a moment ago
        session.rollback()
        return _row(session, key)


def succeed(session: Session, email: str) -> None:
    row = _row(session, key_for(email))
    if row is not None:
        session.delete(row)
        session.commit()
