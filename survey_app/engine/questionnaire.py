"""What a questionnaire is, once loaded: plain frozen data that every channel reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

# The registry module imports nothing of the engine, so this module can ask it while the answer types
# (which are built on Question and Choice) are still being imported.
from survey_app.engine.answer_types import registry

if TYPE_CHECKING:
    from survey_app.engine.answer_types.base import AnswerType

# Who a questionnaire is for. Young people's questionnaires get the strictest wording check and are the
# ones listed on the home page; the public ones (young people, families) may be read in other languages.
YOUNG_PEOPLE, FAMILIES, STAFF, PARTNERS = "young_people", "families", "staff", "partners"
AUDIENCES = (YOUNG_PEOPLE, FAMILIES, STAFF, PARTNERS)
PUBLIC_AUDIENCES = (YOUNG_PEOPLE, FAMILIES)
# A ``self-evaluation`` is drafted by named professionals over weeks and submitted once, not answered
# anonymously.
KINDS = ("survey", "self-evaluation")
# The inspectorate's six-point scale for an evaluation question, best first.
EVALUATION_SCALE = ("excellent", "very_good", "good", "adequate", "weak", "unsatisfactory")


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    sms: str | None = None
    # An exclusive choice ("None of these") cannot be ticked together with any other.
    exclusive: bool = False
    # A symbol shown beside the words (Easy Read): a name in engine.pictures.SYMBOLS.
    picture: str | None = None

    @property
    def sms_label(self) -> str:
        return self.sms or self.label


@dataclass(frozen=True)
class Condition:
    """Show a question only when an earlier answer says so.

    Exactly one of the tests is set. ``all_of``/``any_of`` combine other conditions.
    """

    question: str | None = None
    equals: str | None = None
    one_of: tuple[str, ...] = ()
    includes: str | None = None
    at_least: float | None = None
    at_most: float | None = None
    answered: bool | None = None
    all_of: tuple[Condition, ...] = ()
    any_of: tuple[Condition, ...] = ()

    def questions(self) -> set[str]:
        """Every question id this condition looks at."""
        found = {self.question} if self.question else set()
        for part in (*self.all_of, *self.any_of):
            found |= part.questions()
        return found


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    section: str = ""
    hint: str | None = None
    why: str | None = None
    sms: str | None = None
    choices: tuple[Choice, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    min_label: str | None = None
    max_label: str | None = None
    max_length: int | None = None
    # A word limit for long text in a self-evaluation (shown with a word count, not enforced by characters).
    max_words: int | None = None
    show_if: Condition | None = None
    # The name of a quasi-identifier (age, area, gender, disability, placement) for export banding.
    identifies: str | None = None
    # Free text is read by the safeguarding check unless a questionnaire says otherwise.
    safeguarding: bool = True
    # A symbol shown beside the question (Easy Read), and whether its choices are the picture scale's faces.
    picture: str | None = None
    picture_scale: bool = False
    # Where the question is in the file (for error messages from later checks).
    line: int | None = None

    @property
    def answer_type(self) -> AnswerType:
        return registry.answer_type(self.type)

    @property
    def is_text(self) -> bool:
        return self.answer_type.is_text

    @property
    def sms_text(self) -> str:
        return self.sms or self.text

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class ConsentStep:
    id: str
    text: str
    sms: str | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    # For a self-evaluation: what to write about, an exemplar answer and the illustration's points.
    guidance: str | None = None
    exemplar: str | None = None
    illustration: tuple[str, ...] = ()


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: str
    audience: str
    summary: str
    minutes: int
    information_sheet: tuple[str, ...]
    consent: tuple[ConsentStep, ...]
    questions: tuple[Question, ...]
    sections: tuple[Section, ...] = ()
    sms_keyword: str | None = None
    sms_intro: str | None = None
    opens: dt.date | None = None
    closes: dt.date | None = None
    destroy_after: dt.date | None = None
    languages: tuple[str, ...] = ("en",)
    other_ways: str | None = None
    thanks: str | None = None
    # What consent rests on, said on the information sheet: who runs the survey, how to reach them, the
    # privacy notice (a web address) and what the results are used for.
    run_by: str | None = None
    contact: str | None = None
    privacy_notice: str | None = None
    results_use: str | None = None
    # The safeguarding reading list: "all" free-text answers (the default) or only those "flagged", and
    # the working days within which a person reads them.
    reading: str = "all"
    reading_days: int = 1
    kind: str = "survey"
    # A draft is for young advisers to try through a preview link: never served as a live survey.
    draft: bool = False
    # Easy Read (disabled children, younger readers): shorter sentences and a lower reading age in the check.
    easy_read: bool = False
    # Who it is for, in words for the invitation card ("16 to 26").
    ages: str | None = None
    source: str = ""
    # The file's own text, so the exact version a run started on can be kept and reloaded.
    text: str = field(default="", compare=False, repr=False)
    index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.index.update({q.id: n for n, q in enumerate(self.questions)})

    def question(self, question_id: str) -> Question:
        return self.questions[self.index[question_id]]

    def has_question(self, question_id: str) -> bool:
        return question_id in self.index

    def is_open(self, today: dt.date) -> bool:
        if self.opens and today < self.opens:
            return False
        return not (self.closes and today > self.closes)

    def section_title(self, section_id: str) -> str:
        return next((s.title for s in self.sections if s.id == section_id), "")
