"""Tables of the review team's retention work: the destruction log and destruction-date overrides.

The destruction log says what was destroyed and how much, never what it said.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from survey_app.store.models import utcnow


class DestructionEntry(SQLModel, table=True):
    """What was destroyed, when and how much. Counts only: nothing that was destroyed is copied here."""

    __tablename__ = "destruction_entry"

    id: int | None = Field(default=None, primary_key=True)
    questionnaire_id: str = Field(max_length=80, index=True)
    destroy_after: dt.date
    destroyed_at: dt.datetime = Field(default_factory=utcnow)
    actor_id: int | None = Field(default=None, foreign_key="staff_member.id")  # None: the daily schedule
    runs: int = 0
    answers: int = 0
    exports: int = 0
    # Counts from other parts (concerns, text-message conversations) as "name=count; ...".
    other: str = Field(default="", max_length=500)


class RetentionOverride(SQLModel, table=True):
    """A destruction date set by an admin, taking the place of the questionnaire file's ``destroy_after``."""

    __tablename__ = "retention_override"

    questionnaire_id: str = Field(primary_key=True, max_length=80)
    destroy_after: dt.date
    set_by: int | None = Field(default=None, foreign_key="staff_member.id")
    set_at: dt.datetime = Field(default_factory=utcnow)
