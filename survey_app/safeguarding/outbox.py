"""The outbox of content-free notices, and the worker step that sends them.

A notice is added in the same transaction as the concern (or the overdue reading list) it announces, so it
exists exactly when that does: a process killed after the commit leaves the notice waiting here, and one
killed before it leaves neither. The worker holds a notice while it sends and marks it sent only after the
send, so a worker killed mid-send leaves it to be sent again when the hold runs out: at least once, never
lost. Failures are retried with back-off and logged by kind only.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from survey_app.safeguarding import notify
from survey_app.safeguarding.models import Notice
from survey_app.store.models import utcnow

log = logging.getLogger(__name__)

CONCERN_WAITING = "concern_waiting"
READING_OVERDUE = "reading_overdue"
# Long enough for a webhook and an e-mail with their timeouts; a dead worker's notice waits no longer.
HOLD = dt.timedelta(seconds=3 * notify.TIMEOUT_SECONDS)
FIRST_RETRY = dt.timedelta(seconds=30)
LONGEST_RETRY = dt.timedelta(hours=1)

# Builds the words of a notice (in the staff's language) from its kind and tier.
Compose = Callable[[Notice], notify.Message]


def add(session: Session, event_key: str, kind: str, tier: str = "") -> Notice:
    """Put a notice in the outbox, once per event. Does not commit: it belongs to the caller's transaction."""
    found = session.exec(select(Notice).where(Notice.event_key == event_key)).first()
    if found is not None:
        return found
    notice = Notice(event_key=event_key[:80], kind=kind, tier=tier)
    session.add(notice)
    return notice


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, ... up to an hour between tries: a server that is down is not hammered."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def _due(session: Session, now: dt.datetime, limit: int) -> list[int]:
    query = (
        select(Notice.id)
        .where(Notice.sent_at.is_(None), Notice.next_attempt_at <= now)
        .where(or_(Notice.held_until.is_(None), Notice.held_until < now))
        .order_by(Notice.next_attempt_at, Notice.id)
        .limit(limit)
    )
    return list(session.exec(query).all())


def _hold(engine: Engine, notice_id: int, now: dt.datetime) -> Notice | None:
    """Take one notice for this worker (another worker, or a second copy of this one, cannot)."""
    with Session(engine, expire_on_commit=False) as session:
        taken = session.exec(
            update(Notice)
            .where(Notice.id == notice_id, Notice.sent_at.is_(None))
            .where(or_(Notice.held_until.is_(None), Notice.held_until < now))
            .values(held_until=now + HOLD)
        )
        session.commit()
        return session.get(Notice, notice_id) if taken.rowcount == 1 else None


def _settle(engine: Engine, notice_id: int, failed: list[str], now: dt.datetime) -> None:
    with Session(engine) as session:
        notice = session.get(Notice, notice_id)
        notice.attempts += 1
        notice.held_until = None
        if failed:
            notice.next_attempt_at = now + backoff(notice.attempts)
            notice.last_failure = ",".join(failed)[:80]
        else:
            notice.sent_at = utcnow()
            notice.last_failure = None
        session.add(notice)
        session.commit()


def drain(
    engine: Engine,
    settings: notify.Settings,
    compose: Compose,
    *,
    now: dt.datetime | None = None,
    limit: int = 100,
) -> int:
    """Send every notice that is due; returns how many went. Never raises for a failed send."""
    now = now or utcnow()
    with Session(engine) as session:
        due = _due(session, now, limit)
    sent = 0
    for notice_id in due:
        notice = _hold(engine, notice_id, now)
        if notice is None:
            continue
        failed = notify.deliver(settings, compose(notice))
        _settle(engine, notice_id, failed, now)
        sent += not failed
    return sent


def waiting(session: Session) -> int:
    """Notices not yet sent (for the queue page and the worker's log)."""
    return len(session.exec(select(Notice.id).where(Notice.sent_at.is_(None))).all())


def purge_all_sent(session: Session, before: dt.datetime) -> int:
    """Sent notices carry no content, but there is no reason to keep them long either."""
    old = session.exec(select(Notice).where(Notice.sent_at.is_not(None), Notice.sent_at < before)).all()
    for notice in old:
        session.delete(notice)
    return len(old)
