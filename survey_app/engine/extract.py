"""Questionnaire text in the same .po workflow as the interface: a Babel extractor for conversations/*.yaml.

``pyproject.toml`` names ``extract_questionnaire`` in ``[tool.babel.extractors]``, so ``pybabel extract``
collects every string people read in a questionnaire, with the line it is on in the file.

The channels translate the *loaded* strings (``gettext(question.text)``), so each message id here must be
exactly what the loader produces: whitespace collapsed to single spaces, and the information sheet split
into paragraphs on blank lines. ``questionnaire_strings`` lists the same strings from a loaded questionnaire;
a test holds the two together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from survey_app.engine import answer_types
from survey_app.engine.questionnaire import Questionnaire
from survey_app.engine.yaml_source import SourceError, read_with_lines

# The privacy notice's address too: a translation may point to the notice in its own language.
TOP_TEXT = (
    "title",
    "summary",
    "sms_intro",
    "other_ways",
    "thanks",
    "run_by",
    "contact",
    "privacy_notice",
    "results_use",
    "ages",
)
CONSENT_TEXT = ("text", "sms")
QUESTION_TEXT = ("text", "hint", "why", "sms", "min_label", "max_label")
CHOICE_TEXT = ("label", "sms")
SMS_NOTE = "Text message: with its choices it must fit one SMS (160 plain characters)."

Message = tuple[tuple, str, str]  # (path in the file, the string as loaded, a note for translators)


def _flat(value: object) -> str | None:
    """The string the loader makes of a text field, or None if it is not text."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return " ".join(str(value).split()) or None


def _fields(data: object, path: tuple, keys: tuple[str, ...], note: str) -> Iterator[Message]:
    if not isinstance(data, dict):
        return
    for key in keys:
        text = _flat(data.get(key))
        if text:
            yield (*path, key), text, f"{note}: {key}" + (f". {SMS_NOTE}" if key == "sms" else "")


def _items(data: object, key: str) -> list:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def paragraphs(value: str) -> list[str]:
    """The information sheet's paragraphs, split on blank lines, as the loader does."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", value) if p.strip()]


def _information_sheet(data: dict) -> Iterator[Message]:
    value = data.get("information_sheet")
    if isinstance(value, str):
        yield from (
            (("information_sheet",), p, f"information sheet, paragraph {n}")
            for n, p in enumerate(paragraphs(value), start=1)
        )
    for n, item in enumerate(value if isinstance(value, list) else []):
        text = _flat(item)
        if text:
            yield ("information_sheet", n), text, f"information sheet, paragraph {n + 1}"


def raw_messages(data: object) -> Iterator[Message]:
    """Every string people read, from a questionnaire file's plain YAML data."""
    if not isinstance(data, dict):
        return
    yield from _fields(data, (), TOP_TEXT, "questionnaire")
    yield from _information_sheet(data)
    for n, step in enumerate(_items(data, "consent")):
        yield from _fields(step, ("consent", n), CONSENT_TEXT, f"consent step {_name(step)}")
    for n, section in enumerate(_items(data, "sections")):
        yield from _fields(
            section, ("sections", n), ("title", "guidance", "exemplar"), f"section {_name(section)}"
        )
        for k, point in enumerate(_items(section, "illustration")):
            if _flat(point):
                yield (
                    ("sections", n, "illustration", k),
                    _flat(point),
                    f"section {_name(section)}: illustration",
                )
        for m, question in enumerate(_items(section, "questions")):
            path = ("sections", n, "questions", m)
            yield from _fields(question, path, QUESTION_TEXT, f"question {_name(question)}")
            for k, choice in enumerate(_items(question, "choices")):
                note = f"question {_name(question)}, choice {_name(choice, 'value')}"
                yield from _fields(choice, (*path, "choices", k), CHOICE_TEXT, note)
            written = answer_types.find(question.get("type")) if isinstance(question, dict) else None
            if written is not None and written.preset_choices():
                # A type that brings its own choices (the picture scale's faces): their words are read too.
                note = f"question {_name(question)}: the {written.name} type's own words"
                yield from ((path, choice.label, note) for choice in written.preset_choices())


def _name(data: object, key: str = "id") -> str:
    return str(data.get(key, "?")) if isinstance(data, dict) else "?"


def _paragraph_lines(source: list[str], start: int, texts: list[str]) -> list[int]:
    """The line each information-sheet paragraph begins on, found by its first word."""
    found, cursor = [], start - 1
    for text in texts:
        first = text.split()[0]
        for n in range(cursor, len(source)):
            line = source[n].split(":", 1)[-1] if n == start - 1 else source[n]
            if line.strip().lstrip("|>-+\"'").strip().startswith(first):
                cursor = n
                break
        found.append(cursor + 1)
        cursor += 1
    return found


def extract_questionnaire(fileobj, keywords, comment_tags, options):
    """Babel extractor: yields ``(lineno, funcname, message, comments)`` for every questionnaire string."""
    text = fileobj.read().decode((options or {}).get("encoding", "utf-8"))
    try:
        data, lines = read_with_lines(text)
    except SourceError as error:
        raise ValueError(f"{getattr(fileobj, 'name', 'questionnaire')}: {error}") from None
    messages = list(raw_messages(data))
    sheet = ("information_sheet",)
    paragraphs_found = [string for path, string, _ in messages if path == sheet]
    starts = iter(_paragraph_lines(text.splitlines(), lines.get(sheet, 1), paragraphs_found))
    placed = [(next(starts) if path == sheet else lines.get(path, 1), s, note) for path, s, note in messages]
    for line, string, note in sorted(placed, key=lambda message: message[0]):
        yield line, None, string, [note]


def questionnaire_strings(questionnaire: Questionnaire) -> list[str]:
    """Every string people read in a loaded questionnaire, once each: what the channels pass to gettext."""
    q = questionnaire
    found = [q.title, q.summary, q.sms_intro, q.other_ways, q.thanks, q.run_by, q.contact, q.results_use]
    found += [q.ages]
    found += [q.privacy_notice, *q.information_sheet]
    found += [text for step in q.consent for text in (step.text, step.sms)]
    found += [text for s in q.sections for text in (s.title, s.guidance, s.exemplar, *s.illustration)]
    for question in q.questions:
        found += [
            question.text,
            question.hint,
            question.why,
            question.sms,
            question.min_label,
            question.max_label,
        ]
        found += [text for choice in question.choices for text in (choice.label, choice.sms)]
    return list(dict.fromkeys(text for text in found if text))
