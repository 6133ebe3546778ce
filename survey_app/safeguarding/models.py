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

from sqlalchemy import Column, ForeignKey, Integer, Text
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
