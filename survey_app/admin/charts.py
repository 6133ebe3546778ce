"""Bar charts drawn on the server as SVG: no JavaScript, no third-party library, readable when printed.

The chart is a picture of the table beside it, never more: suppressed counts get no bar, only their words,
so the chart cannot show what the table hides.
"""

from __future__ import annotations

from dataclasses import dataclass

from survey_app.exports.suppression import Protected

WIDTH = 600
ROW = 52  # label line, then the bar under it
BAR_TOP, BAR_HEIGHT = 24, 20
BAR_SPACE = 460  # leaves room for the number after the longest bar
LABEL_CHARACTERS = 64


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: float

    @property
    def bar_y(self) -> int:
        return self.y + BAR_TOP

    @property
    def text_x(self) -> float:
        return self.width + 6

    @property
    def text_y(self) -> int:
        return self.y + BAR_TOP + BAR_HEIGHT - 4


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return len(self.bars) * ROW + 4


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "\u2026"


def bar_chart(table: Protected, words: dict[str, str]) -> Chart:
    """Bars for each row of a protected table. ``words`` gives the text for hidden counts by state."""
    largest = max(table.shown_values, default=0) or 1
    bars = []
    for n, cell in enumerate(table.cells):
        width = BAR_SPACE * cell.value / largest if cell.shown else 0
        text = f"{cell.value:,}" if cell.shown else words[cell.state]
        bars.append(Bar(_short(cell.label), text, n * ROW, round(width, 1)))
    return Chart(tuple(bars))
