"""What the soak test's clients saw: time per step, every status, and retries that stop at a deadline.

A client retries what a browser user or Twilio would retry (a dropped connection, a 5xx) with a growing
pause, and gives up at the run's hard stop, so nothing loops for ever.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests


class GaveUp(Exception):
    """The hard stop came while a request was still failing."""


@dataclass
class Recorder:
    started: float = field(default_factory=time.monotonic)
    hard_stop: float = float("inf")
    wall: float = 0.0  # seconds from the start to the last client stopping
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    failures: list[tuple[float, str, str]] = field(default_factory=list)  # seconds in, step, status
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, step: str, seconds: float, status: str) -> None:
        with self.lock:
            self.statuses[status] += 1
            if status.startswith("2") or status.startswith("3"):
                self.timings[step].append(seconds)
            else:
                self.failures.append((time.monotonic() - self.started, step, status))

    def send(
        self, http: requests.Session, step: str, method: str, url: str, trail: list | None = None, **options
    ) -> requests.Response:
        """One request, retried on a dropped connection or a 5xx until it gets an answer or the hard stop.

        Each attempt's outcome goes on ``trail`` (when given), so a report can say what a client went through.
        """
        for attempt in range(1000):
            began = time.monotonic()
            try:
                response = http.request(method, url, allow_redirects=False, timeout=30, **options)
            except requests.RequestException as error:
                status = "connection error: " + type(error).__name__
            else:
                status = str(response.status_code)
            self.note(step, time.monotonic() - began, status)
            if trail is not None:
                trail[:] = [*trail[-9:], f"{method} {urlsplit(url).path} {status}"]
            if status < "5" and not status.startswith("connection"):
                return response
            pause = min(0.2 * 1.5**attempt, 2.0) * random.uniform(0.5, 1.0)  # noqa: S311 - not a secret
            if time.monotonic() + pause > self.hard_stop:
                break
            time.sleep(pause)
        raise GaveUp(f"{method} {step}")


def loopback_session() -> requests.Session:
    """A client that ignores proxy settings in the environment: every request stays on this machine."""
    http = requests.Session()
    http.trust_env = False
    return http


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def normalised(value: object) -> object:
    """An answer's value as text, so "3" from a form and 3 from the database compare equal."""
    if isinstance(value, list | tuple):
        return sorted(str(v) for v in value)
    return None if value is None else str(value)
