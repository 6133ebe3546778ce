"""Fixtures for the web journey: respondents without JavaScript, and a live server with headless Chromium."""

from __future__ import annotations

import dataclasses
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from nacl.pwhash import argon2id
from sqlmodel import Session, SQLModel, select

from survey_app import create_app
from survey_app.safeguarding import sealing
from survey_app.store.models import Answer, Run
from tests.accessibility import launch_chromium
from tests.live_server import serving

from .pages import Respondent


def keep_open(app) -> None:
    """Open every questionnaire whatever today's date, so the journey tests do not expire with the review."""
    questionnaires = app.extensions["questionnaires"].current
    for key, questionnaire in questionnaires.items():
        questionnaires[key] = dataclasses.replace(questionnaire, opens=None, closes=None)


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


# --- a live server and one browser for the whole session ---------------------------------------------


class _NeutralSite(BaseHTTPRequestHandler):
    """Stands in for the outside weather site quick exit goes to: loopback only, tests never reach out."""

    def do_GET(self) -> None:
        body = b"<!doctype html><html lang=en><title>Weather forecast</title><h1>Today</h1></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def neutral_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NeutralSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/weather"
    server.shutdown()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, neutral_site):
    """The app on 127.0.0.1 (a free port) in a background thread, on its own SQLite database.

    Always SQLite: the browser tests check pages, not the database, and must not share PostgreSQL tables
    that other tests truncate. It has a safeguarding lead's public key, so contact details given after a
    concern are kept (sealed) as in production.
    """
    database = tmp_path_factory.mktemp("live") / "live.db"
    lead = sealing.keygen("live server lead", opslimit=argon2id.OPSLIMIT_MIN, memlimit=argon2id.MEMLIMIT_MIN)
    app = create_app(
        {
            "TESTING": False,
            "SQLALCHEMY_DATABASE_URL": f"sqlite:///{database}",
            "SAFEGUARDING_PUBLIC_KEY": lead.public_key,
            "QUICK_EXIT_URL": neutral_site,
        }
    )
    keep_open(app)
    engine = app.extensions["db_engine"]
    SQLModel.metadata.create_all(engine)
    with serving(app) as server:
        yield server
    engine.dispose()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_db(live_server):
    with Session(live_server.app.extensions["db_engine"]) as session:
        yield session
