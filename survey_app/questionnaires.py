"""The questionnaires this app serves: loaded from ``conversations/`` at start-up, pinned per run.

A run keeps the version it started on. When a file changes while people are part-way through, the old
text is still in the ``questionnaire_version`` table, so they finish the questions they began.
"""

from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from survey_app import engine
from survey_app.engine import Questionnaire
from survey_app.store.models import QuestionnaireVersion, Run


class Registry:
    def __init__(self, questionnaires: dict[str, Questionnaire]) -> None:
        self.current = questionnaires
        self._pinned: dict[tuple[str, str], Questionnaire] = {}
        self._saved: set[tuple[str, str]] = set()

    def get(self, questionnaire_id: str) -> Questionnaire | None:
        return self.current.get(questionnaire_id)

    def open_ones(self, session: Session) -> list[Questionnaire]:
        """Those open today, by the dates in force: a coordinator's change is kept in the database."""
        from survey_app import questionnaire_dates

        return [q for q in self.current.values() if questionnaire_dates.is_open(session, q)]

    def by_keyword(self, keyword: str) -> Questionnaire | None:
        keyword = keyword.strip().upper()
        return next((q for q in self.current.values() if q.sms_keyword == keyword), None)

    def remember(self, session: Session, questionnaire: Questionnaire) -> None:
        """Keep this version's text, so runs pinned to it can be finished after the file changes."""
        key = (questionnaire.id, questionnaire.version)
        if key in self._saved:
            return
        stored = session.exec(
            select(QuestionnaireVersion.id).where(
                QuestionnaireVersion.questionnaire_id == questionnaire.id,
                QuestionnaireVersion.version == questionnaire.version,
            )
        ).first()
        if stored is None:
            # Many first texts or visits at once on a fresh database all find nothing and all insert: the
            # first wins, the others' insert breaks the unique constraint inside its own savepoint, which
            # is rolled back alone. The text is the same, so nothing is lost (SQLite and PostgreSQL alike).
            try:
                with session.begin_nested():
                    session.add(
                        QuestionnaireVersion(
                            questionnaire_id=questionnaire.id,
                            version=questionnaire.version,
                            source=questionnaire.text,
                        )
                    )
            except IntegrityError:
                pass
            session.commit()
        self._saved.add(key)

    def for_run(self, session: Session, run: Run) -> Questionnaire | None:
        """The questionnaire exactly as it was when this run started."""
        latest = self.current.get(run.questionnaire_id)
        if latest is not None and latest.version == run.questionnaire_version:
            return latest
        key = (run.questionnaire_id, run.questionnaire_version)
        if key not in self._pinned:
            row = session.exec(
                select(QuestionnaireVersion).where(
                    QuestionnaireVersion.questionnaire_id == run.questionnaire_id,
                    QuestionnaireVersion.version == run.questionnaire_version,
                )
            ).first()
            if row is None:
                return None
            self._pinned[key] = engine.parse_questionnaire(
                row.source, f"{row.questionnaire_id} v{row.version}"
            )
        return self._pinned[key]


def init_app(app: Flask) -> None:
    app.extensions["questionnaires"] = Registry(engine.load_folder(app.config["CONVERSATIONS_DIR"]))


def registry() -> Registry:
    return current_app.extensions["questionnaires"]
