"""SPSS .sav files with variable labels, value labels and notes, written row by row (see ``sav_format``).

A .sav file declares, before the first case, each string variable's width and whether each code column is
numeric, and both depend on every value. So the rows go through a private temporary file beside the output:
the first pass turns each value into its final bytes while measuring the columns, the second writes the
cases. Memory holds one row at a time, however many rows there are; the spool costs disk, not memory.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import struct
import tempfile
import textwrap
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from survey_app.exports.cells import TRUNCATION_MARK, cell_text, is_plain_number
from survey_app.exports.sav_format import NOTE_LINE_BYTES, STRING_BYTES, SYSMIS, CaseEncoder, Variable, fit
from survey_app.exports.sav_format import dictionary as sav_dictionary
from survey_app.exports.table import Column, Table

Rows = Iterable[Mapping[str, object]]

# Past SPSS's widest string ReadStat once wrote a 100 KB answer back as an empty string without a word, so
# we cut long answers ourselves, with the same visible mark as in the Excel file.
_MARK = TRUNCATION_MARK.encode("utf-8")
_GREGORIAN = dt.date(1582, 10, 14)
# Our "no answer" codes run from -6 to -1 (see the codebook); SPSS is told they are missing, not values.
MISSING_RANGE = (-6.0, -1.0)
_MISSING = -1  # the spool's length for a missing value; a present one is 0 to STRING_BYTES bytes


@dataclass
class _Columns:
    """What the first pass learns: each column's widest value in bytes, and whether it held only numbers."""

    widths: list[int]
    numeric: list[bool]
    whole: list[bool]
    rows: int = 0


def _cell_bytes(value: object) -> bytes:
    data = cell_text(value).encode("utf-8")
    if len(data) <= STRING_BYTES:
        return data
    return fit(data, STRING_BYTES - len(_MARK)) + _MARK


def _spool(table: Table, rows: Rows, spool: BinaryIO) -> _Columns:
    """Pass one. Each row is stored as its cells' lengths (two bytes each: no cell is over 32,767 bytes)
    followed by the cells' bytes, so pass two can read a whole row with two reads."""
    count = len(table.columns)
    columns = _Columns([0] * count, [column.kind == "code" for column in table.columns], [True] * count)
    dates = [index for index, column in enumerate(table.columns) if column.measure == "date"]
    lengths = struct.Struct(f"<{count}h")
    for row in rows:
        values = table.values(row)
        for index in dates:
            if isinstance(values[index], dt.date):
                values[index] = spss_date(values[index])
        cells = [None if value is None else _cell_bytes(value) for value in values]
        _measure(columns, values, cells)
        spool.write(lengths.pack(*(_MISSING if cell is None else len(cell) for cell in cells)))
        spool.write(b"".join(cell for cell in cells if cell))
        columns.rows += 1
    return columns


def _measure(columns: _Columns, values: Sequence[object], cells: list[bytes | None]) -> None:
    widths, numeric = columns.widths, columns.numeric
    for index, cell in enumerate(cells):
        if cell is None:
            continue
        widths[index] = max(widths[index], len(cell))
        # A cut value is text whatever it held; so is anything that is not a plain number.
        if numeric[index] and (cell.endswith(_MARK) or not is_plain_number(values[index])):
            numeric[index] = False
        if columns.whole[index] and b"." in cell:
            columns.whole[index] = cell.rstrip(b"0").endswith(b".")


def _cases(spool: BinaryIO, variables: Sequence[Variable], rows: int) -> Iterator[list[float | bytes]]:
    """Pass two: the spooled rows again, one at a time, as numbers or bytes ready for the case encoder."""
    lengths = struct.Struct(f"<{len(variables)}h")
    numeric = [variable.width == 0 for variable in variables]
    spool.seek(0)
    for _ in range(rows):
        sizes = lengths.unpack(spool.read(lengths.size))
        body = spool.read(sum(size for size in sizes if size > 0))
        cells: list[float | bytes] = []
        start = 0
        for size, is_number in zip(sizes, numeric, strict=True):
            data = body[start : start + size] if size > 0 else b""
            start += max(size, 0)
            if is_number:
                cells.append(SYSMIS if size == _MISSING else _number(data))
            else:
                cells.append(data)
        yield cells


def _number(data: bytes) -> float:
    number = float(data)  # pass one saw that it is a plain number
    return number if math.isfinite(number) else SYSMIS


def spss_date(day: dt.date) -> float:
    """SPSS keeps a date as seconds since the start of the Gregorian calendar, 14 October 1582."""
    return float((day - _GREGORIAN).days * 86_400)


def _variable(column: Column, width: int, numeric: bool, whole: bool = True) -> Variable:
    """A code column is numeric in SPSS when every value and every labelled code is a number; otherwise it
    is a string (such as the channel "web", "sms"), wide enough for its values and its codes. Numbers carry
    the missing-value range; whole numbers show no decimals."""
    labels = column.value_labels or {}
    if numeric and all(is_plain_number(code) for code in labels):
        keyed = {float(code): label for code, label in labels.items()}
        measure = column.measure or ("nominal" if labels else "scale")
        date = measure == "date"
        missing = MISSING_RANGE if any(float(code) < 0 for code in labels) else None
        return Variable(
            column.name,
            column.label,
            0,
            "scale" if date else measure,
            keyed,
            decimals=0 if whole else 2,
            missing_range=missing,
            date=date,
        )
    width = min(max(width, *(len(code.encode("utf-8")) for code in labels), 1), STRING_BYTES)
    kept = {code: label for code, label in labels.items() if len(code.encode("utf-8")) <= width}
    return Variable(column.name, column.label, width, "nominal", kept)


def _note_lines(notes: Sequence[str]) -> list[str]:
    """SPSS keeps notes ("documents") as lines of 80 bytes: wrap, and indent the lines that continue one."""
    lines: list[str] = []
    for note in notes:
        width = NOTE_LINE_BYTES - 4
        wrapped = textwrap.wrap(note, width=width, subsequent_indent="  ") or [""]
        # textwrap counts characters, not bytes: wrap accented or non-Latin notes tighter until they fit.
        while width > 20 and any(len(line.encode("utf-8")) > NOTE_LINE_BYTES for line in wrapped):
            width -= 8
            wrapped = textwrap.wrap(note, width=width, subsequent_indent="  ")
        lines += wrapped
    return lines


def write_sav(
    table: Table,
    rows: Rows,
    path: str | os.PathLike[str],
    notes: Sequence[str] | Callable[[], Sequence[str]] = (),
    file_label: str = "",
) -> None:
    """Write an SPSS file. ``notes`` (the banding and suppression notes) are stored as SPSS document lines.
    ``rows`` is read once, so a generator or a database cursor will do."""
    if not table.columns:
        raise ValueError("an SPSS file needs at least one column")  # SPSS and ReadStat refuse an empty one
    folder = os.path.dirname(os.path.abspath(path))
    # The spool sits beside the output, whose folder is private to us, and is deleted as soon as it closes.
    with tempfile.TemporaryFile(dir=folder) as spool:
        columns = _spool(table, rows, spool)
        variables = [
            _variable(column, width, numeric, whole)
            for column, width, numeric, whole in zip(
                table.columns, columns.widths, columns.numeric, columns.whole, strict=True
            )
        ]
        encoder = CaseEncoder(variables)
        with open(path, "wb") as output:
            lines = _note_lines(notes() if callable(notes) else notes)  # a function: called after the rows
            output.write(sav_dictionary(variables, columns.rows, lines, file_label))
            for cells in _cases(spool, variables, columns.rows):
                output.write(encoder.encode(cells))
