"""The codebook (an HTML page) describes every column, its codes, and how the data were protected."""

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
    assert text.startswith("<!DOCTYPE html>")
    assert "<h1>Codebook: Care review 2025</h1>" in text
    for name in ("<code>q1</code>", "<code>age</code>", "<code>comment</code>"):
        assert name in text
    assert "<tr><td>-1</td><td>Not asked</td></tr>" in text
    assert "<tr><td>2</td><td>No</td></tr>" in text


def test_free_text_columns_explain_the_scrubbing_labels():
    text = _codebook([])
    assert "[phone]" in text and "[name]" in text and "apostrophe" in text


def test_labels_cannot_break_the_tables_or_lines():
    text = _codebook([])
    assert "Do you feel safe? | honestly" in text
    assert "Anything else? Tell us" in text
    buffer = io.StringIO()
    write_codebook(Table([Column("q", "<script>alert(1)</script>")]), [], buffer)
    assert "<script>" not in buffer.getvalue() and "&lt;script&gt;" in buffer.getvalue()


def test_banding_notes_are_listed_and_their_absence_is_said():
    assert "<li>age: grouped into 16-17, 18-20</li>" in _codebook(["age: grouped into 16-17, 18-20"])
    assert "No banding or suppression was applied." in _codebook([])


def test_what_the_scrubber_removed_is_reported_per_column():
    buffer = io.StringIO()
    write_codebook(TABLE, [], buffer, removed={"comment": {"[name]": 3, "[phone]": 1}})
    text = buffer.getvalue()
    assert "<tr><td><code>comment</code></td><td>[name]</td><td>3</td></tr>" in text
