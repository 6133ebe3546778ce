"""Pydantic's complaints about a file, said in the words of the people who write it, at the line they wrote.

Pydantic reports a problem as a location inside the data (``sections, 0, questions, 2, txet``) and a
programmer's message. The people who edit questionnaires and the safeguarding rules are researchers and
safeguarding leads: they need the line to look at, what is wrong in plain words and, for a misspelt name,
the name they meant. Shared by the questionnaire loader and the safeguarding rules.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

Path = tuple[object, ...]
# A message a field's own validator wrote, with this where the field's name goes.
FIELD = "<field>"


def complaint(message: str) -> PydanticCustomError:
    """A validation error in our own words; ``<field>`` in the message becomes the field's name."""
    return PydanticCustomError("file", message)


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int | None
    problem: str

    @property
    def dotted(self) -> str:
        """The path as a reader would write it: ``sections[0].questions[2].text``."""
        joined = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in self.path)
        return joined.lstrip(".") or "top"

    @property
    def where(self) -> str:
        return f"line {self.line} ({self.dotted})" if self.line else self.dotted


def line_of(path: Path, lines: dict) -> int | None:
    """The line of the value at ``path``, or of the nearest thing around it the file does have."""
    return next((lines[path[:n]] for n in range(len(path), -1, -1) if path[:n] in lines), None)


def findings(error: ValidationError, model: type[BaseModel], lines: dict) -> list[Finding]:
    """Every problem pydantic found in the order of the file's lines, unknown names first: a misspelt
    name is usually why another one seems to be missing, so it is the one to fix first."""
    details = error.errors(include_url=False)
    found = [(detail["type"] != "extra_forbidden", _finding(detail, model, lines)) for detail in details]
    return [finding for _, finding in sorted(found, key=lambda pair: (pair[0], pair[1].line or 0))]


def _finding(detail: dict, model: type[BaseModel], lines: dict) -> Finding:
    path = tuple(detail["loc"])
    kind, key = detail["type"], _name(path)
    if kind == "extra_forbidden":
        problem = _unknown(f"unknown field '{key}'", str(key), _field_names(model, path[:-1]))
    elif kind == "missing":
        problem = f"'{key}' is missing"
    elif kind == "literal_error":
        problem = not_one_of(key, detail.get("input"), _literal_values(model, path))
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        problem = "expected a set of 'name: value' lines here"
    elif kind in ("list_type", "tuple_type"):
        problem = f"'{key}' must be a list"
    elif kind in ("bool_type", "bool_parsing"):
        problem = f"'{key}' must be true or false"
    elif kind == "too_short":
        problem = f"'{key}' needs at least one entry"
    elif kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        problem = f"'{key}' must be a date written as YYYY-MM-DD"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        problem = f"'{key}' must be a whole number"
    elif kind in ("string_type", "str_type"):
        problem = f"'{key}' must be some text"
    else:
        problem = detail["msg"].replace(FIELD, str(key))
    if kind == "missing":  # point at the place it is missing from
        path = path[:-1]
    return Finding(path, line_of(path, lines), problem)


def _name(path: Path) -> object:
    """The field a location ends in (a list's place names the list it is in)."""
    return next((part for part in reversed(path) if isinstance(part, str)), "top")


def _unknown(opening: str, given: str, known: list[str]) -> str:
    close = difflib.get_close_matches(given, known, n=1, cutoff=0.6)
    if close:
        return f"{opening}: did you mean '{close[0]}'?"
    return f"{opening} (allowed: {', '.join(sorted(known))})" if known else opening


def not_one_of(key: object, given: object, allowed: list[str]) -> str:
    close = difflib.get_close_matches(str(given), allowed, n=1, cutoff=0.6)
    meant = f": did you mean '{close[0]}'?" if close else ""
    if key in ("type", "picture"):
        kind = "question type" if key == "type" else "picture"
        return f"unknown {kind} '{given}'{meant} (use one of: {', '.join(allowed)})"
    return f"{key} must be one of: {', '.join(allowed)}" + (f" (did you mean '{close[0]}'?)" if close else "")


# --- finding the model a location points into ------------------------------------------------------------


def _core(annotation: object) -> object:
    """The type inside ``Annotated[...]`` and ``X | None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            others = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(others) != 1:
                return annotation
            annotation = others[0]
        else:
            return annotation


def _annotation_at(model: type[BaseModel], path: Path) -> object:
    current: object = model
    for part in path:
        current = _core(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field = next(
                (f for name, f in current.model_fields.items() if part in (name, f.alias)),
                None,
            )
            if field is None:
                return None
            current = field.annotation
        elif typing.get_origin(current) in (list, tuple) and isinstance(part, int):
            current = typing.get_args(current)[0]
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    return _core(current)


def _field_names(model: type[BaseModel], path: Path) -> list[str]:
    found = _annotation_at(model, path)
    if isinstance(found, type) and issubclass(found, BaseModel):
        return [field.alias or name for name, field in found.model_fields.items()]
    return []


def _literal_values(model: type[BaseModel], path: Path) -> list[str]:
    found = _annotation_at(model, path)
    return (
        [str(value) for value in typing.get_args(found)] if typing.get_origin(found) is typing.Literal else []
    )
