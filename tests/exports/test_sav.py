"""SPSS .sav files keep variable labels, value labels and notes through a save and reload.

pyreadstat (ReadStat) reads every file back: it is an implementation of the format independent of ours."""

from __future__ import annotations

import tracemalloc
from decimal import Decimal

import pyreadstat
import pytest

from survey_app.exports.cells import TRUNCATION_MARK
from survey_app.exports.sav import write_sav
from survey_app.exports.sav_format import STRING_BYTES
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
    assert data["q1"] == [1.0, None, None]  # -1 is declared missing, so a reader sees no value
    assert data["placement"] == ["foster", "", "kinship"]


def test_negative_codes_are_declared_missing_and_kept_when_asked_for(tmp_path):
    write_sav(TABLE, ROWS, tmp_path / "export.sav")
    data, meta = pyreadstat.read_sav(str(tmp_path / "export.sav"), output_format="dict", user_missing=True)
    assert data["q1"] == [1.0, -1.0, None]
    assert meta.missing_ranges == {"q1": [{"lo": -6.0, "hi": -1.0}]}


def test_whole_number_codes_have_no_decimals_and_scales_are_ordinal(tmp_path):
    table = Table(
        [
            Column("say", "How much say?", value_labels={"1": "None", "5": "A lot"}, measure="ordinal"),
            Column("age", "Age", measure="scale"),
            Column("score", "Score"),
        ]
    )
    write_sav(table, [{"say": 3, "age": 17, "score": 2.5}], tmp_path / "export.sav")
    _, meta = _read(tmp_path / "export.sav")
    assert meta.original_variable_types == {"say": "F8.0", "age": "F8.0", "score": "F8.2"}
    assert meta.variable_measure == {"say": "ordinal", "age": "scale", "score": "scale"}
    write_sav(TABLE, ROWS, tmp_path / "labelled.sav")
    _, meta = _read(tmp_path / "labelled.sav")
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


def test_notes_in_non_latin_scripts_are_wrapped_by_bytes_without_losing_words(tmp_path):
    note = "Ответы сгруппированы так, чтобы каждое сочетание встречалось не реже пяти раз. " * 3
    write_sav(TABLE, ROWS, tmp_path / "export.sav", notes=[note])
    _, meta = _read(tmp_path / "export.sav")
    assert all(len(line.encode()) <= 80 for line in meta.notes)
    assert " ".join(line.strip() for line in meta.notes) == note.strip()


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


def _numbered_text(size: int) -> str:
    """ASCII text of exactly ``size`` bytes in which no stretch repeats, so a byte out of place shows."""
    return "".join(f"{n:06d}|" for n in range(size // 7 + 1))[:size]


# Around the edges of SPSS's storage: 8 bytes (the widest string with classic value labels), 255 (one
# variable record), then 252-byte steps of "very long string" segments, and SPSS's widest string.
@pytest.mark.parametrize("size", [1, 8, 9, 255, 256, 257, 504, 505, 510, 511, 2_600, STRING_BYTES])
def test_strings_of_any_width_come_back_byte_for_byte(tmp_path, size):
    table = Table([Column("comment", "Comment", kind="text"), Column("after", "After")], scrub_text=False)
    rows = [{"comment": _numbered_text(size), "after": 7}, {"comment": "short", "after": 8}, {}]
    write_sav(table, rows, tmp_path / "export.sav")
    data, meta = _read(tmp_path / "export.sav")
    assert data["comment"] == [_numbered_text(size), "short", ""]
    assert data["after"] == [7.0, 8.0, None]  # the column after a wide one is still in its place
    assert meta.variable_storage_width["comment"] == max(size, len("short"))


UNICODE = [
    "café naïve façade",
    "😀👍🏽 family: 👩‍👩‍👧",
    "مرحبا، كيف حالك؟",  # Arabic, right to left
    "שלום עולם",  # Hebrew, right to left
    "English then עברית then English",
    "日本語のテキスト",
    "e\u0301 (a combining accent)",
]


def test_unicode_text_survives_including_emoji_and_right_to_left_scripts(tmp_path):
    table = Table([Column("comment", "Comment ✍️", kind="text")], scrub_text=False)
    # Multibyte characters across the 255-byte segment joins: "é" is 2 bytes and "😀" is 4.
    long_ones = ["é" * 300, "😀" * 200, "ש" * 700]
    write_sav(table, [{"comment": text} for text in UNICODE + long_ones], tmp_path / "export.sav")
    data, meta = _read(tmp_path / "export.sav")
    assert data["comment"] == UNICODE + long_ones
    assert meta.column_names_to_labels["comment"] == "Comment ✍️"


def test_formula_like_answers_are_kept_as_plain_text(tmp_path):
    payloads = [
        "=1+1",
        "=cmd|' /C calc'!A0",
        "+44+1",
        "-2+3",
        "@SUM(A1:A2)",
        '=HYPERLINK("http://x.example")',
    ]
    table = Table([Column("comment", "Comment", kind="text")], scrub_text=False)
    write_sav(table, [{"comment": payload} for payload in payloads], tmp_path / "export.sav")
    data, meta = _read(tmp_path / "export.sav")
    assert data["comment"] == payloads  # SPSS never evaluates data, so nothing is prefixed
    assert meta.readstat_variable_types["comment"] == "string"


def test_missing_values_are_system_missing_numbers_and_empty_strings(tmp_path):
    table = Table(
        [Column("score", "Score"), Column("word", "Word"), Column("comment", "Comment", kind="text")]
    )
    rows = [
        {"score": 1.5, "word": "yes", "comment": "hi"},
        {},
        {"score": None, "word": None, "comment": None},
    ]
    write_sav(table, rows, tmp_path / "export.sav")
    data, _ = _read(tmp_path / "export.sav")
    assert data == {"score": [1.5, None, None], "word": ["yes", "", ""], "comment": ["hi", "", ""]}


def test_a_code_column_with_any_word_in_its_values_or_codes_is_a_string_column(tmp_path):
    placement = Column("placement", "Placement", value_labels={"foster": "Foster care"})
    table = Table([Column("mixed", "Mixed"), Column("numbers", "Numbers"), placement])
    rows = [
        {"mixed": 1, "numbers": Decimal("2.5"), "placement": 1},
        {"mixed": 2.5, "numbers": True, "placement": 2},
        {"mixed": "kinship", "numbers": "-3"},
    ]
    write_sav(table, rows, tmp_path / "export.sav")
    data, meta = _read(tmp_path / "export.sav")
    assert meta.readstat_variable_types == {"mixed": "string", "numbers": "double", "placement": "string"}
    assert data == {
        "mixed": ["1", "2.5", "kinship"],
        "numbers": [2.5, 1.0, -3.0],
        "placement": ["1", "2", ""],
    }
    assert meta.variable_value_labels["placement"] == {"foster": "Foster care"}


def test_string_value_labels_wider_than_eight_bytes_are_kept(tmp_path):
    # SPSS keeps labels for strings over 8 bytes in a record of their own; a labelled code longer than any
    # value in the data still widens the column, so its label applies when such a value turns up.
    labels = {"completed": "Completed", "in_progress": "Not finished", "stopped": "Stopped and kept"}
    table = Table([Column("state", "Completion", value_labels=labels)])
    write_sav(table, [{"state": "completed"}, {"state": "stopped"}], tmp_path / "export.sav")
    data, meta = _read(tmp_path / "export.sav")
    assert data["state"] == ["completed", "stopped"]
    assert meta.variable_value_labels["state"] == labels
    assert meta.variable_storage_width["state"] == len("in_progress")


def test_many_columns_keep_their_names_labels_and_values(tmp_path):
    # 300 columns whose names share their first eight characters, the length of SPSS's short names.
    columns = [Column(f"question_{n}", f"Question {n}", value_labels={"1": "Yes"}) for n in range(150)]
    columns += [Column(f"question_{n}_text", f"Question {n}, in words", kind="text") for n in range(150)]
    table = Table(columns, scrub_text=False)
    rows = [
        {column.name: n if column.kind == "code" else f"answer {n}" for column in columns} for n in (1, 2)
    ]
    write_sav(table, rows, tmp_path / "export.sav")
    data, meta = _read(tmp_path / "export.sav")
    assert list(data) == table.names
    assert meta.column_names_to_labels == {column.name: column.label for column in columns}
    assert data["question_149"] == [1.0, 2.0]
    assert data["question_0_text"] == ["answer 1", "answer 2"]
    assert meta.variable_value_labels["question_77"] == {1.0: "Yes"}


def test_a_long_multibyte_file_label_is_shortened_to_whole_characters(tmp_path):
    write_sav(TABLE, ROWS, tmp_path / "export.sav", file_label="é" * 40)
    _, meta = _read(tmp_path / "export.sav")
    assert meta.file_label == "é" * 32  # 64 bytes


def test_a_table_without_columns_is_refused_rather_than_written_unreadable(tmp_path):
    with pytest.raises(ValueError, match="at least one column"):
        write_sav(Table([]), [{}], tmp_path / "export.sav")


def test_the_spool_is_removed_and_a_failed_export_leaves_no_file(tmp_path):
    write_sav(TABLE, iter(ROWS), tmp_path / "export.sav")
    assert [path.name for path in tmp_path.iterdir()] == ["export.sav"]

    def broken_rows():
        yield ROWS[0]
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        write_sav(TABLE, broken_rows(), tmp_path / "other.sav")
    assert [path.name for path in tmp_path.iterdir()] == ["export.sav"]


def _peak_bytes(path, row_count: int) -> int:
    rows = (
        {"id": n, "q1": n % 2 + 1, "placement": "foster", "comment": f"answer number {n} " * (n % 7)}
        for n in range(row_count)
    )
    tracemalloc.start()
    write_sav(Table(TABLE.columns, scrub_text=False), rows, path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_memory_does_not_grow_with_the_number_of_rows(tmp_path):
    path = tmp_path / "export.sav"
    _peak_bytes(path, 50)  # warm up: imports and caches are not part of what we measure
    small, large = _peak_bytes(path, 2_000), _peak_bytes(path, 20_000)
    assert large < small + 256 * 1024, (small, large)
    assert _read(path)[1].number_rows == 20_000
