"""Answers: how what a person gave becomes a stored response, whatever the question's type.

``parse_values`` reads what a web form sent (choice values); ``parse_text`` reads a free-typed text message
("1 3", "yes", "7"). Both handle what every type shares (prefer not to say, an empty answer) and hand the
rest to the question's answer type (``engine.answer_types``), and both return the same ``Response`` so a
fix here fixes every channel.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from survey_app.engine.questionnaire import Question

ANSWERED = "answered"
SKIPPED = "skipped"
PREFER_NOT_TO_SAY = "prefer_not_to_say"


def N_(message: str) -> str:
    """Mark a message for translation; the channel translates it when it shows it."""
    return message


@dataclass(frozen=True)
class Response:
    status: str
    value: object = None

    @property
    def answered(self) -> bool:
        return self.status == ANSWERED


class InvalidAnswer(ValueError):
    """What a person gave does not fit the question. ``message`` is an untranslated English sentence."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


# Characters that change how text is displayed without being visible: bidirectional overrides can make
# an export read differently from what was typed, and control characters break CSV and SMS.
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")


def clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return text.replace("\r", "").strip()


def max_length(question: Question) -> int:
    if question.max_words and not question.max_length:
        return question.max_words * 20  # a word limit is the limit; characters only stop a flood
    return question.max_length or question.answer_type.default_length


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, with apostrophes and hyphens inside."""
    return len(re.findall(r"\w[\w'’-]*", text))


def parse_evidence(rows: list[tuple[str, str, str]]) -> list[dict[str, str]]:
    """An evidence list: each row a title, what it shows and where it is held. Blank rows are dropped."""
    kept = []
    for title, shows, held in rows:
        title, shows, held = clean_text(title), clean_text(shows), clean_text(held)
        if not (title or shows or held):
            continue
        if not title:
            raise InvalidAnswer(N_("Give each piece of evidence a title."))
        if max(len(title), len(shows), len(held)) > 1000:
            raise InvalidAnswer(N_("Keep each part of a piece of evidence to 1000 characters or fewer."))
        kept.append({"title": title, "shows": shows, "held": held})
    if len(kept) > 100:
        raise InvalidAnswer(N_("List 100 pieces of evidence or fewer."))
    return kept


def parse_values(question: Question, values: list[str]) -> Response:
    """Read what a form sent for ``question``. ``[PREFER_NOT_TO_SAY]`` is always allowed."""
    values = [v for v in (v.strip() for v in values) if v] if not question.is_text else values
    if values == [PREFER_NOT_TO_SAY]:
        return Response(PREFER_NOT_TO_SAY)
    if not values:
        raise InvalidAnswer(question.answer_type.empty_message)
    return Response(ANSWERED, question.answer_type.parse_form(question, values))


# --- text messages: what someone typed -----------------------------------------------------------------

_PREFER_NOT = {"prefer not to say", "prefer not", "pns", "rather not say", "rather not"}


def plain_words(text: str) -> str:
    """Lower case, punctuation gone: "Yes!" and "yes" read the same."""
    return re.sub(r"[^\w\s]", " ", text.lower()).strip()


def parse_text(question: Question, text: str) -> Response:
    """Read a typed reply: choices by number, yes/no words, numbers, or free text."""
    text = clean_text(text)
    if plain_words(text) in _PREFER_NOT:
        return Response(PREFER_NOT_TO_SAY)
    if not text and not question.is_text:
        raise InvalidAnswer(N_("That message was empty."))
    return question.answer_type.parse_text(question, text)
