"""What an export holds: its columns, what each means, and the values of one row ready to write.

A column is either a ``code`` (a value we made: a number, a choice code, a banded age) or ``text`` (what a
young person typed). Text is scrubbed of identifying details here, once, so every file format gets the same
scrubbed words and a caller cannot forget to do it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from survey_app.exports.cells import cell_text
from survey_app.exports.common_words import word_set
from survey_app.exports.scrub import LABELS, scrub

ColumnKind = Literal["code", "text"]
MEMO_LIMIT = 20_000
MEMO_TEXT_LIMIT = 500
# SPSS's measurement levels, and "date" for a day (a real date in Excel and SPSS, ISO 8601 in CSV).
Measure = Literal["nominal", "ordinal", "scale", "date"]

# SPSS is the strictest of our formats, so its rules for variable names are the rules for every format: one
# name then means the same column in the CSV, the workbook, the .sav file and the codebook.
_VARIABLE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.@#$]{0,63}")
_SPSS_RESERVED = word_set("ALL AND BY EQ GE GT LE LT NE NOT OR TO WITH")


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    kind: ColumnKind = "code"
    value_labels: Mapping[str, str] | None = None
    measure: Measure | None = None  # None: nominal when labelled, scale otherwise

    def __post_init__(self) -> None:
        if self.kind not in ("code", "text"):
            raise ValueError(f"column {self.name!r}: kind must be 'code' or 'text', not {self.kind!r}")
        if not _VARIABLE_NAME.fullmatch(self.name) or self.name.endswith((".", "_")):
            raise ValueError(
                f"column name {self.name!r} must start with a letter, use only letters, digits and _ . @ # $,"
                " be at most 64 characters and not end with . or _ (SPSS rules)"
            )
        if self.name.upper() in _SPSS_RESERVED:
            raise ValueError(f"column name {self.name!r} is a reserved word in SPSS")
        if self.kind == "text" and self.value_labels:
            raise ValueError(f"column {self.name!r}: free text has no value labels")


class ScrubReport:
    """How many times each label ("[name]", "[phone]" ...) went into each free-text column."""

    def __init__(self) -> None:
        self.removed: dict[str, Counter[str]] = {}

    def add(self, column: str, scrubbed: str) -> None:
        if "[" not in scrubbed:
            return
        counts = self.removed.setdefault(column, Counter())
        for label in LABELS:
            found = scrubbed.count(label)
            if found:
                counts[label] += found


@dataclass(frozen=True)
class Table:
    """The columns of an export, in order. ``scrub_text=False`` only for text the caller already scrubbed.
    A ``report``, if given, counts what the scrubber removed."""

    columns: tuple[Column, ...]
    scrub_text: bool = True
    report: ScrubReport | None = None
    # Answers repeat ("no", "nothing", "not sure"): within one export, a text already scrubbed is not scrubbed
    # again. The memo lives as long as the table (one download), never longer, and stops growing at its limit.
    memo: dict[str, str] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        names = [column.name.lower() for column in self.columns]
        # SPSS treats names case-insensitively, so "Q1" and "q1" would collide there.
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"column names used twice (ignoring case): {', '.join(duplicates)}")

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    def values(self, row: Mapping[str, object]) -> list[object]:
        """One row's values in column order. A missing key is a missing value; keys that are not columns are
        ignored, so a field the caller did not declare can never leak into a file."""
        return [self._value(column, row.get(column.name)) for column in self.columns]

    def _value(self, column: Column, value: object) -> object:
        # An int in a text column is one of our own missing-value codes, never a young person's words.
        if column.kind == "code" or value is None or type(value) is int:
            return value
        text = cell_text(value)
        if not self.scrub_text:
            return text
        memo = self.memo
        scrubbed = memo.get(text) if memo is not None else None
        if scrubbed is None:
            scrubbed = scrub(text)
            if memo is not None and len(memo) < MEMO_LIMIT and len(text) <= MEMO_TEXT_LIMIT:
                memo[text] = scrubbed
        if self.report is not None:
            self.report.add(column.name, scrubbed)
        return scrubbed
