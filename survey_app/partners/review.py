"""The review team's view of every return: a row per authority, the all-authorities file and the ratings.

The ratings summary is for publication, so it counts authorities per rating and names none of them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from sqlmodel import Session, select

from survey_app.admin.charts import BAR_SPACE, ROW, Bar, Chart
from survey_app.engine import Questionnaire, TypeName
from survey_app.engine.answers import word_count
from survey_app.engine.questionnaire import EVALUATION_SCALE
from survey_app.exports.cells import safe_cell
from survey_app.partners import drafting, submission
from survey_app.partners.models import Authority, PartnerMember, PartnerReturn, ReturnAnswer
from survey_app.partners.word import evaluation_words


@dataclass(frozen=True)
class Row:
    authority: Authority
    draft: PartnerReturn | None
    status: str
    answered: int
    lead: str


def rows(session: Session, questionnaire: Questionnaire, today: dt.date) -> list[Row]:
    authorities = session.exec(select(Authority).order_by(Authority.name)).all()
    drafts = {
        r.authority_id: r
        for r in session.exec(select(PartnerReturn).where(PartnerReturn.questionnaire_id == questionnaire.id))
    }
    leads = {m.authority_id: m.email for m in session.exec(select(PartnerMember).where(PartnerMember.lead))}
    found = []
    for authority in authorities:
        draft = drafts.get(authority.id)
        answered = _answered(session, draft)
        status = submission.status(draft, questionnaire, today, answered > 0)
        found.append(Row(authority, draft, status, answered, leads.get(authority.id, "")))
    return found


def _answered(session: Session, draft: PartnerReturn | None) -> int:
    if draft is None:
        return 0
    query = select(ReturnAnswer).where(ReturnAnswer.return_id == draft.id, ReturnAnswer.value != "")
    return len(session.exec(query).all())


def _cell(question, value: str) -> str:
    if question.type == TypeName.EVALUATION:
        return evaluation_words(value)
    if question.type == TypeName.EVIDENCE:
        return "; ".join(
            f"{r['title']} ({r['held']})" if r.get("held") else r["title"]
            for r in drafting.evidence_rows(value)
        )
    return value


def all_returns_csv(session: Session, questionnaire: Questionnaire, today: dt.date) -> str:
    """One row per authority, one column per question: every cell made safe for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["authority", "status", "reference", "submitted_at", *[q.id for q in questionnaire.questions]]
    )
    for row in rows(session, questionnaire, today):
        values = drafting.answers(session, row.draft) if row.draft else {}
        submitted = f"{row.draft.submitted_at:%Y-%m-%d %H:%M}" if row.draft and row.draft.submitted_at else ""
        cells = [row.authority.name, row.status, (row.draft.reference if row.draft else "") or "", submitted]
        cells += [_cell(q, values[q.id].value) if q.id in values else "" for q in questionnaire.questions]
        writer.writerow([safe_cell(c) for c in cells])
    return out.getvalue()


@dataclass(frozen=True)
class RatingSummary:
    question_text: str
    counts: tuple[tuple[str, int], ...]  # (rating words, authorities), best first
    chart: Chart


def ratings(session: Session, questionnaire: Questionnaire) -> list[RatingSummary]:
    """How many submitted returns gave each rating, per evaluation question. No authority is named."""
    submitted = session.exec(
        select(PartnerReturn.id).where(
            PartnerReturn.questionnaire_id == questionnaire.id, PartnerReturn.state == "submitted"
        )
    ).all()
    summaries = []
    for question in (q for q in questionnaire.questions if q.type == TypeName.EVALUATION):
        given = session.exec(
            select(ReturnAnswer.value).where(
                ReturnAnswer.question_id == question.id, ReturnAnswer.return_id.in_(submitted or [-1])
            )
        ).all()
        counts = tuple((evaluation_words(v), sum(1 for g in given if g == v)) for v in EVALUATION_SCALE)
        summaries.append(RatingSummary(question.text, counts, _chart(counts)))
    return summaries


def _chart(counts: tuple[tuple[str, int], ...]) -> Chart:
    largest = max((n for _, n in counts), default=0) or 1
    return Chart(
        tuple(
            Bar(words, str(n), i * ROW, round(BAR_SPACE * n / largest, 1))
            for i, (words, n) in enumerate(counts)
        )
    )


def words_written(session: Session, draft: PartnerReturn) -> int:
    return sum(
        word_count(a.value)
        for a in drafting.answers(session, draft).values()
        if a.value and a.value[0] != "["
    )
