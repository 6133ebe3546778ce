"""Rows waiting between the two halves of a download, on disk rather than in memory.

The banding can only be planned once every response has been counted, but reading the database, decoding
each answer and scrubbing free text are the expensive parts, so they are done once: the first pass keeps
each finished (scrubbed, not yet banded) row here, and the second reads them back to band and write them.
Memory holds one row at a time; the file sits in the private export folder and is deleted when closed.
"""

from __future__ import annotations

import pickle
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path

_LENGTH = struct.Struct("<I")


class RowSpool:
    def __init__(self, folder: Path) -> None:
        self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 - closed by close(), or on collection
        self.count = 0

    def add(self, item: object) -> None:
        # One pickle per row, so no pickler memo grows with the file.
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(_LENGTH.pack(len(data)) + data)
        self.count += 1

    def __iter__(self) -> Iterator:
        read = self._file.read
        self._file.seek(0)
        for _ in range(self.count):
            (size,) = _LENGTH.unpack(read(_LENGTH.size))
            yield pickle.loads(read(size))  # noqa: S301 - our own file, written by add() above

    def close(self) -> None:
        self._file.close()
