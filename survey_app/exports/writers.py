"""Streaming CSV and Excel writers: one row in, one row out, so memory does not grow with the export.

Both take a ``Table`` and any iterable of row dicts (a database cursor, a generator). Text columns are
scrubbed by the table; here they are made inert: CSV cells that could start a formula get a leading
apostrophe, and workbook cells holding a young person's words are always string cells, never formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Mapping
from typing import TextIO

from survey_app.exports.cells import FORMULA_TRIGGERS, safe_cell
from survey_app.exports.table import Table
from survey_app.exports.workbook import SHEET_TITLE, write_xlsx

Rows = Iterable[Mapping[str, object]]

# Excel reads a CSV as the local code page unless it starts with a byte-order mark; with it, accents, emoji
# and non-Latin scripts open correctly.
BYTE_ORDER_MARK = "\ufeff"


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
    kinds = [column.kind for column in table.columns]
    for row in rows:
        writer.writerow(
            [_csv_cell(value, kind) for value, kind in zip(table.values(row), kinds, strict=True)]
        )
        yield _drain(buffer)


def _csv_cell(value: object, kind: str) -> object:
    # Our own ints (codes, counts) and empty cells need no checks: the csv module writes them as they are.
    if value is None or type(value) is int:
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if (
        type(value) is str
        and value.isprintable()
        and value[:1] not in FORMULA_TRIGGERS
        and not value[:1].isspace()
    ):
        return (
            value  # printable text that starts with neither a formula sign nor a blank: nothing to make safe
        )
    return safe_cell(value, kind)


def write_csv(table: Table, rows: Rows, fileobj: TextIO) -> None:
    """Write the CSV to a text file opened with ``encoding="utf-8", newline=""`` (the byte-order mark is
    written here, so not "utf-8-sig")."""
    for piece in iter_csv(table, rows):
        fileobj.write(piece)


__all__ = ["iter_csv", "write_csv", "write_xlsx", "SHEET_TITLE"]
