"""Answer types: how each kind of question turns what a person gave into a stored response.

Each type is a small pair of functions registered by name. ``parse_values`` reads what a web form sent
(choice values); ``parse_text`` reads a free-typed text message ("1 3", "yes", "7"). Both return the same
``Response`` so a fix here fixes every channel.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from survey_app.engine.questionnaire import EVALUATION_SCALE, Question

ANSWERED = "answered"
SKIPPED = "skipped"
PREFER_NOT_TO_SAY = "prefer_not_to_say"

DEFAULT_MAX_LENGTH = {"short_text": 200, "long_text": 2000}


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
    return question.max_length or DEFAULT_MAX_LENGTH.get(question.type, 200)


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


# --- web: values from a form -------------------------------------------------------------------------


def _single(question: Question, values: list[str]) -> object:
    if len(values) != 1 or question.choice(values[0]) is None:
        raise InvalidAnswer(N_("Choose one answer."))
    return values[0]


def _multiple(question: Question, values: list[str]) -> object:
    chosen = list(dict.fromkeys(values))
    if not chosen or any(question.choice(v) is None for v in chosen):
        raise InvalidAnswer(N_("Choose at least one answer."))
    exclusive = [v for v in chosen if question.choice(v).exclusive]
    if exclusive and len(chosen) > 1:
        label = question.choice(exclusive[0]).label
        raise InvalidAnswer(
            N_("You chose \u201c%(label)s\u201d and another answer. Choose one or the other."), label=label
        )
    order = [c.value for c in question.choices]
    return sorted(chosen, key=order.index)


def _yes_no(question: Question, values: list[str]) -> object:
    if values not in (["yes"], ["no"]):
        raise InvalidAnswer(N_("Choose yes or no."))
    return values[0]


def _number_in_range(question: Question, text: str, whole: bool) -> object:
    # One number, with words around it if people write them ("19 years", "I'm 19"): take the number.
    words = r"(?:[^\W\d_]|['. ])*"
    found = re.fullmatch(words + r"?(-?[0-9]+(?:\.[0-9]+)?)" + words, text.strip().replace(",", ""))
    if found is None:
        raise InvalidAnswer(N_("Enter a number, like 3."))
    number = float(found[1])
    if whole and not number.is_integer():
        raise InvalidAnswer(N_("Enter a whole number, like 3."))
    low, high = question.minimum, question.maximum
    if low is not None and high is not None and not low <= number <= high:
        raise InvalidAnswer(N_("Enter a number from %(low)s to %(high)s."), low=_show(low), high=_show(high))
    if low is not None and number < low:
        raise InvalidAnswer(N_("Enter a number of %(low)s or more."), low=_show(low))
    if high is not None and number > high:
        raise InvalidAnswer(N_("Enter a number of %(high)s or less."), high=_show(high))
    return int(number) if number.is_integer() else number


def _show(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else str(number)


def _one_value(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ""


def _scale(question: Question, values: list[str]) -> object:
    return _number_in_range(question, _one_value(values), whole=True)


def _number(question: Question, values: list[str]) -> object:
    return _number_in_range(question, _one_value(values), whole=False)


def _text(question: Question, values: list[str]) -> object:
    text = clean_text(_one_value(values))
    if not text:
        raise InvalidAnswer(N_("Type your answer, or skip this question."))
    limit = max_length(question)
    if question.max_words and word_count(text) > question.max_words:
        raise InvalidAnswer(
            N_("Your answer is %(length)s words. Keep it to %(limit)s or fewer."),
            length=word_count(text),
            limit=question.max_words,
        )
    if len(text) > limit:
        raise InvalidAnswer(
            N_("Your answer is %(length)s characters. Keep it to %(limit)s or fewer."),
            length=len(text),
            limit=limit,
        )
    return text


VALUE_PARSERS: dict[str, Callable[[Question, list[str]], object]] = {
    "single_choice": _single,
    "multiple_choice": _multiple,
    "scale": _scale,
    "yes_no": _yes_no,
    "number": _number,
    "short_text": _text,
    "long_text": _text,
    "evaluation": lambda question, values: _evaluation(values),
}


def _evaluation(values: list[str]) -> str:
    value = _one_value(values)
    if value not in EVALUATION_SCALE:
        raise InvalidAnswer(N_("Choose an evaluation from excellent to unsatisfactory."))
    return value


def parse_values(question: Question, values: list[str]) -> Response:
    """Read what a form sent for ``question``. ``[PREFER_NOT_TO_SAY]`` is always allowed."""
    values = [v for v in (v.strip() for v in values) if v] if not question.is_text else values
    if values == [PREFER_NOT_TO_SAY]:
        return Response(PREFER_NOT_TO_SAY)
    if not values:
        raise InvalidAnswer(_EMPTY.get(question.type, N_("Choose an answer, or skip this question.")))
    return Response(ANSWERED, VALUE_PARSERS[question.type](question, values))


_EMPTY = {
    "multiple_choice": N_("Choose at least one answer, or skip this question."),
    "scale": N_("Choose a number, or skip this question."),
    "yes_no": N_("Choose yes or no, or skip this question."),
    "number": N_("Enter a number, or skip this question."),
    "short_text": N_("Type your answer, or skip this question."),
    "long_text": N_("Type your answer, or skip this question."),
    "evaluation": N_("Choose an evaluation from excellent to unsatisfactory."),
}


# --- text messages: what someone typed -----------------------------------------------------------------

_YES = {"yes", "y", "yeah", "yep", "yea", "ya", "aye", "ok", "okay", "sure"}
_NO = {"no", "n", "nah", "nope", "naw", "na"}
_PREFER_NOT = {"prefer not to say", "prefer not", "pns", "rather not say", "rather not"}


def _words(text: str) -> str:
    return re.sub(r"[^\w\s]", " ", text.lower()).strip()


def _numbers_in(text: str) -> list[str]:
    """The numbers in "1 3", "1,3", "1 and 3"; anything else in the message makes it not a list of numbers."""
    tokens = re.split(r"[\s,;/&+.]+|\band\b", text.lower())
    tokens = [t for t in tokens if t]
    # [0-9] only: "²", "①" and "٣" pass str.isdigit() but int() refuses the first two.
    if not tokens or not all(re.fullmatch(r"[0-9]+", t) for t in tokens):
        return []
    return tokens


def _choice_by_number(question: Question, number: str) -> str:
    position = int(number)
    if not 1 <= position <= len(question.choices):
        raise InvalidAnswer(N_("Reply with a number from 1 to %(count)s."), count=len(question.choices))
    return question.choices[position - 1].value


def parse_text(question: Question, text: str) -> Response:
    """Read a typed reply: choices by number, yes/no words, numbers, or free text."""
    text = clean_text(text)
    if _words(text) in _PREFER_NOT:
        return Response(PREFER_NOT_TO_SAY)
    if question.is_text:
        return Response(ANSWERED, _text(question, [text]))
    if not text:
        raise InvalidAnswer(N_("That message was empty."))
    if question.type == "yes_no":
        word = _words(text)
        if word in _YES or word == "1":
            return Response(ANSWERED, "yes")
        if word in _NO or word == "2":
            return Response(ANSWERED, "no")
        raise InvalidAnswer(N_("Reply YES or NO."))
    if question.type in ("scale", "number"):
        return _number_by_text(question, text)
    numbers = _numbers_in(text)
    if not numbers:
        raise InvalidAnswer(N_("Reply with the number of your answer."))
    if question.type == "single_choice":
        if len(numbers) > 1:
            raise InvalidAnswer(N_("Reply with just one number."))
        return Response(ANSWERED, _choice_by_number(question, numbers[0]))
    values = [_choice_by_number(question, n) for n in numbers]
    return Response(ANSWERED, _multiple(question, values))


def _number_by_text(question: Question, text: str) -> Response:
    """A number typed in a text message, with the text-message wording ("Reply", not "Enter")."""
    if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text.strip().replace(",", "")):
        try:
            return parse_values(question, [text])
        except InvalidAnswer:
            pass
    low, high = question.minimum, question.maximum
    if low is not None and high is not None:
        raise InvalidAnswer(
            N_("Reply with a number from %(low)s to %(high)s."), low=_show(low), high=_show(high)
        )
    raise InvalidAnswer(N_("Reply with a number, like 3."))
