"""How long does one text message take? N people text the whole leaving-care survey at once.

Starts gunicorn the way ``make run`` does (same app factory, 2 workers) on a loopback port with a
temporary SQLite database, then N concurrent senders (default 20) each text the survey from CARE to the
last answer through signed webhooks. Prints p50/p95/p99 time per inbound message, how many HTTP
requests each message needed (1: the reply comes back as TwiML in the same exchange), and the CPU each
message cost in the load client, the gunicorn workers and (on a local PostgreSQL) the database's backends:
on a shared machine those are steadier than the throughput, which counts every other process's load too.

The load client is kept lean so that it measures the server: each webhook is signed with twilio's
RequestValidator as Twilio signs it, and posted over plain ``http.client`` on a new connection (gunicorn's
sync workers close every connection after one request anyway).

    .venv/bin/python bench/sms_turns.py [--senders 20] [--workers 2] [--database-url URL]
"""

from __future__ import annotations

import argparse
import http.client
import os
import resource
import secrets
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from xml.etree import ElementTree

from sqlalchemy import text
from sqlmodel import Session, select
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import serving  # noqa: E402

from survey_app.db import make_engine  # noqa: E402
from survey_app.store.models import COMPLETED, Answer, Run  # noqa: E402

TOKEN = "bench-auth-token"
CONVERSATION = [
    "CARE",
    "yes",
    "yes",
    "yes",
    "yes",
    "19",
    "3",
    "1",
    "4",
    "2",
    "2",
    "More say where I lived",
    "3",
    "2",
    "1 4",
    "2",
    "1",
    "yes",
    "5",
    "3",
    "skip",
    "More money",
    "4",
    "prefer not to say",
    "no",
]
ANSWERS_PER_PERSON = len(CONVERSATION) - 5


VALIDATOR = RequestValidator(TOKEN)  # one per process, as the server keeps one


class Sender:
    def __init__(self, base: str, number: str) -> None:
        self.base, self.number = base, number
        self.address = urlsplit(base)
        self.timings: list[float] = []
        self.requests = 0

    def text(self, body: str) -> list[str]:
        params = {
            "MessageSid": "SM" + secrets.token_hex(16),
            "AccountSid": "ACbench",
            "From": self.number,
            "To": "+447700900000",
            "Body": body,
            "NumMedia": "0",
        }
        url = self.base + "/sms/inbound"
        headers = {
            "X-Twilio-Signature": VALIDATOR.compute_signature(url, params),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.address.hostname, self.address.port, timeout=60)
        try:
            connection.request("POST", "/sms/inbound", urlencode(params), headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        self.timings.append(time.perf_counter() - started)
        self.requests += 1
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status} for {body!r}")
        root = ElementTree.fromstring(content)  # noqa: S314 - our own server's TwiML
        if root.find("Redirect") is not None:
            raise RuntimeError("the reply asked for a second request")
        return [m.text or "" for m in root.iter("Message")]

    def whole_survey(self, start: threading.Barrier) -> None:
        start.wait()
        for body in CONVERSATION:
            self.text(body)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _ticks(pid: int) -> int:
    """CPU (user + system) a process has used, in clock ticks; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(fields[11]) + int(fields[12])


def _children(pid: int) -> list[int]:
    try:
        return [int(n) for n in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def _gunicorn_pid() -> int:
    """The gunicorn master: the one child of this process that ``serving.gunicorn`` started."""
    children = _children(os.getpid())
    return next(pid for pid in children if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes())


def _database_backends(database_url: str) -> list[int]:
    """This database's PostgreSQL backends, when the server runs on this machine (else none)."""
    if not database_url.startswith("postgresql"):
        return []
    engine = make_engine(database_url)
    with engine.connect() as connection:
        name = connection.execute(text("SELECT current_database()")).scalar()
        pids = connection.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()"),
            {"name": name},
        ).scalars()
        found = [pid for pid in pids if Path(f"/proc/{pid}").exists()]
    engine.dispose()
    return found


class CpuMeter:
    """CPU used between ``start`` and ``stop`` by this process, the gunicorn workers and the database."""

    def __init__(self, server_pid: int, database_url: str) -> None:
        self.server_pid, self.database_url = server_pid, database_url

    def _server(self) -> dict[int, int]:
        return {pid: _ticks(pid) for pid in [self.server_pid, *_children(self.server_pid)]}

    def start(self) -> None:
        self.client = resource.getrusage(resource.RUSAGE_SELF)
        self.server = self._server()
        self.database = {pid: _ticks(pid) for pid in _database_backends(self.database_url)}

    def stop(self) -> None:
        client = resource.getrusage(resource.RUSAGE_SELF)
        before = self.client.ru_utime + self.client.ru_stime
        self.client_seconds = client.ru_utime + client.ru_stime - before
        tick = os.sysconf("SC_CLK_TCK")
        self.server_seconds = sum(t - self.server.get(pid, 0) for pid, t in self._server().items()) / tick
        backends = set(self.database) | set(_database_backends(self.database_url))
        used = sum(max(0, _ticks(pid) - self.database.get(pid, 0)) for pid in backends)
        self.database_seconds = used / tick if backends else None


def check_stored(database_url: str, senders: int) -> None:
    engine = make_engine(database_url)
    with Session(engine) as session:
        completed = len(session.exec(select(Run).where(Run.state == COMPLETED)).all())
        answers = len(session.exec(select(Answer)).all())
    engine.dispose()
    # The warm-up's conversations are stored too.
    people = senders + WARM_UP_SENDERS
    expected = people * ANSWERS_PER_PERSON
    print(f"stored: {completed} completed runs of {people}; {answers} answers (expected {expected})")


WARM_UP_SENDERS = 8


def _warm_up(base: str) -> None:
    """A few whole conversations at once before measuring, so that every worker has loaded what it loads
    on first use (the safeguarding detector reads its lexicons and model on the first free-text answer,
    about 0.3 s of CPU per worker) and the questionnaire's version is stored: the figures are a long-lived
    worker's, not its first minute's. 8 conversations give each of 2 workers free text almost surely."""
    people = [Sender(base, f"+4477008{n:05d}") for n in range(WARM_UP_SENDERS)]
    go = threading.Barrier(WARM_UP_SENDERS)
    with ThreadPoolExecutor(WARM_UP_SENDERS) as pool:
        for done in [pool.submit(p.whole_survey, go) for p in people]:
            done.result()


def run(senders: int, workers: int, database_url: str | None, profile_folder: Path | None = None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="sms-bench-"))
    database_url = database_url or f"sqlite:///{folder / 'bench.db'}"
    serving.migrate(database_url)
    settings = {"TWILIO_AUTH_TOKEN": TOKEN, "PHONE_HASH_KEY": secrets.token_hex(16)}
    app = "survey_app:create_app()"
    if profile_folder is not None:  # each worker profiles itself (bench/sms_profiled.py)
        profile_folder.mkdir(parents=True, exist_ok=True)
        settings["SMS_PROFILE_DIR"], app = str(profile_folder.resolve()), "bench.sms_profiled:create_app()"
    with serving.gunicorn(
        database_url, workers=workers, access_log=folder / "access.log", settings=settings, app=app
    ) as base:
        _warm_up(base)
        people = [Sender(base, f"+4477009{n:05d}") for n in range(100, 100 + senders)]
        start = threading.Barrier(senders + 1)
        meter = CpuMeter(_gunicorn_pid(), database_url)
        with ThreadPoolExecutor(senders) as pool:
            texting = [pool.submit(p.whole_survey, start) for p in people]
            meter.start()
            start.wait()
            began = time.perf_counter()
            for done in texting:
                done.result()
            elapsed = time.perf_counter() - began
            meter.stop()
    timings = [t for p in people for t in p.timings]
    print(
        f"{senders} senders x {len(CONVERSATION)} messages = {len(timings)} inbound messages, "
        f"gunicorn {workers} workers, {database_url.split(':')[0]}, {os.cpu_count()} CPUs"
    )
    print(
        f"time per inbound message: p50 {percentile(timings, 0.50) * 1000:.1f} ms, "
        f"p95 {percentile(timings, 0.95) * 1000:.1f} ms, p99 {percentile(timings, 0.99) * 1000:.1f} ms, "
        f"mean {statistics.fmean(timings) * 1000:.1f} ms"
    )
    print(f"HTTP requests per inbound message: {sum(p.requests for p in people) / len(timings):.2f}")
    print(f"throughput: {len(timings) / elapsed:.0f} messages/s over {elapsed:.1f} s (load client included)")
    per = 1000 / len(timings)
    database = f", database {meter.database_seconds * per:.2f}" if meter.database_seconds is not None else ""
    print(
        f"CPU ms per message: gunicorn {meter.server_seconds * per:.2f}, load client "
        f"{meter.client_seconds * per:.2f}{database}; load average {os.getloadavg()[0]:.2f}"
    )
    check_stored(database_url, senders)
    if profile_folder is not None:
        _print_profile(profile_folder)


def _print_profile(folder: Path) -> None:
    """The workers' profiles together (written when gunicorn stopped them), the warm-up text included."""
    import pstats

    dumps = sorted(str(path) for path in folder.glob("worker-*.prof"))
    if not dumps:
        print(f"no worker profile in {folder}")
        return
    stats = pstats.Stats(*dumps)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite database")
    parser.add_argument(
        "--profile-workers",
        type=Path,
        default=None,
        help="a folder: profile each gunicorn worker's CPU there",
    )
    arguments = parser.parse_args()
    run(arguments.senders, arguments.workers, arguments.database_url, arguments.profile_workers)


if __name__ == "__main__":
    main()
