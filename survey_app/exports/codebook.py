"""The codebook that goes with every export, as a printable HTML page: what each column is, what its codes
mean, and what was done to the data (scrubbing, banding, suppression), so a reader does not mistake
"[name]" or "16-20" for raw answers.

One self-contained file (its own small style sheet, no scripts, no links out), so it opens in any browser,
prints cleanly, and a screen reader finds proper headings and tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import TextIO

from survey_app.exports.scrub import LABELS
from survey_app.exports.table import Column, Table

_TEXT_NOTE = (
    "Free text written by the young person. Before export, identifying details were replaced by a label "
    f"saying what was removed: {', '.join(LABELS)}. In the CSV file, an answer that a spreadsheet could "
    "read as a formula starts with an apostrophe ('); in the Excel file every answer is stored as text."
)
_CODE_NOTE = "A value recorded by the service (a number or a choice code)."
_STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.45; max-width: 60rem; margin: 1rem auto;
  padding: 0 1rem; color: #111; }
table { border-collapse: collapse; margin: 0.5rem 0 1.25rem; }
th, td { border: 1px solid #666; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
code { font-size: 0.95em; }
@media print { section { break-inside: avoid; } body { max-width: none; } }
"""


def _e(text: object) -> str:
    return escape(" ".join(str(text).split()))


def _measure(column: Column) -> str:
    if column.kind == "text":
        return "free text"
    return column.measure or ("nominal" if column.value_labels else "scale")


def _overview(table: Table) -> list[str]:
    rows = [
        f"<tr><td><code>{_e(c.name)}</code></td><td>{_e(c.label)}</td><td>{_measure(c)}</td></tr>"
        for c in table.columns
    ]
    return [
        "<h2>Columns</h2>",
        "<table><caption>Every column in the file, in order</caption>",
        '<thead><tr><th scope="col">Column</th><th scope="col">Question or meaning</th>'
        '<th scope="col">Measure</th></tr></thead>',
        "<tbody>",
        *rows,
        "</tbody></table>",
    ]


def _column(column: Column) -> list[str]:
    lines = [
        "<section>",
        f'<h3 id="{_e(column.name)}"><code>{_e(column.name)}</code>: {_e(column.label)}</h3>',
        f"<p>{escape(_TEXT_NOTE if column.kind == 'text' else _CODE_NOTE)}</p>",
    ]
    if column.value_labels:
        lines += [
            f"<table><caption>Codes in <code>{_e(column.name)}</code></caption>",
            '<thead><tr><th scope="col">Code</th><th scope="col">Meaning</th></tr></thead><tbody>',
            *(
                f"<tr><td>{_e(code)}</td><td>{_e(label)}</td></tr>"
                for code, label in column.value_labels.items()
            ),
            "</tbody></table>",
        ]
    return [*lines, "</section>"]


def _scrub_report(removed: Mapping[str, Mapping[str, int]]) -> list[str]:
    if not removed:
        return ["<p>No identifying details were found in the free text.</p>"]
    rows = [
        f"<tr><td><code>{_e(name)}</code></td><td>{_e(label)}</td><td>{count}</td></tr>"
        for name, counts in removed.items()
        for label, count in sorted(counts.items())
    ]
    return [
        "<table><caption>What the scrubber removed, by column</caption>",
        '<thead><tr><th scope="col">Column</th><th scope="col">Replaced by</th>'
        '<th scope="col">Times</th></tr></thead><tbody>',
        *rows,
        "</tbody></table>",
    ]


def codebook_html(
    table: Table,
    notes: Sequence[str] = (),
    title: str = "Export",
    removed: Mapping[str, Mapping[str, int]] | None = None,
) -> str:
    """The whole page. ``notes`` are the protection notes (missing codes, banding from ``BandingPlan``);
    ``removed`` counts, for each free-text column, each label the scrubber put in."""
    notes_html = [f"<li>{_e(note)}</li>" for note in notes] or [
        "<li>No banding or suppression was applied.</li>"
    ]
    body = [
        f"<h1>Codebook: {_e(title)}</h1>",
        "<h2>How the data were protected</h2>",
        "<ul>",
        *notes_html,
        "</ul>",
    ]
    if removed is not None:
        body += ["<h2>Identifying details removed from free text</h2>", *_scrub_report(removed)]
    body += _overview(table)
    body += ["<h2>Each column</h2>"]
    for column in table.columns:
        body += _column(column)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>Codebook: {_e(title)}</title><style>{_STYLE}</style></head>",
            "<body><main>",
            *body,
            "</main></body></html>",
            "",
        ]
    )


def write_codebook(
    table: Table,
    notes: Sequence[str],
    fileobj: TextIO,
    title: str = "Export",
    removed: Mapping[str, Mapping[str, int]] | None = None,
) -> None:
    """Write the codebook as an HTML page."""
    fileobj.write(codebook_html(table, notes, title, removed))
