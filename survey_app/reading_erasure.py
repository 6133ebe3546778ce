"""Deleting answers deletes the reading list's copies of their words too, unless a concern was raised.

The reading list (``safeguarding.models.ReadingItem``) copies every free-text answer's words so a person can
read them. DESIGN.md: a concern already raised stays, because a lead may be acting on it; anything else of
theirs goes. So when DELETE by text, or Stop and delete on the web, removes a run's answers, the items of
that run that no concern was raised from go in the same transaction; an item linked to a concern stays with
it, and the concern keeps its own copy of the words either way.
"""

from __future__ import annotations

from sqlmodel import Session, delete

from survey_app import db
from survey_app.safeguarding.models import ReadingItem


def forget_unraised_words(session: Session, run_ids: list[int]) -> None:
    """Delete the reading-list items of these runs that raised no concern. Does not commit."""
    if not run_ids:
        return
    session.exec(delete(ReadingItem).where(ReadingItem.run_id.in_(run_ids), ReadingItem.concern_id.is_(None)))
    db.destroyed(session, ReadingItem.__tablename__)  # scrubbed from the database's files once committed
