"""Tables of the partner self-evaluation: local authorities, their named staff, their return and its history.

Unlike the young people's tables these hold names and e-mail addresses: partners are professionals who sign
their authority's return. Nothing here links to a young person's run.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from survey_app.staff.models import new_epoch
from survey_app.store.models import utcnow

DRAFTING = "drafting"
SUBMITTED = "submitted"


class Authority(SQLModel, table=True):
    """A local authority taking part in the self-evaluation."""

    __tablename__ = "partner_authority"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=120)
    # Chosen by the review team for validation (documents, focus groups) after the returns are read.
    for_validation: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow)


class PartnerMember(SQLModel, table=True):
    """A named professional in one authority. Signs in as staff do: a password (argon2) and a TOTP code."""

    __tablename__ = "partner_member"

    id: int | None = Field(default=None, primary_key=True)
    authority_id: int = Field(foreign_key="partner_authority.id", index=True)
    email: str = Field(unique=True, index=True, max_length=254)
    role: str = Field(max_length=16)  # contributor, submitter
    lead: bool = False  # the lead invites colleagues
    active: bool = True
    password_hash: str | None = Field(default=None, max_length=200)
    totp_secret: str | None = Field(default=None, max_length=64)
    totp_confirmed: bool = False
    totp_last_step: int | None = None
    setup_token_hash: str | None = Field(default=None, unique=True, max_length=64)
    setup_expires: dt.datetime | None = None
    session_epoch: str = Field(default_factory=new_epoch, max_length=32)
    # When this person last read "what changed since I last looked".
    last_looked: dt.datetime | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)


class PartnerReturn(SQLModel, table=True):
    """One authority's return to one self-evaluation: drafted together, submitted once."""

    __tablename__ = "partner_return"
    __table_args__ = (UniqueConstraint("authority_id", "questionnaire_id"),)

    id: int | None = Field(default=None, primary_key=True)
    authority_id: int = Field(foreign_key="partner_authority.id", index=True)
    questionnaire_id: str = Field(max_length=80)
    state: str = Field(default=DRAFTING, max_length=16)
    reference: str | None = Field(default=None, unique=True, max_length=32)
    submitted_at: dt.datetime | None = None
    submitted_by: int | None = Field(default=None, foreign_key="partner_member.id")
    # Set by the review team when it reopens a return after the deadline: submission allowed until then.
    reopened_until: dt.date | None = None
    started_at: dt.datetime = Field(default_factory=utcnow)


class ReturnAnswer(SQLModel, table=True):
    """The current answer to one question. ``version`` goes up by one on every save, so two colleagues
    saving the same answer from the same starting point are caught instead of one silently winning."""

    __tablename__ = "partner_answer"
    __table_args__ = (UniqueConstraint("return_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    return_id: int = Field(foreign_key="partner_return.id", index=True)
    question_id: str = Field(max_length=80)
    value: str = Field(default="", sa_column=Column(Text, nullable=False))  # text, a rating, or JSON
    version: int = 0
    changed_by: int | None = Field(default=None, foreign_key="partner_member.id")
    changed_at: dt.datetime = Field(default_factory=utcnow)


class AnswerChange(SQLModel, table=True):
    """Every save of every answer, and every edit that was held back because a colleague saved first."""

    __tablename__ = "partner_answer_change"

    id: int | None = Field(default=None, primary_key=True)
    return_id: int = Field(foreign_key="partner_return.id", index=True)
    question_id: str = Field(max_length=80)
    value: str = Field(default="", sa_column=Column(Text, nullable=False))
    version: int = 0
    member_id: int | None = Field(default=None, foreign_key="partner_member.id")
    how: str = Field(default="typed", max_length=16)  # typed, word (from an upload), held (a clash)
    at: dt.datetime = Field(default_factory=utcnow, index=True)


class ReturnComment(SQLModel, table=True):
    """One message in the thread beside a question."""

    __tablename__ = "partner_comment"

    id: int | None = Field(default=None, primary_key=True)
    return_id: int = Field(foreign_key="partner_return.id", index=True)
    question_id: str = Field(max_length=80)
    member_id: int | None = Field(default=None, foreign_key="partner_member.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    at: dt.datetime = Field(default_factory=utcnow)


class ValidationActivity(SQLModel, table=True):
    """Something the review team did to validate an authority's return: a document read, a focus group."""

    __tablename__ = "partner_validation"

    id: int | None = Field(default=None, primary_key=True)
    authority_id: int = Field(foreign_key="partner_authority.id", index=True)
    staff_id: int | None = Field(default=None, foreign_key="staff_member.id")
    held_on: dt.date
    what: str = Field(max_length=500)
    at: dt.datetime = Field(default_factory=utcnow)
