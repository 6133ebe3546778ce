"""Streaming CSV and Excel writers: one row in, one row out, so memory does not grow with the export.

Both take a ``Table`` and any iterable of row dicts (a database cursor, a generator). Text columns are
scrubbed by the table; here they are made inert: CSV cells that could start a formula get a leading
apostrophe, and workbook cells holding a young person's words are always string cells, never formulas.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, BinaryIO, TextIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from survey_app.exports.cells import safe_cell, xlsx_string
from survey_app.exports.table import Column, Table

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Rows = Iterable[Mapping[str, object]]

# Excel reads a CSV as the local code page unless it starts with a byte-order mark; with it, accents, emoji
# and non-Latin scripts open correctly.
BYTE_ORDER_MARK = "\ufeff"
SHEET_TITLE = "Responses"


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def iter_csv(table: Table, rows: Rows) -> Iterator[str]:
    """The CSV as pieces of text (header first, then one piece per row), for a streamed download."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(name) for name in table.names])
    yield BYTE_ORDER_MARK + _drain(buffer)
    for row in rows:
        values = table.values(row)
        writer.writerow(
            [safe_cell(value, column.kind) for column, value in zip(table.columns, values, strict=True)]
        )
        yield _drain(buffer)


def write_csv(table: Table, rows: Rows, fileobj: TextIO) -> None:
    """Write the CSV to a text file opened with ``encoding="utf-8", newline=""`` (the byte-order mark is
    written here, so not "utf-8-sig")."""
    for piece in iter_csv(table, rows):
        fileobj.write(piece)


def _string_cell(sheet: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=xlsx_string(value))
    # openpyxl makes any string starting with "=" a formula; forcing the type keeps it as text. The quote
    # prefix makes Excel keep it as text even if a reviewer edits the cell and presses Enter.
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def _is_number(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool)


def _cell(sheet: WriteOnlyWorksheet, column: Column, value: object) -> object:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if column.kind == "code" and _is_number(value):
        return value
    if isinstance(value, bool):
        return int(value)
    return _string_cell(sheet, value)


def write_xlsx(table: Table, rows: Rows, path: str | os.PathLike[str] | BinaryIO) -> None:
    """Write an Excel workbook with openpyxl's write-only mode, which streams rows to a temporary file and
    stores strings inline, so memory stays flat however many rows there are."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.append([_string_cell(sheet, name) for name in table.names])
    for row in rows:
        values = table.values(row)
        sheet.append(
            [_cell(sheet, column, value) for column, value in zip(table.columns, values, strict=True)]
        )
    workbook.save(path)
