"""Tables for previews, feedback, date changes, links made and invitations sent.

Nothing here holds an answer to a questionnaire: a preview keeps the adviser's answers in their own browser
session only. Feedback is anonymous (no run, no session, no link back to the adviser), and an invitation
keeps only who sent it and when, never the number it went to.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from survey_app.store.models import utcnow

CHANGED = "changed"
KEPT = "kept"
TO_DISCUSS = "to_discuss"
OUTCOMES = (CHANGED, KEPT, TO_DISCUSS)


class QuestionnaireDates(SQLModel, table=True):
    """A coordinator's change to when a questionnaire opens or closes, over the dates in its file."""

    __tablename__ = "questionnaire_dates"

    id: int | None = Field(default=None, primary_key=True)
    questionnaire_id: str = Field(unique=True, max_length=80)
    opens: dt.date | None = None
    closes: dt.date | None = None
    changed_by: int | None = None
    changed_at: dt.datetime = Field(default_factory=utcnow)


class PreviewLink(SQLModel, table=True):
    """A link that opens one version's text (a draft) as a preview. Only the token's hash is kept."""

    __tablename__ = "preview_link"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)
    questionnaire_id: str = Field(index=True, max_length=80)
    version: str = Field(max_length=40)
    source: str
    made_by: int | None = None
    made_on: dt.date = Field(default_factory=lambda: utcnow().date())


class PreviewFeedback(SQLModel, table=True):
    """One adviser's word on one question of one version: was it clear, what would they change."""

    __tablename__ = "preview_feedback"

    id: int | None = Field(default=None, primary_key=True)
    questionnaire_id: str = Field(index=True, max_length=80)
    version: str = Field(max_length=40)
    question_id: str = Field(max_length=80)
    clear: str | None = Field(default=None, max_length=16)  # yes, not_really
    change: str | None = None
    outcome: str | None = Field(default=None, max_length=16)  # changed, kept, to_discuss
    note: str | None = None
    # Words the safeguarding check found worrying: read by safeguarding, kept off the review team's pages.
    withheld: bool = False
    given_on: dt.date = Field(default_factory=lambda: utcnow().date())


class LinkMade(SQLModel, table=True):
    """An area link a coordinator made, so the links page can list them with their completions."""

    __tablename__ = "area_link_made"

    id: int | None = Field(default=None, primary_key=True)
    questionnaire_id: str = Field(index=True, max_length=80)
    area: str = Field(max_length=40)
    meant_for: int | None = None
    made_by: int | None = None
    made_on: dt.date = Field(default_factory=lambda: utcnow().date())


class InvitationSent(SQLModel, table=True):
    """That a staff member sent one invitation text, and when: the hourly limit counts these."""

    __tablename__ = "invitation_sent"

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(index=True)
    sent_at: dt.datetime = Field(default_factory=utcnow, index=True)
