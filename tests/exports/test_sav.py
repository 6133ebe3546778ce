"""SPSS .sav files keep variable labels, value labels and notes through a save and reload."""

from __future__ import annotations

import pyreadstat

from survey_app.exports.cells import TRUNCATION_MARK
from survey_app.exports.sav import write_sav
from survey_app.exports.table import Column, Table

SAFE_LABELS = {"1": "Yes", "2": "No", "-1": "Not asked"}
TABLE = Table(
    [
        Column("id", "Response id"),
        Column("q1", "Do you feel safe where you live?", value_labels=SAFE_LABELS),
        Column("placement", "Placement", value_labels={"foster": "Foster care", "kinship": "Kinship care"}),
        Column("comment", "Anything else you want to tell us?", kind="text"),
    ]
)
LONG_ANSWER = "é" * 1_000 + " the end"
ROWS = [
    {"id": 1, "q1": 1, "placement": "foster", "comment": "=1+1 my worker Sarah helped"},
    {"id": 2, "q1": -1, "placement": None, "comment": LONG_ANSWER},
    {"id": 3, "q1": None, "placement": "kinship", "comment": None},
]


def _read(path):
    return pyreadstat.read_sav(str(path), output_format="dict")


def test_variable_and_value_labels_survive_a_save_and_reload(tmp_path):
    write_sav(TABLE, ROWS, tmp_path / "export.sav")
    _, meta = _read(tmp_path / "export.sav")
    assert meta.column_names_to_labels == {
        "id": "Response id",
        "q1": "Do you feel safe where you live?",
        "placement": "Placement",
        "comment": "Anything else you want to tell us?",
    }
    assert meta.variable_value_labels == {
        "q1": {1.0: "Yes", 2.0: "No", -1.0: "Not asked"},
        "placement": {"foster": "Foster care", "kinship": "Kinship care"},
    }


def test_numeric_codes_are_numbers_and_choice_codes_are_strings(tmp_path):
    write_sav(TABLE, ROWS, tmp_path / "export.sav")
    data, meta = _read(tmp_path / "export.sav")
    types = meta.readstat_variable_types
    assert types == {"id": "double", "q1": "double", "placement": "string", "comment": "string"}
    assert data["q1"] == [1.0, -1.0, None]
    assert data["placement"] == ["foster", "", "kinship"]
    assert meta.variable_measure["q1"] == "nominal"
    assert meta.variable_measure["id"] == "scale"


def test_free_text_is_scrubbed_and_long_answers_are_kept_whole(tmp_path):
    write_sav(TABLE, ROWS, tmp_path / "export.sav")
    data, _ = _read(tmp_path / "export.sav")
    assert data["comment"] == ["=1+1 my worker [name] helped", LONG_ANSWER, ""]


def test_notes_of_any_length_are_stored_as_spss_document_lines(tmp_path):
    note = "Quasi-identifiers were banded so that every combination is shared by at least 5 responses. " * 3
    write_sav(TABLE, ROWS, tmp_path / "export.sav", notes=[note, "Second note."], file_label="Review 2025")
    _, meta = _read(tmp_path / "export.sav")
    assert all(len(line.encode()) <= 80 for line in meta.notes)
    assert " ".join(line.strip() for line in meta.notes) == f"{note.strip()} Second note."
    assert meta.file_label == "Review 2025"


def test_over_long_labels_are_shortened_rather_than_refused(tmp_path):
    table = Table([Column("q1", "Q" * 400, value_labels={"1": "Y" * 300})])
    write_sav(table, [{"q1": 1}], tmp_path / "export.sav")
    _, meta = _read(tmp_path / "export.sav")
    assert meta.column_names_to_labels["q1"].startswith("QQQ")
    assert meta.variable_value_labels["q1"][1.0].startswith("YYY")


def test_an_export_with_no_rows_still_has_its_columns_and_labels(tmp_path):
    write_sav(TABLE, [], tmp_path / "export.sav")
    data, meta = _read(tmp_path / "export.sav")
    assert list(data) == ["id", "q1", "placement", "comment"]
    assert meta.number_rows == 0
    assert meta.variable_value_labels["q1"][2.0] == "No"


def test_an_answer_longer_than_spss_allows_is_cut_with_a_visible_mark(tmp_path):
    table = Table([Column("comment", "Comment", kind="text")], scrub_text=False)
    write_sav(table, [{"comment": "é" * 60_000}], tmp_path / "export.sav")
    data, _ = _read(tmp_path / "export.sav")
    assert data["comment"][0].startswith("éé")
    assert data["comment"][0].endswith(TRUNCATION_MARK)
    assert len(data["comment"][0].encode()) <= 32_767
