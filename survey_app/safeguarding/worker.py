"""``flask --app survey_app safeguarding notify-worker``: send the outbox's notices to the lead.

Runs as the Procfile's ``worker`` process, or once a minute from cron with ``--once``. Each round it puts a
notice in the outbox if the reading list is overdue, then sends every notice that is due. Stopping it at any
moment loses nothing: a notice is marked sent only after it went.

It also scrubs from PostgreSQL's files the rows a person deleted (``store.scrubbing``): a stop-and-delete
rings it, so that happens within seconds, not at the next round.
"""

from __future__ import annotations

import datetime as dt
import logging

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import Session

from survey_app import db
from survey_app.safeguarding import notify, outbox, reading_list
from survey_app.safeguarding.models import Notice
from survey_app.store import scrubbing
from survey_app.store.models import utcnow

log = logging.getLogger(__name__)
KEEP_SENT = dt.timedelta(days=30)


def _queue_url() -> str | None:
    public = current_app.config.get("PUBLIC_URL")
    return public.rstrip("/") + "/safeguarding/" if public else None


def compose(notice: Notice) -> notify.Message:
    """The words of one notice, in the staff's language. Content-free: a kind and a tier, nothing else."""
    locale = current_app.config.get("BABEL_DEFAULT_LOCALE", "en")
    if notice.kind == outbox.READING_OVERDUE:
        return notify.overdue_message(_queue_url(), locale)
    return notify.message(notice.tier, _queue_url(), locale)


def one_round() -> int:
    """Check the reading list's service level, then send what is due; returns how many notices went."""
    engine = db.engine()
    with Session(engine) as session:
        reading_list.check_overdue(session)
        outbox.purge_all_sent(session, utcnow() - KEEP_SENT)
        session.commit()
    sent = outbox.drain(engine, notify.Settings.from_config(current_app.config), compose)
    try:
        scrubbing.pay(engine)  # after the notices: a slow or failed scrub must not hold a notice back
    except Exception as error:  # noqa: BLE001 - the debt stays recorded and is paid next round
        log.error("Scrubbing deleted rows failed (%s); trying again next round", type(error).__name__)
    return sent


@click.command("notify-worker")
@click.option("--once", is_flag=True, help="Send what is due and stop (for cron), instead of running on.")
@click.option("--interval", default=15.0, show_default=True, help="Seconds between rounds.")
@with_appcontext
def notify_worker(once: bool, interval: float) -> None:
    """Send the content-free notices waiting in the outbox, retrying with back-off until each has gone."""
    doorbell = scrubbing.Doorbell(db.engine())
    while True:
        try:
            sent = one_round()
        except Exception as error:  # noqa: BLE001 - a database blip must not end the worker; retry next round
            if once:
                raise  # from cron, a failed round must show in the exit status
            log.error("The notify worker's round failed (%s)", type(error).__name__)
            sent = 0
        if sent:
            log.info("Sent %d safeguarding notice(s)", sent)
        if once:
            doorbell.close()
            return
        doorbell.wait(interval)  # a destroying commit cuts the wait short
