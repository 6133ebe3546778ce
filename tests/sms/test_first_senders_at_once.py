"""Many first-time senders at once on a fresh database: the questionnaire's text is kept once, no error."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import Session, delete, func, select

from survey_app.questionnaires import Registry, registry
from survey_app.store.models import QuestionnaireVersion

AT_ONCE = 6


def test_many_first_senders_at_once_keep_the_questionnaire_text_once_without_an_error(app):
    engine = app.extensions["db_engine"]
    with app.app_context():
        questionnaire = registry().by_keyword("CARE")
        current = registry().current
    with Session(engine) as session:
        session.exec(delete(QuestionnaireVersion))
        session.commit()
    together = threading.Barrier(AT_ONCE)
    # PostgreSQL: every worker looks, finds nothing, and only then inserts (the race as it happened).
    # SQLite's BEGIN IMMEDIATE queues whole transactions, so there they meet only at the start.
    looked = threading.Barrier(AT_ONCE) if engine.dialect.name == "postgresql" else None

    class Worker(Session):
        def add(self, instance, **kwargs) -> None:
            if looked is not None and isinstance(instance, QuestionnaireVersion):
                looked.wait(timeout=30)
            super().add(instance, **kwargs)

    def first_text(_number: int) -> None:
        with Worker(engine) as session:
            together.wait(timeout=30)
            Registry(current).remember(session, questionnaire)  # each worker's own, empty cache

    with ThreadPoolExecutor(AT_ONCE) as pool:
        list(pool.map(first_text, range(AT_ONCE)))

    with Session(engine) as session:
        kept = session.exec(
            select(func.count(QuestionnaireVersion.id)).where(
                QuestionnaireVersion.questionnaire_id == questionnaire.id,
                QuestionnaireVersion.version == questionnaire.version,
            )
        ).one()
    assert kept == 1
