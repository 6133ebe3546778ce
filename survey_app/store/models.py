"""Tables for responses. What is here is what DESIGN.md allows: no names, IPs, user agents or phone numbers.

Dates are kept to the day (the dashboard counts by day) and exports coarsen them to the week, because an
exact time plus an area can point to a person. ``last_active`` is the one exact time, kept only so that a
person can resume within a few days; exports never include it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

IN_PROGRESS = "in_progress"
COMPLETED = "completed"
STOPPED = "stopped"
DELETED = "deleted"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def week_of(moment: dt.datetime | dt.date) -> dt.date:
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    return day - dt.timedelta(days=day.weekday())


class QuestionnaireVersion(SQLModel, table=True):
    """The text of every questionnaire version that a run may be pinned to."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("questionnaire_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    questionnaire_id: str = Field(index=True, max_length=80)
    version: str = Field(max_length=40)
    source: str
    loaded_on: dt.date = Field(default_factory=lambda: utcnow().date())


class Run(SQLModel, table=True):
    """One person's response to one questionnaire, from consent on."""

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(unique=True, index=True, max_length=64)
    questionnaire_id: str = Field(index=True, max_length=80)
    questionnaire_version: str = Field(max_length=40)
    channel: str = Field(max_length=16)  # web, sms, whatsapp
    language: str = Field(default="en", max_length=16)
    distribution: str | None = Field(default=None, max_length=40)  # area or link code
    assisted: bool = False
    state: str = Field(default=IN_PROGRESS, index=True, max_length=16)
    position: str | None = Field(default=None, max_length=80)  # current question; None means check answers
    resume_code_hash: str | None = Field(default=None, unique=True, max_length=64)
    started_on: dt.date = Field(default_factory=lambda: utcnow().date())
    finished_on: dt.date | None = None
    last_active: dt.datetime = Field(default_factory=utcnow)


class Answer(SQLModel, table=True):
    """One answer. At most one per question per run: a double-submitted form updates, never doubles."""

    __table_args__ = (UniqueConstraint("run_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="run.id", index=True, ondelete="CASCADE")
    question_id: str = Field(max_length=80)
    status: str = Field(max_length=24)  # answered, skipped, prefer_not_to_say
    value: str | None = None  # JSON
    # Set by safeguarding: the words stay out of every download and the dashboard.
    withheld: bool = False


class Tally(SQLModel, table=True):
    """Counts with nothing personal in them, such as how many people opened a questionnaire on a day."""

    __table_args__ = (UniqueConstraint("questionnaire_id", "day", "channel", "event"),)

    id: int | None = Field(default=None, primary_key=True)
    questionnaire_id: str = Field(max_length=80)
    day: dt.date
    channel: str = Field(max_length=16)
    event: str = Field(max_length=32)
    count: int = 0
