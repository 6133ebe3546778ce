"""Tables of the text-message channel. None of them holds a phone number or a message someone sent.

A sender is known only by a keyed hash of their address (``senders.sender_hash``), and only while a
conversation is live: finishing, deleting or saying no removes the conversation row. ``SenderRun`` keeps
the hash's runs so that DELETE still reaches them later, until ``sms forget-idle`` drops the link.
Answers themselves live in ``run``/``answer`` like every other channel's.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

# Conversation states.
CONSENT = "consent"  # walking the consent steps; no run exists yet
ASKING = "asking"  # a run is in progress; run.position is the question waiting for an answer
PAUSED = "paused"  # the person texted PAUSE; any text carries on
RETURNING = "returning"  # back after a long gap: asked whether to carry on or start again
STOPPED = "stopped"  # opted out: we send nothing until they text START
SUPPORT_OFFERED = "support_offered"  # an answer raised a concern: asked whether someone should get in touch


# Twilio retries a webhook within minutes: a stored text is kept a day, pruned when a conversation starts.
KEEP_TEXTS = dt.timedelta(days=1)


def clock() -> dt.datetime:
    """Aware UTC: SQLModel's datetime columns store and return aware UTC times, on SQLite and PostgreSQL."""
    return dt.datetime.now(dt.UTC)


class Conversation(SQLModel, table=True):
    """One sender's live conversation on one channel (SMS and WhatsApp from one phone are two)."""

    __tablename__ = "sms_conversation"

    id: int | None = Field(default=None, primary_key=True)
    sender_hash: str = Field(unique=True, index=True, max_length=64)
    channel: str = Field(max_length=16)  # sms, whatsapp
    questionnaire_id: str = Field(max_length=80)
    run_id: int | None = Field(default=None, foreign_key="run.id", ondelete="SET NULL")
    state: str = Field(default=CONSENT, max_length=16)
    consent_step: int = 0
    # Invalid replies to the current question: after two re-prompts we offer SKIP instead.
    invalid_count: int = 0
    # The free-text question the last text answered: a text arriving within SMS_JOIN_SECONDS of it is the
    # rest of that answer (people split long answers over several texts), not the next question's answer.
    joinable_question: str | None = Field(default=None, max_length=80)
    # The language chosen with the keyword ("CARE PL"), for every reply and the run: English by default.
    language: str = Field(default="en", max_length=16)
    # When the last text arrived (its arrival time, not when we got round to answering it).
    last_message_at: dt.datetime = Field(default_factory=clock, index=True)


class InboundMessage(SQLModel, table=True):
    """A text as it arrived. ``id`` is the arrival sequence: texts are answered in that order.

    Twilio does not order webhooks, so each text is first stored in its own short transaction, then the
    sender's pending texts are answered in ``id`` order under the sender's lock (``inbound``). ``body`` is
    sealed with a key from the sender's number (``arrival.seal``), kept only until the text is answered,
    then cleared; ``replies`` is our own text (a JSON list), so a
    webhook Twilio retries gets the same reply and changes nothing. Rows are pruned after a day.
    """

    __tablename__ = "sms_inbound_message"

    id: int | None = Field(default=None, primary_key=True)
    message_key: str | None = Field(default=None, unique=True, max_length=80)
    sender_hash: str = Field(index=True, max_length=64)
    body: str | None = None
    media_count: int = 0
    opt_out_type: str | None = Field(default=None, max_length=16)
    arrived_at: dt.datetime = Field(default_factory=clock, index=True)
    replies: str | None = None


class SenderRun(SQLModel, table=True):
    """Which runs a sender's hash started, so DELETE reaches their answers after STOP, START or the end.

    The conversation row forgets its run on STOP; this does not, until DELETE or ``sms forget-idle``.
    """

    __tablename__ = "sms_sender_run"

    id: int | None = Field(default=None, primary_key=True)
    sender_hash: str = Field(index=True, max_length=64)
    run_id: int = Field(foreign_key="run.id", unique=True, ondelete="CASCADE")
    linked_at: dt.datetime = Field(default_factory=clock, index=True)


class DeliveryStatus(SQLModel, table=True):
    """What Twilio told us about a message we sent: keyed by its SID and the recipient's hash, no number."""

    __tablename__ = "sms_delivery_status"

    id: int | None = Field(default=None, primary_key=True)
    message_sid: str = Field(unique=True, index=True, max_length=64)
    sender_hash: str | None = Field(default=None, index=True, max_length=64)
    status: str = Field(max_length=24)
    error_code: str | None = Field(default=None, max_length=16)
    updated_at: dt.datetime = Field(default_factory=clock)
