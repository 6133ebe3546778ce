"""Real HTTPS: gunicorn serving TLS itself with a throwaway certificate, Chromium sending no Referer.

The journey and staff sign-in succeed over TLS; the resume-code limit holds across two gunicorn workers
because the counts live in Redis, not in either worker.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from argon2 import PasswordHasher
from sqlmodel import Session, create_engine

from survey_app.commands import upgrade_database
from survey_app.staff.models import StaffMember
from tests.live_server import gunicorn_command

from .test_browser import _answer_all, _consent, _press, _question

pytestmark = [pytest.mark.browser, pytest.mark.server]

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/0"
PASSWORD = "a long enough pass phrase"


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made here and thrown away with the test's folder."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@contextlib.contextmanager
def _tls_server(folder: Path, database: str, *, workers: int, settings: dict) -> Iterator[str]:
    # What `flask db upgrade` runs, here rather than in a process of its own that would load the whole app.
    upgrade_database(database)
    cert, key = _certificate(folder)
    listener = socket.create_server(("127.0.0.1", 0), backlog=64)
    listener.set_inheritable(True)
    port = listener.getsockname()[1]
    command = [
        *gunicorn_command(),
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"fd://{listener.fileno()}",
        "--workers",
        str(workers),
        "--certfile",
        str(cert),
        "--keyfile",
        str(key),
        "--log-level",
        "warning",
        "survey_app:create_app()",
    ]
    env = os.environ | {"DATABASE_URL": database, "APP_ENV": "development"} | settings
    env.pop("PUBLIC_URL", None)
    log = (folder / "gunicorn.log").open("w+")
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, pass_fds=[listener.fileno()], stdout=log, stderr=log
    )
    listener.close()
    try:
        yield f"https://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture
def tls(tmp_path, neutral_site):
    database = f"sqlite:///{tmp_path / 'tls.db'}"
    settings = {
        "QUICK_EXIT_URL": neutral_site,
        "RATELIMIT_STORAGE_URI": REDIS,
        "RATELIMIT_KEY_PREFIX": "test-" + secrets.token_hex(8),  # this run's counts only
    }
    with _tls_server(tmp_path, database, workers=2, settings=settings) as url:
        yield url, database


@pytest.fixture
def secure_page(browser):
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.referers = []
    page.on("request", lambda request: page.referers.append(request.headers.get("referer")))
    yield page
    context.close()


def test_the_journey_over_real_https_sends_no_referer_and_every_form_succeeds(tls, secure_page):
    base, _database = tls
    page = secure_page
    _consent(page, base)
    assert _question(page) == "age"
    page.fill("#answer", "lots")
    _press(page, "Continue")
    assert page.title().startswith("Error: ")
    _answer_all(page)
    assert page.url.endswith("/check")
    _press(page, "Send my answers")

    assert page.url.startswith("https://") and page.url.endswith("/thank-you")
    assert not any(page.referers)


def _staff(database: str) -> tuple[str, str]:
    secret = pyotp.random_base32()
    with Session(create_engine(database)) as session:
        session.add(
            StaffMember(
                email="admin@example.org",
                role="admin",
                password_hash=PasswordHasher().hash(PASSWORD),
                totp_secret=secret,
                totp_confirmed=True,
            )
        )
        session.commit()
    return "admin@example.org", secret


def test_staff_sign_in_over_real_https_sends_no_referer_and_reaches_the_dashboard(tls, secure_page):
    base, database = tls
    email, secret = _staff(database)
    page = secure_page

    page.goto(base + "/admin/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]").first.click()
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]").first.click()

    assert page.url == base + "/admin/"
    assert not any(page.referers)


def test_the_resume_code_limit_holds_across_two_gunicorn_workers(tls, secure_page):
    base, _database = tls
    http = secure_page.context.request
    statuses = []
    for attempt in range(30):
        # A fresh page each time, so requests spread over both workers' connections.
        html = http.get(base + "/resume", headers={"Connection": "close"}).text()
        token = re.search(r'name="csrf_token" value="([^"]+)"', html)[1]
        response = http.post(
            base + "/resume",
            form={"csrf_token": token, "code": f"AAAA-AAAA-{attempt:02d}"},
            headers={"Origin": base, "Connection": "close"},
            max_redirects=0,
        )
        statuses.append(response.status)

    assert statuses.count(200) == 10 and statuses.count(429) == 20
    assert statuses[10:] == [429] * 20
