"""Submitting a return: the deadline, who may submit, the reference number and reopening.

After the deadline a return can be submitted only if the review team has reopened it (until a date).
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from survey_app.engine import Questionnaire
from survey_app.partners.models import DRAFTING, SUBMITTED, PartnerReturn
from survey_app.store.models import utcnow

NOT_STARTED, LATE = "not_started", "late"
# No 0/O or 1/I/L: a reference is read out on the telephone and typed from a letter.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def deadline(questionnaire: Questionnaire) -> dt.date | None:
    return questionnaire.closes


def may_submit(draft: PartnerReturn, questionnaire: Questionnaire, today: dt.date) -> bool:
    if draft.state != DRAFTING:
        return False
    closes = deadline(questionnaire)
    if closes is None or today <= closes:
        return True
    return draft.reopened_until is not None and today <= draft.reopened_until


def new_reference(questionnaire: Questionnaire) -> str:
    code = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"QI64-{code[:4]}-{code[4:]}" if questionnaire.id.startswith("qi-6-4") else f"SE-{code}"


def submit(session: Session, draft: PartnerReturn, questionnaire: Questionnaire, member_id: int) -> str:
    """Lock the return and give it a reference number no other return has."""
    for _attempt in range(5):
        draft.reference = new_reference(questionnaire)
        draft.state = SUBMITTED
        draft.submitted_at = utcnow()
        draft.submitted_by = member_id
        session.add(draft)
        try:
            session.commit()
            return draft.reference
        except IntegrityError:
            session.rollback()
    raise RuntimeError("could not issue a unique reference number")


def reopen(session: Session, draft: PartnerReturn, until: dt.date) -> None:
    """Let the authority change and submit again until ``until``; the old reference stays in the audit log."""
    draft.state = DRAFTING
    draft.reference = None
    draft.submitted_at = None
    draft.submitted_by = None
    draft.reopened_until = until
    session.add(draft)
    session.commit()


def status(draft: PartnerReturn | None, questionnaire: Questionnaire, today: dt.date, started: bool) -> str:
    """not_started, drafting, submitted or late, as the review team's table shows it."""
    if draft is not None and draft.state == SUBMITTED:
        return SUBMITTED
    closes = deadline(questionnaire)
    if (
        closes is not None
        and today > closes
        and not (draft and draft.reopened_until and today <= draft.reopened_until)
    ):
        return LATE
    return DRAFTING if started else NOT_STARTED
