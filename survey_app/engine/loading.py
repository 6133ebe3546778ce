"""Load questionnaire files (YAML in ``conversations/``) into ``Questionnaire`` objects.

A broken file fails loudly with the file, the line, the path inside the file and what is wrong, because
the people who write these files are researchers and young advisers, not programmers.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from survey_app.engine import answer_types
from survey_app.engine.answer_types import TypeName
from survey_app.engine.questionnaire import (
    Choice,
    Condition,
    ConsentStep,
    Question,
    Questionnaire,
    Section,
)
from survey_app.engine.schema import ID_PATTERN, QuestionnaireFile
from survey_app.engine.schema_errors import Finding, findings, line_of
from survey_app.engine.yaml_source import SourceError, read_with_lines

ID = re.compile(ID_PATTERN)
CONDITION_TESTS = ("equals", "one_of", "includes", "at_least", "at_most", "answered")


class QuestionnaireError(ValueError):
    def __init__(self, source: str, where: str, problem: str) -> None:
        super().__init__(f"{source}: {where}: {problem}")
        self.source, self.where, self.problem = source, where, problem


class _Reader:
    """Turns plain YAML data, whose shape the schema has checked, into frozen objects; raises with a location
    on the first problem that needs more than one field to see."""

    def __init__(self, source: str, lines: dict) -> None:
        self.source, self.lines = source, lines

    def fail(self, path: tuple, problem: str) -> QuestionnaireError:
        finding = Finding(path, line_of(path, self.lines), problem)
        return QuestionnaireError(self.source, finding.where, problem)

    def check_shape(self, data: object) -> None:
        """Field names, types and allowed values, from the schema every editor also sees."""
        try:
            QuestionnaireFile.model_validate(data)
        except ValidationError as error:
            first = findings(error, QuestionnaireFile, self.lines)[0]
            raise QuestionnaireError(self.source, first.where, first.problem) from None


def _text(data: dict, key: str) -> str | None:
    """Text as people read it: runs of spaces and line breaks become one space."""
    value = data.get(key)
    return None if value is None else " ".join(str(value).split())


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
    r.check_shape(data)
    top: dict = data  # type: ignore[assignment]  # the schema has checked it is a mapping
    sections, questions = _sections(r, top["sections"])
    questionnaire = Questionnaire(
        id=top["id"],
        version=str(top["version"]),
        title=_text(top, "title"),
        audience=top["audience"],
        summary=_text(top, "summary"),
        minutes=int(top.get("minutes") or 10),
        information_sheet=_paragraphs(top["information_sheet"]),
        consent=_consent(r, top["consent"]),
        questions=questions,
        sections=sections,
        sms_keyword=top["sms_keyword"].upper() if top.get("sms_keyword") else None,
        sms_intro=_text(top, "sms_intro"),
        opens=top.get("opens"),
        closes=top.get("closes"),
        destroy_after=top.get("destroy_after"),
        languages=tuple(top.get("languages") or ("en",)),
        other_ways=_text(top, "other_ways"),
        thanks=_text(top, "thanks"),
        run_by=_text(top, "run_by"),
        contact=_text(top, "contact"),
        privacy_notice=top["privacy_notice"].strip() if top.get("privacy_notice") else None,
        results_use=_text(top, "results_use"),
        reading=top.get("reading") or "all",
        reading_days=int(top.get("reading_days") or 1),
        kind=top.get("kind") or "survey",
        draft=top.get("draft") is True,
        easy_read=top.get("easy_read") is True,
        ages=_text(top, "ages"),
        source=source,
    )
    if questionnaire.opens and questionnaire.closes and questionnaire.closes < questionnaire.opens:
        raise r.fail(("closes",), "the questionnaire closes before it opens")
    _check_conditions(r, questionnaire)
    return questionnaire


def _paragraphs(value: str | list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [p for p in re.split(r"\n\s*\n", value) if p.strip()]
    return tuple(" ".join(p.split()) for p in value)


def _consent(r: _Reader, value: list[dict]) -> tuple[ConsentStep, ...]:
    steps = tuple(ConsentStep(item["id"], _text(item, "text"), _text(item, "sms")) for item in value)
    _no_duplicates(r, [s.id for s in steps], "consent")
    return steps


def _sections(r: _Reader, value: list[dict]) -> tuple[tuple[Section, ...], tuple[Question, ...]]:
    sections, questions = [], []
    for n, item in enumerate(value):
        path = ("sections", n)
        section = Section(
            item["id"],
            _text(item, "title"),
            guidance=_text(item, "guidance"),
            exemplar=_text(item, "exemplar"),
            illustration=tuple(" ".join(p.split()) for p in item.get("illustration") or ()),
        )
        sections.append(section)
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


def _no_duplicates(r: _Reader, ids: list[str], where: str) -> None:
    seen = set()
    for item in ids:
        if item in seen:
            raise r.fail((where,), f"the id '{item}' is used twice in {where}")
        seen.add(item)


def _question(r: _Reader, data: dict, path: tuple, section: str) -> Question:
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
    low, high = data.get("min"), data.get("max")
    if loaded.needs_range and (low is None or high is None):
        raise r.fail(path, f"a {kind} question needs 'min' and 'max'")
    if low is not None and high is not None and low >= high:
        raise r.fail((*path, "max"), "'max' must be more than 'min'")
    length, words = data.get("max_length"), data.get("max_words")
    if length is not None and (not loaded.is_text or length < 1):
        raise r.fail((*path, "max_length"), "max_length is a positive number, for text questions only")
    if words is not None and (not loaded.counts_words or words < 1):
        raise r.fail((*path, "max_words"), "max_words is a positive number, for long_text questions only")
    return Question(
        id=data["id"],
        type=kind,
        text=_text(data, "text"),
        section=section,
        hint=_text(data, "hint"),
        why=_text(data, "why"),
        sms=_text(data, "sms"),
        choices=choices,
        minimum=low,
        maximum=high,
        min_label=_text(data, "min_label"),
        max_label=_text(data, "max_label"),
        max_length=int(length) if length else None,
        max_words=int(words) if words else None,
        show_if=_condition(r, data["show_if"], (*path, "show_if"))
        if data.get("show_if") is not None
        else None,
        identifies=_text(data, "identifies"),
        safeguarding=data.get("safeguarding") is not False,
        picture=data.get("picture"),
        picture_scale=written.name == TypeName.PICTURE_SCALE,
        line=r.lines.get(path),
    )


def _choices(r: _Reader, data: dict, path: tuple) -> tuple[Choice, ...]:
    raw = data.get("choices")
    if not isinstance(raw, list) or len(raw) < 2:
        raise r.fail((*path, "choices"), "a choice question needs at least two choices")
    choices = []
    several = answer_types.answer_type(data["type"]).several
    for n, item in enumerate(raw):
        where = (*path, "choices", n)
        exclusive = item.get("exclusive") is True
        if exclusive and not several:
            raise r.fail(
                (*where, "exclusive"), "exclusive is true or false, on multiple_choice questions only"
            )
        value = _value(item["value"])
        if not ID.match(value):
            raise r.fail(
                (*where, "value"), f"'{value}' is not a valid id: use lower-case letters, digits, '-' or '_'"
            )
        choices.append(
            Choice(value, _text(item, "label"), _text(item, "sms"), exclusive, item.get("picture"))
        )
    _no_duplicates(r, [c.value for c in choices], f"the choices of '{data['id']}'")
    return tuple(choices)


def _condition(r: _Reader, data: dict, path: tuple) -> Condition:
    groups = [key for key in ("all", "any") if key in data]
    if groups:
        parts = data[groups[0]]
        if len(data) != 1 or not parts:
            raise r.fail(path, "use either 'all' or 'any', with a list of conditions")
        built = tuple(_condition(r, p, (*path, groups[0], n)) for n, p in enumerate(parts))
        return Condition(all_of=built) if groups[0] == "all" else Condition(any_of=built)
    if "question" not in data:
        raise r.fail((*path, "question"), "'question' is missing")
    tests = [t for t in CONDITION_TESTS if t in data]
    if not tests or (len(tests) > 1 and set(tests) != {"at_least", "at_most"}):
        raise r.fail(path, f"a condition needs one test: {', '.join(CONDITION_TESTS)}")
    return Condition(
        question=str(data["question"]),
        equals=None if data.get("equals") is None else _value(data["equals"]),
        one_of=tuple(_value(v) for v in data.get("one_of") or ()),
        includes=None if data.get("includes") is None else _value(data["includes"]),
        at_least=data.get("at_least"),
        at_most=data.get("at_most"),
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
