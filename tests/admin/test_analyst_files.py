"""On seeded data (1,000 responses), the files an analyst opens are right when read by other programs:
ReadStat (pyreadstat) and GNU PSPP for the SPSS file, LibreOffice for the workbook, and their numbers equal
the dashboard's."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import openpyxl
import pyreadstat
import pytest
from sqlalchemy import func
from sqlmodel import select

from survey_app.admin import stats
from survey_app.admin.answer_distributions import distribution
from survey_app.exports.reading import reading
from survey_app.exports.scottish_places import area_name
from survey_app.store.models import DELETED, Run

K = 5
PLANTED_FILE = Path(__file__).parent.parent / "exports" / "planted_answers.jsonl"


@pytest.fixture
def app_config(app_config):
    return app_config | {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def analyst(client_as, seed):
    seed(1000)
    return client_as("analyst")


def _download(client, fmt: str, path):
    response = client.post(f"/admin/q/leaving-care/download/{fmt}")
    assert response.status_code == 200
    path.write_bytes(response.get_data())
    response.close()
    return path


def _program(name: str) -> str:
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} is needed for this test: see the Makefile's test prerequisites")
    return found


def _areas_in_database(app) -> Counter:
    with app.app_context(), reading() as connection:
        query = (
            select(Run.distribution, func.count())
            .where(Run.questionnaire_id == "leaving-care", Run.state != DELETED)
            .group_by(Run.distribution)
        )
        return Counter(dict(connection.execute(query).all()))


def test_the_area_column_keeps_every_area_with_at_least_k_responses(app, analyst, tmp_path):
    path = _download(analyst, "sav", tmp_path / "out.sav")
    frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=True, user_missing=True)
    in_file = Counter(frame["area"])
    in_database = _areas_in_database(app)
    big = {area: count for area, count in in_database.items() if area and count >= K}
    assert len(big) >= 8
    assert [area for area in big if in_file[area_name(area)] == 0] == []
    # Counts agree with the database except where a few rows had to lose every value for anonymity.
    removed = in_file["Removed to protect anonymity"]
    assert removed < 2 * K
    differences = sum(abs(in_file[area_name(area)] - count) for area, count in big.items())
    assert differences <= removed


def test_pyreadstat_reports_missing_values_measures_and_labels(analyst, tmp_path):
    path = _download(analyst, "sav", tmp_path / "out.sav")
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    assert meta.missing_ranges["had_a_say"] == [{"lo": -6.0, "hi": -1.0}]
    assert meta.variable_measure["had_a_say"] == "ordinal"
    assert meta.variable_measure["care_now"] == "nominal"
    assert meta.variable_measure["area"] == "nominal"
    assert meta.original_variable_types["care_now"] == "F8.0"
    assert meta.original_variable_types["started_week"] == "DATE11"
    labels = meta.variable_value_labels["care_now"]
    assert labels[-1.0] == "Skipped" and labels[-2.0] == "Prefer not to say"
    assert labels[-3.0].startswith("Not asked") and labels[-4.0].startswith("Not reached")
    assert meta.column_names_to_labels["had_a_say"].startswith("How much say")
    # Every value in a labelled number column has a label: no unexplained codes.
    for name, labels in meta.variable_value_labels.items():
        if meta.variable_measure[name] != "scale":
            unexplained = {value for value in frame[name].dropna() if value not in labels}
            assert unexplained == set(), name


def _pspp(sav_path, syntax: str, tmp_path) -> list[list[str]]:
    script = tmp_path / "check.sps"
    script.write_text(f"GET FILE='{sav_path}'.\n{syntax}\n", encoding="utf-8")
    out = tmp_path / "pspp.csv"
    result = subprocess.run(
        [_program("pspp"), "-O", "format=csv", "-o", str(out), str(script)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))


def _dashboard_counts(app, question_id: str) -> dict[str, int]:
    with app.test_request_context(), reading() as connection:
        questionnaire = app.extensions["questionnaires"].get("leaving-care")
        question = questionnaire.question(question_id)
        table = distribution(question, stats.answer_counts(connection, questionnaire).get(question_id, {}))
    return {cell.label: cell.value for cell in table.cells if cell.shown}


def test_pspp_means_and_frequencies_equal_the_dashboards(app, analyst, tmp_path):
    path = _download(analyst, "sav", tmp_path / "out.sav")
    rows = _pspp(path, "DESCRIPTIVES VARIABLES=had_a_say.\nFREQUENCIES VARIABLES=care_now.", tmp_path)
    dashboard = _dashboard_counts(app, "had_a_say")
    scale = {int(label.split(" ")[0]): n for label, n in dashboard.items() if label[0].isdigit()}
    expected_mean = sum(value * n for value, n in scale.items()) / sum(scale.values())
    described = next(row for row in rows if row and row[0].startswith("How much say"))
    assert int(described[1]) == sum(scale.values())
    assert float(described[2]) == pytest.approx(expected_mean, abs=0.005)

    choices = _dashboard_counts(app, "care_now")
    frequencies = {row[1]: int(row[2]) for row in rows if len(row) > 2 and row[2].isdigit()}
    shown = {label: n for label, n in choices.items() if label in frequencies}
    assert len(shown) >= 4  # the three choices, skipped and prefer not to say
    assert shown == {label: frequencies[label] for label in shown}


def test_libreoffice_converts_the_workbook_to_csv_without_errors(analyst, tmp_path):
    path = _download(analyst, "xlsx", tmp_path / "out.xlsx")
    result = subprocess.run(
        [
            _program("soffice"),
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(tmp_path / "converted"),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()
    converted = tmp_path / "converted"
    responses = list(csv.reader((converted / "out-Responses.csv").open(encoding="utf-8")))
    assert responses[0][:3] == ["response", "version", "channel"]
    assert len(responses) > 800
    assert {row[0] for row in csv.reader((converted / "out-Value labels.csv").open(encoding="utf-8"))} >= {
        "area",
        "care_now",
    }
    codebook = (converted / "out-Codebook.csv").read_text(encoding="utf-8")
    assert "k = 5" in codebook and "-4 not reached" in codebook


def test_no_planted_detail_reaches_any_download(app, client_as, seed, db, tmp_path):
    from survey_app.store.models import Answer

    planted = [json.loads(line) for line in PLANTED_FILE.open(encoding="utf-8")]
    seed(400)
    texts = ("one_change", "rights_story", "more_say", "feeling_unsafe")
    answers = db.exec(
        select(Answer).where(Answer.question_id.in_(texts), Answer.status == "answered", ~Answer.withheld)
    ).all()
    assert len(answers) >= len(planted)
    for answer, item in zip(answers, planted, strict=False):
        answer.value = json.dumps(item["text"])
        db.add(answer)
    db.commit()
    analyst = client_as("analyst")
    details = {detail for item in planted for detail in item["planted"]}

    def leaks(values) -> set[str]:
        text = "\n".join(str(value) for value in values if value is not None)
        return {d for d in details if re.search(rf"(?<!\w){re.escape(d)}(?!\w)", text, re.IGNORECASE)}

    csv_text = _download(analyst, "csv", tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert leaks(row[name] for row in rows for name in texts) == set()
    sheet = openpyxl.load_workbook(_download(analyst, "xlsx", tmp_path / "out.xlsx"))["Responses"]
    assert leaks(cell.value for row in sheet.iter_rows(min_row=2) for cell in row) == set()
    frame, _ = pyreadstat.read_sav(str(_download(analyst, "sav", tmp_path / "out.sav")))
    assert leaks(value for name in texts for value in frame[name]) == set()
    codebook = _download(analyst, "codebook", tmp_path / "codebook.html").read_text(encoding="utf-8")
    assert "[place]" in codebook and "[name]" in codebook  # the report of what was removed


def test_the_workbook_has_a_frozen_filtered_header_real_dates_and_its_codebook(analyst, tmp_path):
    workbook = openpyxl.load_workbook(_download(analyst, "xlsx", tmp_path / "out.xlsx"))
    assert workbook.sheetnames == ["Responses", "Variables", "Value labels", "Codebook"]
    sheet = workbook["Responses"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    header = [cell.value for cell in sheet[1]]
    started = sheet.cell(row=2, column=header.index("started_week") + 1)
    assert started.is_date
    variables = {row[0]: row[1] for row in workbook["Variables"].iter_rows(min_row=2, values_only=True)}
    assert variables["had_a_say"].startswith("How much say")
    labels = {
        (row[0], row[1]): row[2] for row in workbook["Value labels"].iter_rows(min_row=2, values_only=True)
    }
    assert labels[("care_now", "-4")].startswith("Not reached")
    notes = " ".join(row[0] for row in workbook["Codebook"].iter_rows(min_row=2, values_only=True))
    assert "k = 5" in notes and "Removed from" in notes
