"""Soak test, run by hand (not in CI): web respondents and texters for minutes, through faults, then a check.

    .venv/bin/python bench/soak.py [--quick] [--duration 120] [--web 100] [--sms 100] [--workers 4]
                                   [--outage 10] [--postgres-port 5439]

A private PostgreSQL (its own folder and port, loopback only: the outage touches no other database) is
migrated as ``make run`` migrates; gunicorn serves the app with 4 workers. Web respondents walk the
leaving-care survey by reading each page's forms and links; texters text its keyword and reply to whatever
the last text asked, with deliveries repeated as Twilio repeats them. Along the way two workers are killed
with SIGKILL and the database is stopped for 10 seconds. Then every answer a client saw taken must be in the
database exactly once, every run finished or resumable (web: a fresh browser with only the code; SMS: the
conversation still waits for the next answer), and the only 5xx those of the outage. Prints throughput,
p50/p95/p99 per step and the counts; exits 1 if anything did not hold. Loopback only; the run, its retries
and each journey are bounded.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import serving  # noqa: E402
from soak_checks import Findings, check_everything  # noqa: E402
from soak_faults import gunicorn_workers, kill_a_worker, outage, private_postgres  # noqa: E402
from soak_record import GaveUp, Recorder, loopback_session, percentile  # noqa: E402
from soak_sms import JOIN_SECONDS, TOKEN, Texter  # noqa: E402
from soak_web import WebRespondent, resumes  # noqa: E402

from survey_app.engine import load_questionnaire  # noqa: E402

QUESTIONNAIRE = ROOT / "conversations" / "leaving-care.yaml"
# The last line of a traceback: the exception's class.
ERROR_LINE = re.compile(r"^((?:[A-Za-z_][\w]*\.)*[A-Za-z_]\w*(?:Error|Exception|Exit)):", re.MULTILINE)
START_SECONDS = 60
GRACE = 3.0  # seconds after the database is back in which a 5xx still counts as the outage's


class Faults(threading.Thread):
    """Kills a worker at a quarter of the run, stops the database at two fifths, kills another at 70%."""

    def __init__(self, database, duration: float, outage_seconds: float, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.database, self.duration, self.outage_seconds, self.stop = (
            database,
            duration,
            outage_seconds,
            stop,
        )
        self.events: list[str] = []
        self.window: tuple[float, float] | None = None

    def run(self) -> None:
        began = time.monotonic()
        for share, fault in ((0.25, "kill"), (0.4, "outage"), (0.7, "kill")):
            if self.stop.wait(max(0.0, began + share * self.duration - time.monotonic())):
                return
            at = time.monotonic() - began
            if fault == "kill":
                self.events.append(f"{at:5.1f} s: worker {kill_a_worker()} killed with SIGKILL")
            else:
                self.window = outage(self.database, self.outage_seconds)
                self.events.append(
                    f"{at:5.1f} s: database stopped (immediate) for {self.outage_seconds:.0f} s"
                )


def prepare(database_url: str) -> None:
    serving.migrate(database_url)
    subprocess.run(
        [str(serving.BIN / "flask"), "--app", "survey_app", "conversations", "load"],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": database_url},
        check=True,
        capture_output=True,
    )


def soak(args: argparse.Namespace) -> int:
    questionnaire = load_questionnaire(QUESTIONNAIRE)
    logs = Path(tempfile.mkdtemp(prefix="soak-logs-"))
    phone_key = secrets.token_hex(16)
    settings = {
        "TWILIO_AUTH_TOKEN": TOKEN,
        "PHONE_HASH_KEY": phone_key,
        "SMS_JOIN_SECONDS": str(JOIN_SECONDS),
    }
    with private_postgres(args.postgres_port) as database:
        try:
            prepare(database.url)
        except subprocess.CalledProcessError as error:
            print(
                f"could not prepare the database: {' '.join(error.cmd[-2:])}\n{error.stderr.decode()[-2000:]}"
            )
            return 2
        with (
            open(logs / "gunicorn.log", "w") as output,
            serving.gunicorn(
                database.url,
                workers=args.workers,
                access_log=logs / "access.log",
                settings=settings,
                output=output,
            ) as base,
        ):
            if not started(base):
                print(f"gunicorn did not answer within {START_SECONDS} s; its log: {logs / 'gunicorn.log'}")
                return 2
            record, faults, journeys, talks = drive(base, database, args, questionnaire)
            checking = Recorder(hard_stop=time.monotonic() + 120)  # a dead server must not hold the check
            findings = check_everything(
                database.url, journeys, talks, phone_key, lambda code: resumes(base, code, checking)
            )
    report(args, record, faults, findings, journeys, talks, logs)
    stuck = [j for j in journeys + talks if j.problem]
    return 0 if not findings.problems and not stuck and not outside_outage(record, faults) else 1


def started(base: str) -> bool:
    """The app answers: gunicorn has loaded it (an app that fails to load stops gunicorn instead)."""
    try:
        waiting = Recorder(hard_stop=time.monotonic() + START_SECONDS)
        waiting.send(loopback_session(), "start", "GET", base + "/")
    except GaveUp:
        return False
    return True


def drive(base: str, database, args: argparse.Namespace, questionnaire) -> tuple:
    """The load and the faults, until the soft stop and every client has stopped; what the clients saw."""
    record = Recorder()
    soft_stop, hard_stop = threading.Event(), threading.Event()
    record.hard_stop = record.started + args.duration + 20
    web = [WebRespondent(base, n, questionnaire.id, record, soft_stop) for n in range(args.web)]
    sms = [Texter(base, n, questionnaire, record, soft_stop) for n in range(args.sms)]
    faults = Faults(database, args.duration, args.outage, hard_stop)
    with ThreadPoolExecutor(len(web) + len(sms)) as pool:
        running = [pool.submit(client.run) for client in web + sms]
        faults.start()
        hard_stop.wait(args.duration)  # nothing sets it yet: a timer that the fault thread shares
        soft_stop.set()
        for done in running:
            done.result()
    hard_stop.set()
    faults.join()
    faults.events.append(f"workers running at the end: {len(gunicorn_workers())} of {args.workers}")
    record.wall = time.monotonic() - record.started
    journeys = [j for person in web for j in person.journeys]
    talks = [t for person in sms for t in person.conversations]
    return record, faults, journeys, talks


def outside_outage(record: Recorder, faults: Faults) -> list[tuple[float, str, str]]:
    """5xx answers that the database outage does not explain."""
    went, back = faults.window or (0.0, 0.0)
    went, back = went - record.started, back - record.started + GRACE
    return [f for f in record.failures if f[2].startswith("5") and not went <= f[0] <= back]


def report(args, record: Recorder, faults: Faults, findings: Findings, journeys, talks, logs) -> None:
    wall = record.wall
    answered = sum(len(record.timings.get(s, [])) for s in ("web: answer a question", "sms: answer"))
    total = sum(len(t) for t in record.timings.values())
    print(
        f"soak: {args.web} web respondents + {args.sms} texters for {args.duration:.0f} s, gunicorn "
        f"{args.workers} sync workers, private PostgreSQL, {os.cpu_count()} CPU cores (shared machine)"
    )
    for event in faults.events:
        print("  " + event)
    print(
        f"throughput: {total / wall:.0f} answered requests/s, {answered / wall:.0f} answer steps/s "
        f"over {wall:.1f} s"
    )
    print(f"{'step':30} {'requests':>8} {'p50':>8} {'p95':>8} {'p99':>8}  (ms, as the client waited)")
    for step in sorted(record.timings, key=lambda s: -len(record.timings[s])):
        times = record.timings[step]
        print(
            f"{step:30} {len(times):8d} "
            + " ".join(f"{percentile(times, share) * 1000:8.1f}" for share in (0.5, 0.95, 0.99))
        )
    print_server_times(logs / "access.log")
    print("statuses: " + ", ".join(f"{status} x{n}" for status, n in sorted(record.statuses.items())))
    during = Counter(f"{step} {status}" for _s, step, status in record.failures if status.startswith("5"))
    print("5xx in all: " + (", ".join(f"{name} x{n}" for name, n in sorted(during.items())) or "none"))
    print(f"5xx outside the outage (+{GRACE:.0f} s): {len(outside_outage(record, faults))}")
    for seconds, step, status in outside_outage(record, faults)[:10]:
        print(f"  {seconds:6.1f} s  {step}: {status}")
    finished_web = sum(j.finished for j in journeys)
    finished_sms = sum(t.finished for t in talks)
    print(
        f"web journeys {len(journeys)} ({finished_web} finished), SMS conversations {len(talks)} "
        f"({finished_sms} finished); texts joined {sum(t.joined for t in talks)}, 'text it again' "
        f"{sum(t.apologies for t in talks)}, duplicate deliveries answered differently "
        f"{sum(len(t.duplicates_differed) for t in talks)}"
    )
    print(
        f"answers: {findings.answers_taken} taken by the server as the clients saw it, "
        f"{findings.answers_stored} stored, {findings.in_doubt} in doubt (cut off, not re-sent)"
    )
    print(
        f"runs: {findings.finished} finished, {findings.unfinished} unfinished of which {findings.resumable} "
        f"resumable; by state: {findings.runs}"
    )
    client_problems = [j.problem for j in journeys + talks if j.problem]
    # Printed, not failed on: during the outage a redelivery can only get "text it again".
    client_problems += ["redelivery " + d for t in talks for d in t.duplicates_differed]
    print(f"stored exactly once, every run finished or resumable: {'yes' if not findings.problems else 'NO'}")
    for problem in (findings.problems + client_problems)[:15]:
        print("  " + problem)
    errors = Counter(ERROR_LINE.findall((logs / "gunicorn.log").read_text(errors="replace")))
    print(
        "exceptions in gunicorn's log: " + (", ".join(f"{e} x{n}" for e, n in errors.most_common()) or "none")
    )
    print(f"gunicorn's log: {logs / 'gunicorn.log'}")


def print_server_times(access_log: Path) -> None:
    """The server's own time per request (gunicorn's access log), without the queue in front of it."""
    times: dict[str, list[float]] = {}
    for line in access_log.read_text().splitlines():
        parts = line.split()
        if len(parts) != 4 or not re.fullmatch(r"\d+\.\d+", parts[3]):
            continue  # not serving.ACCESS_FORMAT: leave it out rather than guess
        kind = "sms inbound" if parts[1].startswith("/sms/") else f"web {parts[0]}"
        times.setdefault(kind, []).append(float(parts[3]))
    for kind, values in sorted(times.items()):
        spread = " ".join(f"{percentile(values, share) * 1000:8.1f}" for share in (0.5, 0.95, 0.99))
        print(f"{'server time, ' + kind:30} {len(values):8d} {spread}  (ms, from the access log)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=120, help="seconds of load")
    parser.add_argument("--web", type=int, default=100, help="web respondents at once")
    parser.add_argument("--sms", type=int, default=100, help="texters at once")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--outage", type=float, default=10, help="seconds the database is down")
    parser.add_argument("--postgres-port", type=int, default=5439, help="the private PostgreSQL's port")
    parser.add_argument("--quick", action="store_true", help="30 s, 20 + 20 clients, 5 s outage")
    args = parser.parse_args()
    if args.quick:
        args.duration, args.web, args.sms, args.outage = 30, 20, 20, 5
    return soak(args)


if __name__ == "__main__":
    sys.exit(main())
