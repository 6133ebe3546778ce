"""The pages before and after an Easy Read questionnaire's questions are Easy Read too, held to the check the
questionnaire's own words meet (engine.lint: 10 words to a sentence, an easy reading score), and they keep
the same promises as the pages every other questionnaire shows."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from survey_app import config
from survey_app.engine.lint import EASY_SENTENCE_WORDS, EASY_WARNING
from survey_app.engine.pictures import alt_text
from survey_app.engine.reading import long_sentences, reading_ease

from .test_page_structure import easy_read_pages

# Where on each page the Easy Read words are: a question page's own words are the questionnaire's (checked
# by `conversations check`), so there only the box with the code to come back is ours.
REGION = {
    "easy read: first question": r'<aside class="resume-box".*?</aside>',
    "easy read: check your answers": r'<aside class="resume-box".*?</aside>',
}
MAIN = r"<main\b.*?</main>"
# The support services' own descriptions are shared by every page and every audience.
CONTACTS = re.compile(r'<ul class="contacts">.*?</ul>', re.S)
LINE_BREAKS = {"p", "h1", "h2", "h3", "li", "label", "legend", "button", "dt", "dd", "br", "div", "section"}
# Each picture beside an idea: (symbol, text alternative).
PICTURE = re.compile(r'<img class="easy-idea__picture" src="[^"]*/symbols/([a-z-]+)\.svg[^"]*" alt="([^"]*)"')


class _Lines(HTMLParser):
    """The text a person reads, one line at a time: a paragraph, a heading, a label, a line after <br>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in LINE_BREAKS:
            self._end_line()

    def handle_endtag(self, tag):
        if tag in LINE_BREAKS:
            self._end_line()

    def handle_data(self, data):
        self._text.append(data)

    def close(self) -> None:
        super().close()
        self._end_line()

    def _end_line(self) -> None:
        line = " ".join("".join(self._text).split())
        if line:
            self.lines.append(line)
        self._text = []


def _read_lines(html: str) -> list[str]:
    reader = _Lines()
    reader.feed(CONTACTS.sub("", html))
    reader.close()
    return reader.lines


def _words_on(name: str, html: str) -> list[str]:
    part = re.search(REGION.get(name, MAIN), html, re.S)
    assert part, f"{name}: no {REGION.get(name, MAIN)}"
    return _read_lines(part[0])


def _too_long(lines: list[str]) -> list[tuple[str, int]]:
    return [found for line in lines for found in long_sentences(line, EASY_SENTENCE_WORDS)]


@pytest.fixture
def ready(respondent):
    """Open the page before the questions of a questionnaire, consenting on the way."""

    def open_ready(questionnaire: str):
        respondent.open(f"/survey/{questionnaire}")
        respondent.submit()
        respondent.open(respondent.page.link("Continue"))
        page = respondent.submit({"answer": "yes"})
        assert page.path.endswith("/before-you-start"), page.path
        return page

    return open_ready


def test_every_sentence_around_the_easy_read_questions_has_ten_words_or_fewer_and_reads_easily(app):
    pages = easy_read_pages(app)
    lines = {name: _words_on(name, page.html) for name, page in pages}
    assert all(lines.values()) and len(lines) == 8
    assert {name: _too_long(read) for name, read in lines.items() if _too_long(read)} == {}
    ease = {name: round(reading_ease("\n".join(read))) for name, read in lines.items()}
    assert {name: score for name, score in ease.items() if score < EASY_WARNING} == {}


def test_the_easy_read_page_before_the_questions_keeps_every_promise_of_the_other(app, ready):
    app.config["RESUME_DAYS"] = 5
    page = ready("disabled-children")
    text = " ".join(_words_on("easy read: before you start", page.html))
    assert page.h1 == "Before you start"
    for promise in (
        "Every page has a Quick exit button at the top.",
        "It takes you to a weather website straight away.",
        "you can press the Esc key too.",
        "Or press the Shift key 3 times.",
        "Quick exit does not delete your browser history.",
        "A grown-up you trust can help you delete it.",
        "You can skip any question.",
        "Press Skip this question. Or press Prefer not to say.",
        "You can stop at any time.",
        "We can keep them, or we can delete them.",
        "We will give you a code.",
        "The code works for 5 days after your last answer.",
    ):
        assert promise in text
    assert page.post_form().action.endswith("/survey/disabled-children/before-you-start")


def test_each_picture_on_the_easy_read_page_has_the_words_of_its_symbol(app, ready):
    html = ready("disabled-children").html
    pictures = PICTURE.findall(html)
    assert [name for name, _ in pictures] == ["exit", "helper", "skip", "stop", "code"]
    assert all(words == alt_text(name) for name, words in pictures), pictures


def test_a_questionnaire_that_is_not_easy_read_keeps_the_page_written_for_a_reading_age_of_nine(ready):
    page = ready("leaving-care")
    assert page.h1 == "Leaving quickly, and coming back"
    assert "easy-idea" not in page.html
    assert "use a private or incognito window" in page.html
    # The Easy Read check would not pass it: the checks above have something to find.
    assert _too_long(_words_on("before you start", page.html))


def test_the_code_box_on_question_pages_is_easy_read_only_for_an_easy_read_questionnaire(respondent):
    easy = respondent.consent("disabled-children")
    assert "Then type in your code." in easy.html and "so keep it private" not in easy.html
    other = respondent.consent("leaving-care")
    assert "so keep it private" in other.html and "Then type in your code." not in other.html


def test_quick_exit_goes_to_a_weather_website_unless_a_deployment_chooses_otherwise(monkeypatch, tmp_path):
    # Both pages before the questions promise a weather website.
    monkeypatch.delenv("QUICK_EXIT_URL", raising=False)
    assert "weather" in config.from_environment(str(tmp_path))["QUICK_EXIT_URL"]
