"""Load the safeguarding rules file (rules.yaml) and compile it once.

The file is written for a safeguarding professional to read; this module turns its shorthand ({lists},
"...", dropped g's) into regular expressions and refuses a file it cannot understand, naming the rule.
Pure Python: no Flask, no database.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from survey_app.engine.schema_errors import Finding, findings, line_of
from survey_app.engine.yaml_source import SourceError, read_with_lines
from survey_app.safeguarding.normalise import Normaliser
from survey_app.safeguarding.patterns import Matcher, PatternError, Prefilter, compile_pattern, compile_regex
from survey_app.safeguarding.rules_schema import CATEGORIES, TIERS, RulesFile
from survey_app.safeguarding.spelling import Speller, english_words

RULES_FILE = Path(__file__).with_name("rules.yaml")
__all__ = ["CATEGORIES", "RULES_FILE", "TIERS", "Cues", "Rule", "RuleSet", "RulesError", "load_rules"]

_SPACE_AFTER_BAR = re.compile(r"\|\s+")


class RulesError(ValueError):
    """The rules file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    tier: str
    why: str
    patterns: tuple[Matcher, ...]
    also_needs: tuple[Matcher, ...] = ()
    about_self: bool = False
    someone_else_category: str | None = None
    same_sentence: bool = False
    # Read literally: figures of speech do not set it aside ("kicked me out" is not violence, but it is
    # homelessness).
    literal: bool = False

    @cached_property
    def needs(self) -> frozenset[str] | None:
        """Text one of which any match of any of the rule's patterns contains (None: no shortcut)."""
        pieces = [matcher.needs for matcher in self.patterns]
        return None if None in pieces else frozenset().union(*pieces)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Cues:
    """The context lists, compiled."""

    negation: re.Pattern[str]
    not_negation: re.Pattern[str]
    negation_window: int
    hypothetical: re.Pattern[str]
    not_hypothetical: re.Pattern[str]
    hypothetical_unless: re.Pattern[str]
    hypothetical_window: int
    media: re.Pattern[str]
    joke: re.Pattern[str]
    joke_unless: re.Pattern[str]
    professional: re.Pattern[str]
    one_person: re.Pattern[str]
    general: re.Pattern[str]
    helped: re.Pattern[str]
    someone_else: frozenset[str]
    first_person: frozenset[str]
    historical: re.Pattern[str]
    resolved: re.Pattern[str]
    ongoing: re.Pattern[str]
    imminent: re.Pattern[str]
    # Signs that turn a review into urgent, by category (urgency.py).
    plan_signs: re.Pattern[str]
    under_18: re.Pattern[str]
    child_alone: re.Pattern[str]
    harm_commanded: re.Pattern[str]
    weapon_ready: re.Pattern[str]
    injury: re.Pattern[str]
    farewell: re.Pattern[str]
    lowered_by_past_alone: frozenset[str]
    escalate: frozenset[str]


@dataclass(frozen=True)
class RuleSet:
    version: str
    normalise: Normaliser
    rules: tuple[Rule, ...]
    idioms: tuple[Matcher, ...]
    cues: Cues
    prefilter: Prefilter
    category_order: tuple[str, ...] = field(default=CATEGORIES)

    @cached_property
    def _by_piece(self) -> tuple[frozenset[int], dict[str, frozenset[int]], tuple[_Entry, ...]]:
        """Patterns (by their number in file order) with no piece to pre-check, always tried; each piece's
        patterns, so a text's pieces lead straight to the patterns worth trying; and what each number is.
        Plain numbers rather than (rule, pattern) pairs: they are sorted for every answer."""
        entries = tuple(
            (number, matcher, matcher.also)
            for number, rule in enumerate(self.rules)
            for matcher in rule.patterns
        )
        always, index = set(), {}
        for flat, (_, matcher, _) in enumerate(entries):
            if matcher.needs is None:
                always.add(flat)
            for piece in matcher.needs or ():
                index.setdefault(piece, set()).add(flat)
        return frozenset(always), {piece: frozenset(found) for piece, found in index.items()}, entries

    def candidates(
        self, present: frozenset[str] | None, text: str = ""
    ) -> list[tuple[Rule, tuple[Matcher, ...]]]:
        """The rules that could match a text holding these prefilter pieces, each with the patterns worth
        running, in file order: most answers hold the words of a few rules, so the rest are not looked at.
        A pattern's second set of pieces is looked for in `text` now. None (no prefilter): every rule, every
        pattern."""
        if present is None:
            return [(rule, rule.patterns) for rule in self.rules]
        always, index, entries = self._by_piece
        # The text's few pieces are looked up in the index, never the index's thousands in the text's set.
        hits = always.union(*[index[piece] for piece in present if piece in index])
        found: dict[int, list[Matcher]] = {}
        holds = text.__contains__
        for flat in sorted(hits):
            number, matcher, also = entries[flat]
            if also is None or not text or any(map(holds, also)):
                if number in found:
                    found[number].append(matcher)
                else:
                    found[number] = [matcher]
        rules = self.rules
        return [(rules[number], tuple(patterns)) for number, patterns in found.items()]


# A pattern as the candidate index keeps it: its rule's number, the pattern, and its second set of pieces.
_Entry = tuple[int, Matcher, "frozenset[str] | None"]


# Compiled rule sets by the SHA-256 of their file's text: a file changed since it was compiled is compiled
# afresh, and the same text read again (under any name) is not. A process reads the packaged file, and
# tests or the training script a few variants of it: the oldest are let go past this many.
_COMPILED: dict[bytes, RuleSet] = {}
KEEP_COMPILED = 8


def load_rules(path: Path = RULES_FILE) -> RuleSet:
    """Reads and compiles a rules file, once per process for each text the file has had.

    The packaged file is read once per process: the detector asks for its rules for every answer (reading
    and hashing the file each time would cost more than most answers take), and RULES_VERSION, kept with
    every concern, names the rules it read. The word lists the speller keeps (english_words.txt,
    languages.yaml's everyday English) are the packaged ones whichever file is read.
    """
    if Path(path) == RULES_FILE:
        return _packaged_rules()
    return _rules_of(Path(path))


@cache
def _packaged_rules() -> RuleSet:
    return _rules_of(RULES_FILE)


def _rules_of(path: Path) -> RuleSet:
    text = _Source.text(path)
    key = hashlib.sha256(text.encode("utf-8")).digest()
    if (compiled := _COMPILED.get(key)) is None:
        with _collector_paused():
            compiled = _compile(_Source.parse(path, text))
        while len(_COMPILED) >= KEEP_COMPILED:
            del _COMPILED[next(iter(_COMPILED))]
        _COMPILED[key] = compiled
    return compiled


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Compiling makes a few hundred thousand objects, nearly all kept as long as the rule set. The cyclic
    collector, set off again and again while they are made, would walk them (and everything loaded before
    them) for nothing: about a fifth of the time. It runs again afterwards, as it did before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compile(source: _Source) -> RuleSet:
    data: dict[str, Any] = source.data  # the schema has checked every section's shape
    lists = {name: _tidy(value) for name, value in data["lexicon"].items()}
    compiler = _Compiler(lists, source)
    rules = tuple(_rule(entry, ("rules", n), compiler) for n, entry in enumerate(data["rules"]))
    _check_unique([rule.id for rule in rules], source)
    idioms = compiler.any_of(("idioms",), data["idioms"])
    matchers = [*idioms, *(matcher for rule in rules for matcher in (*rule.patterns, *rule.also_needs))]
    slang, (vocabulary, without_slang) = data["slang"], _vocabularies(data)
    return RuleSet(
        version=str(data["version"]),
        normalise=Normaliser(slang, data["censored_words"], vocabulary, _speller(without_slang, slang)),
        rules=rules,
        idioms=idioms,
        cues=_cues(data["context"], compiler),
        prefilter=Prefilter(piece for matcher in matchers for piece in matcher.needs or ()),
    )


@dataclass(frozen=True)
class _Source:
    """The file's data with the line of every value, to say where a problem is."""

    name: str
    data: Any
    lines: dict

    @staticmethod
    def text(path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise RulesError(f"{path}: cannot read the rules file: {error}") from error

    @classmethod
    def parse(cls, path: Path, text: str) -> _Source:
        try:
            data, lines = read_with_lines(text)
        except SourceError as error:
            raise RulesError(f"{path.name}: {error}") from None
        source = cls(path.name, data, lines)
        try:
            RulesFile.model_validate(data)
        except ValidationError as error:
            first = findings(error, RulesFile, lines)[0]
            raise source.error(first.path, first.problem) from None
        return source

    def error(self, path: tuple, problem: str) -> RulesError:
        """'rules.yaml: line 560 (rule suicide.intent, category): ...': the rule named by its id."""
        finding = Finding(path, line_of(path, self.lines), problem)
        where = finding.dotted
        if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
            entry = self.data["rules"][path[1]] if isinstance(self.data, dict) else None
            rule_id = entry.get("id") if isinstance(entry, dict) else None
            if rule_id is not None:
                rest = Finding(path[2:], None, problem).dotted
                where = f"rule {rule_id}" + (f", {rest}" if path[2:] else "")
        at = f"line {finding.line} ({where})" if finding.line else where
        return RulesError(f"{self.name}: {at}: {problem}")


class _Compiler:
    def __init__(self, lists: Mapping[str, str], source: _Source):
        self._lists, self.source = lists, source

    def compile(self, path: tuple, pattern: str) -> Matcher:
        try:
            return compile_pattern(pattern, self._lists)
        except PatternError as error:
            raise self.source.error(path, str(error)) from None

    def regex(self, path: tuple, pattern: str) -> re.Pattern[str]:
        try:
            return compile_regex(pattern, self._lists)
        except PatternError as error:
            raise self.source.error(path, str(error)) from None

    def any_of(self, path: tuple, patterns: Iterable[str]) -> tuple[Matcher, ...]:
        return tuple(self.compile((*path, n), str(pattern).strip()) for n, pattern in enumerate(patterns))


def _rule(entry: dict[str, Any], path: tuple, compiler: _Compiler) -> Rule:
    rule_id = str(entry["id"])
    patterns, needs, key = entry.get("patterns"), [], "patterns"
    if patterns is None and entry.get("all_of"):
        patterns, *needs = entry["all_of"]
        patterns, key = [patterns], "all_of"
    if not patterns:
        raise compiler.source.error(path, "needs `patterns` or `all_of`")
    someone_else = (entry.get("if_someone_else") or {}).get("category")
    return Rule(
        id=rule_id,
        category=entry["category"],
        tier=entry["tier"],
        why=str(entry.get("why", "")),
        patterns=compiler.any_of((*path, key), patterns),
        # The first of all_of is the pattern; the others are needed with it.
        also_needs=tuple(compiler.compile((*path, key, n), str(p).strip()) for n, p in enumerate(needs, 1)),
        about_self=entry.get("about") == "self",
        someone_else_category=someone_else,
        same_sentence=entry.get("within") == "sentence",
        literal=bool(entry.get("literal", False)),
    )


def _cues(context: dict[str, Any], compiler: _Compiler) -> Cues:
    def cue(*keys: str) -> re.Pattern[str]:
        value: Any = context
        for key in keys:
            value = value[key]
        return compiler.regex(("context", *keys), _tidy(value))

    def words(*keys: str) -> frozenset[str]:
        return frozenset(_tidy(context[keys[0]][keys[1]]).split("|"))

    return Cues(
        negation=cue("negation", "cues"),
        not_negation=cue("negation", "not_denials"),
        negation_window=context["negation"]["window"],
        hypothetical=cue("hypothetical", "cues"),
        not_hypothetical=cue("hypothetical", "not_hypothetical"),
        hypothetical_unless=cue("hypothetical", "unless_in_clause"),
        hypothetical_window=context["hypothetical"]["window"],
        media=cue("media", "cues"),
        joke=cue("joke", "plainly"),
        joke_unless=cue("joke", "unless"),
        professional=cue("professional"),
        one_person=cue("worker_about", "one_young_person"),
        general=cue("worker_about", "many"),
        helped=cue("someone_else", "being_helped"),
        someone_else=words("someone_else", "subjects"),
        first_person=words("someone_else", "first_person"),
        historical=cue("historical"),
        resolved=cue("resolved"),
        ongoing=cue("ongoing"),
        imminent=cue("imminent"),
        plan_signs=cue("urgency", "plan_signs"),
        under_18=cue("urgency", "under_18"),
        child_alone=cue("urgency", "child_alone"),
        harm_commanded=cue("urgency", "harm_commanded"),
        weapon_ready=cue("urgency", "weapon_ready"),
        injury=cue("urgency", "injury"),
        farewell=cue("urgency", "farewell"),
        lowered_by_past_alone=frozenset(context["lowered_by_past_alone"]),
        escalate=frozenset(context["escalate_to_immediate_danger"]),
    )


def _tidy(value: Any) -> str:
    """Joins a word list written over several lines: YAML folds each line break after a | into a space."""
    return _SPACE_AFTER_BAR.sub("|", str(value).strip())


def _check_unique(ids: list[str], source: _Source) -> None:
    repeated = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    if repeated:
        second = [n for n, rule_id in enumerate(ids) if rule_id == repeated[0]][1]
        raise source.error(("rules", second, "id"), f"ids used more than once: {', '.join(repeated)}")


def _speller(vocabulary: set[str], slang: Mapping[str, str]) -> Speller:
    """Spells unknown words as the rules do. Known (never changed): the rules' words, what the slang means,
    everyday English, and the dictionary words the speller would otherwise take for others (bet, not beat)."""
    from survey_app.safeguarding import languages  # kept local: languages is an extra here

    # Slang is not English: "hav" (from "hav 2") must still be spelt "have".
    slang_words = {word for phrase in slang.values() for word in phrase.split()}
    known = vocabulary | slang_words | languages.english_common() | english_words()
    return Speller(vocabulary, known)


def _vocabularies(data: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Every word the file mentions (the normaliser shortens stretched words towards these), and every word
    but the slang table's (the speller's). Each section is written out once: the file written out is its
    sections written out one after another, so its words are theirs together."""
    by_section = {key: _words(yaml.safe_dump({key: value})) for key, value in data.items()}
    without_slang = [words for key, words in by_section.items() if key != "slang"]
    return set().union(*by_section.values()), set().union(*without_slang)


def _words(written: str) -> set[str]:
    return set(re.findall(r"[a-z]+", re.sub(r"\\[a-zA-Z]", " ", written)))
