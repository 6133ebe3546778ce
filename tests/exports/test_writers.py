"""CSV and Excel files: scrubbed, formula-free, and written row by row."""

from __future__ import annotations

import csv
import io
import tracemalloc

import pytest
from openpyxl import load_workbook

from survey_app.exports.table import Column, Table
from survey_app.exports.writers import BYTE_ORDER_MARK, iter_csv, write_csv, write_xlsx

PAYLOADS = [
    "=1+1",
    "=cmd|' /C calc'!A0",
    "+44+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    '=HYPERLINK("http://example.com","x")',
    "=WEBSERVICE(A1)",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _table(scrub_text: bool = True) -> Table:
    return Table(
        [
            Column("id", "Response id"),
            Column("q1", "Do you feel safe?", value_labels={"1": "Yes", "2": "No", "-1": "Not asked"}),
            Column("placement", "Placement", value_labels={"foster": "Foster care"}),
            Column("comment", "Anything else?", kind="text"),
        ],
        scrub_text=scrub_text,
    )


def _rows():
    for number, payload in enumerate(PAYLOADS):
        yield {"id": number, "q1": -1 if number % 2 else 1, "placement": "foster", "comment": payload}
    yield {"id": 98, "q1": None, "placement": None, "comment": "call me on 07700 900123, my worker Sarah"}
    yield {"id": 99, "q1": 2, "comment": "bad\x00 bytes \x07 and 😀", "not_a_column": "secret"}


def _csv_text(table: Table, rows) -> str:
    buffer = io.StringIO(newline="")
    write_csv(table, rows, buffer)
    return buffer.getvalue()


def test_the_csv_starts_with_a_byte_order_mark_so_excel_reads_utf8():
    assert _csv_text(_table(), _rows()).startswith(BYTE_ORDER_MARK + "id,q1,placement,comment\r\n")


def _csv_records(table: Table) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_csv_text(table, _rows()).removeprefix(BYTE_ORDER_MARK), newline="")))


def test_no_csv_cell_can_start_a_formula_even_after_trimming():
    # Unscrubbed, so the payloads reach the writer exactly as typed ("@SUM" would otherwise become a handle).
    records = _csv_records(_table(scrub_text=False))
    comments = [record[3] for record in records[1:]]
    for comment in comments:
        assert not comment.lstrip(" \t\r\n").startswith(FORMULA_START[:4]), comment
        assert not comment.startswith(FORMULA_START), comment
    assert comments[: len(PAYLOADS)] == ["'" + payload for payload in PAYLOADS]


def test_csv_keeps_our_codes_bare_and_scrubs_free_text():
    records = _csv_records(_table())
    assert [record[1] for record in records[1:3]] == ["1", "-1"]
    assert records[-2] == ["98", "", "", "call me on [phone], my worker [name]"]
    assert records[-1] == ["99", "2", "", "bad bytes  and 😀"]
    assert all("secret" not in value for record in records for value in record)


def test_iter_csv_reads_rows_only_as_the_download_asks_for_them():
    rows = iter([{"id": 1}, {"id": 2}, {"id": 3}])
    pieces = iter_csv(_table(), rows)
    next(pieces)
    next(pieces)
    assert next(rows) == {"id": 2}


def _workbook_rows(path):
    sheet = load_workbook(path)["Responses"]
    return list(sheet.iter_rows())


def test_no_workbook_cell_is_a_formula_and_every_answer_is_kept_as_text(tmp_path):
    path = tmp_path / "export.xlsx"
    write_xlsx(_table(scrub_text=False), _rows(), path)
    rows = _workbook_rows(path)
    assert all(cell.data_type != "f" for row in rows for cell in row)
    comments = [row[3] for row in rows[1 : len(PAYLOADS) + 1]]
    # Some openpyxl versions read a carriage return back as a line feed; nothing else may change.
    unify = str.maketrans({"\r": "\n"})
    assert [cell.value.translate(unify) for cell in comments] == [p.translate(unify) for p in PAYLOADS]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in comments)


def test_a_scrubbed_workbook_has_no_formula_either(tmp_path):
    path = tmp_path / "export.xlsx"
    write_xlsx(_table(), _rows(), path)
    assert all(cell.data_type != "f" for row in _workbook_rows(path) for cell in row)


def test_workbook_codes_are_numbers_and_text_is_scrubbed(tmp_path):
    path = tmp_path / "export.xlsx"
    write_xlsx(_table(), _rows(), path)
    rows = _workbook_rows(path)
    assert [cell.value for cell in rows[0]] == ["id", "q1", "placement", "comment"]
    assert (rows[1][1].value, rows[1][1].data_type) == (1, "n")
    assert rows[2][1].value == -1
    assert [cell.value for cell in rows[-2]] == [98, None, None, "call me on [phone], my worker [name]"]
    assert rows[-1][3].value == "bad bytes  and 😀"


def _peak_bytes(write, row_count: int) -> int:
    rows = ({"id": n, "q1": 1, "placement": "foster", "comment": f"=answer {n}"} for n in range(row_count))
    tracemalloc.start()
    write(rows)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_memory_does_not_grow_with_the_number_of_rows(tmp_path, file_format):
    table = _table(scrub_text=False)

    def write(rows):
        if file_format == "csv":
            with open(tmp_path / "export.csv", "w", encoding="utf-8", newline="") as fileobj:
                write_csv(table, rows, fileobj)
        else:
            write_xlsx(table, rows, tmp_path / "export.xlsx")

    _peak_bytes(write, 50)  # warm up: imports and caches are not part of what we measure
    small, large = _peak_bytes(write, 300), _peak_bytes(write, 6_000)
    assert large < small + 256 * 1024, (small, large)
