"""Command-line groups: ``flask --app survey_app <group> <command>``."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from survey_app.config import ROOT

db_cli = AppGroup("db", help="Create or migrate the database.")


def alembic_config(url: str) -> AlembicConfig:
    settings = AlembicConfig(str(ROOT / "alembic.ini"))
    settings.set_main_option("script_location", str(ROOT / "migrations"))
    settings.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return settings


def upgrade_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), "head")


@db_cli.command("upgrade")
@with_appcontext
def upgrade() -> None:
    """Bring the database up to the latest migration (creates it on first run)."""
    upgrade_database(current_app.config["SQLALCHEMY_DATABASE_URL"])
    click.echo("Database is up to date.")


@click.command("load")
@with_appcontext
def load_conversations() -> None:
    """Keep the text of every current questionnaire version, so runs stay pinned to what they started on."""
    from survey_app import db
    from survey_app.codesign import same_version
    from survey_app.questionnaires import registry

    refusals = [
        same_version.refusal(q, reworded)
        for q in registry().current.values()
        if (reworded := same_version.reworded_questions(db.session(), q))
    ]
    if refusals:
        for refusal in refusals:
            click.echo(refusal, err=True)
        raise SystemExit(1)
    for questionnaire in registry().current.values():
        registry().remember(db.session(), questionnaire)
        click.echo(f"{questionnaire.id}: version {questionnaire.version} ready")


def init_app(app: Flask) -> None:
    from survey_app.conversations_cli import conversations_cli

    conversations_cli.add_command(load_conversations)
    app.cli.add_command(conversations_cli)
    app.cli.add_command(db_cli)
