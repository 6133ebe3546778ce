"""What the safeguarding rules file may say, as pydantic models: its sections, a rule's fields, the context.

``rules.load_rules`` checks the file against these before compiling anything, so a misspelt field, a
category that does not exist or a bare ``no`` in the slang table is refused with the file, the line and the
rule it is in, instead of a rule quietly doing nothing.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt

from survey_app.engine.schema_errors import complaint

TIERS = ("none", "review", "urgent")
# In the order that breaks a tie between rules of the same tier.
CATEGORIES = (
    "immediate_danger",
    "suicide",
    "self_harm",
    "missing",
    "abuse",
    "exploitation",
    "homelessness",
    "neglect",
    "mental_health_crisis",
    "harm_to_others",
)


def _words(value: object) -> object:
    # YAML reads a bare no, on or off as true/false and a bare number as a number.
    if not isinstance(value, str):
        raise complaint(f"{value!r} must be words; quote them ('no')")
    return value


Words = Annotated[str, BeforeValidator(_words)]
Category = Literal[CATEGORIES]  # type: ignore[valid-type]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SomeoneElse(_Part):
    category: Category


class RuleEntry(_Part):
    id: Words
    category: Category
    tier: Literal["urgent", "review"]
    why: Words
    patterns: list[Words] | None = None
    all_of: list[Words] | None = None
    about: Literal["self"] | None = None
    within: Literal["sentence"] | None = None
    literal: StrictBool | None = None
    if_someone_else: SomeoneElse | None = None


class Negation(_Part):
    window: StrictInt
    cues: Words
    not_denials: Words


class Hypothetical(_Part):
    window: StrictInt
    cues: Words
    not_hypothetical: Words
    unless_in_clause: Words


class Media(_Part):
    cues: Words


class Joke(_Part):
    plainly: Words
    unless: Words


class SomeoneElseCues(_Part):
    subjects: Words
    first_person: Words
    being_helped: Words


class WorkerAbout(_Part):
    one_young_person: Words
    many: Words


class Urgency(_Part):
    """Signs that a concern cannot wait a working day (safeguarding/urgency.py)."""

    plan_signs: Words
    under_18: Words
    child_alone: Words
    harm_commanded: Words
    weapon_ready: Words
    injury: Words
    farewell: Words


class Context(_Part):
    negation: Negation
    hypothetical: Hypothetical
    media: Media
    joke: Joke
    someone_else: SomeoneElseCues
    professional: Words
    worker_about: WorkerAbout
    historical: Words
    resolved: Words
    ongoing: Words
    imminent: Words
    urgency: Urgency
    lowered_by_past_alone: list[Category]
    escalate_to_immediate_danger: list[Category]


class RulesFile(_Part):
    version: Words
    slang: dict[Words, Words]
    censored_words: list[Words]
    lexicon: dict[Words, Words]
    context: Context
    idioms: list[Words]
    rules: list[RuleEntry] = Field(min_length=1)
