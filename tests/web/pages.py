"""Reading pages as a browser without JavaScript does: forms, links, headings, ids. Standard library only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

QUESTION_PATH = re.compile(r"^/s/(?P<questionnaire>[^/]+)/(?P<step>[0-9]+)$")
QUESTION_ID = re.compile(r'data-question="([a-z0-9_]+)"')
SKIP = object()
PREFER_NOT = object()


@dataclass
class Form:
    action: str | None
    method: str | None
    fields: dict[str, str] = field(default_factory=dict)  # hidden inputs
    names: set[str] = field(default_factory=set)  # every named control


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.ids: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.h1s: list[str] = []
        self.title = ""
        self._in: list[str] = []
        self._text: list[str] = []
        self._link: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "form":
            self.forms.append(Form(attrs.get("action"), attrs.get("method")))
        elif tag in ("input", "textarea", "button") and self.forms and attrs.get("name"):
            self.forms[-1].names.add(attrs["name"])
            if attrs.get("type") == "hidden":
                self.forms[-1].fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "a" and attrs.get("href"):
            self._link = attrs["href"]
        if tag in ("h1", "title", "a"):
            self._in.append(tag)
            self._text = []

    def handle_endtag(self, tag):
        if self._in and tag == self._in[-1]:
            self._in.pop()
            text = " ".join("".join(self._text).split())
            if tag == "h1":
                self.h1s.append(text)
            elif tag == "title":
                self.title = text
            elif tag == "a" and self._link:
                self.links.append((text, self._link))
                self._link = None

    def handle_data(self, data):
        if self._in:
            self._text.append(data)


@dataclass
class Page:
    status: int
    path: str
    html: str
    headers: dict

    def __post_init__(self) -> None:
        reader = _Reader()
        reader.feed(self.html)
        self.forms, self.ids, self.links = reader.forms, reader.ids, reader.links
        self.h1s, self.title = reader.h1s, reader.title

    @property
    def h1(self) -> str:
        return self.h1s[0] if self.h1s else ""

    def link(self, text: str) -> str:
        # A pseudo-translation wraps labels in guillemets (see test_every_string_translated).
        return next(href for label, href in self.links if label.lstrip("\u00ab").startswith(text))

    def post_form(self, having: str | None = None) -> Form:
        """The page's POST form (the one with the ``having`` control, when there are several)."""
        forms = [f for f in self.forms if (f.method or "").lower() == "post"]
        return next(f for f in forms if having is None or having in f.names)

    @property
    def question_id(self) -> str | None:
        """The question shown: the address is only a step number, so read the form's marker."""
        if not QUESTION_PATH.match(self.path):
            return None
        match = QUESTION_ID.search(self.html)
        return match[1] if match else None


class Respondent:
    """A person with a browser that has no JavaScript: opens pages, fills forms, follows redirects."""

    def __init__(self, client) -> None:
        self.client = client
        self.page: Page | None = None

    def _keep(self, response) -> Page:
        self.page = Page(
            response.status_code,
            response.request.path,
            response.get_data(as_text=True),
            dict(response.headers),
        )
        return self.page

    def open(self, url: str) -> Page:
        return self._keep(self.client.get(url, follow_redirects=True))

    def submit(self, data: dict | None = None, having: str | None = None) -> Page:
        form = self.page.post_form(having)
        payload = dict(form.fields) | (data or {})
        return self._keep(self.client.post(form.action, data=payload, follow_redirects=True))

    def consent(
        self, questionnaire: str = "leaving-care", *, area: str | None = None, assisted: bool = False
    ) -> Page:
        """From the start page to the first question, saying yes to every consent step."""
        self.open(f"/survey/{questionnaire}" + (f"?area={area}" if area else ""))
        self.submit({"assisted": "yes"} if assisted else {})
        if assisted:  # a worker's device: handed over first, so the young person reads and consents
            assert self.page.path.endswith("/hand-over"), self.page.path
            self.open(self.page.link("I am the young person"))
        self.open(self.page.link("Continue"))
        while "/agree/" in self.page.path:
            self.submit({"answer": "yes"})
        assert self.page.path.endswith("/before-you-start"), self.page.path
        self.submit()
        return self.page

    def open_change(self, question_id: str, questionnaire: str = "leaving-care") -> Page:
        """From check your answers, the Change link of one question (addresses carry no question names)."""
        check = self.open(f"/survey/{questionnaire}/check")
        for href in [href for _label, href in check.links if href.endswith("change=1")]:
            if self.open(href).question_id == question_id:
                return self.page
        raise AssertionError(f"no Change link for {question_id}")

    def answer(self, value) -> Page:
        if value is SKIP:
            return self.submit({"action": "skip"})
        if value is PREFER_NOT:
            return self.submit({"action": "prefer_not"})
        return self.submit({"action": "continue", "answer": value})

    def answer_all(self, answers: dict, limit: int = 60) -> list[str]:
        """Answer each question asked, from ``answers``, up to check your answers; returns the ids."""
        asked = []
        for _ in range(limit):
            question = self.page.question_id
            if question is None and QUESTION_PATH.match(self.page.path):
                # An answer raised a concern: the offer (at a step's address), "no, thank you", then on.
                self.submit({"get_in_touch": "no"})
                self.submit({"carry_on": "1"}, having="carry_on")
                continue
            if question is None:
                break
            asked.append(question)
            self.answer(answers[question])
        assert self.page.path.endswith("/check"), self.page.path
        return asked
