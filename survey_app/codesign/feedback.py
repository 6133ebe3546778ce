"""Young advisers' feedback on a previewed question, and the review team's decision on each point.

Feedback is anonymous: it names the questionnaire, version and question, and nothing about who gave it.
Safeguarding still reads the words: each comment goes on the safeguarding reading list, ranked by the
detector, exactly as a free-text answer would; words the detector finds worrying are kept off the review
team's pages (the safeguarding lead has them).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlmodel import Session, select

from survey_app.codesign.models import OUTCOMES, PreviewFeedback
from survey_app.engine import Question, Questionnaire
from survey_app.safeguarding import journey, reading_list

CLEAR_ANSWERS = ("yes", "not_really")
CHANGE_LIMIT = 2000
PREVIEW_CHANNEL = "preview"


@dataclass
class QuestionFeedback:
    question: Question
    clear: Counter = field(default_factory=Counter)
    comments: list[PreviewFeedback] = field(default_factory=list)
    withheld: int = 0


def clean(text: str | None) -> str | None:
    """The words as given, without NULs or invisible characters; None when nothing is left."""
    if not text:
        return None
    kept = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")
    kept = kept.strip()[:CHANGE_LIMIT]
    return kept or None


def give(
    session: Session, questionnaire: Questionnaire, question: Question, clear: str | None, change: str | None
) -> bool:
    """Keep one adviser's feedback (if any) and put their words on the reading list. Returns True when the
    words worried the detector, so the page can show support at once. Commits."""
    clear = clear if clear in CLEAR_ANSWERS else None
    change = clean(change)
    if clear is None and change is None:
        return False
    row = PreviewFeedback(
        questionnaire_id=questionnaire.id, version=questionnaire.version, question_id=question.id, clear=clear
    )
    worrying = False
    if change is not None:
        row.change = change
        # The same reading as an answer, failure included: a detector failure puts the words at the top.
        assessment = journey._assess_safely(change)
        worrying = bool(assessment.concern)
        row.withheld = worrying
        # No run: a preview keeps none. The reading list names the questionnaire and the question.
        stand_in = SimpleNamespace(id=None, questionnaire_id=questionnaire.id)
        reading_list.add_answer(
            session,
            run=stand_in,
            question_id=f"preview v{questionnaire.version}: {question.id}"[:80],
            text=change,
            channel=PREVIEW_CHANNEL,
            assessment=assessment,
        )
    session.add(row)
    session.commit()
    return worrying


def versions(session: Session, questionnaire_id: str) -> list[str]:
    query = select(PreviewFeedback.version).where(PreviewFeedback.questionnaire_id == questionnaire_id)
    return sorted(set(session.exec(query).all()), key=lambda v: (len(v), v))


def by_question(session: Session, questionnaire: Questionnaire) -> list[QuestionFeedback]:
    """The feedback on this version, question by question, in the questionnaire's order."""
    rows = session.exec(
        select(PreviewFeedback)
        .where(
            PreviewFeedback.questionnaire_id == questionnaire.id,
            PreviewFeedback.version == questionnaire.version,
        )
        .order_by(PreviewFeedback.id)
    ).all()
    found = {q.id: QuestionFeedback(q) for q in questionnaire.questions}
    for row in rows:
        entry = found.get(row.question_id)
        if entry is None:
            continue
        if row.clear:
            entry.clear[row.clear] += 1
        if row.withheld:
            entry.withheld += 1
        elif row.change:
            entry.comments.append(row)
    return [entry for entry in found.values() if entry.clear or entry.comments or entry.withheld]


def mark(session: Session, row: PreviewFeedback, outcome: str, note: str | None) -> str | None:
    """Record the review team's decision; returns an error message or None. Does not commit."""
    if outcome not in OUTCOMES:
        return "choose"
    note = clean(note)
    if outcome == "kept" and not note:
        return "why"
    row.outcome, row.note = outcome, note
    session.add(row)
    return None
