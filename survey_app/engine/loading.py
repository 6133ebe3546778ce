"""Load questionnaire files (YAML in ``conversations/``) into ``Questionnaire`` objects.

A broken file fails loudly with the file, the line, the path inside the file and what is wrong, because
the people who write these files are researchers and young advisers, not programmers.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from survey_app.engine import answer_types
from survey_app.engine.answer_types import TypeName
from survey_app.engine.pictures import SYMBOLS
from survey_app.engine.questionnaire import (
    AUDIENCES,
    KINDS,
    Choice,
    Condition,
    ConsentStep,
    Question,
    Questionnaire,
    Section,
)
from survey_app.engine.yaml_source import SourceError, read_with_lines

ID = re.compile(r"^[a-z][a-z0-9_-]*$")
TOP_KEYS = {
    "id",
    "draft",
    "easy_read",
    "ages",
    "version",
    "title",
    "audience",
    "summary",
    "minutes",
    "information_sheet",
    "consent",
    "sections",
    "sms_keyword",
    "sms_intro",
    "opens",
    "closes",
    "destroy_after",
    "languages",
    "other_ways",
    "thanks",
    "run_by",
    "contact",
    "privacy_notice",
    "results_use",
    "kind",
    "reading",
    "reading_days",
}
QUESTION_KEYS = {
    "id",
    "type",
    "text",
    "hint",
    "why",
    "sms",
    "choices",
    "min",
    "max",
    "min_label",
    "max_label",
    "max_length",
    "max_words",
    "show_if",
    "identifies",
    "safeguarding",
    "picture",
}
SECTION_KEYS = {"id", "title", "questions", "guidance", "exemplar", "illustration"}
CONDITION_TESTS = ("equals", "one_of", "includes", "at_least", "at_most", "answered")


class QuestionnaireError(ValueError):
    def __init__(self, source: str, where: str, problem: str) -> None:
        super().__init__(f"{source}: {where}: {problem}")
        self.source, self.where, self.problem = source, where, problem


class _Reader:
    """Turns plain YAML data into frozen objects, raising with a location on the first problem."""

    def __init__(self, source: str, lines: dict) -> None:
        self.source, self.lines = source, lines

    def fail(self, path: tuple, problem: str) -> QuestionnaireError:
        line = next((self.lines[path[:n]] for n in range(len(path), -1, -1) if path[:n] in self.lines), None)
        dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "top"
        return QuestionnaireError(self.source, f"line {line} ({dotted})" if line else dotted, problem)

    def mapping(self, data: object, path: tuple, allowed: set[str], required: tuple[str, ...]) -> dict:
        if not isinstance(data, dict):
            raise self.fail(path, "expected a set of 'name: value' lines here")
        for key in data:
            if key not in allowed:
                raise self.fail(
                    (*path, key), f"unknown field '{key}' (allowed: {', '.join(sorted(allowed))})"
                )
        for key in required:
            if data.get(key) in (None, "", []):
                raise self.fail(path, f"'{key}' is missing")
        return data

    def text(self, data: dict, key: str, path: tuple, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool):
            # YAML reads a bare Yes, No, On or Off as true/false, not as the word.
            raise self.fail((*path, key), f"'{key}' must be some text: put words like Yes or No in quotes")
        if not isinstance(value, str | int | float) or not str(value).strip():
            raise self.fail((*path, key), f"'{key}' must be some text")
        return " ".join(str(value).split()) if key != "information_sheet" else str(value)

    def number(self, data: dict, key: str, path: tuple) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail((*path, key), f"'{key}' must be a number")
        return value

    def date(self, data: dict, key: str) -> dt.date | None:
        value = data.get(key)
        if value is None or isinstance(value, dt.date):
            return value
        raise self.fail((key,), f"'{key}' must be a date written as YYYY-MM-DD")

    def identifier(self, value: object, path: tuple) -> str:
        if not isinstance(value, str) or not ID.match(value):
            raise self.fail(path, f"'{value}' is not a valid id: use lower-case letters, digits, '-' or '_'")
        return value


def load_questionnaire(path: str | Path) -> Questionnaire:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise QuestionnaireError(path.name, "top", "the file is not UTF-8 text") from None
    return parse_questionnaire(text, path.name)


def parse_questionnaire(text: str, source: str) -> Questionnaire:
    """Build a questionnaire from the text of a file; ``source`` names it in error messages."""
    try:
        data, lines = read_with_lines(text)
    except SourceError as error:
        where, _, problem = str(error).partition(": ")
        raise QuestionnaireError(source, where, problem) from None
    questionnaire = build_questionnaire(data, lines, source)
    object.__setattr__(questionnaire, "text", text)
    return questionnaire


def build_questionnaire(data: object, lines: dict, source: str) -> Questionnaire:
    r = _Reader(source, lines)
    top = r.mapping(
        data,
        (),
        TOP_KEYS,
        ("id", "version", "title", "audience", "summary", "information_sheet", "consent", "sections"),
    )
    if top["audience"] not in AUDIENCES:
        raise r.fail(("audience",), f"audience must be one of: {', '.join(AUDIENCES)}")
    if top.get("kind", "survey") not in KINDS:
        raise r.fail(("kind",), f"kind must be one of: {', '.join(KINDS)}")
    sections, questions = _sections(r, top["sections"])
    questionnaire = Questionnaire(
        id=r.identifier(top["id"], ("id",)),
        version=str(top["version"]),
        title=r.text(top, "title", (), True),
        audience=top["audience"],
        summary=r.text(top, "summary", (), True),
        minutes=int(r.number(top, "minutes", ()) or 10),
        information_sheet=_paragraphs(r, top["information_sheet"]),
        consent=_consent(r, top["consent"]),
        questions=questions,
        sections=sections,
        sms_keyword=_keyword(r, top.get("sms_keyword")),
        sms_intro=r.text(top, "sms_intro", ()),
        opens=r.date(top, "opens"),
        closes=r.date(top, "closes"),
        destroy_after=r.date(top, "destroy_after"),
        languages=_languages(r, top.get("languages")),
        other_ways=r.text(top, "other_ways", ()),
        thanks=r.text(top, "thanks", ()),
        run_by=r.text(top, "run_by", ()),
        contact=r.text(top, "contact", ()),
        privacy_notice=_address(r, top.get("privacy_notice")),
        results_use=r.text(top, "results_use", ()),
        reading=_reading(r, top.get("reading", "all")),
        reading_days=int(r.number(top, "reading_days", ()) or 1),
        kind=top.get("kind", "survey"),
        draft=top.get("draft") is True,
        easy_read=top.get("easy_read") is True,
        ages=r.text(top, "ages", ()),
        source=source,
    )
    if questionnaire.opens and questionnaire.closes and questionnaire.closes < questionnaire.opens:
        raise r.fail(("closes",), "the questionnaire closes before it opens")
    _check_conditions(r, questionnaire)
    return questionnaire


def _address(r: _Reader, value: object) -> str | None:
    """The privacy notice's web address: people follow it from the information sheet."""
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"https://\S+", value.strip()):
        raise r.fail(("privacy_notice",), "privacy_notice must be a web address starting https://")
    return value.strip()


def _reading(r: _Reader, value: object) -> str:
    """Which free-text answers go on the safeguarding reading list: all of them, or only those flagged."""
    if value not in ("all", "flagged"):
        raise r.fail(("reading",), "reading must be all or flagged")
    return value


def _keyword(r: _Reader, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9]{2,20}", value):
        raise r.fail(("sms_keyword",), "sms_keyword must be one word of letters and digits, like CARE")
    return value.upper()


def _paragraphs(r: _Reader, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [p for p in re.split(r"\n\s*\n", value) if p.strip()]
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        raise r.fail(("information_sheet",), "information_sheet must be paragraphs of text")
    return tuple(" ".join(p.split()) for p in value)


def _consent(r: _Reader, value: object) -> tuple[ConsentStep, ...]:
    if not isinstance(value, list) or not value:
        raise r.fail(("consent",), "consent must be a list of steps, each with an id and text")
    steps = []
    for n, item in enumerate(value):
        path = ("consent", n)
        item = r.mapping(item, path, {"id", "text", "sms"}, ("id", "text"))
        steps.append(
            ConsentStep(
                r.identifier(item["id"], (*path, "id")),
                r.text(item, "text", path, True),
                r.text(item, "sms", path),
            )
        )
    _no_duplicates(r, [s.id for s in steps], "consent")
    return tuple(steps)


def _sections(r: _Reader, value: object) -> tuple[tuple[Section, ...], tuple[Question, ...]]:
    if not isinstance(value, list) or not value:
        raise r.fail(("sections",), "sections must be a list, each with an id, a title and questions")
    sections, questions = [], []
    for n, item in enumerate(value):
        path = ("sections", n)
        item = r.mapping(item, path, SECTION_KEYS, ("id", "title", "questions"))
        section = Section(
            r.identifier(item["id"], (*path, "id")),
            r.text(item, "title", path, True),
            guidance=r.text(item, "guidance", path),
            exemplar=r.text(item, "exemplar", path),
            illustration=_points(r, item.get("illustration"), (*path, "illustration")),
        )
        sections.append(section)
        if not isinstance(item["questions"], list):
            raise r.fail((*path, "questions"), "questions must be a list")
        for m, raw in enumerate(item["questions"]):
            questions.append(_question(r, raw, (*path, "questions", m), section.id))
    _no_duplicates(r, [s.id for s in sections], "sections")
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            raise QuestionnaireError(
                r.source,
                f"line {question.line} (question '{question.id}')",
                f"the question id '{question.id}' is used twice",
            )
        seen.add(question.id)
    return tuple(sections), tuple(questions)


def _points(r: _Reader, value: object, path: tuple) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        raise r.fail(path, "illustration must be a list of points, each some text")
    return tuple(" ".join(p.split()) for p in value)


def _languages(r: _Reader, value: object) -> tuple[str, ...]:
    if value is None:
        return ("en",)
    if not isinstance(value, list) or not all(
        isinstance(v, str) and re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", v) for v in value
    ):
        raise r.fail(("languages",), "languages must be a list of language codes, like [en, gd, pl]")
    return tuple(value)


def _no_duplicates(r: _Reader, ids: list[str], where: str) -> None:
    seen = set()
    for item in ids:
        if item in seen:
            raise r.fail((where,), f"the id '{item}' is used twice in {where}")
        seen.add(item)


def _question(r: _Reader, raw: object, path: tuple, section: str) -> Question:
    data = r.mapping(raw, path, QUESTION_KEYS, ("id", "type", "text"))
    kind = data["type"]
    written = answer_types.find(kind)
    if written is None:
        known = ", ".join(answer_types.names())
        raise r.fail((*path, "type"), f"unknown question type '{kind}' (use one of: {known})")
    preset = written.preset_choices()
    if preset and "choices" in data:
        raise r.fail((*path, "choices"), f"a {kind} has {written.preset_note}: leave out choices")
    kind = written.loads_as()
    loaded = answer_types.answer_type(kind)
    choices = preset or (_choices(r, data, path) if loaded.takes_choices else ())
    if not (preset or loaded.takes_choices) and "choices" in data:
        raise r.fail((*path, "choices"), f"a {kind} question has no choices")
    low, high = r.number(data, "min", path), r.number(data, "max", path)
    if loaded.needs_range and (low is None or high is None):
        raise r.fail(path, f"a {kind} question needs 'min' and 'max'")
    if low is not None and high is not None and low >= high:
        raise r.fail((*path, "max"), "'max' must be more than 'min'")
    length = r.number(data, "max_length", path)
    if length is not None and (not loaded.is_text or length < 1):
        raise r.fail((*path, "max_length"), "max_length is a positive number, for text questions only")
    words = r.number(data, "max_words", path)
    if words is not None and (not loaded.counts_words or words < 1):
        raise r.fail((*path, "max_words"), "max_words is a positive number, for long_text questions only")
    safeguarding = data.get("safeguarding", True)
    if not isinstance(safeguarding, bool):
        raise r.fail((*path, "safeguarding"), "safeguarding must be true or false")
    return Question(
        id=r.identifier(data["id"], (*path, "id")),
        type=kind,
        text=r.text(data, "text", path, True),
        section=section,
        hint=r.text(data, "hint", path),
        why=r.text(data, "why", path),
        sms=r.text(data, "sms", path),
        choices=choices,
        minimum=low,
        maximum=high,
        min_label=r.text(data, "min_label", path),
        max_label=r.text(data, "max_label", path),
        max_length=int(length) if length else None,
        max_words=int(words) if words else None,
        show_if=_condition(r, data["show_if"], (*path, "show_if")) if "show_if" in data else None,
        identifies=r.text(data, "identifies", path),
        safeguarding=safeguarding,
        picture=_picture(r, data, path),
        picture_scale=written.name == TypeName.PICTURE_SCALE,
        line=r.lines.get(path),
    )


def _picture(r: _Reader, data: dict, path: tuple) -> str | None:
    name = data.get("picture")
    if name is not None and name not in SYMBOLS:
        raise r.fail((*path, "picture"), f"unknown picture '{name}' (use one of: {', '.join(SYMBOLS)})")
    return name


def _choices(r: _Reader, data: dict, path: tuple) -> tuple[Choice, ...]:
    raw = data.get("choices")
    if not isinstance(raw, list) or len(raw) < 2:
        raise r.fail((*path, "choices"), "a choice question needs at least two choices")
    choices = []
    several = answer_types.answer_type(data["type"]).several
    for n, item in enumerate(raw):
        where = (*path, "choices", n)
        item = r.mapping(item, where, {"value", "label", "sms", "exclusive", "picture"}, ("value", "label"))
        exclusive = item.get("exclusive", False)
        if not isinstance(exclusive, bool) or (exclusive and not several):
            raise r.fail(
                (*where, "exclusive"), "exclusive is true or false, on multiple_choice questions only"
            )
        choices.append(
            Choice(
                r.identifier(_value(item["value"]), (*where, "value")),
                r.text(item, "label", where, True),
                r.text(item, "sms", where),
                exclusive,
                _picture(r, item, where),
            )
        )
    _no_duplicates(r, [c.value for c in choices], f"the choices of '{data['id']}'")
    return tuple(choices)


def _condition(r: _Reader, raw: object, path: tuple) -> Condition:
    if isinstance(raw, dict) and set(raw) & {"all", "any"}:
        data = r.mapping(raw, path, {"all", "any"}, ())
        key = "all" if "all" in data else "any"
        parts = data[key]
        if len(data) != 1 or not isinstance(parts, list) or not parts:
            raise r.fail(path, "use either 'all' or 'any', with a list of conditions")
        built = tuple(_condition(r, p, (*path, key, n)) for n, p in enumerate(parts))
        return Condition(all_of=built) if key == "all" else Condition(any_of=built)
    data = r.mapping(raw, path, {"question", *CONDITION_TESTS}, ("question",))
    tests = [t for t in CONDITION_TESTS if t in data]
    if not tests or (len(tests) > 1 and set(tests) != {"at_least", "at_most"}):
        raise r.fail(path, f"a condition needs one test: {', '.join(CONDITION_TESTS)}")
    one_of = data.get("one_of", [])
    if not isinstance(one_of, list):
        raise r.fail((*path, "one_of"), "one_of must be a list of values")
    return Condition(
        question=str(data["question"]),
        equals=None if data.get("equals") is None else _value(data["equals"]),
        one_of=tuple(_value(v) for v in one_of),
        includes=None if data.get("includes") is None else _value(data["includes"]),
        at_least=r.number(data, "at_least", path),
        at_most=r.number(data, "at_most", path),
        answered=data.get("answered"),
    )


def _value(raw: object) -> str:
    """A choice value as text. YAML reads a bare yes/no as true/false; we mean the words."""
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    return str(raw)


def _check_conditions(r: _Reader, questionnaire: Questionnaire) -> None:
    """Conditions may only look back, at questions that exist, for values those questions can give."""
    for question in questionnaire.questions:
        if not question.show_if:
            continue
        where = ("questions", question.id, "show_if")
        for ref in question.show_if.questions():
            if not questionnaire.has_question(ref):
                raise QuestionnaireError(
                    r.source,
                    f"line {question.line} (question '{question.id}')",
                    f"show_if refers to '{ref}', which is not a question here",
                )
            if questionnaire.index[ref] >= questionnaire.index[question.id]:
                raise QuestionnaireError(
                    r.source,
                    f"line {question.line} (question '{question.id}')",
                    f"show_if refers to '{ref}', which comes later: conditions look back",
                )
        del where


def load_folder(folder: str | Path) -> dict[str, Questionnaire]:
    """Every questionnaire in ``folder``, by id. Two files with one id is an error."""
    found: dict[str, Questionnaire] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        questionnaire = load_questionnaire(path)
        if questionnaire.id in found:
            raise QuestionnaireError(
                path.name,
                "id",
                f"the id '{questionnaire.id}' is also used by {found[questionnaire.id].source}",
            )
        found[questionnaire.id] = questionnaire
    return found
