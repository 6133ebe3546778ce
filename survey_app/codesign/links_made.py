"""The area links a coordinator has made, with how many people finished through each.

Completions below 10 are shown as "fewer than 10": a small exact count for an area can point to a person.
A link meant for fewer than 10 people gets a warning when it is made, for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func
from sqlmodel import Session, select

from survey_app.codesign.models import LinkMade
from survey_app.store.models import COMPLETED, Run

SMALL = 10
MEANT_FOR_LIMIT = 100_000


@dataclass(frozen=True)
class MadeLink:
    area: str
    made_on: str
    meant_for: int | None
    completions: str


def read_meant_for(raw: str | None) -> tuple[int | None, str | None]:
    """The number of people a link is meant for (optional), or an error message."""
    text = (raw or "").strip().replace(",", "")
    if not text:
        return None, None
    if not text.isdigit() or not text.isascii():
        return None, _("Enter how many people as a whole number, like 25")
    number = int(text)
    if not 1 <= number <= MEANT_FOR_LIMIT:
        return None, _("Enter a number of people between 1 and 100,000")
    return number, None


def could_identify(meant_for: int | None) -> bool:
    return meant_for is not None and meant_for < SMALL


def remember(
    session: Session, questionnaire_id: str, area: str, meant_for: int | None, staff_id: int
) -> None:
    """Keep the link (once per area; a later size replaces the earlier). Does not commit."""
    row = session.exec(
        select(LinkMade).where(LinkMade.questionnaire_id == questionnaire_id, LinkMade.area == area)
    ).first() or LinkMade(questionnaire_id=questionnaire_id, area=area, made_by=staff_id)
    row.meant_for = meant_for if meant_for is not None else row.meant_for
    session.add(row)


def completions_shown(count: int) -> str:
    return _("fewer than 10") if count < SMALL else str(count)


def made_links(session: Session, questionnaire_id: str) -> list[MadeLink]:
    rows = session.exec(
        select(LinkMade).where(LinkMade.questionnaire_id == questionnaire_id).order_by(LinkMade.area)
    ).all()
    counts = dict(
        session.exec(
            select(Run.distribution, func.count(Run.id))
            .where(Run.questionnaire_id == questionnaire_id, Run.state == COMPLETED)
            .group_by(Run.distribution)
        ).all()
    )
    return [
        MadeLink(row.area, row.made_on.isoformat(), row.meant_for, completions_shown(counts.get(row.area, 0)))
        for row in rows
    ]
