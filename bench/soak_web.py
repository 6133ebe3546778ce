"""A web respondent for the soak test: a browser without JavaScript that reads each page and acts on it.

It starts at the questionnaire's start page and from there only follows what the HTML offers: the form in
<main> (its action, hidden fields, radio and checkbox values, buttons) or the page's button-styled link.
An answer counts as taken when the server moves on (a redirect away from the question, or the support
page); the respondent remembers it for the check against the database. Some forms are sent twice, as a
double click would.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from soak_pages import Form, Page, read_page
from soak_record import GaveUp, Recorder, loopback_session, normalised

MAX_PAGES = 120  # a journey longer than this is stuck, not long
STATUS_OF_BUTTON = {"continue": "answered", "skip": "skipped", "prefer_not": "prefer_not_to_say"}


@dataclass
class Journey:
    """One person's visit: where the run is found later (its area code) and what the server took."""

    area: str
    taken: dict[str, tuple[str, object]] = field(default_factory=dict)
    in_doubt: set[str] = field(default_factory=set)  # sent, answer lost with a killed worker, never re-sent
    finished: bool = False
    resume_code: str | None = None
    problem: str | None = None
    trail: list[str] = field(default_factory=list)  # the last few requests and their outcomes


class WebRespondent:
    def __init__(
        self, base: str, number: int, questionnaire_id: str, record: Recorder, soft_stop: threading.Event
    ):
        self.base, self.number, self.questionnaire_id = base, number, questionnaire_id
        self.record, self.soft_stop = record, soft_stop
        self.rng = random.Random(number)  # noqa: S311 - repeatable choices, not secrets
        self.journeys: list[Journey] = []

    def run(self) -> None:
        """Journeys one after another until the soft stop; the last one may be left half done."""
        while not self.soft_stop.is_set() and len(self.journeys) < 100:
            journey = Journey(area=f"SOAK-W{self.number:03d}-{len(self.journeys):03d}")
            self.journeys.append(journey)
            self.trail = journey.trail
            try:
                self._walk(journey)
            except GaveUp as error:
                journey.problem = f"gave up at the hard stop: {error}"
            except Exception as error:  # noqa: BLE001 - one broken journey is a finding, not the end
                journey.problem = f"{type(error).__name__}: {error}"

    def _walk(self, journey: Journey) -> None:
        self.http = loopback_session()
        url = f"{self.base}/survey/{self.questionnaire_id}?area={journey.area}"
        page, url = self._get(url, "web: start page")
        for _ in range(MAX_PAGES):
            journey.resume_code = page.codes[-1] if page.codes else journey.resume_code
            question = next((f for f in page.post_forms() if f.choices("answer") or f.box("answer")), None)
            forms = page.post_forms()
            link = next((href for href, cls, _text in page.links if "button" in cls.split()), None)
            if not forms and link is None:
                journey.finished = bool(journey.taken)  # nothing more to do: the end
                return
            if self.soft_stop.is_set():
                return
            if question is not None:
                page, url = self._answer(journey, question, url)
            elif forms:
                page, url = self._submit(forms[0], url, "web: other form (send)")
            else:
                page, url = self._get(urljoin(url, link), "web: other page")
        journey.problem = f"still going after {MAX_PAGES} pages, at {urlsplit(url).path}"

    def _answer(self, journey: Journey, form: Form, url: str) -> tuple[Page, str]:
        key = form.attributes.get("data-question") or form.action
        data, expected = self._fill(form)
        target = urljoin(url, form.action)
        if self.rng.random() < 0.05:  # a double click: the same form twice
            self.record.send(self.http, "web: answer (double click)", "POST", target, self.trail, data=data)
        journey.in_doubt.add(key)
        response = self.record.send(
            self.http, "web: answer a question", "POST", target, self.trail, data=data
        )
        moved = response.status_code == 200 or (
            response.is_redirect
            and urlsplit(urljoin(target, response.headers["Location"])).path != urlsplit(target).path
        )
        if moved:
            journey.in_doubt.discard(key)
            journey.taken[key] = expected
        return self._follow(response, target)

    def _fill(self, form: Form) -> tuple[dict, tuple[str, object]]:
        """The form's hidden fields plus an answer; returns it and what the server should store."""
        buttons = {b.value: b for b in form.buttons() if b.name == "action"}
        roll = self.rng.random()
        action = "skip" if roll < 0.08 else "prefer_not" if roll < 0.12 else "continue"
        action = action if action in buttons else next(iter(buttons), "continue")
        data: dict = form.hidden() | {"action": action}
        if action != "continue":
            return data, (STATUS_OF_BUTTON.get(action, action), None)
        radios, ticks, box = form.choices("answer"), [], form.box("answer")
        if radios and radios[0].type == "radio":
            value: object = self.rng.choice(radios).value
        elif radios:
            ticks = self.rng.sample(
                radios[:-1] or radios, min(len(radios[:-1] or radios), self.rng.randint(1, 2))
            )
            value = [c.value for c in radios if c in ticks]
        elif box is not None and box.inputmode == "numeric":
            value = str(self.rng.randint(16, 25))
        else:
            value = f"Soak answer from respondent {self.number}: more help with money and a home."
        data["answer"] = value
        return data, ("answered", normalised(value))

    def _submit(self, form: Form, url: str, step: str) -> tuple[Page, str]:
        """A form that is not a question (start, consent, ready, check): sent with its first button."""
        data = form.hidden()
        first = next(iter(form.buttons()), None)
        if first is not None and first.name:
            data[first.name] = first.value
        target = urljoin(url, form.action)
        return self._follow(self.record.send(self.http, step, "POST", target, self.trail, data=data), target)

    def _get(self, url: str, step: str) -> tuple[Page, str]:
        return self._follow(self.record.send(self.http, step, "GET", url, self.trail), url)

    def _follow(self, response, url: str) -> tuple[Page, str]:
        for _ in range(5):
            if not response.is_redirect:
                break
            url = urljoin(url, response.headers["Location"])
            response = self.record.send(self.http, "web: show next page", "GET", url, self.trail)
        if response.status_code >= 400:
            raise RuntimeError(f"{response.status_code} at {urlsplit(url).path}")
        return read_page(response.text), url


def resumes(base: str, code: str, record: Recorder) -> bool:
    """A fresh browser with only the code lands on a question or on check your answers."""
    http = loopback_session()
    response = record.send(http, "web: resume with a code", "GET", base + "/resume")
    page = read_page(response.text)
    form = next((f for f in page.post_forms() if f.box("code")), None)
    if form is None:
        return False
    response = record.send(
        http,
        "web: resume with a code",
        "POST",
        urljoin(base + "/resume", form.action),
        data=form.hidden() | {"code": code},
    )
    if not response.is_redirect:
        return False
    landed = record.send(http, "web: resume with a code", "GET", urljoin(base, response.headers["Location"]))
    # Back in: a page with the run's own form (a question or check your answers), not the code form again.
    return any(not f.box("code") for f in read_page(landed.text).post_forms())
