"""The project's gunicorn.conf.py, plus notes for ``bench/startup.py``: when the master was ready to start
its workers and when each worker was ready to take requests, with the CPU seconds each process had spent by
then (a forked worker's count starts at zero, so a worker's figure is its own start-up).

``STARTUP_RECORD`` names the file the notes are appended to; ``STARTUP_PRELOAD`` (``1`` or ``0``), if set,
overrides ``preload_app`` so the two ways of starting can be compared on the same settings.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

_PROJECT = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
# The settings production serves with, read here as gunicorn itself reads them.
exec(compile(_PROJECT.read_text(encoding="utf-8"), str(_PROJECT), "exec"))  # noqa: S102

if os.environ.get("STARTUP_PRELOAD") in ("0", "1"):
    preload_app = os.environ["STARTUP_PRELOAD"] == "1"

_project_hooks = {name: globals().get(name) for name in ("when_ready", "post_worker_init")}


def _note(role: str) -> None:
    line = {"role": role, "pid": os.getpid(), "cpu": time.process_time(), "at": time.time()}
    with open(os.environ["STARTUP_RECORD"], "a", encoding="utf-8") as record:
        record.write(json.dumps(line) + "\n")


def when_ready(server) -> None:
    if _project_hooks["when_ready"]:
        _project_hooks["when_ready"](server)
    _note("master")


def post_worker_init(worker) -> None:
    if _project_hooks["post_worker_init"]:
        _project_hooks["post_worker_init"](worker)
    _note("worker")
