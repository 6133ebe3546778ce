"""What each closed question's answers add up to, as rows ready for suppression, a chart and a table."""

from __future__ import annotations

import json
import math
from collections import Counter

from flask_babel import gettext as _

from survey_app.engine import Question
from survey_app.exports.suppression import Protected, protect

MAX_NUMBER_ROWS = 12


def _status_rows(counts: Counter) -> list[tuple[str, int]]:
    return [
        (
            _("Prefer not to say"),
            sum(n for (status, _v), n in counts.items() if status == "prefer_not_to_say"),
        ),
        (_("Skipped"), sum(n for (status, _v), n in counts.items() if status == "skipped")),
    ]


def _answered(counts: Counter) -> Counter:
    values: Counter = Counter()
    for (status, value), n in counts.items():
        if status == "answered" and value is not None:
            values[json.dumps(json.loads(value))] += n
    return values


def _choice_rows(question: Question, values: Counter) -> list[tuple[str, int]]:
    if question.type == "yes_no":
        return [(_("Yes"), values[json.dumps("yes")]), (_("No"), values[json.dumps("no")])]
    return [(c.label, values[json.dumps(c.value)]) for c in question.choices]


def _multiple_rows(question: Question, values: Counter) -> list[tuple[str, int]]:
    ticked: Counter = Counter()
    for value, n in values.items():
        for chosen in json.loads(value):
            ticked[chosen] += n
    return [(c.label, ticked[c.value]) for c in question.choices]


def _scale_label(question: Question, number: int) -> str:
    ends = {question.minimum: question.min_label, question.maximum: question.max_label}
    end = ends.get(number)
    return f"{number} ({end})" if end else str(number)


def _number_rows(question: Question, values: Counter) -> list[tuple[str, int]]:
    numbers = Counter()
    for value, n in values.items():
        numbers[float(json.loads(value))] += n
    if not numbers:
        return []
    low = math.floor(question.minimum if question.minimum is not None else min(numbers))
    high = math.ceil(question.maximum if question.maximum is not None else max(numbers))
    if question.type == "scale" or high - low < MAX_NUMBER_ROWS:
        return [
            (_scale_label(question, v), int(sum(n for x, n in numbers.items() if v <= x < v + 1)))
            for v in range(low, high + 1)
        ]
    # A wide range is grouped, so that the chart stays readable and single values do not stand out.
    step = math.ceil((high - low + 1) / 6)
    return [
        (f"{start}-{start + step - 1}", sum(n for x, n in numbers.items() if start <= x < start + step))
        for start in range(low, high + 1, step)
    ]


def distribution(question: Question, counts: Counter) -> Protected:
    """The protected table for one closed question; its total is everyone who reached it."""
    values = _answered(counts)
    if question.type == "multiple_choice":
        # Options overlap (people tick several), so only answered/prefer not/skipped add up to the total.
        options = protect(_multiple_rows(question, values), partition=False)
        answered = [(_("Answered (ticked at least one)"), sum(values.values()))]
        statuses = protect(answered + _status_rows(counts), total=sum(counts.values()))
        return Protected(options.cells + statuses.cells, statuses.total)
    if question.type in ("scale", "number"):
        rows = _number_rows(question, values)
    else:
        rows = _choice_rows(question, values)
    return protect(rows + _status_rows(counts), total=sum(counts.values()))
