"""``flask --app survey_app sms forget-idle``: drop links between senders and answers once they go quiet.

A conversation row links a sender's hash to a run for as long as the conversation is live. Someone who
never comes back should not stay linked: run this daily (with the retention schedule).
"""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import or_
from sqlmodel import Session, delete, select

from survey_app import db
from survey_app.sms.models import Conversation, DeliveryStatus, InboundMessage, SenderRun, clock

sms_cli = AppGroup("sms", help="The text-message channel.")


def forget_idle(session: Session, days: int) -> int:
    """Forget senders idle for ``days``: their conversation, the link from their hash to their runs and
    the delivery statuses kept under it. Stored texts go after a day (Twilio retries within minutes)."""
    now = clock()
    idle_since = now - dt.timedelta(days=days)
    gone = session.exec(delete(Conversation).where(Conversation.last_message_at < idle_since))
    live = select(Conversation.sender_hash)
    session.exec(
        delete(SenderRun).where(SenderRun.linked_at < idle_since, SenderRun.sender_hash.not_in(live))
    )
    session.exec(
        delete(DeliveryStatus).where(
            DeliveryStatus.updated_at < idle_since,
            or_(DeliveryStatus.sender_hash.is_(None), DeliveryStatus.sender_hash.not_in(live)),
        )
    )
    session.exec(delete(InboundMessage).where(InboundMessage.arrived_at < now - dt.timedelta(days=1)))
    session.commit()
    return gone.rowcount


@sms_cli.command("forget-idle")
@click.option(
    "--days", type=int, default=None, help="Idle for this many days (default: 4 x SMS_INACTIVITY_DAYS)."
)
@with_appcontext
def forget_idle_command(days: int | None) -> None:
    days = days if days is not None else 4 * current_app.config["SMS_INACTIVITY_DAYS"]
    with Session(db.engine()) as session:
        count = forget_idle(session, days)
    click.echo(f"Forgot {count} conversation(s) idle for more than {days} days.")
