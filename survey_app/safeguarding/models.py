"""Tables of the safeguarding part: a concern, and the actions the safeguarding lead records on it.

A concern holds what the lead needs to act and nothing more (DESIGN.md, "Safeguarding model"): the words
that raised it, the questionnaire, the area it came through, the channel, the time and the tier. The route
back (contact details a young person chose to leave; on SMS with an urgent tier, the phone number) is held
only sealed to the lead's public key, so the running app, a database dump and an analyst cannot read it.

What happens to a concern when others delete things:

- A young person's *Stop and delete* removes their answers but not a concern already raised. The
  information sheet says the one time we tell others is when we are worried for someone's safety; a lead
  may already be acting, and deleting the record would stop help half-way. The run row is never deleted
  by Stop (it stays as a count), and if a run row is ever removed the concern loses only its link to it
  (``ON DELETE SET NULL``).
- The retention purge destroys concerns with their questionnaire at the end of the review, like every
  other record (``concerns.purge_questionnaire``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, Float, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from survey_app.store.models import utcnow

NEW = "new"
ACKNOWLEDGED = "acknowledged"
ACTION_RECORDED = "action_recorded"
CLOSED = "closed"
STATES = (NEW, ACKNOWLEDGED, ACTION_RECORDED, CLOSED)

URGENT = "urgent"
REVIEW = "review"
TIERS = (URGENT, REVIEW)


class Concern(SQLModel, table=True):
    """One worry raised by one answer. Raised at most once per answer (``idempotency_key``)."""

    id: int | None = Field(default=None, primary_key=True)
    # A digest of run, question and words: a retried webhook or a double-submitted form finds the
    # concern it already raised instead of raising a second one (and notifying twice).
    idempotency_key: str = Field(unique=True, max_length=64)
    questionnaire_id: str = Field(index=True, max_length=80)
    run_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("run.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    question_id: str | None = Field(default=None, max_length=80)
    words: str = Field(sa_column=Column(Text, nullable=False))
    tier: str = Field(index=True, max_length=16)
    category: str = Field(max_length=32)
    reasons: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON, from the detector
    channel: str = Field(max_length=16)
    distribution: str | None = Field(default=None, max_length=40)
    # Exact time: the lead needs a concern's age. Never exported; destroyed with the questionnaire.
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)
    state: str = Field(default=NEW, index=True, max_length=20)
    acknowledged_at: dt.datetime | None = None
    acknowledged_by: int | None = None
    closed_at: dt.datetime | None = None
    closed_by: int | None = None
    # Base64 SealedBox ciphertexts. Two columns so that a phone number sealed when the text arrived and
    # contact details given a moment later can both be kept: a sealed value cannot be appended to.
    sealed_contact: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    sealed_phone: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The young person said no to contact, yet the number stays sealed because the risk looked urgent: the
    # lead's page must say exactly that, never that they left a way to reach them.
    declined_contact: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, default=False))
    # A concern raised by hand from the reading list: who raised it (None when the detector did).
    raised_by: int | None = None

    @property
    def has_route_back(self) -> bool:
        return bool(self.sealed_contact or self.sealed_phone)


class ConcernAction(SQLModel, table=True):
    """What the lead did about a concern: who was told, and why. A concern may need more than one."""

    __tablename__ = "concern_action"

    id: int | None = Field(default=None, primary_key=True)
    concern_id: int = Field(foreign_key="concern.id", index=True, ondelete="CASCADE")
    recorded_at: dt.datetime = Field(default_factory=utcnow)
    recorded_by: int | None = None
    told: str = Field(sa_column=Column(Text, nullable=False))
    why: str = Field(sa_column=Column(Text, nullable=False))


UNREAD = "unread"
READ = "read"


class ReadingItem(SQLModel, table=True):
    """One free-text answer on the safeguarding reading list: a person reads every one.

    The words are copied here, like a concern's, so that what the reader sees is what was written when
    it was written, and a later change of answer is a new item. Destroyed with the questionnaire.
    """

    __tablename__ = "reading_item"

    id: int | None = Field(default=None, primary_key=True)
    # The same digest as a concern's: the same words for the same question of the same run are one item.
    idempotency_key: str = Field(unique=True, max_length=64)
    questionnaire_id: str = Field(index=True, max_length=80)
    run_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("run.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    question_id: str | None = Field(default=None, max_length=80)
    words: str = Field(sa_column=Column(Text, nullable=False))
    channel: str = Field(max_length=16)
    # 0 to 1, higher is more worrying; the list is read highest first, then oldest first.
    score: float = Field(default=0.0, sa_column=Column(Float, nullable=False, default=0.0, index=True))
    tier: str = Field(default="none", max_length=16)
    category: str = Field(default="none", max_length=32)
    reasons: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON, from the detector
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)
    due_at: dt.datetime = Field(index=True)  # the reading service level: read by then
    state: str = Field(default=UNREAD, index=True, max_length=16)
    read_at: dt.datetime | None = None
    read_by: int | None = None
    # Set when an analyst passed the answer to safeguarding (their id is in the audit log, not here).
    passed_at: dt.datetime | None = None
    concern_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("concern.id", ondelete="SET NULL"), nullable=True),
    )


class Notice(SQLModel, table=True):
    """A content-free notification waiting to be sent: the outbox, drained by the notify worker.

    Written in the same transaction as what it announces, so a notice exists exactly when the concern
    does; the worker sends it at least once, with back-off, and marks it sent only after the send.
    """

    __tablename__ = "notice"

    id: int | None = Field(default=None, primary_key=True)
    # One notice per event however often it is raised: "concern:<id>", "overdue:<date>".
    event_key: str = Field(unique=True, max_length=80)
    kind: str = Field(max_length=32)  # concern_waiting | reading_overdue
    tier: str = Field(default="", max_length=16)
    created_at: dt.datetime = Field(default_factory=utcnow)
    attempts: int = Field(default=0)
    next_attempt_at: dt.datetime = Field(default_factory=utcnow, index=True)
    # A worker holds a notice until then while sending; if it dies, the hold runs out and it is sent again.
    held_until: dt.datetime | None = None
    sent_at: dt.datetime | None = Field(default=None, index=True)
    last_failure: str | None = Field(default=None, max_length=80)  # the kind of failure, never its text
