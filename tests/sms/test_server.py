"""The whole survey by text against a real gunicorn, started the way ``make run`` starts it."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from survey_app.store.models import COMPLETED
from tests.live_server import gunicorn_command

from .texting import AUTH_TOKEN, LEAVING_CARE, PHONE_HASH_KEY, Phone, expected_answers, new_sid

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parents[2]
PLANTED_NUMBER = "+447700900555"


@pytest.fixture
def server(app, database_url, tmp_path):
    """gunicorn on a loopback socket we bind first, so requests queue until a worker is ready: no waiting."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.set_inheritable(True)
    port = listener.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "PHONE_HASH_KEY": PHONE_HASH_KEY,
        "APP_ENV": "development",
        "PORT": str(port),
    }
    env.pop("PUBLIC_URL", None)
    log = (tmp_path / "gunicorn.log").open("w+")
    process = subprocess.Popen(
        [
            *gunicorn_command(),
            "--bind",
            f"fd://{listener.fileno()}",
            "--workers",
            "2",
            "--access-logfile",
            "-",
            "--access-logformat",
            "%(m)s %(U)s %(s)s %(M)sms",
            "survey_app:create_app()",
        ],
        cwd=ROOT,
        env=env,
        pass_fds=[listener.fileno()],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    listener.close()
    yield f"http://127.0.0.1:{port}", lambda: (log.seek(0), log.read())[1]
    process.terminate()
    process.wait(timeout=30)
    log.close()


def _poster(base: str, session: requests.Session | None = None):
    http = session or requests.Session()

    def post(path: str, data: dict, headers: dict) -> tuple[int, bytes]:
        response = http.post(base + path, data=data, headers=headers, timeout=60)
        return response.status_code, response.content

    return post


def test_a_complete_conversation_against_gunicorn_stores_exactly_the_answers_given(server, stored):
    base, server_log = server
    phone = Phone(_poster(base), number=PLANTED_NUMBER, base=base)

    replies = [phone.send(body) for body, _answer in LEAVING_CARE]

    [run] = stored.runs()
    assert run.state == COMPLETED
    assert stored.answers(run.id) == expected_answers()
    assert "Thank you" in replies[-1][0]
    log = server_log()
    assert "POST /sms/inbound 200" in log
    assert PLANTED_NUMBER.removeprefix("+") not in log


def test_an_unsigned_message_to_gunicorn_is_refused(server, stored):
    base, _log = server

    response = requests.post(base + "/sms/inbound", data={"From": PLANTED_NUMBER, "Body": "CARE"}, timeout=60)

    assert response.status_code == 403
    assert stored.conversations() == []


def test_bursts_and_retries_against_gunicorn_never_double_an_answer(server, stored):
    base, _log = server
    phone = Phone(_poster(base), number=PLANTED_NUMBER, base=base)
    for body in ("CARE", "yes", "yes", "yes", "yes"):
        phone.send(body)
    retried = new_sid()
    # "prefer not to say" fits every question, so the order the server takes them in does not matter.
    burst = [("prefer not to say", retried)] * 4 + [("prefer not to say", new_sid()) for _ in range(3)]
    start = threading.Barrier(len(burst))

    def deliver(message):
        body, sid = message
        sender = Phone(_poster(base), number=PLANTED_NUMBER, base=base)
        start.wait()
        return sender.send(body, sid=sid)

    with ThreadPoolExecutor(len(burst)) as pool:
        list(pool.map(deliver, burst))

    # One answer for the retried message, one for each other: the first four questions on this path.
    assert stored.answers() == {
        q: ("prefer_not_to_say", None) for q in ("age", "care_now", "feels_like_home", "had_a_say")
    }
    assert stored.runs()[0].position == "feeling"
