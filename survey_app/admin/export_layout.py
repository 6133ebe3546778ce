"""The shape of a download: which columns a questionnaire gives, and one run's values for them.

One row per run, one column per question (a multiple-choice question gives one column per option), after
the run's own fields. Codes are numbers where SPSS users expect them (1, 2, 3 for choices, -1 skipped, -2
prefer not to say, -3 withheld), except in quasi-identifier columns, which are banded and so hold text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from survey_app.engine import Question, Questionnaire
from survey_app.exports import Column, Table, scrub
from survey_app.store.models import week_of

SKIPPED, PREFER_NOT, WITHHELD = -1, -2, -3
WITHHELD_TEXT = "[withheld]"
STATUS_CODES = {"skipped": SKIPPED, "prefer_not_to_say": PREFER_NOT}
STATUS_LABELS = {str(SKIPPED): "Skipped", str(PREFER_NOT): "Prefer not to say", str(WITHHELD): WITHHELD_TEXT}
TEXT_STATUS = {"skipped": "[skipped]", "prefer_not_to_say": "[prefer not to say]"}
# Quasi-identifier columns hold words, because banding turns values into "16-17", "Other", "[suppressed]".
WORD_STATUS = {"skipped": "skipped", "prefer_not_to_say": "prefer not to say"}
BANDING_KINDS = {"age": "age", "area": "area"}  # anything else identifying is a category

RUN_COLUMNS = (
    Column("response", "Response number (in this file only)"),
    Column("version", "Questionnaire version"),
    Column(
        "channel",
        "How it was answered",
        value_labels={"web": "Web", "sms": "Text message", "whatsapp": "WhatsApp"},
    ),
    Column("language", "Language"),
    Column("area", "Area or distribution link (banded)"),
    Column("assisted", "Someone helped (keyworker mode)", value_labels={"1": "Yes", "0": "No"}),
    Column(
        "state",
        "Completion",
        value_labels={"completed": "Completed", "stopped": "Stopped and kept", "in_progress": "Not finished"},
    ),
    Column("started_week", "Week started (the Monday)"),
    Column("finished_week", "Week finished (the Monday)"),
)
RUN_IDENTIFIERS = {"area": "area"}


def variable_name(*parts: str) -> str:
    """A name every format accepts (SPSS rules): letters, digits and _, at most 64 characters."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", "_".join(parts)).strip("_")
    return (name if name[:1].isalpha() else "q_" + name)[:64].rstrip("_")


@dataclass(frozen=True)
class QuestionColumns:
    question: Question
    columns: tuple[Column, ...]
    banding: str | None = None  # the banding kind, for a quasi-identifier

    def values(self, status: str | None, value: object, withheld: bool) -> dict[str, object]:
        if status is None:  # not asked, or not reached
            return {}
        if self.banding:
            return {self.columns[0].name: _identifier_value(self.question, status, value, withheld)}
        if self.question.type == "multiple_choice":
            return _multiple(self, status, value, withheld)
        return {self.columns[0].name: _single_value(self.question, status, value, withheld)}


def _identifier_value(question: Question, status: str, value: object, withheld: bool) -> object:
    if withheld:
        return WITHHELD_TEXT
    if status != "answered":
        return WORD_STATUS.get(status, status)
    if question.is_text:
        # Typed words: scrubbed, and case and spacing folded so that equal answers group together.
        return " ".join(scrub(str(value)).lower().split())
    return value


def _single_value(question: Question, status: str, value: object, withheld: bool) -> object:
    if question.is_text:
        return WITHHELD_TEXT if withheld else (value if status == "answered" else TEXT_STATUS.get(status))
    if withheld:
        return WITHHELD
    if status != "answered":
        return STATUS_CODES.get(status)
    if question.type == "single_choice":
        codes = {c.value: n for n, c in enumerate(question.choices, 1)}
        return codes.get(value)
    if question.type == "yes_no":
        return {"yes": 1, "no": 0}.get(value)
    return value


def _multiple(layout: QuestionColumns, status: str, value: object, withheld: bool) -> dict[str, object]:
    question = layout.question
    if withheld or status != "answered":
        code = WITHHELD if withheld else STATUS_CODES.get(status)
        return {column.name: code for column in layout.columns}
    chosen = set(value or ())
    return {
        column.name: int(c.value in chosen)
        for column, c in zip(layout.columns, question.choices, strict=True)
    }


def _question_columns(question: Question) -> QuestionColumns:
    name, label = variable_name(question.id), question.text
    if question.identifies:
        kind = BANDING_KINDS.get(question.identifies, "category")
        label = f"{label} (banded)"
        if question.is_text:  # typed words, so the codebook and the writers treat them as free text
            return QuestionColumns(question, (Column(name, label, "text"),), kind)
        labels = {c.value: c.label for c in question.choices} or None
        return QuestionColumns(question, (Column(name, label, "code", labels),), kind)
    if question.is_text:
        return QuestionColumns(question, (Column(name, label, "text"),))
    if question.type == "multiple_choice":
        labels = {"1": "Chosen", "0": "Not chosen"} | STATUS_LABELS
        columns = tuple(
            Column(variable_name(question.id, c.value), f"{label} - {c.label}", value_labels=labels)
            for c in question.choices
        )
        return QuestionColumns(question, columns)
    return QuestionColumns(question, (Column(name, label, value_labels=_code_labels(question)),))


def _code_labels(question: Question) -> dict[str, str]:
    if question.type == "single_choice":
        return {str(n): c.label for n, c in enumerate(question.choices, 1)} | STATUS_LABELS
    if question.type == "yes_no":
        return {"1": "Yes", "0": "No"} | STATUS_LABELS
    ends = {}
    if question.type == "scale" and question.min_label:
        ends[str(int(question.minimum))] = question.min_label
    if question.type == "scale" and question.max_label:
        ends[str(int(question.maximum))] = question.max_label
    return ends | STATUS_LABELS


@dataclass(frozen=True)
class Layout:
    questionnaire: Questionnaire
    questions: tuple[QuestionColumns, ...]
    table: Table

    @property
    def banding_kinds(self) -> dict[str, str]:
        kinds = dict(RUN_IDENTIFIERS)
        kinds.update({q.columns[0].name: q.banding for q in self.questions if q.banding})
        return kinds

    def quasi_identifiers(self, run: dict, answers: dict) -> dict[str, object]:
        values = {"area": run["distribution"]}
        for layout in self.questions:
            if layout.banding:
                values.update(layout.values(*answers.get(layout.question.id, (None, None, False))))
        return values

    def row(self, number: int, run: dict, answers: dict) -> dict[str, object]:
        finished = run["finished_on"]
        row = {
            "response": number,
            "version": run["questionnaire_version"],
            "channel": run["channel"],
            "language": run["language"],
            "assisted": int(bool(run["assisted"])),
            "state": run["state"],
            "started_week": week_of(run["started_on"]).isoformat(),
            "finished_week": week_of(finished).isoformat() if finished else None,
        }
        for layout in self.questions:
            if not layout.banding:
                row.update(layout.values(*answers.get(layout.question.id, (None, None, False))))
        return row


def layout_for(questionnaire: Questionnaire) -> Layout:
    questions = tuple(_question_columns(q) for q in questionnaire.questions)
    columns = RUN_COLUMNS + tuple(column for q in questions for column in q.columns)
    return Layout(questionnaire, questions, Table(columns))
