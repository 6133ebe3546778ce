"""Pages read the way a browser without JavaScript reads them: the forms and links inside <main>.

The soak test follows these, never a question's address, so it keeps working when the addresses change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Control:
    tag: str  # input, textarea, select, button
    type: str
    name: str
    value: str
    checked: bool = False
    text: str = ""
    inputmode: str = ""


@dataclass
class Form:
    method: str
    action: str
    attributes: dict[str, str]
    controls: list[Control] = field(default_factory=list)

    def hidden(self) -> dict[str, str]:
        return {c.name: c.value for c in self.controls if c.type == "hidden" and c.name}

    def buttons(self) -> list[Control]:
        return [c for c in self.controls if c.tag == "button" and c.type == "submit"]

    def choices(self, name: str) -> list[Control]:
        return [c for c in self.controls if c.type in ("radio", "checkbox") and c.name == name]

    def box(self, name: str) -> Control | None:
        """The text field called ``name``: a textarea or a text input."""
        return next(
            (c for c in self.controls if c.name == name and (c.tag == "textarea" or c.type == "text")), None
        )


@dataclass
class Page:
    forms: list[Form] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # href, class, text
    headings: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # <strong class="code">: a resume code

    def post_forms(self) -> list[Form]:
        return [f for f in self.forms if f.method == "post"]


class _Reader(HTMLParser):
    """Collects what is inside <main>: forms and their controls, links, <h1> text, resume codes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.in_main = 0
        self.form: Form | None = None
        self.open: tuple[str, dict] | None = None  # the element whose text we are collecting
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "main":
            self.in_main += 1
        if not self.in_main:
            return
        if tag == "form":
            self.form = Form(a.get("method", "get").lower(), a.get("action", ""), a)
            self.page.forms.append(self.form)
        elif tag == "input" and self.form is not None:
            kind = a.get("type", "text").lower()
            self.form.controls.append(
                Control(
                    "input",
                    kind,
                    a.get("name", ""),
                    a.get("value", ""),
                    "checked" in a,
                    "",
                    a.get("inputmode", ""),
                )
            )
        elif tag in ("button", "textarea", "a", "h1", "strong"):
            self.open, self.text = (tag, a), []

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main -= 1
        elif tag == "form":
            self.form = None
        if self.open is None or self.open[0] != tag:
            return
        a, text = self.open[1], " ".join("".join(self.text).split())
        self.open = None
        if tag == "button" and self.form is not None:
            kind = a.get("type", "submit").lower()
            self.form.controls.append(
                Control("button", kind, a.get("name", ""), a.get("value", ""), text=text)
            )
        elif tag == "textarea" and self.form is not None:
            self.form.controls.append(Control("textarea", "textarea", a.get("name", ""), "".join(self.text)))
        elif tag == "a" and a.get("href"):
            self.page.links.append((a["href"], a.get("class", ""), text))
        elif tag == "h1":
            self.page.headings.append(text)
        elif tag == "strong" and "code" in a.get("class", "").split():
            self.page.codes.append(text)


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page
