"""Deleting answers deletes the reading list's copies of their words too, unless a concern was raised.

The reading list (``safeguarding.models.ReadingItem``) copies every free-text answer's words so a person can
read them. DESIGN.md: a concern already raised stays, because a lead may be acting on it; anything else of
theirs goes. So when DELETE by text or Stop and delete on the web removes a run's answers, or finishing
drops the answers on branches the person no longer took, the items of those answers that raised no concern
go in the same transaction; an item linked to a concern stays with it, and the concern keeps its own copy
of the words either way.
"""

from __future__ import annotations

from sqlmodel import Session, delete

from survey_app import db
from survey_app.safeguarding.models import ReadingItem


def forget_unraised_words(
    session: Session, run_ids: list[int], *, except_questions: list[str] | None = None
) -> None:
    """Delete the reading-list items of these runs that raised no concern, except those for the questions in
    ``except_questions`` (the answers that are kept). Does not commit."""
    if not run_ids:
        return
    query = delete(ReadingItem).where(ReadingItem.run_id.in_(run_ids), ReadingItem.concern_id.is_(None))
    if except_questions is not None:
        query = query.where(ReadingItem.question_id.not_in(except_questions or [""]))
    if session.exec(query).rowcount:
        # Scrubbed from the database's files once committed; finishing with nothing to drop owes no scrub.
        db.destroyed(session, ReadingItem.__tablename__)
