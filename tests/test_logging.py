"""Logs keep no IP addresses, user agents or query strings: not from gunicorn, not from the dev server."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from survey_app.db import make_engine
from survey_app.models import register_models
from tests.live_server import gunicorn_command

ROOT = Path(__file__).resolve().parent.parent
# gunicorn access-log atoms that would write who someone is or what they sent in a URL.
IDENTIFYING_ATOMS = ("%(h)s", "%(a)s", "%(q)s", "%(r)s", "%(f)s", "%({x-forwarded-for}i)s")


@pytest.mark.parametrize("name", ["Procfile", "Makefile"])
def test_every_gunicorn_command_sets_an_access_log_format_without_addresses(name):
    text = (ROOT / name).read_text()
    commands = [line for line in text.splitlines() if "gunicorn" in line and "--bind" in line]
    assert commands, f"no gunicorn command found in {name}"
    for line in commands:
        # The default format starts with %(h)s, the client address: a command must give its own.
        assert "--access-logformat" in line or "--access-logformat" in text
    formats = re.findall(r"--access-logformat '([^']*)'", text)
    assert formats and all(not any(atom in fmt for atom in IDENTIFYING_ATOMS) for fmt in formats)


def test_the_development_server_request_line_loses_the_client_address(app, caplog):
    logger = logging.getLogger("werkzeug")
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        # Exactly how werkzeug writes a request line: the address is in the message, not in its arguments.
        logger.info('203.0.113.9 - - [26/Nov/2026 10:00:00] "%s" %s %s\n', "GET /help HTTP/1.1", "200", "-")
    assert "203.0.113.9" not in caplog.text
    assert "GET /help" in caplog.text


# --- a real gunicorn, with the project's own settings ------------------------------------------------------

CLIENT = "127.0.0.2"  # the requests come from here; the server listens on 127.0.0.1
TOKEN = "Qw3rTy7uIoP1aSdF9gHjK2lZxCvBnM4q0eRtYuIoPaS"  # shaped like a set-up link's token


def _request(port: int, raw: bytes) -> bytes:
    with socket.socket() as connection:
        connection.bind((CLIENT, 0))
        connection.connect(("127.0.0.1", port))
        connection.sendall(raw)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture(scope="module")
def gunicorn_logs(tmp_path_factory):
    """Serve the app with gunicorn.conf.py, send hostile requests, and return (access log, error log)."""
    folder = tmp_path_factory.mktemp("gunicorn")
    database = f"sqlite:///{folder / 'survey.db'}"
    register_models()
    engine = make_engine(database)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.set_inheritable(True)
    port = listener.getsockname()[1]
    access, errors = folder / "access.log", folder / "error.log"
    command = [
        *gunicorn_command(),
        *("--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"fd://{listener.fileno()}"),
        *("--workers", "1", "--access-logfile", str(access), "--error-logfile", str(errors)),
        "survey_app:create_app()",
    ]
    env = os.environ | {"DATABASE_URL": database, "APP_ENV": "development"}
    server = subprocess.Popen(command, cwd=ROOT, env=env, pass_fds=[listener.fileno()])
    listener.close()
    try:
        for path in (
            f"/admin/setup/{TOKEN}",
            "/help%0A200%20GET%20/forged%20line",
            "/help%00nul",
            "/admin/login",
        ):
            _request(port, f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
        _request(port, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n")  # too long: 414
        _request(
            port,
            b"GET /admin/login HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.5\r\n"
            b"Connection: close\r\n\r\n",
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return access.read_bytes(), errors.read_bytes()


@pytest.mark.server
def test_no_log_of_a_real_gunicorn_has_the_client_address(gunicorn_logs):
    access, errors = gunicorn_logs
    assert b"Invalid request" in errors  # the long request line was logged, without who sent it
    for log in (access, errors):
        assert CLIENT.encode() not in log and b"203.0.113.5" not in log


@pytest.mark.server
def test_a_real_gunicorn_escapes_control_characters_in_the_access_log(gunicorn_logs):
    access, _errors = gunicorn_logs
    lines = access.decode("ascii").splitlines()
    assert not any(line.startswith("200 GET /forged") for line in lines)
    assert "GET /help\\x0a200 GET /forged line 404" in access.decode("ascii")
    assert b"\x00" not in access and "/help\\x00nul" in access.decode("ascii")


@pytest.mark.server
def test_a_real_gunicorn_logs_set_up_links_without_their_token(gunicorn_logs):
    access, errors = gunicorn_logs
    assert TOKEN.encode() not in access + errors
    assert b"GET /admin/setup/[token] 404" in access


def _access_line(access_log_format: str, environ: dict, headers: list[tuple[str, str]]) -> str:
    """What ``PrivateLogger`` writes for one request, with gunicorn's own atom wrapping."""
    import datetime as dt
    from types import SimpleNamespace

    from gunicorn.config import Config
    from gunicorn.glogging import SafeAtoms

    from survey_app.gunicorn_logging import PrivateLogger

    config = Config()
    config.set("access_log_format", access_log_format)
    logger = PrivateLogger(config)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/", "SERVER_PROTOCOL": "HTTP/1.1"} | environ
    response = SimpleNamespace(status="200 OK", sent=10, headers=[("Content-Type", "text/html")])
    atoms = logger.atoms(response, SimpleNamespace(headers=headers), environ, dt.timedelta(seconds=0.25))
    return access_log_format % SafeAtoms(atoms)


def test_the_access_log_writes_no_address_or_token_whatever_the_format_asks_for():
    asks_for_everything = (
        '%(h)s %(u)s "%(r)s" %(s)s "%(f)s" "%(a)s" %(U)s %({X-Forwarded-For}i)s %({x-real-ip}i)s '
        "%({User-Agent}i)s %({cookie}i)s %({REMOTE_ADDR}e)s %({http_x_forwarded_for}e)s %(L)s %(m)s"
    )
    line = _access_line(
        asks_for_everything,
        {
            "REMOTE_ADDR": CLIENT,
            "PATH_INFO": f"/admin/setup/{TOKEN}\n200 GET /forged",
            "HTTP_USER_AGENT": "Phone/1.0 (private)",
            "HTTP_REFERER": "https://example.org/who",
            "HTTP_X_FORWARDED_FOR": "203.0.113.5",
        },
        [("X-Forwarded-For", "203.0.113.5"), ("X-Real-IP", "203.0.113.6"), ("Cookie", "session=secret")],
    )

    for secret in (CLIENT, "203.0.113.5", "203.0.113.6", TOKEN, "private", "/who", "session=secret"):
        assert secret not in line
    assert "\n" not in line and "/admin/setup/[token]\\x0a200 GET /forged" in line
    assert " 0.250000 GET" in line  # the atoms it may write are still written


def test_the_project_access_log_format_writes_the_method_path_status_and_time():
    settings = (ROOT / "gunicorn.conf.py").read_text()
    access_log_format = re.search(r'^access_log_format = "([^"]*)"', settings, re.MULTILINE)[1]

    assert _access_line(access_log_format, {"PATH_INFO": "/sms/inbound"}, []) == "GET /sms/inbound 200 250ms"
