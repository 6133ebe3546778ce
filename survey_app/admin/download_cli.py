"""``flask --app survey_app export --questionnaire Q --format csv|xlsx|sav|codebook --out PATH``.

The file is audit-logged like a web download, and remembered so that the retention purge destroys it along
with the responses it came from.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlmodel import Session

from survey_app import db
from survey_app.exports import downloads
from survey_app.questionnaires import registry


@click.command("export")
@click.option("--questionnaire", "questionnaire_id", required=True, help="The questionnaire's id.")
@click.option("--format", "fmt", required=True, type=click.Choice(list(downloads.FORMATS)))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@with_appcontext
def export_cli(questionnaire_id: str, fmt: str, out: Path) -> None:
    """Write an anonymised download of a questionnaire's responses (or its codebook)."""
    questionnaire = registry().get(questionnaire_id)
    if questionnaire is None:
        raise click.ClickException(f"There is no questionnaire '{questionnaire_id}'.")
    with Session(db.engine(), expire_on_commit=False) as session:
        downloads.store(session, questionnaire, fmt, out, actor_id=None)
    click.echo(f"Wrote {out}. It will be destroyed with the responses; delete it sooner when you can.")
