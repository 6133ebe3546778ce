"""One inbound message: stored on arrival, then answered in arrival order under the sender's lock.

Twilio retries a webhook it did not hear back from (same MessageSid, plus I-Twilio-Idempotency-Token), and
a person can send several texts that arrive together, in any order. So:

1. The text is stored in its own short transaction (``arrival.store``); its row id is its arrival
   sequence, and a retry finds the first copy instead of adding a second.
2. One transaction takes the sender's lock and answers every pending text of theirs in sequence order:
   * SQLite: the transaction begins with BEGIN IMMEDIATE (see ``db.make_engine``), which queues writers.
   * PostgreSQL: ``pg_advisory_xact_lock`` on the sender's hash. It also covers a sender's very first
     text, when there is no conversation row yet to lock with SELECT ... FOR UPDATE.
   Each text's answer, the conversation's new state and the stored replies land together or not at all.
3. When the second transaction fails (the database went away between the two), the sender is told to text
   it again, so that text must never be answered later as the answer to whatever is asked next. Its row
   is set aside at once if the database still answers (``arrival.set_aside``); if it does not, any text
   still waiting ``SMS_SET_ASIDE_SECONDS`` after it arrived is set aside, not answered, by whichever
   webhook of that sender comes next. Texts that arrive together are answered within milliseconds of
   each other, far inside that window, so arrival order and the joining of free-text texts are kept.

The usual texts (an answer to the question waiting, the last answer, a first text with a survey's keyword,
a consent YES) take the fast lane in ``plain_answer``; everything else (keywords, a NO, the support offer,
a conversation back after a long gap) goes through the ORM handlers in ``conversation``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import BigInteger, Connection, bindparam, func, select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session

from survey_app import db
from survey_app.sms import arrival, keywords, plain_answer, replies
from survey_app.sms.conversation import Inbound, respond
from survey_app.sms.models import clock
from survey_app.sms.prepared import Prepared, driver_connection, on_the_driver
from survey_app.sms.senders import lock_key, sender_hash

log = logging.getLogger(__name__)

# The database cannot be reached (down, restarting, out of connections): not a bug in this text.
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeout)
_LOCK = Prepared(select(func.pg_advisory_xact_lock(bindparam("p_key", type_=BigInteger))))


@contextmanager
def locked(hashed: str, connection: Connection | None = None) -> Iterator[Connection]:
    """A connection whose one transaction holds this sender's lock (on ``connection`` if given)."""
    with contextlib.ExitStack() as stack:
        connection = connection or stack.enter_context(db.engine().connect())
        with connection.begin():
            if connection.dialect.name == "postgresql":
                _LOCK.run(connection, {"p_key": lock_key(hashed)})
            yield connection


@contextmanager
def locked_for(hashed: str) -> Iterator[Session]:
    """An ORM session whose whole life is one transaction holding this sender's lock."""
    with locked(hashed) as connection:
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            yield session
            session.commit()
        finally:
            session.close()


def handle(inbound: Inbound) -> list[str]:
    """The texts to reply with; the same texts again for a message already handled."""
    hash_key = current_app.config["PHONE_HASH_KEY"]
    hashed = sender_hash(hash_key, inbound.address)
    now = clock()  # its arrival, and the moment against which waiting texts are judged
    # One connection, two transactions: storing the text commits before the lock is asked for.
    with db.engine().connect() as connection:
        with _on_its_own(connection):
            own = arrival.store(
                connection,
                hashed,
                key=inbound.message_key,
                body=arrival.seal(hash_key, inbound.address, inbound.body),
                media_count=inbound.media_count,
                opt_out_type=inbound.opt_out_type,
                arrived_at=now,
            )
        if own.replies is not None:
            log.info("sms message already handled, replying as before")
            return own.replies
        stale_before = now - dt.timedelta(seconds=current_app.config.get("SMS_SET_ASIDE_SECONDS", 5))
        try:
            with locked(hashed, connection):
                texts = answer_pending(connection, hashed, inbound.address, own.id, stale_before)
        except DATABASE_DOWN:
            _set_aside(inbound.message_key)
            raise
        destroyed = connection.info.pop(db.SCRUB_KEY, None)
    if destroyed:
        # A DELETE or stop-and-delete in that transaction: leave no copy in the database's files.
        db.scrub_at_once(db.engine(), destroyed)
    log.info("sms message handled: %d repl%s", len(texts), "y" if len(texts) == 1 else "ies")
    return texts


@contextmanager
def _on_its_own(connection: Connection) -> Iterator[None]:
    """Storing a text is one statement, so on PostgreSQL it commits by itself (autocommit), which spares
    two round trips (BEGIN, COMMIT) on every text: the driver's own switch, since the statements here run
    on its cursor (``prepared``) and SQLAlchemy's took more CPU than the statement. SQLite begins with
    BEGIN IMMEDIATE (``db``) as ever."""
    if not on_the_driver(connection):
        with connection.begin():
            yield
        return
    driver = driver_connection(connection)
    driver.autocommit = True
    try:
        yield
    finally:
        if not driver.closed:  # a connection lost on the way was closed and invalidated: nothing to restore
            driver.autocommit = False


def _set_aside(key: str | None) -> None:
    """The sender is about to be told to text it again: if the database still answers, make sure this text
    is never answered later. If it does not, ``SMS_SET_ASIDE_SECONDS`` does the same on the next text."""
    if key is None:
        return
    try:
        with db.engine().begin() as connection:
            arrival.set_aside(connection, key, [replies.try_again_later()])
    except DATABASE_DOWN:
        log.info("sms message left waiting: it will be set aside when the sender texts again")


def answer_pending(
    connection: Connection, hashed: str, address: str, own_id: int, stale_before: dt.datetime
) -> list[str]:
    """Answer this sender's waiting texts in arrival order; return the replies to text ``own_id``.

    A text that arrived before ``stale_before`` lost its webhook, whose sender was told to text it again:
    it is set aside with that apology as its reply, so a redelivery gets the same and nothing is answered
    twice. Every text in the queue came from ``address``: the queue is per hash, and the hash is of the
    address."""
    rows = arrival.pending_with_state(connection, hashed)
    own: list[str] | None = None
    changed = False
    for row in rows:
        if _aware(row.arrived_at) < stale_before:
            texts = [replies.try_again_later()]
            log.info("sms message set aside: it waited too long to be answered")
            arrival.answered(connection, row.id, texts)
        else:
            state = arrival.state_now(connection, hashed) if changed else row
            message = arrival.as_pending(row, current_app.config["PHONE_HASH_KEY"], address)
            texts = _answer_one(connection, hashed, address, message, state)
            changed = True
        if row.id == own_id:
            own = texts
    # Another webhook of this sender took the lock first and answered ours along with its own.
    return own if own is not None else arrival.replies_for(connection, own_id)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _answer_one(connection: Connection, hashed: str, address: str, message, state) -> list[str]:
    """Answer one text and keep the replies on it (``arrival.answered``), in the locked transaction."""
    keyword = keywords.classify(message.body, message.opt_out_type)
    texts = plain_answer.try_answer(connection, state, message, keyword, address, hashed)
    if texts is not None:
        return texts  # stored on the text already, with the answer's own writes
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        inbound = Inbound(address, message.body, message.media_count, message.opt_out_type, None)
        texts = respond(session, inbound, hashed, message_id=message.id, arrived_at=message.arrived_at)
        session.commit()
    finally:
        session.close()
    arrival.answered(connection, message.id, texts)
    return texts
