"""Delivery outcomes: what happened to the messages we sent, with no phone number kept.

Twilio posts a status callback (signed like the webhook) for each message we send or reply with. We keep
the message SID, the status, the error code and the recipient's hash. Error 21610 means the recipient has
opted out at Twilio (STOP): whatever state we thought the conversation was in, it is stopped now.
"""

from __future__ import annotations

import logging

from flask import current_app
from sqlmodel import Session, select

from survey_app.sms.models import STOPPED, Conversation, DeliveryStatus, clock
from survey_app.sms.outbound import SmsClient
from survey_app.sms.senders import sender_hash
from survey_app.store import runs
from survey_app.store.models import IN_PROGRESS, Run

log = logging.getLogger(__name__)

OPTED_OUT = "21610"
# Callbacks can arrive out of order ("sent" after "delivered"): never step back from a later status.
_ORDER = {
    "accepted": 0,
    "scheduled": 0,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "receiving": 3,
    "received": 4,
    "delivered": 5,
    "read": 6,
    "undelivered": 7,
    "failed": 7,
    "canceled": 7,
}


def send(session: Session, client: SmsClient, to: str, body: str, status_callback: str | None = None) -> str:
    """Send through ``client`` and start a delivery record for the message."""
    sid = client.send(to, body, status_callback=status_callback)
    hashed = sender_hash(current_app.config["PHONE_HASH_KEY"], to)
    session.add(DeliveryStatus(message_sid=sid, sender_hash=hashed, status="queued"))
    session.commit()
    return sid


def is_well_formed(message_sid: str, status: str, error_code: str | None) -> bool:
    """What Twilio sends fits our columns: a 34-character SID, a short status word, a numeric code.
    Anything longer (or with a NUL, which PostgreSQL refuses) is not from Twilio and is turned away."""
    fits = len(message_sid) <= 64 and len(status) <= 24 and len(error_code or "") <= 16
    return fits and "\x00" not in message_sid + status + (error_code or "")


def record_status(
    session: Session, message_sid: str, status: str, error_code: str | None, recipient: str | None
) -> None:
    hashed = sender_hash(current_app.config["PHONE_HASH_KEY"], recipient) if recipient else None
    row = session.exec(select(DeliveryStatus).where(DeliveryStatus.message_sid == message_sid)).first()
    row = row or DeliveryStatus(message_sid=message_sid, sender_hash=hashed, status=status)
    if _ORDER.get(status, 0) >= _ORDER.get(row.status, 0):
        row.status = status
    row.error_code = error_code or row.error_code
    row.sender_hash = row.sender_hash or hashed
    row.updated_at = clock()
    session.add(row)
    if error_code == OPTED_OUT and row.sender_hash:
        _mark_stopped(session, row.sender_hash)
    session.commit()
    log.info("sms delivery %s: %s %s", message_sid, status, error_code or "")


def _mark_stopped(session: Session, hashed: str) -> None:
    conversation = session.exec(select(Conversation).where(Conversation.sender_hash == hashed)).first()
    if conversation is None or conversation.state == STOPPED:
        return
    run = session.get(Run, conversation.run_id) if conversation.run_id else None
    if run is not None and run.state == IN_PROGRESS:
        runs.stop(session, run, keep=True)
    conversation.state, conversation.run_id = STOPPED, None
    session.add(conversation)
