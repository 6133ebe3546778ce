"""Numbered codes for the banded quasi-identifiers, made once the banding is planned.

Banding turns ages into "16-20", areas into "Other areas in the North" and rare answers into "Other"; which of
these appear depends on the data. Once the plan is known, each banded value gets a code and a label, so SPSS
and R read the column as a labelled factor, and the "no answer" codes are the same as in every other column.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass

from survey_app.exports import BandingPlan, Column, Table
from survey_app.exports.banding_ladders import ANY_AGE, OTHER, SUPPRESSED
from survey_app.exports.layout import (
    MISSING_LABELS,
    NOT_ASKED,
    REMOVED,
    WORD_CODES,
    Layout,
    QuestionColumns,
)
from survey_app.exports.scottish_places import area_name

OTHER_CODE = 97
NO_AREA_CODE = 0
NO_AREA = "No area (a general link)"


@dataclass(frozen=True)
class Coder:
    """One banded column: its Column, and the code for each banded value."""

    column: Column
    codes: dict[Hashable, object]
    text: bool = False

    def encode(self, value: Hashable, missing: int) -> object:
        if value is None:
            return missing
        if value in WORD_CODES:
            return WORD_CODES[value]
        if value in (SUPPRESSED, ANY_AGE):
            return REMOVED
        if self.text:
            return value
        return self.codes.get(value, REMOVED)


def _first_number(label: object) -> tuple[int, str]:
    found = re.search(r"\d+", str(label))
    return (int(found.group()) if found else 999, str(label))


def _special(value: Hashable) -> bool:
    return value is None or value in WORD_CODES or value in (SUPPRESSED, ANY_AGE)


def _area_coder(values: set[Hashable]) -> Coder:
    named = sorted(
        (v for v in values if not _special(v)), key=lambda v: (str(v).startswith("Other"), area_name(v))
    )
    codes: dict[Hashable, object] = {value: n for n, value in enumerate(named, 1)}
    labels = {str(n): area_name(value) for value, n in codes.items()}
    if None in values:
        codes[None] = NO_AREA_CODE
        labels[str(NO_AREA_CODE)] = NO_AREA
    column = Column("area", "Area or distribution link (banded)", value_labels=labels | MISSING_LABELS)
    return _NoAreaCoder(column, codes)


class _NoAreaCoder(Coder):
    def encode(self, value: Hashable, missing: int) -> object:
        return NO_AREA_CODE if value is None else super().encode(value, missing)


def _age_coder(name: str, label: str, values: set[Hashable]) -> Coder:
    plain = [v for v in values if not _special(v)]
    if all(isinstance(v, int) for v in plain):  # exact ages kept: a number column
        return Coder(Column(name, label, value_labels=MISSING_LABELS, measure="scale"), {v: v for v in plain})
    ordered = sorted(plain, key=_first_number)
    codes = {value: n for n, value in enumerate(ordered, 1)}
    labels = {str(n): str(value) for value, n in codes.items()} | MISSING_LABELS
    return Coder(Column(name, label, value_labels=labels, measure="ordinal"), codes)


def _choice_coder(layout: QuestionColumns, values: set[Hashable]) -> Coder:
    column = layout.columns[0]
    if layout.question.is_text:
        return Coder(column, {}, text=True)
    coded = layout.question.answer_type.codes(layout.question)
    codes: dict[Hashable, object] = {value: code for value, code, _label in coded}
    labels = {str(code): label for _value, code, label in coded}
    if OTHER in values:
        codes[OTHER] = OTHER_CODE
        labels[str(OTHER_CODE)] = "Other (answers given by few people, combined)"
    column = Column(column.name, column.label, value_labels=labels | MISSING_LABELS, measure="nominal")
    return Coder(column, codes)


def coders(layout: Layout, plan: BandingPlan) -> dict[str, Coder]:
    """A coder for each banded column, from the values the plan can give."""
    seen: dict[str, set[Hashable]] = {name: set() for name in plan.names}
    for combination in [*plan.published, tuple(plan.suppressed_values.values())]:
        for name, value in zip(plan.names, combination, strict=True):
            seen[name].add(value)
    found = {"area": _area_coder(seen.get("area", set()))}
    for question in layout.questions:
        if not question.banding:
            continue
        name, label = question.columns[0].name, question.columns[0].label
        values = seen.get(name, set())
        if question.banding == "age" and not question.question.is_text:
            found[name] = _age_coder(name, label, values)
        else:
            found[name] = _choice_coder(question, values)
    return found


def coded_table(layout: Layout, found: dict[str, Coder], scrub_text: bool = True) -> Table:
    """The layout's table with each banded column replaced by its coded form."""
    columns = tuple(found[c.name].column if c.name in found else c for c in layout.table.columns)
    return Table(columns, scrub_text=scrub_text)


def encode(
    found: dict[str, Coder], banded: dict[str, Hashable], missing: dict[str, int]
) -> dict[str, object]:
    """``missing`` maps a banded column's name to the code for "no response" in this row."""
    return {
        name: coder.encode(banded.get(name), missing.get(name, NOT_ASKED)) for name, coder in found.items()
    }
