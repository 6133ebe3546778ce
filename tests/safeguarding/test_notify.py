"""Notifications say only that a concern waits and its tier; a failing one loses nothing, delays nothing."""

from __future__ import annotations

import json
import logging
import socket
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlmodel import select

from survey_app.engine import Question
from survey_app.safeguarding import journey, notify
from survey_app.safeguarding.models import Concern

WORDS = "my dad hits me and I want to kill myself"
CONTACT = "text me on 07700 900123, ask for Jade"
PHONE = "+447700900456"
FREE_TEXT = Question(id="feeling_unsafe", type="long_text", text="Is anything making you feel unsafe?")


class _Webhook(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the name http.server calls
        self.server.release.wait(timeout=10)
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
    server.received, server.release = [], threading.Event()
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


def test_the_webhook_gets_only_the_event_and_the_tier(sg_app, db, make_run, store_answer, webhook):
    sg_app.config["NOTIFY_WEBHOOK_URL"] = f"http://127.0.0.1:{webhook.server_port}/hook"
    sg_app.extensions.pop("concern_notifier")
    notify.init_app(sg_app)
    _raise_urgent(sg_app, db, make_run, store_answer)
    notify.notifier(sg_app).wait(timeout=10)
    [(path, headers, body)] = webhook.received
    assert json.loads(body) == {"event": "concern_waiting", "tier": "urgent"}
    assert headers["Content-Type"] == "application/json"
    _assert_no_content(body)


def test_the_email_says_only_that_a_concern_is_waiting_and_its_tier(
    sg_app, db, make_run, store_answer, smtp_server
):
    sg_app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.server_address[1])
    sg_app.config.update(NOTIFY_EMAIL_TO="lead@example.org", SMTP_USER=None)
    sg_app.extensions.pop("concern_notifier")
    notify.init_app(sg_app)
    _raise_urgent(sg_app, db, make_run, store_answer)
    notify.notifier(sg_app).wait(timeout=10)
    [message] = smtp_server.messages
    assert b"A safeguarding concern is waiting" in message
    assert b"urgent" in message
    _assert_no_content(message)


def test_a_retried_answer_notifies_once(sg_app, db, make_run, store_answer, webhook):
    sg_app.config["NOTIFY_WEBHOOK_URL"] = f"http://127.0.0.1:{webhook.server_port}/hook"
    sg_app.extensions.pop("concern_notifier")
    notify.init_app(sg_app)
    run = make_run()
    store_answer(run, FREE_TEXT.id, WORDS)
    with sg_app.test_request_context():
        for _ in range(3):
            journey.check_answer(db, run, FREE_TEXT, WORDS, "web")
    notify.notifier(sg_app).wait(timeout=10)
    assert len(webhook.received) == 1


def test_an_unreachable_webhook_loses_no_concern_and_raises_nothing(
    sg_app, db, make_run, store_answer, caplog
):
    sg_app.config["NOTIFY_WEBHOOK_URL"] = f"http://127.0.0.1:{_closed_port()}/hook"
    sg_app.extensions.pop("concern_notifier")
    notify.init_app(sg_app)
    with caplog.at_level(logging.WARNING, logger="survey_app.safeguarding.notify"):
        concern = _raise_urgent(sg_app, db, make_run, store_answer)
        notify.notifier(sg_app).wait(timeout=10)
    assert db.exec(select(Concern)).all() == [concern]
    assert "Concern notification by webhook failed" in caplog.text
    _assert_no_content(caplog.text.encode())


def test_a_slow_webhook_does_not_hold_up_the_young_persons_reply(sg_app, db, make_run, store_answer, webhook):
    sg_app.config["NOTIFY_WEBHOOK_URL"] = f"http://127.0.0.1:{webhook.server_port}/hook"
    sg_app.extensions.pop("concern_notifier")
    notify.init_app(sg_app)
    webhook.release.clear()  # the receiver holds every request until told to answer
    concern = _raise_urgent(sg_app, db, make_run, store_answer)
    # check_answer has returned while the webhook is still waiting: the reply was not held up.
    assert concern.id is not None and webhook.received == []
    webhook.release.set()
    notify.notifier(sg_app).wait(timeout=10)
    assert len(webhook.received) == 1


def test_with_no_route_configured_the_concern_is_still_kept(sg_app, db, make_run, store_answer, caplog):
    with caplog.at_level(logging.WARNING, logger="survey_app.safeguarding.notify"):
        concern = _raise_urgent(sg_app, db, make_run, store_answer)
        notify.notifier(sg_app).wait(timeout=10)
    assert concern.id is not None
    assert "no notification route is set" in caplog.text


def test_deliver_never_raises_even_for_a_bad_url():
    settings = notify.Settings(webhook_url="file:///etc/passwd")
    assert notify.deliver(settings, notify.Message("review", "s", "b")) == ["webhook"]
