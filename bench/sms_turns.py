"""How long does one text message take? N people text the whole leaving-care survey at once.

Starts gunicorn the way ``make run`` does (same app factory, 2 workers) on a loopback port with a
temporary SQLite database, then N concurrent senders (default 20) each text the survey from CARE to the
last answer through signed webhooks. Prints p50/p95/p99 time per inbound message and how many HTTP
requests each message needed (1: the reply comes back as TwiML in the same exchange).

    .venv/bin/python bench/sms_turns.py [--senders 20] [--workers 2] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

import requests
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


class Sender:
    def __init__(self, base: str, number: str) -> None:
        self.base, self.number = base, number
        self.http = requests.Session()
        self.validator = RequestValidator(TOKEN)
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
        headers = {"X-Twilio-Signature": self.validator.compute_signature(url, params)}
        started = time.perf_counter()
        response = self.http.post(url, data=params, headers=headers, timeout=60)
        self.timings.append(time.perf_counter() - started)
        self.requests += 1
        response.raise_for_status()
        root = ElementTree.fromstring(response.content)  # noqa: S314 - our own server's TwiML
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


def check_stored(database_url: str, senders: int) -> None:
    engine = make_engine(database_url)
    with Session(engine) as session:
        completed = len(session.exec(select(Run).where(Run.state == COMPLETED)).all())
        answers = len(session.exec(select(Answer)).all())
    engine.dispose()
    print(
        f"stored: {completed} completed runs of {senders}; {answers} answers "
        f"(expected {senders * ANSWERS_PER_PERSON})"
    )


def run(senders: int, workers: int, database_url: str | None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="sms-bench-"))
    database_url = database_url or f"sqlite:///{folder / 'bench.db'}"
    serving.migrate(database_url)
    settings = {"TWILIO_AUTH_TOKEN": TOKEN, "PHONE_HASH_KEY": secrets.token_hex(16)}
    with serving.gunicorn(
        database_url, workers=workers, access_log=folder / "access.log", settings=settings
    ) as base:
        warm = Sender(base, "+447700900001")
        for body in CONVERSATION[:5]:  # warm up: the workers have loaded the app, the version is stored
            warm.text(body)
        people = [Sender(base, f"+4477009{n:05d}") for n in range(100, 100 + senders)]
        start = threading.Barrier(senders)
        began = time.perf_counter()
        with ThreadPoolExecutor(senders) as pool:
            for done in [pool.submit(p.whole_survey, start) for p in people]:
                done.result()
        elapsed = time.perf_counter() - began
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
    check_stored(database_url, senders)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite database")
    arguments = parser.parse_args()
    run(arguments.senders, arguments.workers, arguments.database_url)


if __name__ == "__main__":
    main()
