"""The answer types by name: each registered once, so two modules can never claim the same name.

Every channel asks this registry what a question's type does instead of comparing type names, so adding a
type means one new module (and its field template), not an edit in every module that shows or reads answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from survey_app.engine.answer_types.base import AnswerType

_TYPES: dict[str, AnswerType] = {}


class DuplicateAnswerType(ValueError):
    """Two answer types claim one name: the second would silently change how the first's answers read."""


def register(answer_type: AnswerType) -> AnswerType:
    if answer_type.name in _TYPES:
        raise DuplicateAnswerType(f"an answer type named '{answer_type.name}' is already registered")
    _TYPES[answer_type.name] = answer_type
    return answer_type


def answer_type(name: str) -> AnswerType:
    """The type called ``name``; a KeyError names it if nothing registered it."""
    try:
        return _TYPES[name]
    except KeyError:
        raise KeyError(f"no answer type named '{name}'") from None


def find(name: object) -> AnswerType | None:
    return _TYPES.get(name) if isinstance(name, str) else None


def names() -> tuple[str, ...]:
    """Every registered name, in the order registered (the built-in types first)."""
    return tuple(_TYPES)


@contextmanager
def temporarily(*answer_types: AnswerType) -> Iterator[None]:
    """Register types for a while (a test, a trial), then put the registry back exactly as it was."""
    before = dict(_TYPES)
    try:
        for each in answer_types:
            register(each)
        yield
    finally:
        _TYPES.clear()
        _TYPES.update(before)
