"""SPSS .sav files with variable labels and value labels, through pyreadstat (which needs pandas).

Memory: unlike the CSV and Excel writers this one holds every row. A .sav header declares each string
variable's width before the first row, so every value must be seen first, and pyreadstat only writes a whole
DataFrame (it cannot append). Rows are gathered column by column, then copied into the DataFrame: 50,000
rows of ten columns peaked at about 11 MiB, so review-sized exports are fine; the free text is the main cost.
"""

from __future__ import annotations

import math
import os
import textwrap
from array import array
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from survey_app.exports.cells import TRUNCATION_MARK, cell_text, is_plain_number
from survey_app.exports.table import Column, Table

if TYPE_CHECKING:  # pandas is imported only when a .sav file is written
    import pandas as pd

Rows = Iterable[Mapping[str, object]]

# SPSS limits: a variable label holds 256 bytes and a value label 120; readstat refuses longer ones.
VARIABLE_LABEL_BYTES = 256
VALUE_LABEL_BYTES = 120
# SPSS keeps notes ("documents") as lines of 80 bytes; readstat refuses a longer line.
NOTE_LINE_BYTES = 80
# SPSS's widest string. Past it readstat wrote a 100 KB answer back as an empty string without a word, so
# we cut long answers ourselves, with the same visible mark as in the Excel file.
STRING_BYTES = 32_767


def _fit(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", "ignore")


def _note_lines(notes: Sequence[str]) -> list[str]:
    lines: list[str] = []
    for note in notes:
        wrapped = textwrap.wrap(note, width=NOTE_LINE_BYTES - 4, subsequent_indent="  ") or [""]
        lines += [_fit(line, NOTE_LINE_BYTES) for line in wrapped]
    return lines


def _is_numeric_column(column: Column, values: Sequence[object]) -> bool:
    """A code column is numeric in SPSS when every value and every labelled code is a number; otherwise it
    is a string variable (such as choice codes "foster", "kinship")."""
    if column.kind != "code":
        return False
    labelled = column.value_labels or {}
    return all(is_plain_number(code) for code in labelled) and all(
        value is None or is_plain_number(value) for value in values
    )


def _number(value: object) -> float:
    if value is None:
        return math.nan
    number = float(value)  # type: ignore[arg-type]  # only called once is_plain_number said yes
    return number if math.isfinite(number) else math.nan


def _code_key(code: str) -> int | float:
    number = float(code)
    return int(number) if number.is_integer() else number


def _gather(table: Table, rows: Rows) -> list[list[object]]:
    columns: list[list[object]] = [[] for _ in table.columns]
    for row in rows:
        for values, value in zip(columns, table.values(row), strict=True):
            values.append(value)
    return columns


def _string(value: object) -> str | None:
    if value is None:
        return None
    text = cell_text(value)
    if len(text.encode("utf-8")) <= STRING_BYTES:
        return text
    return _fit(text, STRING_BYTES - len(TRUNCATION_MARK.encode())) + TRUNCATION_MARK


def _series(values: list[object], numeric: bool) -> pd.Series:
    import pandas as pd

    if numeric:
        return pd.Series(array("d", map(_number, values)), dtype="float64")
    return pd.Series([_string(value) for value in values], dtype=object)


def _value_labels(table: Table, numeric: Mapping[str, bool]) -> dict[str, dict[int | float | str, str]]:
    labels: dict[str, dict[int | float | str, str]] = {}
    for column in table.columns:
        if not column.value_labels:
            continue
        convert = _code_key if numeric[column.name] else str
        labels[column.name] = {
            convert(code): _fit(label, VALUE_LABEL_BYTES) for code, label in column.value_labels.items()
        }
    return labels


def _measure(column: Column, numeric: bool) -> str:
    if numeric and not column.value_labels:
        return "scale"
    return "nominal"


def write_sav(
    table: Table,
    rows: Rows,
    path: str | os.PathLike[str],
    notes: Sequence[str] = (),
    file_label: str = "",
) -> None:
    """Write an SPSS file. ``notes`` (the banding and suppression notes) are stored as SPSS document lines."""
    try:
        import pandas as pd
        import pyreadstat
    except ImportError as error:  # pragma: no cover - pandas is a declared dependency
        raise RuntimeError("writing .sav files needs pandas and pyreadstat installed") from error

    gathered = _gather(table, rows)
    numeric = {
        column.name: _is_numeric_column(column, values)
        for column, values in zip(table.columns, gathered, strict=True)
    }
    frame = pd.DataFrame(
        {
            column.name: _series(values, numeric[column.name])
            for column, values in zip(table.columns, gathered, strict=True)
        }
    )
    del gathered
    pyreadstat.write_sav(
        frame,
        os.fspath(path),
        file_label=_fit(file_label, 64),
        column_labels={column.name: _fit(column.label, VARIABLE_LABEL_BYTES) for column in table.columns},
        variable_value_labels=_value_labels(table, numeric),
        variable_measure={column.name: _measure(column, numeric[column.name]) for column in table.columns},
        note=_note_lines(notes) or None,
    )
