"""Small counts on the dashboard: a count from 1 to 9 is shown as "fewer than 10".

Hiding one cell is not enough when the total is shown: total minus the other cells gives it back. So when a
table is a partition of its total (every response in exactly one row), more cells are hidden ("secondary
suppression"): the smallest others, until the hidden cells above 10 add up to at least 8 more than 10 each.
Then a reader who knows every hidden count is either 1-9 or at least 10 still cannot narrow any small one
down from 1-9. If there are not enough other cells, the total is hidden too.

Zero is shown: it describes nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

SMALL = 10
# How much the secondary cells must exceed 10 between them: 8 keeps every small cell's range at 1-9.
SLACK = SMALL - 2
SHOWN, PRIMARY, SECONDARY = "shown", "small", "secondary"


@dataclass(frozen=True)
class Count:
    label: str
    value: int
    state: str = SHOWN
    key: str = ""

    @property
    def shown(self) -> bool:
        return self.state == SHOWN


@dataclass(frozen=True)
class Protected:
    """A table of counts after suppression, with its total (which may be hidden too)."""

    cells: tuple[Count, ...]
    total: Count | None

    @property
    def shown_values(self) -> list[int]:
        return [cell.value for cell in self.cells if cell.shown]


def protect(
    rows: list[tuple[str, int]], total: int | None = None, partition: bool = True, keys=None
) -> Protected:
    """Suppress small counts in ``rows`` (label, count). ``partition`` says the rows add up to ``total``."""
    values = [value for _, value in rows]
    if total is None and partition:
        total = sum(values)
    states = [PRIMARY if 0 < value < SMALL else SHOWN for value in values]
    total_state = SHOWN
    if total is not None and 0 < total < SMALL:
        states, total_state = [PRIMARY] * len(values), PRIMARY
    elif partition and PRIMARY in states:
        total_state = _secondary(values, states)
    keys = keys or [""] * len(rows)
    cells = tuple(
        Count(label, value, state, key) for (label, value), state, key in zip(rows, states, keys, strict=True)
    )
    return Protected(cells, None if total is None else Count("", total, total_state))


def _secondary(values: list[int], states: list[str]) -> str:
    """Hide more cells in place; return the state of the total (hidden when no cells were left to hide)."""
    candidates = sorted((values[i], i) for i, state in enumerate(states) if state == SHOWN and values[i] > 0)
    roomy = [i for value, i in candidates if value - SMALL >= SLACK]
    if roomy:
        states[roomy[0]] = SECONDARY
        return SHOWN
    slack = 0
    for value, i in candidates:
        states[i] = SECONDARY
        slack += value - SMALL
        if slack >= SLACK:
            return SHOWN
    return SECONDARY
