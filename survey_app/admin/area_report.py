"""Each area's own results, beside the whole of Scotland: the report the review promised every area.

The numbers are the dashboard's, counted the same way (every count from 1 to 9 shown as "fewer than 10",
with secondary suppression where a total would give one away), so an area reading its report and the review
team reading the dashboard see the same figures. Free text is left out unless an analyst chose quotes, and
those are scrubbed like every download.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.engine import Connection

from survey_app.admin import stats
from survey_app.admin.answer_distributions import distribution
from survey_app.admin.charts import Chart, bar_chart
from survey_app.engine import Question, Questionnaire
from survey_app.exports import scrub
from survey_app.exports.scottish_places import area_name
from survey_app.exports.suppression import SMALL, Count, Protected, protect


class TooFewResponses(ValueError):
    """An area with fewer than 10 responses gets no report: every number in it would be hidden."""


@dataclass(frozen=True)
class Row:
    label: str
    area: Count
    scotland: Count
    area_share: str
    scotland_share: str


@dataclass(frozen=True)
class QuestionResult:
    number: int
    question: Question
    chart: Chart
    rows: tuple[Row, ...]
    area_total: Count | None
    scotland_total: Count | None


@dataclass(frozen=True)
class AreaReport:
    questionnaire: Questionnaire
    area: str
    area_label: str
    headline: tuple[Row, ...]
    questions: tuple[QuestionResult, ...]
    quotes: tuple[str, ...] = ()
    made_on: dt.date = field(default_factory=dt.date.today)


def share(cell: Count, total: Count | None) -> str:
    """A percentage of those who reached the question, only where both numbers are shown."""
    if total is None or not (cell.shown and total.shown) or total.value == 0:
        return ""
    return f"{100 * cell.value / total.value:.0f}%"


def _rows(area: Protected, scotland: Protected) -> tuple[Row, ...]:
    return tuple(
        Row(a.label, a, s, share(a, area.total), share(s, scotland.total))
        for a, s in zip(area.cells, scotland.cells, strict=True)
    )


def _headline(connection: Connection, questionnaire: Questionnaire, area: str) -> tuple[Row, ...]:
    rows = []
    for where in (area, None):
        counted = stats.states(connection, questionnaire.id, where)
        rows.append((stats.kept(counted), counted["completed"]))
    area_cells = protect([(_("Took part"), rows[0][0]), (_("Finished"), rows[0][1])], partition=False)
    scotland_cells = protect([(_("Took part"), rows[1][0]), (_("Finished"), rows[1][1])], partition=False)
    return _rows(area_cells, scotland_cells)


def build(
    connection: Connection, questionnaire: Questionnaire, area: str, quotes: tuple[str, ...] = ()
) -> AreaReport:
    """The report for one area (an area link's name, as in the dashboard's "By area or link" table)."""
    took_part = stats.kept(stats.states(connection, questionnaire.id, area))
    if took_part < SMALL:
        raise TooFewResponses(area)
    words = {"small": _("fewer than 10"), "secondary": _("not shown"), "none": "-"}
    in_area = stats.answer_counts(connection, questionnaire, area)
    everywhere = stats.answer_counts(connection, questionnaire)
    results = []
    for number, question in enumerate(questionnaire.questions, 1):
        if question.is_text:
            continue
        area_table = distribution(question, in_area.get(question.id, {}))
        scotland_table = distribution(question, everywhere.get(question.id, {}))
        results.append(
            QuestionResult(
                number,
                question,
                bar_chart(area_table, words),
                _rows(area_table, scotland_table),
                area_table.total,
                scotland_table.total,
            )
        )
    return AreaReport(
        questionnaire,
        area,
        area_name(area),
        _headline(connection, questionnaire, area),
        tuple(results),
        tuple(scrub(quote) for quote in quotes if quote.strip()),
    )
