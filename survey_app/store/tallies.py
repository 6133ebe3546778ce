"""Daily counts with nothing personal in them: how many people opened a questionnaire, per channel.

The dashboard's "started" figure needs people who looked and then did not consent, yet nothing about
them may be kept. A per-day, per-channel number is all that is stored: it cannot be tied to anyone.
"""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from survey_app.store.models import Tally, utcnow

STARTED = "started"


def count_event(session: Session, questionnaire_id: str, channel: str, event: str = STARTED) -> None:
    """Add one to today's count, atomically (two workers counting at once both count)."""
    dialect = session.get_bind().dialect.name
    insert = postgres_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(Tally).values(
        questionnaire_id=questionnaire_id, day=utcnow().date(), channel=channel, event=event, count=1
    )
    statement = statement.on_conflict_do_update(
        index_elements=["questionnaire_id", "day", "channel", "event"], set_={"count": Tally.count + 1}
    )
    session.exec(statement)
