"""Command-line groups of the review team's side: ``staff`` (the first admin starts here) and ``retention``.

``export`` and ``demo`` live beside the code they drive (download_cli.py, demo.py); all are added here.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click
from flask import Flask, current_app, url_for
from flask.cli import AppGroup
from sqlmodel import Session, select

from survey_app import db
from survey_app.admin import retention
from survey_app.questionnaires import registry
from survey_app.staff import accounts, throttle
from survey_app.staff.access import ROLES
from survey_app.staff.forms import REFUSALS
from survey_app.staff.models import StaffMember
from survey_app.store import scrubbing

staff_cli = AppGroup("staff", help="Create and manage review-team accounts.")


# Written by `make run`: the address the development server listens on. This command runs in another
# terminal, where the PORT given to `make run` is not set.
LOCAL_ADDRESS = "local-address"


def _base_url(base_url: str | None) -> str:
    """Where the site is, for a link made with no request to ask: --base-url, else PUBLIC_URL.

    Only a development machine falls back to the local server; in production a link to localhost would
    be sent to someone who cannot open it.
    """
    base = (base_url or current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if base:
        return base
    if current_app.config["APP_ENV"] != "production":
        return _local_server()
    raise click.ClickException("Set PUBLIC_URL, or pass --base-url https://your.site, to print the link.")


def _local_server() -> str:
    """PORT when this shell sets it, else the address `make run` last served on, else port 5000."""
    if os.environ.get("PORT"):
        return f"http://localhost:{os.environ['PORT']}"
    try:
        recorded = (Path(current_app.instance_path) / LOCAL_ADDRESS).read_text(encoding="utf-8").strip()
    except OSError:
        recorded = ""
    return recorded.rstrip("/") if recorded.startswith(("http://", "https://")) else "http://localhost:5000"


def setup_link(token: str, base_url: str | None = None) -> str:
    """The full set-up link on the site's public address."""
    return _base_url(base_url) + url_for("admin.setup", token=token)


BASE_URL = click.option("--base-url", help="The site's public address (default: PUBLIC_URL).")


def _session() -> Session:
    return Session(db.engine(), expire_on_commit=False)


def _member(session: Session, email: str) -> StaffMember:
    member = accounts.by_email(session, email)
    if member is None:
        raise click.ClickException(f"No account for {email}.")
    return member


@staff_cli.command("create")
@click.option("--email", required=True, help="The person's work e-mail address.")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What they may see and do.")
@BASE_URL
def create(email: str, role: str, base_url: str | None) -> None:
    """Create an account and print a one-time set-up link (valid 48 hours)."""
    _base_url(base_url)  # refuse before making an account whose link could not be shown
    with _session() as session, current_app.test_request_context():
        try:
            member, token = accounts.create(session, email, role)
        except accounts.AccountError as error:
            raise click.ClickException(str(REFUSALS[error.refusal])) from None
        click.echo(f"Created {member.email} ({member.role}).")
        click.echo("Send this set-up link to them; it works once, for 48 hours:")
        click.echo(setup_link(token, base_url))


@staff_cli.command("reset")
@click.option("--email", required=True)
@BASE_URL
def reset(email: str, base_url: str | None) -> None:
    """Replace someone's password and code with a new set-up link (lost phone, forgotten password)."""
    _base_url(base_url)
    with _session() as session, current_app.test_request_context():
        token = accounts.reset(session, _member(session, email), None)
        click.echo(setup_link(token, base_url))


@staff_cli.command("role")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
def role(email: str, role: str) -> None:
    """Change someone's role; their current sessions end."""
    with _session() as session:
        accounts.change_role(session, _member(session, email), role, None)
        click.echo(f"{email} is now {role}.")


@staff_cli.command("disable")
@click.option("--email", required=True)
def disable(email: str) -> None:
    """Stop someone signing in (the account and its audit history stay)."""
    with _session() as session:
        accounts.set_active(session, _member(session, email), False, None)
        click.echo(f"{email} can no longer sign in.")


@staff_cli.command("list")
def list_staff() -> None:
    """Every account, its role and whether it is set up."""
    with _session() as session:
        for member in session.exec(select(StaffMember).order_by(StaffMember.email)).all():
            state = "disabled" if not member.active else ("ready" if member.totp_confirmed else "not set up")
            click.echo(f"{member.email}\t{member.role}\t{state}")


retention_cli = AppGroup("retention", help="Destroy responses at the end of a review.")


@retention_cli.command("purge")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Act as if it were this day (for checks).")
def purge(today: dt.datetime | None) -> None:
    """Destroy everything held for questionnaires past their destruction date. Safe to run daily."""
    day = today.date() if today else dt.date.today()
    with _session() as session:
        entries = retention.purge_due(session, registry().current, day)
        throttle.forget_stale(session)  # sign-in counters nobody has used for a day
        for entry in entries:
            click.echo(
                f"Destroyed {entry.questionnaire_id}: {entry.runs} responses, {entry.answers} answers."
            )
    if not entries:
        click.echo("Nothing is past its destruction date.")
    scrubbing.pay(db.engine())  # PostgreSQL: the destroyed rows leave its files now, not at the worker's turn


@retention_cli.command("scrub")
def scrub() -> None:
    """Remove deleted rows from PostgreSQL's files now (the worker does it within seconds of a deletion)."""
    paid = scrubbing.pay(db.engine())
    click.echo(f"Scrubbed {paid} owed table(s)." if paid else "Nothing was owed.")


@retention_cli.command("status")
def status() -> None:
    """Each questionnaire held and its destruction date."""
    with _session() as session:
        for questionnaire_id, date in retention.schedule(session, registry().current):
            click.echo(f"{questionnaire_id}\t{date.isoformat() if date else 'no date set'}")


@retention_cli.command("set")
@click.option("--questionnaire", "questionnaire_id", required=True)
@click.option("--date", required=True, type=click.DateTime(["%Y-%m-%d"]), help="The last day to keep.")
def set_date(questionnaire_id: str, date: dt.datetime) -> None:
    """Override the destruction date in the questionnaire's file."""
    with _session() as session:
        retention.set_override(session, questionnaire_id, date.date(), None)
    click.echo(f"{questionnaire_id} will be destroyed after {date.date().isoformat()}.")


def init_app(app: Flask) -> None:
    from survey_app.admin import demo, download_cli, report_cli

    for command in (staff_cli, retention_cli, download_cli.export_cli, demo.demo_cli, report_cli.report_cli):
        app.cli.add_command(command)
