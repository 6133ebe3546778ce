"""Slowing down password guessing, kept in the database so every worker sees the same counts.

Two counters, both keyed by a keyed hash (HMAC with SECRET_KEY), so no address typed and no IP is stored:

* per account (the address typed, known or not, so the answer never tells whether an account exists):
  five tries, then a wait that grows with each round of failures (1, 2, 4, 8, then at most 15 minutes).
  A wait, not a lock: nobody can shut the safeguarding lead out for long by typing their address.
* per client (the browser's network address, as our proxy reports it): 30 failed tries in 15 minutes,
  whatever the addresses, then 15 minutes' rest. One attacker cannot keep every account waiting.

A try is taken before the password is checked, by one conditional UPDATE, so a burst of parallel requests
gets at most five tries however many workers answer it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from flask import current_app
from sqlalchemy import and_, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, select

from survey_app.security import client_address
from survey_app.staff.accounts import normalise_email
from survey_app.staff.models import LoginThrottle
from survey_app.store.models import utcnow

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
FIRST_WAIT = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(minutes=15)
CLIENT_FAILURES = 30
CLIENT_REST = dt.timedelta(minutes=15)


def _keyed(kind: str, value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def key_for(email: str) -> str:
    return _keyed("account", normalise_email(email))


def client_key() -> str:
    """The client as our proxy saw it; only its keyed hash is used (behind N proxies, the Nth from last)."""
    return _keyed("client", client_address())


def _row(session: Session, key: str) -> LoginThrottle | None:
    return session.exec(select(LoginThrottle).where(LoginThrottle.key == key)).first()


def _ensure(session: Session, key: str, now: dt.datetime) -> None:
    if _row(session, key) is not None:
        return
    try:
        session.add(LoginThrottle(key=key, window_start=now))
        session.commit()
    except IntegrityError:  # another worker created it a moment ago
        session.rollback()


def _take(session: Session, key: str, limit: int) -> bool:
    """Take one try from ``key``'s allowance, atomically; False if it has none left now. Commits."""
    now = utcnow()
    _ensure(session, key, now)
    row = LoginThrottle
    # A quiet window starts the count again (a wait in force is still respected).
    session.exec(
        update(row)
        .where(row.key == key, row.window_start < now - WINDOW)
        .values(failures=0, window_start=now)
        .execution_options(synchronize_session=False)
    )
    taken = session.exec(
        update(row)
        .where(
            row.key == key,
            row.failures < limit,
            or_(row.locked_until.is_(None), row.locked_until <= now),
        )
        .values(failures=row.failures + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return taken.rowcount == 1


def _wait(session: Session, key: str, limit: int, fixed: dt.timedelta | None) -> bool:
    """After a failure: if the allowance is spent, start the wait (once, whoever gets here first)."""
    row = _row(session, key)
    if row is None or row.failures < limit:
        return False
    wait = fixed or min(FIRST_WAIT * 2 ** min(row.lockouts, 10), LONGEST_WAIT)
    started = session.exec(
        update(LoginThrottle)
        .where(LoginThrottle.key == key, LoginThrottle.failures >= limit)
        .values(failures=0, window_start=utcnow(), locked_until=utcnow() + wait, lockouts=row.lockouts + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return started.rowcount == 1


def try_allowed(session: Session, email: str) -> bool:
    """Take a try for this client and this address before checking anything. Commits."""
    return _take(session, client_key(), CLIENT_FAILURES) and _take(session, key_for(email), MAX_FAILURES)


def fail(session: Session, email: str) -> bool:
    """The try failed; True if it started a wait for the address. Commits."""
    _wait(session, client_key(), CLIENT_FAILURES, CLIENT_REST)
    return _wait(session, key_for(email), MAX_FAILURES, None)


def succeed(session: Session, email: str) -> None:
    """Signed in: the address starts afresh, and the client gets back the try it took (only that one, so
    signing in to one account cannot clear a count run up against others)."""
    session.exec(delete(LoginThrottle).where(LoginThrottle.key == key_for(email)))
    session.exec(
        update(LoginThrottle)
        .where(LoginThrottle.key == client_key(), LoginThrottle.failures > 0)
        .values(failures=LoginThrottle.failures - 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def forget_stale(session: Session, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Drop counters nobody has used for a day: they would only say someone once typed something."""
    cutoff = utcnow() - older_than
    quiet = and_(
        LoginThrottle.window_start < cutoff,
        or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < cutoff),
    )
    result = session.exec(delete(LoginThrottle).where(quiet))
    session.commit()
    return result.rowcount
