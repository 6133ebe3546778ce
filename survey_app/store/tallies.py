"""Daily counts with nothing personal in them: how many people opened a questionnaire, per channel.

The dashboard's "started" figure needs people who looked and then did not consent, yet nothing about
them may be kept. A per-day, per-channel number is all that is stored: it cannot be tied to anyone.
"""

from __future__ import annotations

import functools

from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from survey_app.store.models import Tally, utcnow

STARTED = "started"
TALLIES = Tally.__table__


def count_event(session: Session, questionnaire_id: str, channel: str, event: str = STARTED) -> None:
    """Add one to today's count, atomically (two workers counting at once both count)."""
    values = {"p_tally_questionnaire": questionnaire_id, "p_tally_channel": channel, "p_tally_event": event}
    session.execute(count_upsert(session.get_bind().dialect.name), values | {"p_tally_day": utcnow().date()})


@functools.cache
def count_upsert(dialect: str):
    """``count_event``'s one statement, built once per process and shared with the SMS fast lane, which
    sends it with a first text's other writes. Its parameters are named ``p_tally_...``."""
    insert = postgres_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(TALLIES).values(
        questionnaire_id=bindparam("p_tally_questionnaire"),
        day=bindparam("p_tally_day", type_=TALLIES.c.day.type),
        channel=bindparam("p_tally_channel"),
        event=bindparam("p_tally_event"),
        count=1,
    )
    return statement.on_conflict_do_update(
        index_elements=["questionnaire_id", "day", "channel", "event"], set_={"count": TALLIES.c.count + 1}
    )
