"""Texts in the order they arrived: stored first, answered after, one sender at a time.

Twilio does not order webhooks: two texts sent a second apart can arrive together, and a lock alone
serialises them in whichever order the workers reach it. So each text is first stored in its own short
transaction, which gives it its arrival sequence (``InboundMessage.id``); then, under the sender's lock,
every pending text of that sender is answered in sequence order. Whichever webhook takes the lock first
answers the others' texts too; each webhook replies with the replies stored for its own text.

What they sent waits sealed (``seal``) under a key made from their own number, which is never stored: only
a webhook from that number can read it back, and no plain text of a message reaches the database file or
its write-ahead log, even for the moment it waits. It is cleared once answered.

Everything here is SQLAlchemy Core, built once and run as ``prepared`` statements (on psycopg's own cursor
on PostgreSQL): these statements run on every text, and the ORM's unit of work, even Core's execution,
would cost more than the statements themselves.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import json
from dataclasses import dataclass

from nacl.secret import SecretBox
from sqlalchemy import BigInteger, Connection, Text, bindparam, cast, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from survey_app.codesign.models import QuestionnaireDates
from survey_app.engine import Response
from survey_app.sms.models import Conversation, InboundMessage
from survey_app.sms.prepared import Prepared
from survey_app.sms.senders import lock_key
from survey_app.store.models import Answer, Run

MESSAGES = InboundMessage.__table__
CONVERSATIONS = Conversation.__table__
RUNS = Run.__table__
DATES = QuestionnaireDates.__table__
ANSWERS = Answer.__table__


@dataclass(frozen=True)
class Arrival:
    """A stored text: its place in the queue, and our replies if it has been answered already."""

    id: int
    replies: list[str] | None


@dataclass(frozen=True)
class Pending:
    """A text waiting for an answer, with what it needs to be answered. ``body`` is what they sent."""

    id: int
    body: str
    media_count: int
    opt_out_type: str | None
    arrived_at: dt.datetime


def _box(hash_key: str, address: str) -> SecretBox:
    key = hmac.new(hash_key.encode(), b"waiting text\x00" + address.strip().encode(), hashlib.sha256).digest()
    return SecretBox(key)


def seal(hash_key: str, address: str, body: str) -> str:
    return base64.b64encode(_box(hash_key, address).encrypt(body.encode())).decode()


def unseal(hash_key: str, address: str, sealed: str | None) -> str:
    return _box(hash_key, address).decrypt(base64.b64decode(sealed)).decode() if sealed else ""


@functools.cache
def _store_statement(dialect: str):
    """Built once per dialect: building a statement costs more CPU than PostgreSQL spends running it.

    On PostgreSQL the text's sequence number comes from ``nextval`` at insert time but becomes visible at
    commit, so two texts of one sender storing at once could commit out of order: the later one's webhook
    would take the lock, see only its own text and answer it first. So the statement takes the sender's
    advisory lock before the row is made; it holds until the statement commits, and a sender's texts are
    numbered in the order they become visible. Whoever sees text N sees every earlier text of theirs.
    SQLite needs nothing: BEGIN IMMEDIATE already queues every writer."""
    columns = {
        "message_key": bindparam("p_key", type_=MESSAGES.c.message_key.type),
        "sender_hash": bindparam("p_hash", type_=MESSAGES.c.sender_hash.type),
        "body": bindparam("p_body", type_=MESSAGES.c.body.type),
        "media_count": bindparam("p_media", type_=MESSAGES.c.media_count.type),
        "opt_out_type": bindparam("p_opt_out", type_=MESSAGES.c.opt_out_type.type),
        "arrived_at": bindparam("p_arrived", type_=MESSAGES.c.arrived_at.type),
    }
    if dialect == "postgresql":
        held = select(func.pg_advisory_xact_lock(bindparam("p_lock", type_=BigInteger))).cte("sender_lock")
        row = select(*(value.label(name) for name, value in columns.items())).select_from(held)
        statement = postgresql.insert(MESSAGES).from_select(list(columns), row)
    else:
        statement = sqlite.insert(MESSAGES).values(**columns)
    return Prepared(statement.on_conflict_do_nothing(index_elements=["message_key"]).returning(MESSAGES.c.id))


def store(
    connection: Connection,
    sender_hash: str,
    *,
    key: str | None,
    body: str,
    media_count: int,
    opt_out_type: str | None,
    arrived_at: dt.datetime,
) -> Arrival:
    """Store a text once: a retry with the same key finds the first copy (and its replies, if answered)."""
    values = {
        "p_key": key,
        "p_hash": sender_hash,
        "p_body": body,
        "p_media": media_count,
        "p_opt_out": opt_out_type,
        "p_arrived": arrived_at,
    }
    if connection.dialect.name == "postgresql":
        values["p_lock"] = lock_key(sender_hash)
    new_id = _store_statement(connection.dialect.name).scalar(connection, values)
    if new_id is not None:
        return Arrival(new_id, None)
    return replies_for_key(connection, key)


_BY_KEY = Prepared(
    select(MESSAGES.c.id, MESSAGES.c.replies).where(MESSAGES.c.message_key == bindparam("p_key"))
)


def replies_for_key(connection: Connection, key: str | None) -> Arrival:
    row = _BY_KEY.first(connection, {"p_key": key})
    return Arrival(row.id, json.loads(row.replies) if row.replies is not None else None)


def replies_for(connection: Connection, message_id: int) -> list[str]:
    stored = connection.execute(select(MESSAGES.c.replies).where(MESSAGES.c.id == message_id)).scalar()
    return json.loads(stored) if stored else []


def _answers_so_far(dialect: str):
    """The run's answers as one JSON array of [question, status, value], read in the same statement as
    the conversation: an answer needs them to find the next question on this person's path."""
    columns = (ANSWERS.c.question_id, ANSWERS.c.status, ANSWERS.c.value)
    if dialect == "postgresql":
        aggregate = cast(func.json_agg(func.json_build_array(*columns)), Text)
    else:
        aggregate = func.json_group_array(func.json_array(*columns))
    return select(aggregate).where(ANSWERS.c.run_id == RUNS.c.id).scalar_subquery().label("answers")


def answers_of(state) -> dict[str, Response]:
    """The answers read with the conversation (``pending_with_state``, ``state_now``), by question."""
    rows = json.loads(state.answers) if state.answers else []
    return {
        question: Response(status, json.loads(value) if value else None) for question, status, value in rows
    }


def _conversation_columns(dialect: str) -> list:
    return [
        CONVERSATIONS.c.id.label("conversation_id"),
        CONVERSATIONS.c.state,
        CONVERSATIONS.c.channel,
        CONVERSATIONS.c.invalid_count,
        CONVERSATIONS.c.joinable_question,
        CONVERSATIONS.c.last_message_at,
        CONVERSATIONS.c.language,
        CONVERSATIONS.c.consent_step,
        CONVERSATIONS.c.questionnaire_id.label("consenting_to"),
        RUNS.c.id.label("run_id"),
        RUNS.c.state.label("run_state"),
        RUNS.c.questionnaire_id,
        RUNS.c.questionnaire_version,
        RUNS.c.position,
        RUNS.c.distribution,
        # A coordinator's change of dates sends the text the slower way, which checks them in full.
        DATES.c.id.label("dates_changed_id"),
        _answers_so_far(dialect),
    ]


def _with_run_and_dates(conversations):
    return conversations.outerjoin(RUNS, RUNS.c.id == CONVERSATIONS.c.run_id).outerjoin(
        DATES, DATES.c.questionnaire_id == RUNS.c.questionnaire_id
    )


@functools.cache
def _pending(dialect: str) -> Prepared:
    statement = (
        select(
            MESSAGES.c.id,
            MESSAGES.c.body,
            MESSAGES.c.media_count,
            MESSAGES.c.opt_out_type,
            MESSAGES.c.arrived_at,
            *_conversation_columns(dialect),
        )
        .select_from(
            _with_run_and_dates(
                MESSAGES.outerjoin(CONVERSATIONS, CONVERSATIONS.c.sender_hash == MESSAGES.c.sender_hash)
            )
        )
        .where(MESSAGES.c.sender_hash == bindparam("p_hash"), MESSAGES.c.replies.is_(None))
        .order_by(MESSAGES.c.id)
    )
    return Prepared(statement)


@functools.cache
def _state(dialect: str) -> Prepared:
    return Prepared(
        select(*_conversation_columns(dialect))
        .select_from(_with_run_and_dates(CONVERSATIONS))
        .where(CONVERSATIONS.c.sender_hash == bindparam("p_hash"))
    )


# Public: the usual answer sends it in the same statement as its other writes (``plain_answer``).
ANSWERED = (
    update(MESSAGES)
    .where(MESSAGES.c.id == bindparam("p_message"))
    .values(replies=bindparam("p_replies"), body=None)
)
_ANSWERED = Prepared(ANSWERED)


def pending_with_state(connection: Connection, sender_hash: str) -> list:
    """The sender's unanswered texts in arrival order, each row joined with the conversation, its run and
    the run's answers (``answers_of``), so the usual answer needs no further read."""
    return _pending(connection.dialect.name).rows(connection, {"p_hash": sender_hash})


def state_now(connection: Connection, sender_hash: str):
    """The conversation and run as they are now (after an earlier text in this batch changed them)."""
    return _state(connection.dialect.name).first(connection, {"p_hash": sender_hash})


def answered(connection: Connection, message_id: int, texts: list[str]) -> None:
    """Keep our replies for retries and forget what they sent."""
    _ANSWERED.run(connection, {"p_message": message_id, "p_replies": json.dumps(texts)})


def set_aside(connection: Connection, key: str, texts: list[str]) -> None:
    """A text whose answering failed is never answered later: it keeps the apology its sender was sent."""
    connection.execute(
        update(MESSAGES)
        .where(MESSAGES.c.message_key == key, MESSAGES.c.replies.is_(None))
        .values(replies=json.dumps(texts), body=None)
    )


def as_pending(row, hash_key: str, address: str) -> Pending:
    body = unseal(hash_key, address, row.body)
    return Pending(row.id, body, row.media_count, row.opt_out_type, row.arrived_at)
