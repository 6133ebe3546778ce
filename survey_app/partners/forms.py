"""Reading a section's form: each answer's text (or rating, or evidence rows) and the version it started from.

Field names: ``answer-<question>`` for text and ratings, ``version-<question>`` for the starting version, and
``evidence-<question>-<row>-{title,shows,held}`` with ``rows-<question>`` for an evidence list.
"""

from __future__ import annotations

import json

from werkzeug.datastructures import MultiDict

from survey_app.engine import TypeName
from survey_app.engine.answers import N_, InvalidAnswer, clean_text, parse_evidence, parse_values
from survey_app.engine.questionnaire import Question

MAX_ROWS = 100


def posted_version(form: MultiDict, question: Question) -> int:
    raw = form.get(f"version-{question.id}", "0")
    return int(raw) if raw.isdigit() and len(raw) < 9 else 0


def _rows(form: MultiDict, question: Question) -> list[tuple[str, str, str]]:
    raw = form.get(f"rows-{question.id}", "0")
    count = min(int(raw), MAX_ROWS + 5) if raw.isdigit() and len(raw) < 5 else 0
    return [
        tuple(form.get(f"evidence-{question.id}-{n}-{part}", "") for part in ("title", "shows", "held"))
        for n in range(count)
    ]


def _evidence(form: MultiDict, question: Question) -> str:
    rows = _rows(form, question)
    return json.dumps(parse_evidence(rows), ensure_ascii=False) if rows else ""


def raw_answer(form: MultiDict, question: Question) -> str:
    """What was typed, unchecked, to show again beside a problem (evidence rows as JSON, blanks kept)."""
    if question.type == TypeName.EVIDENCE:
        keys = ("title", "shows", "held")
        return json.dumps([dict(zip(keys, row, strict=True)) for row in _rows(form, question)])
    return form.get(f"answer-{question.id}", "")


def read_answer(form: MultiDict, question: Question) -> str:
    """What the form says for one question, as stored ("" for nothing yet). Raises InvalidAnswer."""
    if question.type == TypeName.EVIDENCE:
        value = _evidence(form, question)
        return "" if value == "[]" else value
    raw = form.get(f"answer-{question.id}", "")
    if question.type == TypeName.EVALUATION and not raw:
        return ""
    if question.is_text and not clean_text(raw):
        return ""
    return str(parse_values(question, [raw]).value)


def read_section(
    form: MultiDict, questions: list[Question]
) -> tuple[dict[str, str], dict[str, int], dict[str, tuple[str, dict]]]:
    """Values and starting versions by question id, and problems (an English message and its values)."""
    values, versions, problems = {}, {}, {}
    for question in questions:
        if f"version-{question.id}" not in form:
            continue  # not on the form that was sent: leave that answer alone
        versions[question.id] = posted_version(form, question)
        try:
            values[question.id] = read_answer(form, question)
        except InvalidAnswer as problem:
            problems[question.id] = (problem.message, problem.params)
    return values, versions, problems


def check_stored(question: Question, value: str) -> str:
    """A value sent back from the upload check page, checked again as if typed. Raises InvalidAnswer."""
    if question.type == TypeName.EVIDENCE:
        try:
            rows = json.loads(value)
            rows = [(r["title"], r.get("shows", ""), r.get("held", "")) for r in rows]
        except (ValueError, TypeError, KeyError):
            raise InvalidAnswer(N_("Give each piece of evidence a title.")) from None
        return json.dumps(parse_evidence(rows), ensure_ascii=False)
    return str(parse_values(question, [value]).value)
