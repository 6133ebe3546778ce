"""Every word a person reads goes through gettext: with a pseudo-translation, no untranslated text is left.

The pseudo-translation wraps each catalogue entry in guillemets. Any visible text outside them on any page of
the journey is a string that a translator could never reach, in the interface or in the questionnaire.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from survey_app.languages import OWN_NAMES

from .test_journey import MOVED_ON
from .test_page_structure import every_page

CATALOGUE = Path(__file__).resolve().parent.parent.parent / "translations" / "messages.pot"
# Text a translator has no reason to change: numbers, codes, phone numbers, punctuation.
NOT_WORDS = re.compile(r"^[\W\d_]*(°C)?$|^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$")
# What the person typed is shown back to them on check your answers, untranslated, as it should be.
THEIR_OWN_WORDS = {" ".join(value.split()) for value in MOVED_ON.values() if isinstance(value, str)}
# The language menu names each language in its own words (English, Polski...), never translated.
THEIR_OWN_WORDS |= set(OWN_NAMES.values())


@pytest.fixture
def app_config(app_config, tmp_path):
    with CATALOGUE.open("rb") as template:
        catalogue = read_po(template, locale="cy")
    for message in catalogue:
        if message.id and isinstance(message.id, str):
            message.string = f"\u00ab{message.id}\u00bb"
        elif message.id:  # a plural (ngettext): every form wrapped, so plurals are checked too
            message.string = tuple(f"\u00ab{message.id[1]}\u00bb" for _ in range(catalogue.num_plurals))
    folder = tmp_path / "translations" / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as compiled:
        write_mo(compiled, catalogue)
    return {
        **app_config,
        "BABEL_TRANSLATION_DIRECTORIES": str(tmp_path / "translations"),
        "BABEL_DEFAULT_LOCALE": "cy",
    }


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside_body, self.hidden, self.open_quotes, self.leaks = False, 0, 0, []

    def handle_starttag(self, tag, attrs):
        self.inside_body |= tag == "body"
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        # Translated text may contain markup (a link inside a sentence), so track guillemets across nodes.
        for piece in re.split(r"(\u00ab|\u00bb)", data):
            if piece == "\u00ab":
                self.open_quotes += 1
            elif piece == "\u00bb":
                self.open_quotes -= 1
            elif self.inside_body and not self.hidden and not self.open_quotes:
                text = " ".join(piece.split())
                if text and not NOT_WORDS.match(text):
                    self.leaks.append(text)


def test_no_page_of_the_journey_shows_text_that_cannot_be_translated(app):
    leaks = {}
    for name, page in every_page(app):
        reader = _VisibleText()
        reader.feed(page.html)
        untranslated = [text for text in reader.leaks if text not in THEIR_OWN_WORDS]
        if untranslated:
            leaks[name] = untranslated
    assert leaks == {}
