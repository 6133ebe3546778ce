"""Fixtures for the web journey: respondents without JavaScript, and a look at what the database holds."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from survey_app.store.models import Answer, Run
from tests.live import keep_open

from .pages import Respondent

NEUTRAL = "https://weather.example/"  # never fetched: the test client does not follow other hosts


@pytest.fixture
def app(app):
    keep_open(app)
    app.config["QUICK_EXIT_URL"] = NEUTRAL
    return app


@pytest.fixture
def respondent(client) -> Respondent:
    return Respondent(client)


@pytest.fixture
def new_respondent(app):
    """Another browser (or the same device after the browser was closed): no cookies."""
    return lambda: Respondent(app.test_client())


@pytest.fixture
def stored(db):
    """What the database holds: every run, and answers as {question: (status, value)}.

    Each look ends its transaction: on SQLite an open one would hold the write lock the app needs.
    """

    def look(query) -> list:
        rows = list(db.exec(query).all())
        db.expunge_all()
        db.rollback()
        return rows

    class Stored:
        def runs(self) -> list[Run]:
            return look(select(Run).order_by(Run.id))

        def answer_rows(self) -> list[Answer]:
            return look(select(Answer).order_by(Answer.id))

        def answers(self, run: Run | None = None) -> dict:
            query = select(Answer) if run is None else select(Answer).where(Answer.run_id == run.id)
            return {a.question_id: (a.status, json.loads(a.value) if a.value else None) for a in look(query)}

    return Stored()


# The live server and the browser are shared with other browser tests: see tests/live.py.


@pytest.fixture(scope="session")
def live_db(live_server):
    with Session(live_server.app.extensions["db_engine"]) as session:
        yield session
