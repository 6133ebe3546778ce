"""Logs keep no IP addresses, user agents or query strings: not from gunicorn, not from the dev server."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

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
