"""N respondents at once through the leaving-care web journey, on gunicorn with a temporary SQLite database.

    .venv/bin/python bench/web_journey.py [--respondents 50] [--workers 4]

The answer steps (a POST and the question page it redirects to) are timed on their own, then the same
number of steps is sent by as many clients to the limit, a bare Flask app on the same gunicorn settings
(``bench/bare_flask.py``: a page of the same size from Jinja, one row inserted per POST), and both rates are
printed with their ratio. The machine is shared, so the ratio is the figure to compare between runs, with
the CPU time gunicorn's processes spent per step for each app (from /proc, so other programs' load is left
out; not on machines without /proc).

Prints the server's own time per step (from gunicorn's access log, so queueing in the client is left out),
the time each respondent waited per step, and whether every answer was stored exactly once (checked in the
database afterwards; each respondent also sends one form twice, as a double click would). Loopback only;
every loop is bounded.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import serving  # noqa: E402

from survey_app.engine import Questionnaire, load_questionnaire  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
POST_FORM = re.compile(r'<form method="post"[^>]*action="([^"]+)"')
QUESTION = re.compile(r"/s/[a-z0-9_-]+/[0-9]+$")  # step addresses carry no question names
SHOWN = re.compile(r'data-question="([a-z0-9_-]+)"')
MAX_STEPS = 80


# --- the server -------------------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    database_url: str
    access_log: Path
    schema: str


@contextlib.contextmanager
def serve(workers: int = 4):
    """gunicorn on a free loopback port, on a fresh SQLite database in a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{Path(folder) / 'bench.db'}"
        serving.migrate(database_url)
        log = Path(folder) / "access.log"
        with serving.gunicorn(database_url, workers=workers, access_log=log) as url:
            yield Server(url, database_url, log, "flask db upgrade")


def loopback_session() -> requests.Session:
    """A client that ignores any proxy settings in the environment: every request stays on this machine."""
    http = requests.Session()
    http.trust_env = False
    return http


def server_cpu(access_log: Path) -> float | None:
    """CPU seconds used so far by the gunicorn serving with this access log: its master and workers, which
    are forks of it and share its command line. None where there is no /proc."""
    proc, total, found = Path("/proc"), 0.0, False
    if not proc.is_dir():
        return None
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # it ended while we looked
            continue
        if str(access_log).encode() in command:
            found = True
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total if found else None


def cpu_per_step(before: float | None, after: float | None, steps: int) -> str:
    if before is None or after is None or not steps:
        return "unknown"
    return f"{(after - before) / steps * 1000:.1f} ms"


# --- a respondent -----------------------------------------------------------------------------------------


def step_name(method: str, path: str) -> str:
    """Which step of the journey a request is, for the per-step table."""
    if QUESTION.search(path):
        return "answer a question" if method == "POST" else "show a question"
    for part, name in (
        ("/agree/", "consent step"),
        ("/before-you-start", "before you start"),
        ("/information", "information sheet"),
        ("/check", "check answers"),
        ("/thank-you", "thank-you page"),
    ):
        if part in path:
            return name + (" (send)" if method == "POST" else "")
    if path.startswith("/survey/"):
        return "start page" + (" (start)" if method == "POST" else "")
    return path


@dataclass
class Respondent:
    base: str
    number: int
    questionnaire: Questionnaire
    waits: list[tuple[str, float]] = field(default_factory=list)
    expected: dict[str, tuple[str, object]] = field(default_factory=dict)
    steps: int = 0
    page_bytes: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.http = loopback_session()
        self.rng = random.Random(self.number)
        self.area = f"B{self.number:04d}"

    def _send(self, method: str, path: str, data: dict | None = None) -> requests.Response:
        started = time.perf_counter()
        response = self.http.request(method, self.base + path, data=data, allow_redirects=False, timeout=60)
        self.waits.append((step_name(method, path), time.perf_counter() - started))
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {response.status_code}")
        return response

    def visit(self, method: str, path: str, data: dict | None = None) -> tuple[str, str]:
        """Send, then follow redirects (bounded); returns the final path and HTML."""
        response = self._send(method, path, data)
        for _ in range(5):
            if response.status_code not in (301, 302, 303):
                break
            path = response.headers["Location"].removeprefix(self.base)
            response = self._send("GET", path)
        return path, response.text

    def consent(self) -> tuple[str, str]:
        path, html = self.visit("GET", f"/survey/{self.questionnaire.id}?area={self.area}")
        path, html = self.visit(
            "POST", POST_FORM.search(html)[1], {"csrf_token": TOKEN.search(html)[1], "area": self.area}
        )
        link = re.search(r'href="([^"]+/agree/[^"]+)"', html)[1]
        path, html = self.visit("GET", link)
        for _ in range(len(self.questionnaire.consent) + 1):
            path, html = self.visit(
                "POST", POST_FORM.search(html)[1], {"csrf_token": TOKEN.search(html)[1], "answer": "yes"}
            )
            if "/agree/" not in path:
                break
        return self.visit("POST", POST_FORM.search(html)[1], {"csrf_token": TOKEN.search(html)[1]})

    def run(self) -> None:
        self.answer_all(*self.consent())

    def answer_all(self, path: str, html: str) -> None:
        doubled = self.rng.randrange(3)
        for count in range(MAX_STEPS):
            match = SHOWN.search(html) if QUESTION.search(path) else None
            if match is None and QUESTION.search(path) and not html.count("data-question"):
                # The detector read a typed answer as a concern: the support offer shows at the next step's
                # address until it is answered. Answer it as most people do ("no"), then carry on.
                choice = {"carry_on": "1"} if 'name="carry_on"' in html else {"get_in_touch": "no"}
                path, html = self.visit("POST", path, {"csrf_token": TOKEN.search(html)[1]} | choice)
                continue
            if not match:
                break
            data = {"csrf_token": TOKEN.search(html)[1]} | self.choose(match[1])
            if count == doubled:  # a double click: the same form twice
                self._send("POST", path, data)
            path, html = self.visit("POST", path, data)
            self.steps += 1
            self.page_bytes.append(len(html.encode()))
        if not path.endswith("/check"):
            heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
            raise RuntimeError(
                f"respondent {self.number} ended at {path} ({heading and heading[1].strip()!r})"
            )
        self.visit("POST", path, {"csrf_token": TOKEN.search(html)[1]})

    def choose(self, question_id: str) -> dict:
        """A plausible answer (sometimes a skip or "prefer not to say"), remembered for the check."""
        question = self.questionnaire.question(question_id)
        roll = self.rng.random()
        if roll < 0.08:
            self.expected[question_id] = ("skipped", None)
            return {"action": "skip"}
        if roll < 0.12:
            self.expected[question_id] = ("prefer_not_to_say", None)
            return {"action": "prefer_not"}
        value = self._value(question)
        self.expected[question_id] = ("answered", value)
        values = value if isinstance(value, list) else [str(value)]
        return {"action": "continue", "answer": values}

    def _value(self, question):
        kind = question.type
        if kind == "single_choice":
            return self.rng.choice(question.choices).value
        if kind == "multiple_choice":
            plain = [c.value for c in question.choices if not c.exclusive]
            picked = set(self.rng.sample(plain, self.rng.randint(1, 2)))
            return [v for v in plain if v in picked]
        if kind == "yes_no":
            return self.rng.choice(["yes", "no"])
        if kind in ("scale", "number"):
            return self.rng.randint(int(question.minimum), int(question.maximum))
        return f"Respondent {self.number} wrote this answer to {question.id}."


# --- checking and reporting -------------------------------------------------------------------------------


def stored_exactly_once(database_url: str, respondents: list[Respondent]) -> tuple[bool, int, list[str]]:
    """Compare each run's stored answers with what its respondent gave: same questions, same values, once."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    problems, total = [], 0
    with engine.connect() as connection:
        for person in respondents:
            runs = connection.execute(
                text("SELECT id, state FROM run WHERE distribution = :a"), {"a": person.area}
            )
            runs = runs.all()
            if len(runs) != 1 or runs[0].state != "completed":
                problems.append(f"{person.area}: runs {runs}")
                continue
            rows = connection.execute(
                text("SELECT question_id, status, value FROM answer WHERE run_id = :r"), {"r": runs[0].id}
            ).all()
            total += len(rows)
            stored = {r.question_id: (r.status, json.loads(r.value) if r.value else None) for r in rows}
            if len(rows) != len(stored) or stored != person.expected:
                problems.append(f"{person.area}: stored {len(rows)} rows, expected {len(person.expected)}")
    engine.dispose()
    return not problems, total, problems


def server_times(access_log: Path) -> dict[str, list[float]]:
    times: dict[str, list[float]] = defaultdict(list)
    for line in access_log.read_text().splitlines():
        method, path, _status, seconds = line.split()
        times[step_name(method, path)].append(float(seconds))
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def print_table(server: dict[str, list[float]], waited: dict[str, list[float]]) -> None:
    print(f"{'step':28} {'requests':>8} {'server p50':>11} {'p95':>8} {'waited p50':>11} {'p95':>8}  (ms)")
    for step in sorted(server, key=lambda s: -len(server[s])):
        s, w = server[step], waited.get(step) or [0.0]
        print(
            f"{step:28} {len(s):8d} {percentile(s, 0.5) * 1000:11.1f} {percentile(s, 0.95) * 1000:8.1f} "
            f"{percentile(w, 0.5) * 1000:11.1f} {percentile(w, 0.95) * 1000:8.1f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    args = parser.parse_args()
    questionnaire = load_questionnaire(ROOT / "conversations" / "leaving-care.yaml")
    with serve(args.workers) as server:
        people = [Respondent(server.url, n, questionnaire) for n in range(args.respondents)]
        with ThreadPoolExecutor(max_workers=len(people)) as pool:
            started = time.perf_counter()
            opened = list(pool.map(_safely(Respondent.consent), people))
            consent_wall = time.perf_counter() - started
            cpu_before, started = server_cpu(server.access_log), time.perf_counter()
            failures = [f for f in pool.map(_safely(Respondent.answer_all), people, opened) if f]
            wall = time.perf_counter() - started
            cpu_after = server_cpu(server.access_log)
        times = server_times(server.access_log)
        ok, total, problems = stored_exactly_once(server.database_url, people)
    waited: dict[str, list[float]] = defaultdict(list)
    for person in people:
        for step, seconds in person.waits:
            waited[step].append(seconds)
    steps = sum(person.steps for person in people)
    page = round(percentile([b for person in people for b in person.page_bytes] or [9000], 0.5))
    limit, bare_cpu = bare_steps_per_second(args.workers, [person.steps for person in people], page)
    print(
        f"{args.respondents} respondents through leaving-care, gunicorn {args.workers} sync workers, SQLite "
        f"({server.schema}), {os.cpu_count()} CPU cores, consent {consent_wall:.1f} s, answering {wall:.1f} s"
    )
    print_table(times, waited)
    ours = steps / wall
    print(f"answer steps (POST + the page it leads to): {ours:.0f} a second ({steps} steps)")
    print(f"the limit, bare Flask on the same gunicorn ({page} byte page, one insert): {limit:.0f} a second")
    print(f"ratio ours / bare: {ours / limit:.2f}")
    print(f"server CPU per answer step: ours {cpu_per_step(cpu_before, cpu_after, steps)}, bare {bare_cpu}")
    print(f"every answer stored exactly once: {'yes' if ok and not failures else 'NO'} ({total} answers)")
    for problem in (failures + problems)[:10]:
        print("  " + str(problem))
    return 0 if ok and not failures else 1


def bare_steps_per_second(workers: int, steps: list[int], page_bytes: int) -> tuple[float, str]:
    """As many clients as respondents, each sending as many steps as its respondent did, to the bare app;
    the rate, and the server's CPU time per step."""
    with tempfile.TemporaryDirectory() as folder:
        settings = {"BARE_DATABASE": str(Path(folder) / "bare.db"), "BARE_PAGE_BYTES": str(page_bytes)}
        log = Path(folder) / "access.log"
        app = "bench.bare_flask:create_app()"
        with serving.gunicorn("", workers=workers, access_log=log, settings=settings, app=app) as url:

            def client(count: int) -> None:
                http = loopback_session()
                for step in range(count):
                    page = http.get(f"{url}/s/bare/{step}", timeout=60)
                    token = TOKEN.search(page.text)[1]
                    http.post(
                        f"{url}/s/bare/{step}",
                        data={"csrf_token": token, "answer": "3"},
                        allow_redirects=False,
                        timeout=60,
                    )

            with ThreadPoolExecutor(max_workers=len(steps)) as pool:
                client(1)  # the workers are up before the clock starts
                cpu_before, started = server_cpu(log), time.perf_counter()
                list(pool.map(client, steps))
                rate = sum(steps) / (time.perf_counter() - started)
                return rate, cpu_per_step(cpu_before, server_cpu(log), sum(steps))


def _safely(step):
    """Run one respondent's step; a failure is reported for that respondent, not raised."""

    def run(person: Respondent, opened: tuple[str, str] | str = ()):
        if isinstance(opened, str):
            return opened  # its consent already failed
        try:
            return step(person, *opened)
        except Exception as error:  # noqa: BLE001 - report every respondent, not just the first failure
            return f"{person.area}: {error}"

    return run


if __name__ == "__main__":
    sys.exit(main())
