"""The codebook that goes with every export: what each column is, what its codes mean, and what was done to
the data (scrubbing, banding, suppression) so a reader does not mistake "[name]" or "16-17" for raw answers.

It is Markdown, which reads as plain text in any editor and renders as tables where Markdown is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from survey_app.exports.scrub import LABELS
from survey_app.exports.table import Column, Table

_TEXT_NOTE = (
    "Free text written by the young person. Before export, identifying details were replaced by a label "
    f"saying what was removed: {', '.join(LABELS)}. In the CSV file, an answer that a spreadsheet could "
    "read as a formula starts with an apostrophe ('); in the Excel file every answer is stored as text."
)
_CODE_NOTE = "A value recorded by the service (a number or a choice code)."


def _inline(text: str) -> str:
    """Keep a label on one line and inside its table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _column_lines(column: Column) -> list[str]:
    lines = [
        f"### `{column.name}`: {_inline(column.label)}",
        "",
        _TEXT_NOTE if column.kind == "text" else _CODE_NOTE,
        "",
    ]
    if column.value_labels:
        lines += ["| Code | Meaning |", "| --- | --- |"]
        lines += [f"| {_inline(code)} | {_inline(label)} |" for code, label in column.value_labels.items()]
        lines.append("")
    return lines


def codebook_lines(table: Table, notes: Sequence[str] = (), title: str = "Export") -> list[str]:
    lines = [f"# Codebook: {_inline(title)}", "", "## Columns", ""]
    lines += ["| Column | Label | Kind |", "| --- | --- | --- |"]
    lines += [
        f"| `{column.name}` | {_inline(column.label)} | {'free text' if column.kind == 'text' else 'code'} |"
        for column in table.columns
    ]
    lines.append("")
    for column in table.columns:
        lines += _column_lines(column)
    lines += ["## How the data were protected", ""]
    lines += [f"- {_inline(note)}" for note in notes] or ["- No banding or suppression was applied."]
    lines.append("- An empty cell means no answer was recorded.")
    return lines


def write_codebook(table: Table, notes: Sequence[str], fileobj: TextIO, title: str = "Export") -> None:
    """Write the codebook as Markdown text. ``notes`` are the lines from ``BandingPlan.describe()`` and any
    other protection applied (such as answers withheld for safeguarding)."""
    fileobj.write("\n".join(codebook_lines(table, notes, title)) + "\n")
