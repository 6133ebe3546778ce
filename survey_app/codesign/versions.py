"""What changed between two versions of a questionnaire, question by question, in the words people see.

Used twice: ``conversations load`` refuses a wording change kept under the same version number (a running
review's responses record the version, so the same number must mean the same words), and the review team's
comparison page shows a new version beside the old one.
"""

from __future__ import annotations

from dataclasses import dataclass

from survey_app.engine import Question, Questionnaire

ADDED = "added"
REMOVED = "removed"
REWORDED = "reworded"
SAME = "same"


@dataclass(frozen=True)
class QuestionChange:
    question_id: str
    kind: str
    old: tuple[str, ...]
    new: tuple[str, ...]


def wording(question: Question) -> tuple[str, ...]:
    """Every piece of text a person sees for this question, labelled, in a stable order."""
    lines = [f"Question: {question.text}"]
    for label, value in (
        ("Hint", question.hint),
        ("Why we ask", question.why),
        ("Text message", question.sms),
    ):
        if value:
            lines.append(f"{label}: {value}")
    lines += [f"Choice: {choice.label}" for choice in question.choices]
    for label, value in (("Lowest", question.min_label), ("Highest", question.max_label)):
        if value:
            lines.append(f"{label}: {value}")
    return tuple(lines)


def compare(old: Questionnaire, new: Questionnaire) -> list[QuestionChange]:
    """Every question of either version, in the new version's order (removed ones after), with its change."""
    before = {q.id: q for q in old.questions}
    after = {q.id: q for q in new.questions}
    found = []
    for question in new.questions:
        earlier = before.get(question.id)
        if earlier is None:
            found.append(QuestionChange(question.id, ADDED, (), wording(question)))
            continue
        kind = SAME if wording(earlier) == wording(question) else REWORDED
        found.append(QuestionChange(question.id, kind, wording(earlier), wording(question)))
    found += [QuestionChange(q.id, REMOVED, wording(q), ()) for q in old.questions if q.id not in after]
    return found


def changed(old: Questionnaire, new: Questionnaire) -> list[str]:
    """The ids of the questions whose wording differs (added, removed or reworded)."""
    return [change.question_id for change in compare(old, new) if change.kind != SAME]
