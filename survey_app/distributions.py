"""Distribution codes: the area a start link was handed out in (``?area=NE-12``).

The web start page reads them and the review team's link page makes them, so the rule lives here, between
the two, and neither side imports the other.
"""

from __future__ import annotations

import re

AREA = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,31}")


def area_code(raw: str | None) -> str | None:
    """A distribution code from a start link (``?area=NE-12``); anything else is ignored, not an error."""
    raw = (raw or "").strip()
    return raw.upper() if AREA.fullmatch(raw) else None
