"""The Excel workbook: a data sheet an analyst can filter at once, and the codebook beside it.

Sheets: "Responses" (one row per response, header frozen, filters on, real dates), "Variables" (each
column's question text, kind and measure), "Value labels" (every code and what it means) and "Codebook"
(the notes: missing-value codes, scrubbing and disclosure control). Rows stream through openpyxl's
write-only mode, so memory stays flat however many rows there are.

Cells holding a young person's words are always string cells with Excel's quote prefix, never formulas.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from survey_app.exports.cells import xlsx_string
from survey_app.exports.table import Column, Table

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Rows = Iterable[Mapping[str, object]]
SHEET_TITLE = "Responses"
DATE_FORMAT = "yyyy-mm-dd"


def _string_cell(sheet: WriteOnlyWorksheet, value: object, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=xlsx_string(value))
    # openpyxl makes any string starting with "=" a formula; forcing the type keeps it as text. The quote
    # prefix makes Excel keep it as text even if a reviewer edits the cell and presses Enter.
    cell.data_type = "s"
    cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def _is_number(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool)


class _Cells:
    """Turns values into cells; one date style object is shared by every date cell."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet

    def cell(self, column: Column, value: object) -> object:
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return None
        if type(value) is int:  # our own codes, in any column, free text included
            return value
        if column.kind == "code" and _is_number(value):
            return value
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        if isinstance(value, bool):
            return int(value)
        return _string_cell(self.sheet, value)


def _responses(workbook: Workbook, table: Table, rows: Rows) -> None:
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = 40 if column.kind == "text" else 12
    sheet.append([_string_cell(sheet, name, bold=True) for name in table.names])
    cells = _Cells(sheet)
    count = 0
    columns = table.columns
    for row in rows:
        sheet.append(
            [cells.cell(column, value) for column, value in zip(columns, table.values(row), strict=True)]
        )
        count += 1
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"


def _text_rows(
    workbook: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, width in enumerate((24, 60, 14, 14, 60)[: len(header)], 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_string_cell(sheet, text, bold=True) for text in header])
    for values in rows:
        sheet.append([_string_cell(sheet, value) for value in values])


def _kind(column: Column) -> str:
    return "free text" if column.kind == "text" else "code"


def write_xlsx(
    table: Table,
    rows: Rows,
    path: str | os.PathLike[str] | BinaryIO,
    notes: Sequence[str] | Callable[[], Sequence[str]] = (),
) -> None:
    """Write the workbook. ``notes`` (missing codes, scrubbing, banding) become the "Codebook" sheet; a
    function is called after the rows are written, so notes can report on them."""
    workbook = Workbook(write_only=True)
    _responses(workbook, table, rows)
    _text_rows(
        workbook,
        "Variables",
        ("Variable", "Question or meaning", "Kind", "Measure"),
        (
            (c.name, c.label, _kind(c), c.measure or ("nominal" if c.value_labels else ""))
            for c in table.columns
        ),
    )
    _text_rows(
        workbook,
        "Value labels",
        ("Variable", "Code", "Label"),
        ((c.name, code, label) for c in table.columns for code, label in (c.value_labels or {}).items()),
    )
    lines = notes() if callable(notes) else notes
    _text_rows(workbook, "Codebook", ("How to read this file",), ((note,) for note in lines))
    workbook.save(path)
