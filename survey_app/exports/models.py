"""The table of downloads written to disk, so the retention purge can find and destroy every copy."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from survey_app.store.models import utcnow


class StoredExport(SQLModel, table=True):
    """A download written to disk, so the retention purge can find and destroy it."""

    __tablename__ = "stored_export"

    id: int | None = Field(default=None, primary_key=True)
    questionnaire_id: str = Field(max_length=80, index=True)
    format: str = Field(max_length=16)
    path: str = Field(max_length=1000)
    created_at: dt.datetime = Field(default_factory=utcnow)
    actor_id: int | None = Field(default=None, foreign_key="staff_member.id")
    removed: bool = False
