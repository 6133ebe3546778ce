"""safe_cell() and xlsx_string(): one value into one cell that a spreadsheet cannot run."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from survey_app.exports.cells import (
    EXCEL_MAX_CELL_CHARACTERS,
    TRUNCATION_MARK,
    cell_text,
    safe_cell,
    starts_like_formula,
    xlsx_string,
)

PAYLOADS = [
    "=1+1",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://example.com","click")',
    " =1+1",
    "\u200b=1+1",
    "\n\n@evil",
    "\uff1d1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_that_could_start_a_formula_gets_a_leading_apostrophe(payload):
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_code_column_does_not_let_a_formula_through_either(payload):
    assert safe_cell(payload, "code").startswith("'")


def test_our_own_numeric_codes_go_out_bare():
    assert safe_cell(-1, "code") == "-1"
    assert safe_cell("-1", "code") == "-1"
    assert safe_cell(-2.5, "code") == "-2.5"
    assert safe_cell(3.0, "code") == "3"


def test_a_young_persons_minus_number_is_treated_as_text():
    assert safe_cell("-1") == "'-1"
    assert safe_cell(-1) == "'-1"


def test_ordinary_text_is_unchanged():
    for text in ("my worker was great", "1 2 3", "a=b", "email me", "", "😀 = happy"):
        assert safe_cell(text) == text


def test_missing_values_are_empty_cells():
    assert safe_cell(None) == ""
    assert safe_cell(math.nan, "code") == ""


def test_safe_cell_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        safe_cell("x", "number")  # type: ignore[arg-type]


def test_cell_text_writes_dates_and_flags_plainly():
    assert cell_text(dt.date(2025, 3, 1)) == "2025-03-01"
    assert cell_text(True) == "1"
    assert cell_text(math.inf) == ""


def test_cell_text_drops_control_characters_and_unpaired_surrogates():
    assert cell_text("a\x00b\x07c\td\ne") == "abc\td\ne"
    assert cell_text("bad \ud800 half").encode("utf-8") == "bad \ufffd half".encode()


def test_leading_whitespace_alone_is_not_a_formula():
    assert not starts_like_formula("   hello")
    assert not starts_like_formula("   ")
    assert starts_like_formula("\t")


def test_xlsx_string_cuts_text_longer_than_an_excel_cell_with_a_visible_mark():
    text = xlsx_string("x" * 40_000)
    assert len(text) == EXCEL_MAX_CELL_CHARACTERS
    assert text.endswith(TRUNCATION_MARK)


def test_xlsx_string_keeps_a_formula_looking_answer_word_for_word():
    assert xlsx_string("=1+1") == "=1+1"
