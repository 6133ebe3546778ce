"""One live server, and headless Chromium, for every browser test that needs the whole app.

The app runs on 127.0.0.1 (a free port) in a background thread, and a stand-in for the outside site that
quick exit goes to runs beside it, so no test reaches beyond this machine. Registered in tests/conftest.py,
so the journey, co-design and any other browser tests share them rather than each starting a copy.
"""

from __future__ import annotations

import dataclasses
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from nacl.pwhash import argon2id
from sqlmodel import SQLModel

from survey_app import create_app
from survey_app.safeguarding import sealing
from tests.accessibility import launch_chromium
from tests.live_server import serving


def keep_open(app) -> None:
    """Open every questionnaire whatever today's date, so the journey tests do not expire with the review."""
    questionnaires = app.extensions["questionnaires"].current
    for key, questionnaire in questionnaires.items():
        questionnaires[key] = dataclasses.replace(questionnaire, opens=None, closes=None)


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
    """The app in a background thread, on its own SQLite database.

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


# Per module, not per session: Playwright's sync API runs one event loop per thread, so while a browser
# is open no other module could start its own (the admin, partners and checker tests do).
@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for one test module; each test makes its own contexts (cookies) and pages."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()
