"""Turning one value into one spreadsheet cell that cannot run as a formula.

Spreadsheet programs treat a CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or
carriage return) as a formula, so a young person's answer "=HYPERLINK(...)" or "=cmd|' /C calc'!A0" could run
on a reviewer's machine. OWASP's advice is to put a ``'`` in front of such cells; Excel then shows the text.

We also look past leading whitespace and invisible characters: LibreOffice's "trim spaces" import option and
many clean-up scripts strip them, which would turn " =1+1" into a live formula. The price is an apostrophe
in front of a few answers that begin with a space and a minus sign, which a reader still understands.

The caller says whether a value is our own code or a young person's text: only our own numbers (for example
the -1 we write for "not asked") go out bare, because a number cannot carry a formula.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal
from typing import Literal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CellKind = Literal["code", "text"]

# OWASP's list, plus the full-width forms that East Asian input methods type and that Excel can take for the
# ASCII signs when a cell is edited.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
EXCEL_MAX_CELL_CHARACTERS = 32_767
TRUNCATION_MARK = " [cut: too long for one cell]"

_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A lone surrogate (from a malformed JSON escape, say) cannot be encoded as UTF-8 and would stop the write.
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def cell_text(value: object) -> str:
    """The plain text of a value: empty for None or NaN, whole floats without ".0", dates as ISO 8601.
    Control characters (other than tab and line breaks) and unpaired surrogates are dropped: no file format
    can carry them cleanly, and a stray NUL can cut a value short in SPSS or stop Excel opening a CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return _printable(str(value))


def _printable(text: str) -> str:
    if text.isascii() and text.isprintable():  # the usual case, and far quicker than the two patterns
        return text
    return _SURROGATES.sub("\ufffd", _CONTROL_CHARACTERS.sub("", text))


def is_plain_number(value: object) -> bool:
    """True for a real number, or a string that is only a number such as "-1" or "2.5"."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int | Decimal):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str) and _PLAIN_NUMBER.fullmatch(value) is not None


def starts_like_formula(text: str) -> bool:
    """True if a spreadsheet could read the text as a formula, now or once leading blanks are trimmed."""
    if not text:
        return False
    if text[0] in FORMULA_TRIGGERS:
        return True
    for char in text:
        if char.isspace() or unicodedata.category(char) == "Cf":
            continue
        return char in FORMULA_TRIGGERS
    return False


def safe_cell(value: object, kind: CellKind = "text") -> str:
    """The CSV text of a value. ``kind="code"`` lets our own plain numbers through unchanged; everything
    else that could start a formula gets a leading apostrophe. Text is the default, so forgetting is safe."""
    if kind not in ("code", "text"):
        raise ValueError(f"kind must be 'code' or 'text', not {kind!r}")
    text = cell_text(value)
    if kind == "code" and is_plain_number(value):
        return text
    if starts_like_formula(text):
        return "'" + text
    return text


def xlsx_string(value: object) -> str:
    """Text that openpyxl can store in a string cell: control characters XML cannot hold are dropped, and
    text longer than Excel's cell limit is cut with a visible mark rather than making the file unreadable."""
    text = ILLEGAL_CHARACTERS_RE.sub("", cell_text(value))
    if len(text) > EXCEL_MAX_CELL_CHARACTERS:
        text = text[: EXCEL_MAX_CELL_CHARACTERS - len(TRUNCATION_MARK)] + TRUNCATION_MARK
    return text
