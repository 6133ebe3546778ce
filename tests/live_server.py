"""Serving the app to a real browser or HTTP client in tests: in a thread of this process, or as gunicorn.

Each test package makes the app it needs (its database, its seed, its settings) and hands it to ``serving``;
tests that need the production server start ``gunicorn_command()``. Both read the test questionnaires
(``CONVERSATIONS_DIR``, set for the whole session in tests/conftest.py, which a subprocess inherits).
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server


class _QuietKeepAlive(WSGIRequestHandler):
    # HTTP/1.1 keeps a browser's connection open between requests, as a real server would.
    protocol_version = "HTTP/1.1"

    def log_request(self, *args, **kwargs) -> None:
        pass


@dataclass
class LiveServer:
    """Where the app is served; a test's fixture may note more on it (a set-up link, say)."""

    url: str
    app: Flask


@contextlib.contextmanager
def serving(app: Flask) -> Iterator[LiveServer]:
    """``app`` on 127.0.0.1 at a free port, in a background thread, until the block ends."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietKeepAlive)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app)
    finally:
        server.shutdown()
        thread.join(timeout=5)


def gunicorn_command() -> list[str]:
    """gunicorn from the virtualenv running the tests, however it was made (a script, or only the module)."""
    found = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "gunicorn"]
