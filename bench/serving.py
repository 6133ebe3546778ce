"""gunicorn for the benchmarks: migrated the way `make run` migrates, served the way the Procfile serves.

The port is bound here and handed to gunicorn (``fd://``), so requests queue until a worker is ready and
no script has to poll or sleep for start-up. Loopback only.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# The Procfile's format, without addresses or query strings; %(L)s is the request time in seconds.
ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(L)s"


def migrate(database_url: str) -> None:
    subprocess.run(
        [str(BIN / "flask"), "--app", "survey_app", "db", "upgrade"],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": database_url},
        check=True,
        capture_output=True,
    )


@contextlib.contextmanager
def gunicorn(
    database_url: str,
    *,
    workers: int,
    access_log: Path | str,
    settings: dict | None = None,
    output: IO | None = None,
    app: str = "survey_app:create_app()",
    config: Path = ROOT / "gunicorn.conf.py",
) -> Iterator[str]:
    """A running gunicorn on a free loopback port; yields its base URL and stops it afterwards.

    ``app``: another WSGI app on the same settings (the bare Flask limit of ``bench/bare_flask.py``).
    ``config``: another settings file (``bench/startup_conf.py`` notes when each process was ready).
    """
    listener = socket.create_server(("127.0.0.1", 0), backlog=256)
    listener.set_inheritable(True)
    port = listener.getsockname()[1]
    env = os.environ | {"DATABASE_URL": database_url, "APP_ENV": "development", "PORT": str(port)}
    # Benchmark senders text far faster and longer than a person: the per-sender limit would measure itself.
    env.setdefault("SMS_SENDER_LIMIT", "1000000 per minute")
    env.pop("PUBLIC_URL", None)
    command = [
        str(BIN / "gunicorn"),
        "--config",
        str(config),
        "--bind",
        f"fd://{listener.fileno()}",
        "--workers",
        str(workers),
        "--access-logfile",
        str(access_log),
        "--access-logformat",
        ACCESS_FORMAT,
        "--log-level",
        "warning",
        app,
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env | (settings or {}),
        pass_fds=[listener.fileno()],
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
    )
    listener.close()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a busy machine: a worker still shutting down is not a failure
            process.kill()
            process.wait(timeout=30)
