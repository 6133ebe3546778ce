"""How long the first visitors wait after gunicorn starts, and what starting costs each process.

    .venv/bin/python bench/startup.py [--workers 4] [--visitors 50] [--rounds 3] [--compare]

Starts gunicorn (the Procfile's settings, ``bench/startup_conf.py`` noting when each process is ready) on a
temporary SQLite database, and at the same moment sends ``--visitors`` requests for the start page of
``leaving-care`` at once, as after a restart. Prints, as the median of ``--rounds`` starts: the seconds
from starting gunicorn to the first 200 and the visitors' p50/p95/max; when the master was ready to start
its workers and the CPU seconds it had spent; each worker's start CPU seconds (from its fork, or its
start, to being ready for requests) and when the last one was ready. ``--compare`` does the same without
``preload_app``: every worker loading the app itself. Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import serving  # noqa: E402

CONFIG = ROOT / "bench" / "startup_conf.py"
START_PAGE = "/survey/leaving-care?area=B{:04d}"
# Long enough for the slowest start seen on a busy 2-core machine, many times over.
WAIT_SECONDS = 120


@dataclass
class Start:
    first_200: float
    waits: list[float]
    master_ready: float
    master_cpu: float
    worker_cpu: list[float]
    workers_ready: float


def visit(base: str, number: int, started: float) -> float:
    """One first visitor: seconds from gunicorn's start to their page (a 200, or the bench stops)."""
    http = requests.Session()
    http.trust_env = False  # loopback only, whatever proxy the environment names
    response = http.get(base + START_PAGE.format(number), timeout=WAIT_SECONDS)
    if response.status_code != 200:
        raise SystemExit(f"start page: {response.status_code}")
    return time.time() - started


def notes(record: Path, workers: int) -> list[dict]:
    """The master's and every worker's note; a worker no visitor reached may still be starting."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        lines = record.read_text(encoding="utf-8").splitlines() if record.exists() else []
        found = [json.loads(line) for line in lines]
        if sum(note["role"] == "worker" for note in found) >= workers:
            return found
        time.sleep(0.05)
    raise SystemExit(f"not every worker was ready within {WAIT_SECONDS} s")


def one_start(database_url: str, folder: Path, workers: int, visitors: int, preload: bool | None) -> Start:
    """One start of gunicorn; ``preload``: None for gunicorn.conf.py's own setting."""
    record = folder / "ready.jsonl"
    record.unlink(missing_ok=True)
    settings = {"STARTUP_RECORD": str(record)}
    if preload is not None:
        settings["STARTUP_PRELOAD"] = "1" if preload else "0"
    log = folder / "access.log"
    started = time.time()
    with (
        (folder / "gunicorn.log").open("w") as output,
        serving.gunicorn(
            database_url, workers=workers, access_log=log, settings=settings, config=CONFIG, output=output
        ) as url,
    ):
        with ThreadPoolExecutor(max_workers=visitors) as pool:
            waits = sorted(pool.map(visit, [url] * visitors, range(visitors), [started] * visitors))
        found = notes(record, workers)
    master = next(note for note in found if note["role"] == "master")
    ready = [note for note in found if note["role"] == "worker"]
    return Start(
        first_200=waits[0],
        waits=waits,
        master_ready=master["at"] - started,
        master_cpu=master["cpu"],
        worker_cpu=sorted(note["cpu"] for note in ready),
        workers_ready=max(note["at"] for note in ready) - started,
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(label: str, starts: list[Start]) -> None:
    def median(pick) -> float:
        return statistics.median(pick(start) for start in starts)

    workers = len(starts[0].worker_cpu)
    per_worker = [statistics.median(start.worker_cpu[n] for start in starts) for n in range(workers)]
    print(f"{label}:")
    print(
        f"  first 200 on the start page {median(lambda s: s.first_200):.2f} s after starting gunicorn; "
        f"visitors waited p50 {median(lambda s: percentile(s.waits, 0.5)):.2f} s, "
        f"p95 {median(lambda s: percentile(s.waits, 0.95)):.2f} s, max {median(lambda s: s.waits[-1]):.2f} s"
    )
    print(
        f"  master ready to start workers at {median(lambda s: s.master_ready):.2f} s, "
        f"{median(lambda s: s.master_cpu):.2f} s CPU"
    )
    print(
        f"  worker start CPU {', '.join(f'{cpu:.2f}' for cpu in per_worker)} s "
        f"(all {sum(per_worker):.2f} s); last worker ready at {median(lambda s: s.workers_ready):.2f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--visitors", type=int, default=50, help="start pages asked for at once")
    parser.add_argument("--rounds", type=int, default=3, help="starts measured; medians are printed")
    parser.add_argument("--compare", action="store_true", help="also start without preload_app")
    args = parser.parse_args()
    os.environ.pop("STARTUP_PRELOAD", None)  # each way sets its own
    ways = [("as configured (gunicorn.conf.py)", None)] + (
        [("preload_app off", False)] if args.compare else []
    )
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        database_url = f"sqlite:///{folder / 'bench.db'}"
        serving.migrate(database_url)
        # The machine may be shared: the seconds waited depend on what else runs, the CPU seconds do not.
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(
            f"gunicorn {args.workers} sync workers, {args.visitors} visitors at start, {os.cpu_count()} CPU "
            f"cores (load average {load:.1f}), SQLite; medians of {args.rounds} starts"
        )
        for label, preload in ways:
            starts = [
                one_start(database_url, folder, args.workers, args.visitors, preload)
                for _ in range(args.rounds)
            ]
            report(label, starts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
