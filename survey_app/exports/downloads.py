"""Anonymised downloads: database -> rows -> banding -> an export writer (CSV, Excel, SPSS, codebook).

One pass over the database, holding one run at a time: each run becomes a row (answers decoded, free text
scrubbed) kept in a spool on disk while its quasi-identifiers are counted. Once all are counted the banding
is planned, and the second pass reads the spool back, bands each row and hands it to a writer.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlmodel import Session

from survey_app.engine import Questionnaire
from survey_app.exports import (
    BandingPlan,
    BandingPlanner,
    Table,
    iter_csv,
    write_codebook,
    write_sav,
    write_xlsx,
)
from survey_app.exports.codes import Coder, coded_table, coders, encode
from survey_app.exports.layout import MISSING_LABELS, Layout, layout_for
from survey_app.exports.models import StoredExport
from survey_app.exports.reading import reading
from survey_app.exports.source import runs_with_answers
from survey_app.exports.spool import RowSpool
from survey_app.exports.table import ScrubReport
from survey_app.staff import audit

FORMATS = {"csv": ".csv", "xlsx": ".xlsx", "sav": ".sav", "codebook": ".html"}
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
    "codebook": "text/html; charset=utf-8",
}
NOTES = (
    "One row per response. Responses the young person chose to delete are not included.",
    "Response numbers are for this file only; they do not match any other file or record.",
    "Dates are given as the Monday of the week, never the day.",
    "Every column, free text included, uses the same codes where there is no answer: "
    + "; ".join(f"{code} {label.lower()}" for code, label in MISSING_LABELS.items())
    + ". SPSS files declare -6 to -1 as missing values. No cell is ever empty except 'finished_week' for "
    "a response not finished.",
    "Where the notes below say a value was removed (shown as '[suppressed]' or 'any age'), the files hold "
    "the code -6.",
    "Area counts leave out people who deleted their answers; the dashboard's 'By area or link' table counts "
    "everyone who agreed to take part, so its numbers can be a little higher.",
)


@dataclass
class Download:
    layout: Layout
    plan: BandingPlan
    coders: dict[str, Coder]
    spool: RowSpool
    report: ScrubReport

    @property
    def table(self) -> Table:
        """The columns as written: free text was scrubbed in the first pass, so it is not scrubbed again."""
        return coded_table(self.layout, self.coders, scrub_text=False)

    @property
    def notes(self) -> list[str]:
        return [*NOTES, *self.plan.describe(), *scrub_notes(self.report)]

    @property
    def rows(self) -> int:
        return self.plan.total_rows

    def stream(self) -> Iterator[dict]:
        """Pass two: every row from the spool, banded. Needs no database connection."""
        plan, found = self.plan, self.coders
        for row, identifiers, gaps in self.spool:
            row.update(encode(found, plan.apply(identifiers), gaps))
            yield row


def _first_pass(layout: Layout, planner: BandingPlanner, spool: RowSpool, report: ScrubReport) -> None:
    banded_questions = {q.columns[0].name: q.question.id for q in layout.questions if q.banding}
    text_columns = [c for c in layout.table.columns if c.kind == "text" and c.name not in banded_questions]
    scrubber = Table(tuple(text_columns), report=report, memo={})
    with reading() as connection:
        runs = runs_with_answers(connection, layout.questionnaire.id)
        for number, (run, answers) in enumerate(runs, 1):
            missing = layout.missing_codes(run, answers)
            row = layout.row(number, run, answers, missing)
            row.update(zip(scrubber.names, scrubber.values(row), strict=True))
            identifiers = layout.quasi_identifiers(run, answers, missing)
            planner.add(identifiers)
            gaps = {name: missing.get(question_id, 0) for name, question_id in banded_questions.items()}
            spool.add((row, identifiers, gaps))


def prepare(questionnaire: Questionnaire, k: int | None = None) -> Download:
    """Pass one: read, scrub and spool every row, then plan the banding so that no combination of
    quasi-identifiers is rarer than k."""
    layout = layout_for(questionnaire)
    planner = BandingPlanner(layout.banding_kinds)
    spool, report = RowSpool(export_folder()), ScrubReport()
    _first_pass(layout, planner, spool, report)
    plan = planner.plan(k or current_app.config["EXPORT_K"])
    return Download(layout, plan, coders(layout, plan), spool, report)


def csv_pieces(download: Download) -> Iterator[str]:
    return iter_csv(download.table, download.stream())


def scrub_notes(report: ScrubReport) -> list[str]:
    """One line per free-text column: what the scrubber replaced, so an analyst knows what is missing."""
    if not report.removed:
        return ["The scrubber found no identifying details in the free text."]
    return [
        f"Removed from {name}: " + ", ".join(f"{count} x {label}" for label, count in sorted(counts.items()))
        for name, counts in report.removed.items()
    ]


def write(download: Download, fmt: str, path: Path) -> None:
    table, title = download.table, download.layout.questionnaire.title
    if fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as fileobj:
            fileobj.writelines(iter_csv(table, download.stream()))
    elif fmt == "xlsx":
        write_xlsx(table, download.stream(), path, notes=download.notes)
    elif fmt == "sav":
        write_sav(table, download.stream(), path, notes=download.notes, file_label=title)
    elif fmt == "codebook":
        with open(path, "w", encoding="utf-8") as fileobj:
            write_codebook(table, download.notes, fileobj, title=title, removed=download.report.removed)
    else:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def file_name(questionnaire: Questionnaire, fmt: str) -> str:
    suffix = "-codebook" if fmt == "codebook" else ""
    return f"{questionnaire.id}-v{questionnaire.version}-{dt.date.today().isoformat()}{suffix}{FORMATS[fmt]}"


def export_folder() -> Path:
    folder = Path(current_app.config.get("EXPORT_DIR") or Path(current_app.instance_path) / "exports")
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # downloads wait here briefly; nobody else on the machine should read them
    return folder


def store(
    session: Session, questionnaire: Questionnaire, fmt: str, path: Path, actor_id: int | None
) -> StoredExport:
    """Write a download to ``path`` and remember it, so the retention purge can destroy it later."""
    download = prepare(questionnaire)
    record = StoredExport(
        questionnaire_id=questionnaire.id, format=fmt, path=str(path.resolve()), actor_id=actor_id
    )
    session.add(record)
    session.commit()
    write(download, fmt, path)
    log_download(session, actor_id, questionnaire, fmt, download.rows)
    return record


def log_download(
    session: Session, actor_id: int | None, questionnaire: Questionnaire, fmt: str, rows: int
) -> None:
    detail = f"questionnaire={questionnaire.id} version={questionnaire.version} format={fmt} rows={rows}"
    audit.record(session, actor_id, "export.download", detail)
