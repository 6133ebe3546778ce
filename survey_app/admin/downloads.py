"""Anonymised downloads: database -> rows -> banding -> an export writer (CSV, Excel, SPSS, codebook).

Two passes over the database, each holding one run at a time: the first only counts combinations of
quasi-identifiers so the banding can be planned; the second writes every row through that plan.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlmodel import Session

from survey_app.admin import audit
from survey_app.admin.export_layout import WITHHELD, WITHHELD_TEXT, Layout, layout_for
from survey_app.admin.export_source import runs_with_answers
from survey_app.admin.models import StoredExport
from survey_app.admin.reading import reading
from survey_app.engine import Questionnaire
from survey_app.exports import BandingPlan, BandingPlanner, iter_csv, write_codebook, write_sav, write_xlsx

FORMATS = {"csv": ".csv", "xlsx": ".xlsx", "sav": ".sav", "codebook": ".md"}
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
    "codebook": "text/markdown; charset=utf-8",
}
NOTES = (
    "One row per response. Responses the young person chose to delete are not included.",
    "Response numbers are for this file only; they do not match any other file or record.",
    "Dates are given as the Monday of the week, never the day.",
    f"Answers held back by the safeguarding lead show {WITHHELD_TEXT} (code {WITHHELD} in number columns).",
    "Codes in number columns: -1 skipped, -2 prefer not to say, -3 withheld; empty means not asked.",
)


@dataclass
class Download:
    layout: Layout
    plan: BandingPlan

    @property
    def notes(self) -> list[str]:
        return [*NOTES, *self.plan.describe()]

    @property
    def rows(self) -> int:
        return self.plan.total_rows

    def stream(self) -> Iterator[dict]:
        """Pass two: every row, banded. Opens its own connection, so it can run inside a streamed response."""
        layout, plan = self.layout, self.plan
        with reading() as connection:
            runs = runs_with_answers(connection, layout.questionnaire.id)
            for number, (run, answers) in enumerate(runs, 1):
                row = layout.row(number, run, answers)
                row.update(plan.apply(layout.quasi_identifiers(run, answers)))
                yield row


def prepare(questionnaire: Questionnaire, k: int | None = None) -> Download:
    """Pass one: plan the banding so that no combination of quasi-identifiers is rarer than k."""
    layout = layout_for(questionnaire)
    planner = BandingPlanner(layout.banding_kinds)
    with reading() as connection:
        for run, answers in runs_with_answers(connection, questionnaire.id):
            planner.add(layout.quasi_identifiers(run, answers))
    return Download(layout, planner.plan(k or current_app.config["EXPORT_K"]))


def csv_pieces(download: Download) -> Iterator[str]:
    return iter_csv(download.layout.table, download.stream())


def write(download: Download, fmt: str, path: Path) -> None:
    table, title = download.layout.table, download.layout.questionnaire.title
    if fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as fileobj:
            fileobj.writelines(csv_pieces(download))
    elif fmt == "xlsx":
        write_xlsx(table, download.stream(), path)
    elif fmt == "sav":
        write_sav(table, download.stream(), path, notes=download.notes, file_label=title)
    elif fmt == "codebook":
        with open(path, "w", encoding="utf-8") as fileobj:
            write_codebook(table, download.notes, fileobj, title=title)
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
