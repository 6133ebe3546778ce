"""The ``check`` behind ``flask conversations check``: what a questionnaire's editors should fix.

The loader already refuses files that are broken. This finds files that load but would let people down:
questions nobody can reach, words care-experienced young people asked us not to use, sentences too long
for a reading age of about 9, text messages that would not fit one GSM-7 segment, missing translations.
Errors must be fixed before a questionnaire opens; warnings are worth a second look.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from survey_app.engine.extract import questionnaire_strings
from survey_app.engine.gsm import non_gsm_characters, segments, sms_length
from survey_app.engine.language_names import LANGUAGE_WORDS
from survey_app.engine.loading import QuestionnaireError, load_questionnaire
from survey_app.engine.questionnaire import PUBLIC_AUDIENCES, YOUNG_PEOPLE, Question, Questionnaire
from survey_app.engine.reachability import doubtful_parts, unreachable
from survey_app.engine.reading import long_sentences, reading_ease, words
from survey_app.engine.sms_prompts import all_prompts
from survey_app.engine.yaml_source import SourceError, read_with_lines

ERROR, WARNING = "error", "warning"
# A multiple-choice question that says so itself, beside the hint every such page shows.
CHOOSE_ALL = re.compile(r"\b(choose|tick|select|pick) (all|any)\b", re.IGNORECASE)
# Consent rests on these: who runs the survey, how to reach them, the privacy notice, what results are for.
CONSENT_FACTS = ("run_by", "contact", "privacy_notice", "results_use")
MAX_SENTENCE_WORDS = 15
# Flesch reading ease. Our plain questions score 75 and above; "Notwithstanding the aforementioned
# provisions, practitioners should ensure..." scores about -50. Blocks under 8 words are too short to score.
FLESCH_WARNING, FLESCH_ERROR, FLESCH_MIN_WORDS = 65, 45, 8
# Easy Read (``easy_read: true``): a reading age of about 7, sentences of 10 words or fewer.
EASY_SENTENCE_WORDS, EASY_WARNING, EASY_ERROR = 10, 75, 60
IDENTIFIERS = ("age", "area", "gender", "disability", "placement")
# Words the phone network or our SMS service act on: a questionnaire's keyword cannot be one of them.
RESERVED_KEYWORDS = {
    "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "START", "UNSTOP",
    "YES", "NO", "HELP", "INFO", "PAUSE", "BACK", "SKIP", "DELETE",
}  # fmt: skip
# The Promise language guidance: (pattern, advice, level in young people's questionnaires).
# Other audiences get warnings: staff read these words every day, but we still write the better ones.
AVOID = [
    (re.compile(r"\bplacements?\b", re.I), "say 'home' or 'where you live', not 'placement'", ERROR),
    (re.compile(r"\bunits?\b", re.I), "say 'home' or 'where you live', not 'unit'", ERROR),
    (re.compile(r"\bLAC\b"), "never 'LAC': say 'in care' or 'care-experienced'", ERROR),
    (re.compile(r"\blooked[- ]after child", re.I), "say 'in care' or 'care-experienced'", ERROR),
    (re.compile(r"\babscond\w*", re.I), "never 'absconding': say what happened, like 'ran away'", ERROR),
    (re.compile(r"\brespite\b", re.I), "never 'respite': say 'a short break' or 'time away'", ERROR),
    (re.compile(r"\bcase ?workers?\b", re.I), "say 'your worker', not 'case worker'", ERROR),
    (
        re.compile(r"\bcontact\b", re.I),
        "if 'contact' means time with family, say 'time with family'",
        WARNING,
    ),
]


@dataclass(frozen=True)
class Problem:
    level: str
    file: str
    line: int | None
    question: str | None
    message: str

    @property
    def location(self) -> tuple[str, int | None, str | None]:
        return self.file, self.line, self.question

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        about = f"question '{self.question}': " if self.question else ""
        return f"{where}: {self.level}: {about}{self.message}"


Where = tuple | Question


class _Checker:
    """Collects problems for one questionnaire, each pointed at a line where one is known."""

    def __init__(self, questionnaire: Questionnaire, lines: dict | None) -> None:
        self.q, self.lines, self.problems = questionnaire, lines or {}, []
        self.young = questionnaire.audience == YOUNG_PEOPLE

    def add(self, level: str, where: Where | None, message: str) -> None:
        if isinstance(where, Question):
            line, question = where.line, where.id
        else:
            line, question = self.lines.get(where) if where else None, None
        self.problems.append(Problem(level, self.q.source, line, question, message))

    def rule(self, level: str = ERROR) -> str:
        """Young people's questionnaires must meet the rule; for other audiences it is advice."""
        return level if self.young else WARNING


# --- words -------------------------------------------------------------------------------------------


def _prose(q: Questionnaire) -> Iterator[tuple[Where, list[str]]]:
    """Every block of sentences a person reads, with where it is in the file."""
    yield ("summary",), [q.summary]
    for paragraph in q.information_sheet:
        yield ("information_sheet",), [paragraph]
    for n, step in enumerate(q.consent):
        yield ("consent", n), [step.text]
        if step.sms:
            yield ("consent", n), [step.sms]
    for question in q.questions:
        yield question, [t for t in (question.text, question.hint, question.why) if t]
        if question.sms:
            yield question, [question.sms]
    yield from (
        ((key,), [getattr(q, key)])
        for key in ("sms_intro", "other_ways", "thanks", "run_by", "results_use")  # contact: addresses
        if getattr(q, key)
    )


def _labels(q: Questionnaire) -> Iterator[tuple[Where, str]]:
    """Short texts that are not sentences: titles, choice labels, the ends of scales."""
    yield ("title",), q.title
    yield from ((("sections", n), section.title) for n, section in enumerate(q.sections))
    for question in q.questions:
        labels = [question.min_label, question.max_label]
        labels += [text for choice in question.choices for text in (choice.label, choice.sms)]
        yield from ((question, label) for label in labels if label)


def check_words(check: _Checker) -> None:
    for where, block in _prose(check.q):
        if check.young:
            _readable(check, where, block)
        _avoid(check, where, " ".join(block))
    for where, label in _labels(check.q):
        _avoid(check, where, label)


def _readable(check: _Checker, where: Where, block: list[str]) -> None:
    easy = check.q.easy_read
    most = EASY_SENTENCE_WORDS if easy else MAX_SENTENCE_WORDS
    aim, floor = (EASY_WARNING, EASY_ERROR) if easy else (FLESCH_WARNING, FLESCH_ERROR)
    for text in block:
        for sentence, count in long_sentences(text, most):
            message = f"{count} words in one sentence; keep to {most}: '{sentence}'"
            check.add(WARNING, where, message)
    text = " ".join(block)
    ease = reading_ease(text)
    if len(words(text)) >= FLESCH_MIN_WORDS and ease < aim:
        level = ERROR if ease < floor else WARNING
        score = f"Flesch reading ease {ease:.0f}, aim for {aim} or more"
        check.add(level, where, f"hard to read ({score}): use shorter words and sentences: '{text[:70]}'")


def _avoid(check: _Checker, where: Where, text: str) -> None:
    for pattern, advice, level in AVOID:
        found = pattern.search(text)
        if found:
            check.add(check.rule(level), where, f"'{found.group()}': {advice}")


# --- questions, text messages, settings, translations ---------------------------------------------------


def check_reachable(check: _Checker) -> None:
    dead = unreachable(check.q)
    for question in check.q.questions:
        if question.id in dead:
            check.add(ERROR, question, f"nobody can reach this question: {dead[question.id]}")
        else:
            for doubt in doubtful_parts(check.q, question):
                check.add(WARNING, question, doubt)


def check_sms(check: _Checker) -> None:
    places: dict[str, Where] = {"intro": ("sms_intro",)}
    places |= {f"consent:{step.id}": ("consent", n) for n, step in enumerate(check.q.consent)}
    places |= {question.id: question for question in check.q.questions}
    for name, text in all_prompts(check.q):
        count, encoding = segments(text)
        odd = " ".join(repr(ch) for ch in non_gsm_characters(text))
        if odd:
            message = f"the text message uses {odd}, not GSM-7: it would go as UCS-2, 70 characters a segment"
            check.add(check.rule(), places[name], message)
        if count > 1:
            message = f"the text message is {sms_length(text)} characters ({encoding}), {count} segments"
            check.add(check.rule(), places[name], f"{message}: write a shorter 'sms' wording to fit 160")


def check_settings(check: _Checker) -> None:
    q = check.q
    if q.sms_keyword in RESERVED_KEYWORDS:
        check.add(
            ERROR,
            ("sms_keyword",),
            f"'{q.sms_keyword}' is a word phones and our service act on: choose another",
        )
    if q.sms_keyword and q.sms_keyword.lower() in LANGUAGE_WORDS:
        check.add(
            ERROR,
            ("sms_keyword",),
            f"'{q.sms_keyword}' chooses a language after a keyword ('CARE {q.sms_keyword}'): choose another",
        )
    if q.destroy_after is None:
        check.add(
            WARNING, None, "no destroy_after date: the information sheet promises we destroy what we hold"
        )
    elif q.closes and q.destroy_after < q.closes:
        check.add(ERROR, ("destroy_after",), "destroy_after is before the questionnaire closes")
    # Once a file starts saying what consent rests on, it must say all of it.
    if q.consent and any(getattr(q, key) for key in CONSENT_FACTS):
        missing = [key for key in CONSENT_FACTS if not getattr(q, key)]
        if missing:
            check.add(
                WARNING, None, f"people consent without being told {', '.join(missing)}: add them at the top"
            )
    for question in q.questions:
        if question.type == "multiple_choice" and CHOOSE_ALL.search(question.text):
            check.add(
                WARNING,
                question,
                "the page already says 'Choose all that apply.' under the question (a text message asks "
                "for numbers): leave it out of the question",
            )
        if question.identifies and question.identifies not in IDENTIFIERS:
            check.add(
                WARNING,
                question,
                f"identifies '{question.identifies}' is not one of: {', '.join(IDENTIFIERS)}",
            )
        if check.young and question.identifies and not (question.why or question.is_text):
            check.add(
                WARNING, question, "say why we ask this personal question, and that it can be skipped ('why')"
            )


def check_translations(check: _Checker, folder: Path | None) -> None:
    """A listed language must have every string translated (an error: people would meet English halfway);
    the other catalogues' gaps are one warning, so translators see how far each language has to go."""
    if folder is None:
        return
    strings = questionnaire_strings(check.q)
    listed = [code for code in check.q.languages if code != "en"]
    for language in listed:
        missing = _untranslated(folder, language, strings)
        if missing is None:
            check.add(
                ERROR,
                ("languages",),
                f"'{language}' is listed but there is no catalogue at "
                f"{folder.name}/{language}/LC_MESSAGES/messages.po",
            )
        elif missing:
            check.add(
                ERROR,
                ("languages",),
                f"{len(missing)} of {len(strings)} texts have no '{language}' translation yet, like "
                f"'{missing[0][:60]}': take '{language}' out of languages until they do",
            )
    public = check.q.audience in PUBLIC_AUDIENCES
    others = sorted(p.parent.parent.name for p in folder.glob("*/LC_MESSAGES/messages.po")) if public else []
    gaps = []
    for language in (code for code in others if code not in listed):
        missing = _untranslated(folder, language, strings) or []
        gaps += [f"'{language}' {len(missing)}"] if missing else []
    if gaps:
        check.add(
            WARNING,
            ("languages",),
            f"not offered yet, texts of {len(strings)} still to translate: {', '.join(gaps)}",
        )


def _untranslated(folder: Path, language: str, strings: list[str]) -> list[str] | None:
    """The strings a catalogue lacks (a fuzzy guess counts as lacking), or None when there is no catalogue."""
    catalogue = folder / language / "LC_MESSAGES" / "messages.po"
    if not catalogue.is_file():
        return None
    with catalogue.open("rb") as file:
        messages = read_po(file, locale=None)
    return [
        s for s in strings if not (messages.get(s) and messages.get(s).string and not messages.get(s).fuzzy)
    ]


def lint(
    questionnaire: Questionnaire, lines: dict | None = None, translations: Path | None = None
) -> list[Problem]:
    """Every problem in one loaded questionnaire, in file order.

    ``lines`` (from ``read_with_lines``) points problems outside questions at a line; ``translations`` is
    the folder of Babel catalogues to look for the questionnaire's languages in.
    """
    check = _Checker(questionnaire, lines)
    for step in (check_reachable, check_words, check_sms, check_settings):
        step(check)
    check_translations(check, Path(translations) if translations else None)
    return sorted(check.problems, key=lambda p: (p.line or 0, p.level != ERROR))


def lint_folder(folder: str | Path, translations: str | Path | None = None) -> tuple[dict, list[Problem]]:
    """Load and check every questionnaire in ``folder``. A file that does not load is an error, not a crash.

    Translations are looked for in ``translations``, by default the ``translations`` folder next to it.
    """
    folder = Path(folder)
    translations = Path(translations) if translations else folder.parent / "translations"
    questionnaires: dict[str, Questionnaire] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            questionnaire = load_questionnaire(path)
            lines = read_with_lines(questionnaire.text or path.read_text(encoding="utf-8"))[1]
        except (QuestionnaireError, SourceError) as error:
            problems.append(_load_problem(error, path.name))
            continue
        problems += _clashes(questionnaire, questionnaires)
        questionnaires.setdefault(questionnaire.id, questionnaire)
        problems += lint(questionnaire, lines, translations)
    return questionnaires, problems


def _load_problem(error: Exception, name: str) -> Problem:
    where = getattr(error, "where", "")
    found = re.search(r"line (\d+)", where)
    message = getattr(error, "problem", str(error))
    detail = re.sub(r"^line \d+\s*", "", where).strip(" ()")
    if detail and detail != "top":
        message = f"{message} (at {detail})"
    return Problem(
        ERROR, getattr(error, "source", name), int(found.group(1)) if found else None, None, message
    )


def _clashes(questionnaire: Questionnaire, seen: dict[str, Questionnaire]) -> list[Problem]:
    found = []
    if questionnaire.id in seen:
        found.append(f"the id '{questionnaire.id}' is also used by {seen[questionnaire.id].source}")
    for other in seen.values():
        if questionnaire.sms_keyword and other.sms_keyword == questionnaire.sms_keyword:
            found.append(f"the sms_keyword '{questionnaire.sms_keyword}' is also used by {other.source}")
    return [Problem(ERROR, questionnaire.source, None, None, message) for message in found]
