"""The SPSS system file (.sav) format, written with struct: a dictionary, then one fixed-size record per case.

Only what our exports need: numeric and string variables, variable and value labels, documents (our notes),
UTF-8 text and uncompressed cases. The layout is the one PSPP documents ("System File Format"); the tests
read every file back with ReadStat (pyreadstat). Little-endian throughout; a "slot" is 8 bytes of a case.
"""

from __future__ import annotations

import datetime as dt
import math
import struct
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import count

# SPSS's limits. ReadStat refuses longer labels and note lines, so we shorten them rather than fail.
VARIABLE_LABEL_BYTES = 256
VALUE_LABEL_BYTES = 120
NOTE_LINE_BYTES = 80
FILE_LABEL_BYTES = 64
STRING_BYTES = 32_767
# One variable record holds at most 255 bytes; a wider string is split into segments of 255, and SPSS counts
# the segments it needs in steps of 252 bytes (so the last segment is W - 252 * (n - 1) wide).
SEGMENT_BYTES = 255
SEGMENT_STEP = 252
# Value labels of strings wider than 8 bytes do not fit the classic record; they go in extension 21.
SHORT_STRING_BYTES = 8

SYSMIS = -sys.float_info.max  # "system-missing": SPSS shows an empty cell
_PRODUCT = b"@(#) SPSS DATA FILE - survey_app exports"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MEASURES = {"nominal": 1, "ordinal": 2, "scale": 3}
_DATE_FORMAT = (20 << 16) | (11 << 8)  # DATE11: 06-DEC-2026


def number_format(decimals: int) -> int:
    """F8.0 for whole numbers (no "3.00" for a choice code), F8.2 otherwise."""
    return (5 << 16) | (8 << 8) | decimals


_HEADER = struct.Struct("<4s60s5id9s8s64s3x")  # 176 bytes
_BIAS = 100.0  # the compression bias; SPSS writes it even when cases are not compressed
_VARIABLE = struct.Struct("<iiiiii8s")
_CONTINUATION = _VARIABLE.pack(2, -1, 0, 0, 0, 0, b" " * 8)
_UTF8_CODE_PAGE = 65001


@dataclass(frozen=True)
class Variable:
    name: str  # the long name: up to 64 ASCII characters, checked by Column against SPSS's rules
    label: str
    width: int = 0  # 0 for a number, else the string's width in bytes (1 to 32,767)
    measure: str = "nominal"
    value_labels: Mapping[float | str, str] = field(default_factory=dict)
    decimals: int = 0
    missing_range: tuple[float, float] | None = None  # user-missing values, lowest to highest (numbers only)
    date: bool = False

    @property
    def segments(self) -> tuple[int, ...]:
        """The widths of the variables that store this one: one unless it is a string over 255 bytes."""
        if self.width <= SEGMENT_BYTES:
            return (self.width,)
        extra = -(-self.width // SEGMENT_STEP) - 1
        return (SEGMENT_BYTES,) * extra + (self.width - SEGMENT_STEP * extra,)

    @property
    def size(self) -> int:
        """Its bytes in each case: whole slots for each segment."""
        return sum(_slot_bytes(width) for width in self.segments)


def fit(data: bytes, limit: int) -> bytes:
    """At most ``limit`` bytes of UTF-8, never ending in half a character."""
    if len(data) <= limit:
        return data
    return data[:limit].decode("utf-8", "ignore").encode("utf-8")


def _text(text: str, limit: int) -> bytes:
    return fit(text.encode("utf-8"), limit)


def _round_up(size: int, unit: int) -> int:
    return -(-size // unit) * unit


def _slot_bytes(width: int) -> int:
    return 8 if width == 0 else _round_up(width, 8)


def _header(slots: int, cases: int, file_label: str) -> bytes:
    now = dt.datetime.now()
    # Month names are spelt out here because strftime's %b follows the locale, and SPSS expects English.
    date = f"{now.day:02d} {_MONTHS[now.month - 1]} {now.year % 100:02d}".encode()
    label = _text(file_label, FILE_LABEL_BYTES).ljust(FILE_LABEL_BYTES)
    # Layout code 2, the slots in one case, no compression, no weight variable, the number of cases.
    numbers = (2, slots, 0, 0, cases)
    clock = now.strftime("%H:%M:%S").encode()
    return _HEADER.pack(b"$FL2", _PRODUCT.ljust(60), *numbers, _BIAS, date, clock, label)


def _short_names(variables: Sequence[Variable]) -> list[list[bytes]]:
    """Eight-byte names, unique ignoring case, for every segment. Readers show the long names (extension 13);
    the short ones only have to be unique, so a clash gets a number on the end, as SPSS does."""
    used: set[bytes] = set()

    def claim(base: bytes) -> bytes:
        for number in count():
            suffix = b"" if number == 0 else str(number).encode()
            name = base[: 8 - len(suffix)] + suffix
            if name not in used:
                used.add(name)
                return name
        raise AssertionError("unreachable")

    # A trailing "." or "_" is legal but confuses SPSS syntax, so a cut name does not end with one.
    bases = [claim(variable.name.upper().encode()[:8].rstrip(b"._")) for variable in variables]
    return [
        [base] + [claim(base[:5]) for _ in variable.segments[1:]]
        for base, variable in zip(bases, variables, strict=True)
    ]


def _variable_record(width: int, name: bytes, label: str, variable: Variable | None = None) -> bytes:
    string_format = (1 << 16) | (min(width, SEGMENT_BYTES) << 8)
    if width:
        print_format = string_format
    elif variable is not None and variable.date:
        print_format = _DATE_FORMAT
    else:
        print_format = number_format(variable.decimals if variable is not None else 2)
    missing = variable.missing_range if variable is not None and not width else None
    # -2 says "a range of missing values follows": its low and high end, as two numbers.
    record = _VARIABLE.pack(
        2, width, bool(label), -2 if missing else 0, print_format, print_format, name.ljust(8)
    )
    if label:
        data = _text(label, VARIABLE_LABEL_BYTES)
        record += struct.pack("<i", len(data)) + data.ljust(_round_up(len(data), 4))
    if missing:
        record += struct.pack("<dd", *missing)
    # A string wider than 8 bytes takes one more (nameless) record for each further slot it occupies.
    return record + _CONTINUATION * (_slot_bytes(width) // 8 - 1)


def _variable_records(variables: Sequence[Variable], names: list[list[bytes]]) -> Iterator[bytes]:
    for variable, segment_names in zip(variables, names, strict=True):
        for number, (width, name) in enumerate(zip(variable.segments, segment_names, strict=True)):
            first = number == 0
            yield _variable_record(width, name, variable.label if first else "", variable if first else None)


def _key(value: float | str, width: int) -> bytes:
    if width == 0:
        return struct.pack("<d", value)
    return str(value).encode("utf-8").ljust(max(width, SHORT_STRING_BYTES))


def _value_label_records(variable: Variable, index: int) -> bytes:
    """Records 3 and 4: the labels, then the (one-based, in slots) index of the variable they belong to."""
    parts = [struct.pack("<ii", 3, len(variable.value_labels))]
    for value, label in variable.value_labels.items():
        data = _text(label, VALUE_LABEL_BYTES)
        # The label's length byte and text are padded together to a multiple of 8 bytes.
        padded = data.ljust(_round_up(len(data) + 1, 8) - 1)
        parts += [_key(value, variable.width), bytes([len(data)]), padded]
    parts.append(struct.pack("<iii", 4, 1, index))
    return b"".join(parts)


def _long_string_labels(variable: Variable) -> bytes:
    """Extension 21: the value labels of one string variable wider than 8 bytes."""
    name = variable.name.encode()
    labels = variable.value_labels
    parts = [struct.pack("<i", len(name)), name, struct.pack("<ii", variable.width, len(labels))]
    for value, label in labels.items():
        data = _text(label, VALUE_LABEL_BYTES)
        parts += [struct.pack("<i", variable.width), _key(value, variable.width)]
        parts += [struct.pack("<i", len(data)), data]
    return _extension(21, 1, b"".join(parts))


def _labels(variables: Sequence[Variable]) -> Iterator[bytes]:
    index = 1
    for variable in variables:
        if variable.value_labels and variable.width <= SHORT_STRING_BYTES:
            yield _value_label_records(variable, index)
        index += variable.size // 8


def _documents(lines: Sequence[str]) -> bytes:
    if not lines:
        return b""
    body = b"".join(_text(line, NOTE_LINE_BYTES).ljust(NOTE_LINE_BYTES) for line in lines)
    return struct.pack("<ii", 6, len(lines)) + body


def _extension(subtype: int, size: int, data: bytes) -> bytes:
    return struct.pack("<iiii", 7, subtype, size, len(data) // size) + data


def _display(variables: Sequence[Variable]) -> bytes:
    """Extension 11: measure, column width and alignment, once per segment."""
    values = []
    for variable in variables:
        alignment = 0 if variable.width else 1  # text to the left, numbers to the right
        values += [_MEASURES[variable.measure], 8, alignment] * len(variable.segments)
    return _extension(11, 4, struct.pack(f"<{len(values)}i", *values))


def _extensions(variables: Sequence[Variable], names: list[list[bytes]]) -> Iterator[bytes]:
    version, machine, ieee_float, compression, little_endian = (20, 0, 0), -1, 1, 1, 2
    machine_info = (*version, machine, ieee_float, compression, little_endian, _UTF8_CODE_PAGE)
    yield _extension(3, 4, struct.pack("<8i", *machine_info))
    yield _extension(4, 8, struct.pack("<3d", SYSMIS, sys.float_info.max, math.nextafter(SYSMIS, 0)))
    yield _display(variables)
    long_names = (segments[0] + b"=" + v.name.encode() for v, segments in zip(variables, names, strict=True))
    yield _extension(13, 1, b"\t".join(long_names))
    very_long = [
        segments[0] + b"=%05d\0\t" % v.width
        for v, segments in zip(variables, names, strict=True)
        if len(v.segments) > 1
    ]
    if very_long:
        yield _extension(14, 1, b"".join(very_long))
    yield _extension(20, 1, b"UTF-8")
    for variable in variables:
        if variable.value_labels and variable.width > SHORT_STRING_BYTES:
            yield _long_string_labels(variable)


def dictionary(
    variables: Sequence[Variable], cases: int, notes: Sequence[str] = (), file_label: str = ""
) -> bytes:
    """Everything before the data: the header, the variables and their labels, the notes."""
    names = _short_names(variables)
    slots = sum(variable.size for variable in variables) // 8
    return b"".join(
        [
            _header(slots, cases, file_label),
            *_variable_records(variables, names),
            *_labels(variables),
            _documents(notes),
            *_extensions(variables, names),
            struct.pack("<ii", 999, 0),
        ]
    )


class CaseEncoder:
    """Packs one case: a float (``SYSMIS`` when missing) for a number, UTF-8 bytes for a string."""

    def __init__(self, variables: Sequence[Variable]) -> None:
        self._sizes = [variable.size for variable in variables]
        self._split = [len(variable.segments) > 1 for variable in variables]
        fields = ("d" if variable.width == 0 else f"{variable.size}s" for variable in variables)
        self._struct = struct.Struct("<" + "".join(fields))

    def encode(self, cells: Sequence[float | bytes]) -> bytes:
        values = [
            cell if isinstance(cell, float) else _lay_out(cell, size, split)
            for cell, size, split in zip(cells, self._sizes, self._split, strict=True)
        ]
        return self._struct.pack(*values)


def _lay_out(data: bytes, size: int, split: bool) -> bytes:
    """A string padded with spaces (struct would pad with NUL bytes). Each full segment of a very long string
    holds 255 bytes of text and one byte of padding, so a space goes in after every 255 bytes."""
    if split and len(data) > SEGMENT_BYTES:
        pieces = [data[start : start + SEGMENT_BYTES] for start in range(0, len(data), SEGMENT_BYTES)]
        data = b" ".join(pieces)
    return data.ljust(size)
