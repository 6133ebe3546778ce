"""One inbound message, one transaction: locked per sender, idempotent per message.

Twilio retries a webhook it did not hear back from (same MessageSid, plus I-Twilio-Idempotency-Token), and
a person can send two texts that arrive together. Both must be handled one after the other, each exactly
once. So the whole message is one database transaction that first takes the sender's lock:

* SQLite: the transaction begins with BEGIN IMMEDIATE (see ``db.make_engine``), which queues every writer.
* PostgreSQL: ``pg_advisory_xact_lock`` on the sender's hash. It also covers a sender's very first message,
  when there is no conversation row yet to lock with SELECT ... FOR UPDATE.

Inside it, the runs service commits as usual; those commits become savepoints of this one transaction, so
the answer, the conversation's new state and the "already processed" record land together or not at all.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import text
from sqlmodel import Session, select

from survey_app import db
from survey_app.sms.conversation import Inbound, respond
from survey_app.sms.models import ProcessedMessage
from survey_app.sms.senders import lock_key, sender_hash

log = logging.getLogger(__name__)


@contextmanager
def locked_for(hashed: str) -> Iterator[Session]:
    """A session whose whole life is one transaction holding this sender's lock."""
    with db.engine().connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(hashed)})
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            yield session
            session.commit()
        finally:
            session.close()


def handle(inbound: Inbound) -> list[str]:
    """The texts to reply with; the same texts again for a message already handled."""
    hashed = sender_hash(current_app.config["PHONE_HASH_KEY"], inbound.address)
    with locked_for(hashed) as session:
        if inbound.message_key:
            done = session.exec(
                select(ProcessedMessage).where(ProcessedMessage.message_key == inbound.message_key)
            ).first()
            if done is not None:
                log.info("sms message already handled, replying as before")
                return json.loads(done.replies)
        texts = respond(session, inbound, hashed)
        if inbound.message_key:
            session.add(ProcessedMessage(message_key=inbound.message_key, replies=json.dumps(texts)))
    log.info("sms message handled: %d repl%s", len(texts), "y" if len(texts) == 1 else "ies")
    return texts
