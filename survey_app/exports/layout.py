"""The shape of a download: which columns a questionnaire gives, and one run's values for them.

One row per run, one column per question (a multiple-choice question gives one column per option), after
the run's own fields. Every "no answer" is one of six numbered codes, the same in every format and every
column (free text included), so a blank never has to be guessed at:

-1 skipped, -2 prefer not to say, -3 not asked (the route through the questions left it out), -4 not
reached (stopped, or not finished yet, before it), -5 withheld by the safeguarding lead, -6 removed to
protect anonymity. SPSS files declare -6 to -1 as missing, so means and frequencies leave them out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from survey_app.engine import Question, Questionnaire
from survey_app.engine.answer_types import ExportColumn
from survey_app.exports import Column, Table, scrub
from survey_app.store.models import week_of

SKIPPED, PREFER_NOT, NOT_ASKED, NOT_REACHED, WITHHELD, REMOVED = -1, -2, -3, -4, -5, -6
MISSING_LABELS = {
    str(SKIPPED): "Skipped",
    str(PREFER_NOT): "Prefer not to say",
    str(NOT_ASKED): "Not asked (the route through the questions left it out)",
    str(NOT_REACHED): "Not reached (stopped, or not finished yet, before this question)",
    str(WITHHELD): "Withheld by the safeguarding lead",
    str(REMOVED): "Removed to protect anonymity",
}
MISSING_RANGE = (REMOVED, SKIPPED)
WITHHELD_TEXT = "[withheld]"
STATUS_CODES = {"skipped": SKIPPED, "prefer_not_to_say": PREFER_NOT}
# Banding works on words (it turns values into "16-20", "Other", "[suppressed]"); these are the words it
# sees for the answers that are not values, turned back into codes when the row is written.
WORD_STATUS = {"skipped": "skipped", "prefer_not_to_say": "prefer not to say"}
WORD_CODES = {
    "skipped": SKIPPED,
    "prefer not to say": PREFER_NOT,
    "not asked": NOT_ASKED,
    "not reached": NOT_REACHED,
    WITHHELD_TEXT: WITHHELD,
}
# Not asked and not reached are told apart before banding, so that banding counts them as separate values
# (splitting them afterwards could leave a combination shared by fewer than k).
GAP_WORDS = {NOT_ASKED: "not asked", NOT_REACHED: "not reached"}
BANDING_KINDS = {"age": "age", "area": "area"}  # anything else identifying is a category

RUN_COLUMNS = (
    Column("response", "Response number (in this file only)", measure="nominal"),
    Column("version", "Questionnaire version", measure="nominal"),
    Column(
        "channel",
        "How it was answered",
        value_labels={"web": "Web", "sms": "Text message", "whatsapp": "WhatsApp"},
    ),
    Column("language", "Language"),
    Column("area", "Area or distribution link (banded)", measure="nominal"),
    Column(
        "assisted", "Someone helped (keyworker mode)", value_labels={"1": "Yes", "0": "No"}, measure="nominal"
    ),
    Column(
        "state",
        "Completion",
        value_labels={"completed": "Completed", "stopped": "Stopped and kept", "in_progress": "Not finished"},
    ),
    Column("started_week", "Week started (the Monday)", measure="date"),
    Column("finished_week", "Week finished (the Monday); empty only when not finished", measure="date"),
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

    def values(self, status: str | None, value: object, withheld: bool, missing: int) -> dict[str, object]:
        """The question's cells; ``missing`` is the code to use if it has no response (-3 or -4)."""
        if status is None:
            return {column.name: missing for column in self.columns}
        if withheld or status != "answered":
            code = WITHHELD if withheld else STATUS_CODES.get(status, SKIPPED)
            return {column.name: code for column in self.columns}
        cells = self.question.answer_type.export_cells(self.question, value)
        return dict(zip((column.name for column in self.columns), cells, strict=True))

    def identifier(
        self, status: str | None, value: object, withheld: bool, missing: int = NOT_ASKED
    ) -> object:
        """The value banding sees for a quasi-identifier: a word for a response that is not a value."""
        if status is None:
            return GAP_WORDS[missing]
        if withheld:
            return WITHHELD_TEXT
        if status != "answered":
            return WORD_STATUS.get(status, status)
        if self.question.is_text:
            # Typed words: scrubbed, and case and spacing folded so that equal answers group together.
            return " ".join(scrub(str(value)).lower().split())
        return value


def _question_columns(question: Question) -> QuestionColumns:
    name, label = variable_name(question.id), question.text
    if question.identifies:
        kind = BANDING_KINDS.get(question.identifies, "category")
        # The real column (codes and labels) is made once the banding is planned: see export_codes.
        column_kind = "text" if question.is_text else "code"
        return QuestionColumns(question, (Column(name, f"{label} (banded)", column_kind),), kind)
    columns = tuple(_column(question, each) for each in question.answer_type.export_columns(question))
    return QuestionColumns(question, columns)


def _column(question: Question, column: ExportColumn) -> Column:
    """A type's column as the downloads write it: every code column also explains the "no answer" codes."""
    name = variable_name(question.id, *column.parts)
    if column.text:
        return Column(name, column.label, "text")
    labels = column.value_labels | MISSING_LABELS
    return Column(name, column.label, value_labels=labels, measure=column.measure)


def _blank() -> tuple[None, None, bool]:
    return (None, None, False)


@dataclass(frozen=True)
class Layout:
    questionnaire: Questionnaire
    questions: tuple[QuestionColumns, ...]
    table: Table

    @property
    def banding_kinds(self) -> dict[str, str]:
        kinds = {"area": "area"}
        kinds.update({q.columns[0].name: q.banding for q in self.questions if q.banding})
        return kinds

    def quasi_identifiers(
        self, run: dict, answers: dict, missing: dict[str, int] | None = None
    ) -> dict[str, object]:
        missing = self.missing_codes(run, answers) if missing is None else missing
        values = {"area": run["distribution"]}
        for layout in self.questions:
            if layout.banding:
                question_id = layout.question.id
                response = answers.get(question_id, _blank())
                values[layout.columns[0].name] = layout.identifier(
                    *response, missing.get(question_id, NOT_ASKED)
                )
        return values

    def missing_codes(self, run: dict, answers: dict) -> dict[str, int]:
        """For each question with no response: -4 if the run ended (or has not gone on) before it, else -3.
        A finished run reached every question, so what it lacks was not asked."""
        last = -1
        for index, layout in enumerate(self.questions):
            if layout.question.id in answers:
                last = index
        unfinished = run["state"] != "completed"
        return {
            layout.question.id: NOT_REACHED if unfinished and index > last else NOT_ASKED
            for index, layout in enumerate(self.questions)
            if layout.question.id not in answers
        }

    def row(self, number: int, run: dict, answers: dict, missing: dict[str, int]) -> dict[str, object]:
        finished = run["finished_on"]
        row = {
            "response": number,
            "version": run["questionnaire_version"],
            "channel": run["channel"],
            "language": run["language"],
            "assisted": int(bool(run["assisted"])),
            "state": run["state"],
            "started_week": _week(run["started_on"]),
            "finished_week": _week(finished) if finished else None,
        }
        for layout in self.questions:
            if not layout.banding:
                question_id = layout.question.id
                row.update(layout.values(*answers.get(question_id, _blank()), missing.get(question_id, 0)))
        return row


def _week(day: object) -> dt.date:
    return week_of(day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10]))


def layout_for(questionnaire: Questionnaire) -> Layout:
    questions = tuple(_question_columns(q) for q in questionnaire.questions)
    columns = RUN_COLUMNS + tuple(column for q in questions for column in q.columns)
    return Layout(questionnaire, questions, Table(columns))
