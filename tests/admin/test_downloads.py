"""Anonymised downloads: no planted identifier and no live formula leaves; banding holds; all is audited."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pyreadstat
import pytest
from sqlmodel import select

from survey_app.admin.demo import FORMULAS, PLANTED
from survey_app.exports.cells import FORMULA_TRIGGERS, is_plain_number
from survey_app.exports.models import StoredExport
from survey_app.staff.models import AuditEntry
from survey_app.store.models import Answer

QUASI_IDENTIFIERS = ("area", "age", "gender", "gender_own_words")


@pytest.fixture
def app_config(app_config):
    return app_config | {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def analyst(client_as, seed):
    seed(400)
    return client_as("analyst")


def download(client, fmt: str) -> bytes:
    response = client.post(f"/admin/q/leaving-care/download/{fmt}")
    assert response.status_code == 200, response.status_code
    data = response.get_data()
    response.close()  # as a server does once the last byte is sent
    return data


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_seeded_answers_do_contain_the_planted_identifiers_and_formulas(analyst, db):
    stored = " ".join(value or "" for value in db.exec(select(Answer.value)).all())
    assert all(planted in stored for planted in PLANTED)
    assert all(formula.replace('"', '\\"') in stored for formula in FORMULAS)


def test_csv_holds_no_planted_identifier_and_no_cell_that_starts_a_formula(analyst):
    data = download(analyst, "csv")
    text = data.decode("utf-8-sig")
    assert [planted for planted in PLANTED if planted in text] == []
    rows = csv_rows(data)
    assert len(rows) > 300
    for row in rows:
        for value in row.values():
            if value and value[0] in FORMULA_TRIGGERS:
                assert is_plain_number(value), value
    assert any(value.startswith("'=cmd|") for row in rows for value in row.values())


def test_excel_holds_no_planted_identifier_no_formula_and_user_text_only_as_strings(analyst):
    workbook = openpyxl.load_workbook(io.BytesIO(download(analyst, "xlsx")))
    sheet = workbook.active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    text_columns = {
        header.index(name) for name in ("one_change", "more_say", "rights_story", "feeling_unsafe")
    }
    seen_formula_text = False
    for row in sheet.iter_rows(min_row=2):
        for index, cell in enumerate(row):
            assert cell.data_type != "f"
            if cell.value is None:
                continue
            assert not any(planted in str(cell.value) for planted in PLANTED), cell.value
            if index in text_columns and not (isinstance(cell.value, int) and -6 <= cell.value <= -1):
                assert isinstance(cell.value, str) and cell.data_type == "s"
                seen_formula_text |= cell.value.startswith("=cmd|")
    assert seen_formula_text  # kept as words a reader can see, never run


def test_spss_file_holds_no_planted_identifier_and_keeps_labels(analyst, tmp_path):
    path = tmp_path / "out.sav"
    path.write_bytes(download(analyst, "sav"))
    frame, meta = pyreadstat.read_sav(str(path))
    assert len(frame) > 300
    for column in frame.columns:
        if frame[column].dtype == object:
            values = " ".join(str(v) for v in frame[column].dropna())
            assert not any(planted in values for planted in PLANTED), column
    assert meta.column_names_to_labels["care_now"].startswith("Which of these")
    assert meta.variable_value_labels["care_now"][-1] == "Skipped"


def test_codebook_describes_every_column_and_the_banding(analyst):
    header = next(csv.reader(io.StringIO(download(analyst, "csv").decode("utf-8-sig"))))
    codebook = download(analyst, "codebook").decode("utf-8")
    assert [name for name in header if f"<code>{name}</code>" not in codebook] == []
    assert "k = 5" in codebook and "Withheld by the safeguarding lead" in codebook


def test_no_combination_of_banded_quasi_identifiers_is_rarer_than_k(analyst):
    rows = csv_rows(download(analyst, "csv"))
    combinations = Counter(tuple(row[name] for name in QUASI_IDENTIFIERS) for row in rows)
    assert min(combinations.values()) >= 5


@pytest.mark.parametrize("k", [3, 10])
def test_k_comes_from_the_configuration(app, analyst, k):
    app.config["EXPORT_K"] = k
    rows = csv_rows(download(analyst, "csv"))
    combinations = Counter(tuple(row[name] for name in QUASI_IDENTIFIERS) for row in rows)
    assert min(combinations.values()) >= k


def test_withheld_answers_show_withheld_and_never_their_words(analyst, db):
    answer = db.exec(
        select(Answer).where(Answer.question_id == "feeling_unsafe", Answer.status == "answered")
    ).first()
    answer.value, answer.withheld = '"a unique flagged sentence"', True
    db.add(answer)
    db.commit()
    data = download(analyst, "csv").decode("utf-8-sig")
    assert "a unique flagged sentence" not in data
    assert "-5" in {row["feeling_unsafe"] for row in csv_rows(data.encode())}


def test_dates_are_weeks_and_deleted_responses_are_left_out(analyst, db):
    rows = csv_rows(download(analyst, "csv"))
    assert all(date.fromisoformat(row["started_week"]).weekday() == 0 for row in rows)
    assert {row["state"] for row in rows} <= {"completed", "stopped", "in_progress"}


def test_every_download_is_audited_without_answer_text(analyst, db):
    for fmt in ("csv", "xlsx"):
        download(analyst, fmt)
    entries = db.exec(select(AuditEntry).where(AuditEntry.action == "export.download")).all()
    assert [e.actor_id for e in entries] == [analyst.member.id] * 2
    assert "format=csv" in entries[0].detail and "rows=" in entries[0].detail


def test_built_files_are_deleted_from_the_server_once_sent(analyst, db, app):
    download(analyst, "xlsx")
    record = db.exec(select(StoredExport)).one()
    assert record.removed and not Path(record.path).exists()


def test_export_command_writes_a_file_and_remembers_it_for_destruction(app, seed, tmp_path, db):
    seed(50)
    out = tmp_path / "export.csv"
    result = app.test_cli_runner().invoke(
        args=["export", "--questionnaire", "leaving-care", "--format", "csv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8-sig").startswith("response,")
    assert db.exec(select(StoredExport)).one().path == str(out.resolve())
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "export.download")).one().actor_id is None


def test_coordinators_cannot_download(client_as, seed):
    seed(20)
    assert client_as("coordinator").post("/admin/q/leaving-care/download/csv").status_code == 403
