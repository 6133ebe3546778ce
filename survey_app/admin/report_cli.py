"""``flask --app survey_app report --questionnaire Q --area A --out FILE.pdf|.html [--quote TEXT ...]``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from survey_app.admin import area_report
from survey_app.admin.report_pdf import PdfFailed, html_to_pdf
from survey_app.questionnaires import registry


@click.command("report")
@click.option("--questionnaire", "questionnaire_id", required=True, help="The questionnaire's id.")
@click.option("--area", required=True, help="The area link's name, as on the dashboard (e.g. glasgow).")
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="A .pdf or .html file."
)
@click.option(
    "--quote", "quotes", multiple=True, help="A written answer to include (scrubbed); repeat for more."
)
@with_appcontext
def report_cli(questionnaire_id: str, area: str, out: Path, quotes: tuple[str, ...]) -> None:
    """Write one area's results beside the whole of Scotland, as a PDF or an HTML page."""
    from survey_app.admin.report_views import render_report

    questionnaire = registry().get(questionnaire_id)
    if questionnaire is None:
        raise click.ClickException(f"There is no questionnaire '{questionnaire_id}'.")
    if out.suffix.lower() not in (".pdf", ".html"):
        raise click.ClickException("--out must end in .pdf or .html")
    with current_app.test_request_context():
        try:
            html = render_report(questionnaire, area, quotes)
        except area_report.TooFewResponses:
            raise click.ClickException(
                f"'{area}' has fewer than 10 responses, so it has no report."
            ) from None
    if out.suffix.lower() == ".html":
        out.write_text(html, encoding="utf-8")
    else:
        try:
            html_to_pdf(html, out, current_app.config.get("REPORT_CHROMIUM", "/usr/bin/chromium"))
        except PdfFailed as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {out}.")
