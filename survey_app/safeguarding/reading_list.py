"""The reading list: a person reads every free-text answer, most worrying first.

The detector is the fast lane; this is the safety net. Every free-text answer (unless its questionnaire says
``reading: flagged``) goes on the list in the same transaction as the answer, ranked by the detector's score
and then by age, with a reading service level (``reading_days``, working days, default one). A reader marks
answers read, one at a time or a page of low-score answers together, or raises a concern by hand: the same
``Concern`` record, sealing and queue as one the detector raises. Every step is audit-logged with
identifiers only, and the list is destroyed with the questionnaire's responses.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from survey_app.safeguarding import concerns, outbox
from survey_app.safeguarding.models import READ, UNREAD, URGENT, Concern, ReadingItem
from survey_app.staff import audit
from survey_app.store.models import Answer, Run, utcnow

DEFAULT_READING_DAYS = 1
# Scores where the detector gave none (until it does, and for its failure): a concern above anything
# ordinary, a failure or an unread language at the very top, because nobody knows what they say.
FALLBACK_SCORES = {"urgent": 0.95, "review": 0.7}
UNREAD_LANGUAGE_SCORE = 0.9
FAILED_SCORE = 1.0
PASSED_SCORE = 0.9
# A page can be marked read together only where every answer on it scored below this.
LOW_SCORE = 0.3
PAGE_SIZE = 50


@dataclass(frozen=True)
class Summary:
    unread: int
    overdue: int
    oldest_unread: dt.datetime | None


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)  # SQLite returns naive UTC


def due_after(start: dt.datetime, working_days: int) -> dt.datetime:
    """The moment ``working_days`` working days (Monday to Friday) after ``start``."""
    due = _aware(start)
    left = max(working_days, 0)
    while left:
        due += dt.timedelta(days=1)
        if due.weekday() < 5:
            left -= 1
    return due


def score_of(assessment) -> float:
    """The detector's score (0-1), or a stand-in from its tier until every detector gives one."""
    reasons = assessment.to_dict().get("reasons") or []
    if any(isinstance(r, dict) and r.get("rule") == "detector.failed" for r in reasons):
        return FAILED_SCORE
    score = getattr(assessment, "score", None)
    if score is None:
        score = FALLBACK_SCORES.get(assessment.tier, 0.1) if assessment.concern else 0.05
    if getattr(assessment, "language_unread", False):
        score = max(score, UNREAD_LANGUAGE_SCORE)
    return float(min(max(score, 0.0), 1.0))


def reasons_of(assessment) -> str:
    reasons = list(assessment.to_dict().get("reasons") or [])
    if getattr(assessment, "language_unread", False):
        context = ["not read by the detector: language"]
        reasons.append({"rule": "language.unread", "words": "", "context": context})
    return json.dumps(reasons, ensure_ascii=False, default=str)


def add_answer(
    session: Session,
    *,
    run,
    question_id: str,
    text: str,
    channel: str,
    assessment,
    reading_days: int = DEFAULT_READING_DAYS,
    concern_id: int | None = None,
) -> ReadingItem:
    """Put one answer on the list, once per (run, question, words). Does not commit."""
    values = item_values(
        run=run,
        question_id=question_id,
        text=text,
        channel=channel,
        assessment=assessment,
        reading_days=reading_days,
    )
    key = values["idempotency_key"]
    item = session.exec(select(ReadingItem).where(ReadingItem.idempotency_key == key)).first()
    if item is None:
        item = ReadingItem(**values)
    item.concern_id = item.concern_id or concern_id
    session.add(item)
    return item


def item_values(*, run, question_id: str, text: str, channel: str, assessment, reading_days: int) -> dict:
    """One answer's reading-list row, as columns (without a concern)."""
    now = utcnow()
    return {
        "idempotency_key": concerns.idempotency_key(run.id, question_id, text),
        "questionnaire_id": run.questionnaire_id,
        "run_id": run.id,
        "question_id": question_id,
        "words": text,
        "channel": channel,
        "score": score_of(assessment),
        "tier": assessment.tier if assessment.concern else "none",
        "category": assessment.category,
        "reasons": reasons_of(assessment),
        "created_at": now,
        "due_at": due_after(now, reading_days),
        "state": UNREAD,
    }


READING_COLUMNS = (
    "idempotency_key",
    "questionnaire_id",
    "run_id",
    "question_id",
    "words",
    "channel",
    "score",
    "tier",
    "category",
    "reasons",
    "created_at",
    "due_at",
    "state",
)


def unread(session: Session, *, limit: int = PAGE_SIZE) -> list[ReadingItem]:
    """The next answers to read: highest score first, then the longest waiting."""
    query = (
        select(ReadingItem)
        .where(ReadingItem.state == UNREAD)
        .order_by(ReadingItem.score.desc(), ReadingItem.created_at, ReadingItem.id)
        .limit(limit)
    )
    return list(session.exec(query).all())


def recently_read(session: Session, *, limit: int = 20) -> list[ReadingItem]:
    query = select(ReadingItem).where(ReadingItem.state == READ).order_by(ReadingItem.read_at.desc())
    return list(session.exec(query.limit(limit)).all())


def summary(session: Session, now: dt.datetime | None = None) -> Summary:
    now = now or utcnow()
    waiting = select(func.count(), func.min(ReadingItem.created_at)).where(ReadingItem.state == UNREAD)
    count, oldest = session.exec(waiting).one()
    late = select(func.count()).where(ReadingItem.state == UNREAD, ReadingItem.due_at < now)
    return Summary(unread=count, overdue=session.exec(late).one(), oldest_unread=oldest)


def is_overdue(item: ReadingItem, now: dt.datetime | None = None) -> bool:
    return item.state == UNREAD and _aware(item.due_at) < _aware(now or utcnow())


def mark_read(session: Session, item: ReadingItem, actor_id: int) -> bool:
    """Mark one answer read; False if somebody already had (nothing changes, nothing is logged twice)."""
    if item.state == READ:
        return False
    item.state, item.read_at, item.read_by = READ, utcnow(), actor_id
    session.add(item)
    audit.record(session, actor_id, "reading.read", f"reading={item.id}")
    return True


def mark_page_read(session: Session, item_ids: list[int], actor_id: int) -> int:
    """Mark a page of low-score answers read together. Refuses the whole page if any scored high:
    those are read one at a time. Returns how many were marked."""
    items = session.exec(select(ReadingItem).where(ReadingItem.id.in_(item_ids or [0]))).all()
    if any(item.score >= LOW_SCORE and item.state == UNREAD for item in items):
        raise ValueError("only low-score answers can be marked read together")
    now, marked = utcnow(), []
    for item in items:
        if item.state == UNREAD:
            item.state, item.read_at, item.read_by = READ, now, actor_id
            session.add(item)
            marked.append(item.id)
    if marked:
        detail = f"reading={','.join(map(str, marked))}"
        audit.record(session, actor_id, "reading.read_page", detail[:500])
    return len(marked)


@dataclass(frozen=True)
class ByHand:
    """What a concern raised by a reader records in place of the detector's assessment."""

    tier: str
    category: str
    concern: bool = True

    def to_dict(self) -> dict:
        reason = {"rule": "reader", "words": "", "context": ["raised by hand from the reading list"]}
        return {"reasons": [reason]}


def raise_by_hand(session: Session, item: ReadingItem, actor_id: int, *, tier: str, category: str) -> Concern:
    """Raise a concern from the list: the same record, sealing, queue and notice as the detector's.

    An answer already raised stays one concern; a reader who judges it urgent when the detector said review
    makes it urgent, and the lead is told again because the tier changed.
    """
    run = session.get(Run, item.run_id) if item.run_id is not None else None
    concern = concerns.raise_concern(
        session,
        run=run,
        questionnaire_id=item.questionnaire_id,
        question_id=item.question_id,
        text=item.words,
        assessment=ByHand(tier, category),
        channel=item.channel,
        distribution=run.distribution if run is not None else None,
        commit=False,
        raised_by=actor_id,
    )
    if tier == URGENT and concern.tier != URGENT:
        concern.tier = URGENT
        outbox.add(session, f"urgent:{concern.idempotency_key}", outbox.CONCERN_WAITING, URGENT)
        session.add(concern)
    item.concern_id = concern.id
    if item.state == UNREAD:
        item.state, item.read_at, item.read_by = READ, utcnow(), actor_id
    session.add(item)
    audit.record(session, actor_id, "reading.raise", f"reading={item.id} concern={concern.id} tier={tier}")
    return concern


def pass_answer(session: Session, answer: Answer, actor_id: int) -> ReadingItem:
    """An analyst passes an answer they read to safeguarding: it goes (back) to the top of the list.

    The answer is withheld from the review team now, as a concern's answer is: withheld only if the lead
    raised a concern, it would vanish from the analyst's page and downloads exactly then, and tell the
    analyst what the lead decided.
    """
    run = session.get(Run, answer.run_id)
    answer.withheld = True
    session.add(answer)
    text = json.loads(answer.value) if answer.value else ""
    text = text if isinstance(text, str) else json.dumps(text, ensure_ascii=False)
    passed = ByHand("review", "none")
    item = add_answer(
        session, run=run, question_id=answer.question_id, text=text, channel=run.channel, assessment=passed
    )
    item.score = max(item.score, PASSED_SCORE)
    item.reasons = json.dumps(
        [
            *json.loads(item.reasons or "[]"),
            {"rule": "passed", "words": "", "context": ["passed by the review team"]},
        ]
    )
    item.state, item.passed_at, item.due_at = (
        UNREAD,
        utcnow(),
        min(_aware(item.due_at), due_after(utcnow(), 1)),
    )
    session.add(item)
    session.flush()
    audit.record(session, actor_id, "answer.pass", f"reading={item.id}")
    return item


def check_overdue(session: Session, now: dt.datetime | None = None) -> bool:
    """If anything waits past its service level, put one content-free notice a day in the outbox."""
    now = now or utcnow()
    if summary(session, now).overdue == 0:
        return False
    outbox.add(session, f"overdue:{now.date().isoformat()}", outbox.READING_OVERDUE)
    session.commit()
    return True


def purge_questionnaire(session: Session, questionnaire_id: str) -> int:
    """Destroy a questionnaire's reading list at the end of its review. Does not commit."""
    result = session.exec(delete(ReadingItem).where(ReadingItem.questionnaire_id == questionnaire_id))
    return result.rowcount or 0


@functools.cache
def add_once(dialect: str):
    """``add_answer`` for an answer that raised no concern, as one Core statement (the SMS fast lane
    sends it with the answer's other writes): an item already there for the same words stays as it is.
    Its parameters are the columns of ``item_values`` with ``p_reading_`` in front."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = ReadingItem.__table__
    statement = insert(table).values(
        {name: bindparam(f"p_reading_{name}", type_=table.c[name].type) for name in READING_COLUMNS}
    )
    return statement.on_conflict_do_nothing(index_elements=["idempotency_key"])
