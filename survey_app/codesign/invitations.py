"""An invitation text a keyworker sends to a young person's phone, with their agreement.

The number is used for that one message and then forgotten: it is never stored, never put in the session,
never logged (the SMS client logs only the message id) and never shown back after sending. What is kept is
that this staff member sent one invitation at this time, so the hourly limit holds across every worker.
"""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import gettext as _
from sqlalchemy import func
from sqlmodel import Session, select

from survey_app.codesign.models import InvitationSent
from survey_app.engine import Questionnaire
from survey_app.engine.gsm import segments, to_gsm_friendly
from survey_app.i18n import translate
from survey_app.sms.outbound import SendFailed, SmsClient
from survey_app.staff.models import StaffMember
from survey_app.store.models import utcnow

PER_HOUR = 20
_SPACING = re.compile(r"[\s\-().]")


class InvitationRefused(ValueError):
    """Why an invitation was not sent, in words for the keyworker."""


def uk_mobile(raw: str | None) -> str:
    """The number as +447..., or InvitationRefused saying what to change."""
    text = _SPACING.sub("", (raw or "").strip())
    if not text:
        raise InvitationRefused(_("Enter the young person's mobile number"))
    if text.startswith("00"):
        text = "+" + text[2:]
    if text.startswith("07"):
        text = "+44" + text[1:]
    if not re.fullmatch(r"\+447\d{9}", text):
        raise InvitationRefused(_("Enter a UK mobile number, like 07700 900123"))
    return text


def message(questionnaire: Questionnaire, link: str, sms_number: str | None) -> str:
    """The invitation in one GSM-7 text (160 characters): who asks, what, and how to take part."""
    title = translate(questionnaire.title)
    text_in = (
        _(" Or text %(word)s to %(number)s.", word=questionnaire.sms_keyword, number=sms_number)
        if questionnaire.sms_keyword and sms_number
        else ""
    )
    candidates = [
        _(
            "Have your say in the %(title)s. Anonymous, skip anything, stop any time: %(link)s",
            title=title,
            link=link,
        )
        + text_in,
        _("Have your say in the %(title)s. It is anonymous: %(link)s", title=title, link=link),
        _("Have your say: %(link)s", link=link),
    ]
    for candidate in candidates:
        candidate = to_gsm_friendly(candidate)
        if segments(candidate) == (1, "GSM-7"):
            return candidate
    raise InvitationRefused(_("The survey's link is too long to fit in one text message"))


def sent_in_last_hour(session: Session, staff_id: int) -> int:
    since = utcnow() - dt.timedelta(hours=1)
    query = select(func.count(InvitationSent.id)).where(
        InvitationSent.staff_id == staff_id, InvitationSent.sent_at > since
    )
    return session.exec(query).one()


def send(session: Session, client: SmsClient, staff_id: int, raw_number: str, body: str) -> None:
    """Send one invitation, or raise InvitationRefused (over the hourly limit, a bad number, a failure)."""
    # One staff member's invitations are counted one at a time (PostgreSQL row lock; SQLite's write lock).
    session.exec(select(StaffMember.id).where(StaffMember.id == staff_id).with_for_update()).first()
    if sent_in_last_hour(session, staff_id) >= PER_HOUR:
        raise InvitationRefused(
            _(
                "You have sent %(limit)s invitations in the last hour. Please wait before sending more.",
                limit=PER_HOUR,
            )
        )
    number = uk_mobile(raw_number)
    # Counted before sending and committed with it: a refused send still counts, so the limit cannot be
    # dodged by numbers that fail.
    session.add(InvitationSent(staff_id=staff_id))
    session.commit()
    try:
        client.send(number, body)
    except SendFailed:
        raise InvitationRefused(_("The text could not be sent. Check the number and try again.")) from None
