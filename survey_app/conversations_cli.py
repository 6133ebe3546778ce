"""``flask --app survey_app conversations check``, ``... report-sms`` and ``... schema``.

The only engine module that imports Flask: the commands read the conversations folder from the app's
config (``CONVERSATIONS_DIR``) unless ``--folder`` names another.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from survey_app.engine.gsm import segments, sms_length
from survey_app.engine.lint import ERROR, lint_folder
from survey_app.engine.loading import QuestionnaireError, load_questionnaire
from survey_app.engine.questionnaire import Questionnaire
from survey_app.engine.schema import json_schema
from survey_app.engine.sms_prompts import all_prompts

conversations_cli = AppGroup(
    "conversations", help="Check the questionnaires in conversations/ and report on them."
)

folder_option = click.option(
    "--folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The folder of questionnaire files (default: the app's CONVERSATIONS_DIR).",
)


def _folder(folder: Path | None) -> Path:
    if folder is not None:
        return folder
    configured = current_app.config.get("CONVERSATIONS_DIR")
    if not configured:
        raise click.UsageError("Set CONVERSATIONS_DIR in the app's config, or pass --folder.")
    if not Path(configured).is_dir():
        raise click.UsageError(f"CONVERSATIONS_DIR is {configured}, which is not a folder.")
    return Path(configured)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@conversations_cli.command("check")
@folder_option
@click.option(
    "--translations",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder of translation catalogues (default: 'translations' next to the conversations folder).",
)
def check(folder: Path | None, translations: Path | None) -> None:
    """Check every questionnaire: it loads, every question can be reached, the words are plain,
    every text message fits one segment, and its languages have translations."""
    folder = _folder(folder)
    files = sorted(folder.glob("*.yaml"))
    _, problems = lint_folder(folder, translations)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(problem.level == ERROR for problem in problems)
    warnings = len(problems) - errors
    click.echo(
        f"Checked {_plural(len(files), 'file')} in {folder}: {_plural(errors, 'error')}, "
        f"{_plural(warnings, 'warning')}."
    )
    if errors:
        raise SystemExit(1)


def schema_text() -> str:
    """The JSON Schema as the committed file holds it: stable key order, a newline at the end."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


@conversations_cli.command("schema")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the schema to this file instead of printing it (conversations/questionnaire.schema.json "
    "is the one editors use).",
)
def schema(out: Path | None) -> None:
    """Print the JSON Schema of a questionnaire file, which editors use to complete and check field names."""
    if out is None:
        click.echo(schema_text(), nl=False)
        return
    out.write_text(schema_text(), encoding="utf-8")
    click.echo(f"Wrote the questionnaire schema to {out}.")


@conversations_cli.command("report-sms")
@folder_option
@click.option("--translations", type=click.Path(file_okay=False, path_type=Path), help="Catalogue folder.")
@click.option("--price", type=float, default=0.04, show_default=True, help="What one segment costs you.")
def report_sms(folder: Path | None, translations: Path | None, price: float) -> None:
    """Show every text message each questionnaire sends: its length, segments and encoding, then the same
    in every language with a catalogue, and what sending every prompt once costs in each."""
    from survey_app.engine.sms_cost import language_rows

    folder = _folder(folder)
    questionnaires = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            questionnaires.append(load_questionnaire(path))
        except QuestionnaireError as error:
            click.echo(f"skipped {error} (run 'conversations check')", err=True)
    for line in sms_report(questionnaires):
        click.echo(line)
    catalogues = translations or folder.parent / "translations"
    found = sorted(p.parent.parent.name for p in catalogues.glob("*/LC_MESSAGES/messages.po"))
    rows, costs = language_rows(questionnaires, catalogues, ["en", *found], price)
    header = ("questionnaire", "language", "prompt", "chars", "segments", "encoding")
    click.echo("")
    for line in _table([header, *rows], numeric=(3, 4)):
        click.echo(line)
    click.echo("")
    for line in costs:
        click.echo(line)


def _table(rows: list[tuple[str, ...]], numeric: tuple[int, ...]) -> list[str]:
    widths = [max(len(row[n]) for row in rows) for n in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(w) if n in numeric else cell.ljust(w)
            for n, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def sms_report(questionnaires: Iterable[Questionnaire]) -> list[str]:
    """The report as lines of a plain-text table, with a summary line per questionnaire."""
    rows = [("questionnaire", "prompt", "chars", "segments", "encoding")]
    summaries = []
    for questionnaire in questionnaires:
        measured = [(name, sms_length(text), *segments(text)) for name, text in all_prompts(questionnaire)]
        rows += [
            (questionnaire.id, name, str(length), str(count), encoding)
            for name, length, count, encoding in measured
        ]
        longest = max(measured, key=lambda row: row[1])
        over = sum(count > 1 for _, _, count, _ in measured)
        summaries.append(
            f"{questionnaire.id}: {_plural(len(measured), 'prompt')}, longest {longest[1]} "
            f"characters ({longest[0]}), {_plural(over, 'prompt')} over one segment"
        )
    widths = [max(len(row[n]) for row in rows) for n in range(5)]
    table = [
        "  ".join(
            cell.rjust(w) if n in (2, 3) else cell.ljust(w)
            for n, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    return [*table, "", *summaries]
