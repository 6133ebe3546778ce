"""The soak test's own PostgreSQL and the faults it suffers: workers killed with SIGKILL, a database outage.

The PostgreSQL here is a private instance in a temporary folder on its own port, listening on loopback
only, so stopping it for the outage touches nobody else's database. It runs as the ``postgres`` user
when the soak runs as root (initdb refuses root).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

POSTGRES_BIN = Path(os.environ.get("POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))


class PrivatePostgres:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.data = folder / "data"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, cwd=self.folder)

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(str(POSTGRES_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        log = str(self.folder / "postgres.log")
        self._run(str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.data), "-l", log, "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")


@contextlib.contextmanager
def private_postgres(port: int) -> Iterator[PrivatePostgres]:
    """A fresh PostgreSQL on ``port`` for the length of the block; stopped and deleted afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="soak-postgres-"))
    server = PrivatePostgres(folder, port)
    try:
        server.create()
        server.start()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


def outage(server: PrivatePostgres, seconds: float) -> tuple[float, float]:
    """Stops the database as a crash would, waits, starts it again; returns when it went and came back."""
    went = time.monotonic()
    server.stop("immediate")
    time.sleep(max(0.0, seconds - (time.monotonic() - went)))
    server.start()
    return went, time.monotonic()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            # The parent is the fourth field after the command name, which may hold spaces.
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def gunicorn_workers() -> list[int]:
    """The workers of the gunicorn this process started: children of its child whose command is gunicorn."""
    for child in _children(os.getpid()):
        with contextlib.suppress(OSError):
            if b"gunicorn" in (Path("/proc") / str(child) / "cmdline").read_bytes():
                return _children(child)
    return []


def kill_a_worker() -> int | None:
    """SIGKILL one gunicorn worker, as the out-of-memory killer would; the master starts another."""
    workers = gunicorn_workers()
    if not workers:
        return None
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    return victim
