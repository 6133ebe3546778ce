"""Notices say only that a concern waits and its tier; they leave through the outbox, at least once, and a
failing or dying sender loses nothing and delays no young person's reply."""

from __future__ import annotations

import datetime as dt
import json
import logging
import socket
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlmodel import select

from survey_app.engine import Question
from survey_app.safeguarding import journey, notify, outbox, worker
from survey_app.safeguarding.models import Concern, Notice
from survey_app.store.models import utcnow

WORDS = "my dad hits me and I want to kill myself"
CONTACT = "text me on 07700 900123, ask for Jade"
PHONE = "+447700900456"
FREE_TEXT = Question(id="feeling_unsafe", type="long_text", text="Is anything making you feel unsafe?")


class _Webhook(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the name http.server calls
        self.server.arrived.set()
        self.server.release.wait(timeout=30)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook():
    """A loopback webhook receiver. It answers once ``release`` is set (set from the start unless cleared)."""
    server = HTTPServer(("127.0.0.1", 0), _Webhook)
    server.received, server.release, server.arrived = [], threading.Event(), threading.Event()
    server.release.set()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


class _Smtp(socketserver.StreamRequestHandler):
    """Just enough SMTP to take one message: no TLS, no auth (the settings send neither for it)."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 fake ESMTP")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 fake")
            elif command == "DATA":
                self.reply("354 go on")
                self.server.messages.append(self._data())
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")

    def _data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line)
        return b"".join(lines)


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Smtp)
    server.daemon_threads, server.messages = True, []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _raise_urgent(app, db, make_run, store_answer) -> Concern:
    run = make_run(channel="sms")
    store_answer(run, FREE_TEXT.id, WORDS)
    with app.test_request_context():
        journey.check_answer(db, run, FREE_TEXT, WORDS, "sms", phone=PHONE)
        concern = journey.concern_for_run(db, run)
        journey.add_route_back(db, concern, CONTACT)
    return concern


def _assert_no_content(data: bytes) -> None:
    lowered = data.lower()
    for secret in (b"kill", b"hits me", b"dad", b"07700", b"jade", b"447700", b"leaving-care", b"north"):
        assert secret not in lowered


def _send(app, now: dt.datetime | None = None) -> int:
    """One round of the notify worker, as ``notify-worker --once`` runs it."""
    with app.app_context():
        if now is None:
            return worker.one_round()
        return outbox.drain(db_engine(app), notify.Settings.from_config(app.config), worker.compose, now=now)


def db_engine(app):
    return app.extensions["db_engine"]


def _hook(app, server) -> None:
    app.config["NOTIFY_WEBHOOK_URL"] = f"http://127.0.0.1:{server.server_port}/hook"


def test_the_webhook_gets_only_the_event_and_the_tier(sg_app, db, make_run, store_answer, webhook):
    _hook(sg_app, webhook)
    _raise_urgent(sg_app, db, make_run, store_answer)
    assert _send(sg_app) == 1
    [(path, headers, body)] = webhook.received
    assert json.loads(body) == {"event": "concern_waiting", "tier": "urgent"}
    assert headers["Content-Type"] == "application/json"
    _assert_no_content(body)


def test_the_email_says_only_that_a_concern_is_waiting_and_its_tier(
    sg_app, db, make_run, store_answer, smtp_server
):
    sg_app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.server_address[1])
    sg_app.config.update(NOTIFY_EMAIL_TO="lead@example.org", SMTP_USER=None)
    _raise_urgent(sg_app, db, make_run, store_answer)
    _send(sg_app)
    [message] = smtp_server.messages
    assert b"A safeguarding concern is waiting" in message
    assert b"urgent" in message
    _assert_no_content(message)


def test_a_retried_answer_notifies_once(sg_app, db, make_run, store_answer, webhook):
    _hook(sg_app, webhook)
    run = make_run()
    store_answer(run, FREE_TEXT.id, WORDS)
    with sg_app.test_request_context():
        for _ in range(3):
            journey.check_answer(db, run, FREE_TEXT, WORDS, "web")
    _send(sg_app)
    _send(sg_app)
    assert len(webhook.received) == 1


def test_nothing_is_sent_while_the_young_person_waits_only_by_the_worker(
    sg_app, db, make_run, store_answer, webhook
):
    _hook(sg_app, webhook)
    concern = _raise_urgent(sg_app, db, make_run, store_answer)
    # The answer step has returned and nothing has been sent: a slow server cannot hold up the reply.
    assert concern.id is not None and webhook.received == []
    assert [n.kind for n in db.exec(select(Notice)).all()] == ["concern_waiting"]
    db.commit()  # end the read (SQLite takes its write lock when any transaction begins)
    _send(sg_app)
    assert len(webhook.received) == 1


def test_an_unreachable_webhook_loses_nothing_and_is_retried_with_back_off(
    sg_app, db, make_run, store_answer, webhook, caplog
):
    sg_app.config["NOTIFY_WEBHOOK_URL"] = f"http://127.0.0.1:{_closed_port()}/hook"
    with caplog.at_level(logging.WARNING, logger="survey_app.safeguarding.notify"):
        concern = _raise_urgent(sg_app, db, make_run, store_answer)
        assert _send(sg_app) == 0
    [notice] = db.exec(select(Notice)).all()
    db.refresh(notice)
    assert (notice.attempts, notice.sent_at, notice.last_failure) == (1, None, "webhook")
    assert db.exec(select(Concern)).all() == [concern]
    db.commit()
    assert "Concern notification by webhook failed" in caplog.text
    _assert_no_content(caplog.text.encode())
    _hook(sg_app, webhook)
    assert _send(sg_app) == 0  # not yet: the back-off has not passed
    assert _send(sg_app, now=utcnow() + outbox.backoff(1) + dt.timedelta(seconds=1)) == 1
    assert len(webhook.received) == 1


def test_back_off_doubles_up_to_an_hour():
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert outbox.backoff(30) == outbox.LONGEST_RETRY


def test_a_notice_held_by_a_worker_that_died_is_sent_once_the_hold_runs_out(
    sg_app, db, make_run, store_answer, webhook
):
    _hook(sg_app, webhook)
    _raise_urgent(sg_app, db, make_run, store_answer)
    [notice] = db.exec(select(Notice)).all()
    notice.held_until = utcnow() + outbox.HOLD  # taken by a worker that then died mid-send
    db.add(notice)
    db.commit()
    assert _send(sg_app) == 0
    assert _send(sg_app, now=utcnow() + outbox.HOLD + dt.timedelta(seconds=1)) == 1
    assert len(webhook.received) == 1


def test_with_no_route_configured_the_concern_is_still_kept(sg_app, db, make_run, store_answer, caplog):
    with caplog.at_level(logging.WARNING, logger="survey_app.safeguarding.notify"):
        concern = _raise_urgent(sg_app, db, make_run, store_answer)
        _send(sg_app)
    assert concern.id is not None
    assert "no notification route is set" in caplog.text


def test_deliver_never_raises_even_for_a_bad_url():
    settings = notify.Settings(webhook_url="file:///etc/passwd")
    assert notify.deliver(settings, notify.Message("review", "s", "b")) == ["webhook"]
