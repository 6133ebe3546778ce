"""The codebook describes every column, its codes, and how the data were protected."""

from __future__ import annotations

import io

from survey_app.exports.codebook import write_codebook
from survey_app.exports.table import Column, Table

TABLE = Table(
    [
        Column("q1", "Do you feel safe? | honestly", value_labels={"1": "Yes", "2": "No", "-1": "Not asked"}),
        Column("age", "Age band"),
        Column("comment", "Anything else?\nTell us", kind="text"),
    ]
)


def _codebook(notes) -> str:
    buffer = io.StringIO()
    write_codebook(TABLE, notes, buffer, title="Care review 2025")
    return buffer.getvalue()


def test_every_column_its_label_and_its_codes_are_described():
    text = _codebook([])
    assert text.startswith("# Codebook: Care review 2025\n")
    for name in ("`q1`", "`age`", "`comment`"):
        assert name in text
    assert "| -1 | Not asked |" in text
    assert "| 2 | No |" in text


def test_free_text_columns_explain_the_scrubbing_labels():
    text = _codebook([])
    assert "[phone]" in text and "[name]" in text and "apostrophe" in text


def test_labels_cannot_break_the_tables_or_lines():
    text = _codebook([])
    assert "Do you feel safe? \\| honestly" in text
    assert "Anything else? Tell us" in text


def test_banding_notes_are_listed_and_their_absence_is_said():
    assert "- age: grouped into 16-17" in _codebook(["age: grouped into 16-17, 18-20"])
    assert "No banding or suppression was applied." in _codebook([])
