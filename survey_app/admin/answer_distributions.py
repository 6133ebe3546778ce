"""What each closed question's answers add up to, as rows ready for suppression, a chart and a table."""

from __future__ import annotations

import json
from collections import Counter

from flask_babel import gettext as _

from survey_app.engine import Question
from survey_app.exports.suppression import Protected, protect


def _status_rows(counts: Counter) -> list[tuple[str, int]]:
    return [
        (
            _("Prefer not to say"),
            sum(n for (status, _v), n in counts.items() if status == "prefer_not_to_say"),
        ),
        (_("Skipped"), sum(n for (status, _v), n in counts.items() if status == "skipped")),
    ]


def _key(value: object) -> object:
    """A stored value as a counter key: a list of ticked choices becomes a tuple (an evidence row too)."""
    if isinstance(value, list):
        return tuple(_key(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _key(v)) for k, v in value.items()))
    return value


def _answered(counts: Counter) -> Counter:
    """How many gave each stored value, for the answer type to count."""
    values: Counter = Counter()
    for (status, value), n in counts.items():
        if status == "answered" and value is not None:
            values[_key(json.loads(value))] += n
    return values


def distribution(question: Question, counts: Counter) -> Protected:
    """The protected table for one closed question; its total is everyone who reached it."""
    values = _answered(counts)
    answer_type = question.answer_type
    rows = answer_type.count(question, values, _)
    if answer_type.several:
        # Options overlap (people tick several), so only answered/prefer not/skipped add up to the total.
        options = protect(rows, partition=False)
        answered = [(_("Answered (ticked at least one)"), sum(values.values()))]
        statuses = protect(answered + _status_rows(counts), total=sum(counts.values()))
        return Protected(options.cells + statuses.cells, statuses.total)
    return protect(rows + _status_rows(counts), total=sum(counts.values()))
