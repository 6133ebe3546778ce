"""Compile the rules file's pattern shorthand, with a cheap pre-check that keeps classification fast.

Most answers contain none of a rule's words, yet a regular expression that starts with a list of
alternatives is tried at every position of the text. So each compiled pattern also records a few pieces
of text of which any match must contain at least one ("myself", "my self"), worked out from Python's own
parse of the expression so they cannot drift from what the rule says. A `Prefilter` finds which pieces
an answer contains in one pass; a pattern none of whose pieces is there is not run at all.
Pure Python: no Flask, no database.
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

try:  # The parser behind `re`. If a future Python moves it, patterns still work, only without the pre-check.
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover
    _sre_parse = None

_LIST_NAME = re.compile(r"\{([a-z_]+)\}")
_GAP = " ... "
_GAP_REGEX = r"(?: [a-z0-9]+){0,4} "
_DROPPED_G = re.compile(r"(?<=[a-z])ing\b")
# Words in most answers: a pattern is better pre-checked by any of its other words than by these.
_COMMON_WORDS = """
a an the i im me my mine you your he hes him his she shes her they them their we us our it its to of in on at
for with and or but so if is are was be been have has had do did not no get got go went up out off by
"""
_COMMON = frozenset(_COMMON_WORDS.split())
# At most this many pieces in a pattern's second requirement (see `requirements`).
MAX_ALSO_PIECES = 40


class PatternError(ValueError):
    """A pattern cannot be compiled; the message names the pattern and the problem."""


@dataclass(frozen=True)
class Matcher:
    """A compiled pattern plus the text a match cannot do without (None: no shortcut known)."""

    regex: re.Pattern[str]
    needs: frozenset[str] | None
    # A second set of pieces, of another part of the pattern, one of which every match also contains.
    also: frozenset[str] | None = None

    def possible(self, present: frozenset[str] | None, text: str = "") -> bool:
        """Whether `text`, holding these prefilter pieces (None: unknown), could match. The second set of
        pieces is looked for in the text only now, for the few patterns whose first set is there."""
        if present is None or self.needs is None:
            return True
        if self.needs.isdisjoint(present):
            return False
        return not text or self.also is None or any(piece in text for piece in self.also)

    def finditer(
        self, text: str, present: frozenset[str] | None = None, span: tuple[int, int] | None = None
    ) -> Iterator[re.Match[str]]:
        """Matches in `text` (or its `span`); `present` (from a Prefilter) skips a hopeless search."""
        if not self.possible(present, text):
            return iter(())
        return self.regex.finditer(text, *span) if span else self.regex.finditer(text)


class Prefilter:
    """Finds, in one pass, which of many pieces of text an answer contains."""

    def __init__(self, pieces: Iterable[str]):
        pieces = sorted(set(pieces))
        # A lookahead at every position reports the longest piece starting there; the shorter pieces
        # starting at the same place are its prefixes, so they are added from a table.
        self._regex = re.compile(f"(?=({trie_regex(pieces)}))") if pieces else None
        known = frozenset(pieces)
        self._prefixes = {
            piece: frozenset(piece[:end] for end in range(len(piece) + 1) if piece[:end] in known)
            for piece in pieces
        }

    def present(self, text: str) -> frozenset[str]:
        if self._regex is None:
            return frozenset()
        # findall and a set: no match objects, and each distinct piece looked up once.
        prefixes = self._prefixes
        return frozenset().union(*[prefixes[piece] for piece in set(self._regex.findall(text))])


def trie_regex(pieces: list[str]) -> str:
    """A regular expression for a sorted list of strings, sharing prefixes so each position is quick."""
    branches: dict[str, list[str]] = {}
    ends_here = False
    for piece in pieces:
        if piece:
            branches.setdefault(piece[0], []).append(piece[1:])
        else:
            ends_here = True
    alternatives = [re.escape(first) + trie_regex(rests) for first, rests in branches.items()]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 and not ends_here else f"(?:{'|'.join(alternatives)})"
    return f"{body}?" if ends_here and body else body


def compile_pattern(pattern: str, lists: Mapping[str, str]) -> Matcher:
    """Expands {lists}, "..." gaps and dropped g's, and matches whole words only."""
    regex = compile_regex(pattern, lists)
    return Matcher(regex, *requirements(regex.pattern))


def compile_regex(pattern: str, lists: Mapping[str, str]) -> re.Pattern[str]:
    """The regular expression of `compile_pattern` alone: a pattern that is searched for directly, never
    pre-checked (the context cues), would have its pre-check's pieces worked out for nothing."""
    try:
        expanded = _LIST_NAME.sub(lambda match: f"(?:{lists[match.group(1)]})", pattern)
    except KeyError as error:
        raise PatternError(f"no word list called {error.args[0]!r} in `lexicon`") from None
    expanded = _DROPPED_G.sub("in(?:g)?", expanded.replace(_GAP, _GAP_REGEX))
    try:
        return re.compile(rf"(?<![a-z0-9])(?:{expanded})(?![a-z0-9])")
    except re.error as error:
        raise PatternError(f"pattern {pattern!r} is not valid: {error}") from None


def required_text(pattern: str) -> frozenset[str] | None:
    """Pieces of text one of which every match of `pattern` contains, or None if none can be named."""
    return requirements(pattern)[0]


def requirements(pattern: str) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """The two most selective requirements of `pattern`: sets of pieces of text, every match holding a piece
    of each (None: none known). A pattern is tried only where both are met: its rarest word alone is often
    an everyday one ("at", "for"), and two of them together are seldom in an answer by chance."""
    if _sre_parse is None:  # pragma: no cover
        return None, None
    options = sorted(set(_options(_items(_sre_parse.parse(pattern)))), key=_selectivity, reverse=True)
    if not options:
        return None, None
    # The second set is looked for piece by piece in the text: a long list would cost more than it saves.
    also = [option for option in options[1:] if len(option) <= MAX_ALSO_PIECES]
    return options[0], (also[0] if also else None)


def _options(items: list[tuple[object, object]]) -> list[frozenset[str]]:
    """Requirements of a sequence: every item of it must match, so each item's requirement holds. Text read
    without a break also makes one, across choices: "(im|i am) (12|13)" holds "im 12", "im 13", "i am 12" or
    "i am 13", far rarer in an answer than "im" or a lone letter left by the parser ("y" of yo|yrs old)."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, argument in items:
        if op is _sre.LITERAL:
            run.append(chr(argument))  # type: ignore[arg-type]
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        options.extend(_in_item(op, argument))
    if run:
        options.append(frozenset({"".join(run)}))
    options.extend(_unbroken(items))
    return [option for option in options if option and all(piece.strip() for piece in option)]


# At most this many pieces in a requirement made by joining choices (see `_unbroken`).
MAX_JOINED = 64


def _unbroken(items: list[tuple[object, object]]) -> list[frozenset[str]]:
    """Requirements from text a match reads without a break: letters, and choices between a few strings
    of letters, in a row; each run's possible texts are one requirement, and so are they with the start of
    the item that ends the run ("y" then "o" or "rs old": "yo" or "yrs old")."""
    options: list[frozenset[str]] = []
    tail: frozenset[str] | None = None  # the run read so far is one of these
    for op, argument in items:
        if (whole := _whole(op, argument)) is not None:
            joined = _joined(tail, whole) if tail is not None else whole
            if joined is None:  # too many: this item starts a new run
                options.append(tail)  # type: ignore[arg-type]
            tail = joined or whole
            continue
        if tail is not None:
            options.append(tail)
            if (starts := _starts(op, argument)) and (joined := _joined(tail, starts)):
                options.append(joined)
        tail = _ends(op, argument)
    if tail is not None:
        options.append(tail)
    return options


def _joined(first: frozenset[str], then: frozenset[str]) -> frozenset[str] | None:
    """Each of `first` followed by each of `then`, or None if that is too many to look for."""
    if len(first) * len(then) > MAX_JOINED:
        return None
    return frozenset(one + two for one in first for two in then)


def _whole(op: object, argument: object) -> frozenset[str] | None:
    """Every text this item can match, if it matches only a few fixed strings ("in(g)?": "in", "ing")."""
    if op is _sre.LITERAL:
        return frozenset({chr(argument)})  # type: ignore[arg-type]
    if op is _sre.IN:
        return _letters(argument)
    if op is _sre.SUBPATTERN:
        return _sequence_whole(_items(argument[-1]))  # type: ignore[index]
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and argument[1] == 1:  # type: ignore[index]
        body = _sequence_whole(_items(argument[2]))  # type: ignore[index]
        return None if body is None else body | ({""} if argument[0] == 0 else set())  # type: ignore[index]
    if op is _sre.BRANCH:
        return _union(_sequence_whole(_items(branch)) for branch in argument[1])  # type: ignore[index]
    return None


def _sequence_whole(items: list[tuple[object, object]]) -> frozenset[str] | None:
    found: frozenset[str] | None = frozenset({""})
    letters = ""  # a run of single characters, added to every text found at once rather than one by one
    for op, argument in items:
        if op is _sre.LITERAL:
            letters += chr(argument)  # type: ignore[arg-type]
            continue
        whole = _whole(op, argument)
        if whole is None or (found := _joined(_then(found, letters), whole)) is None:  # type: ignore[arg-type]
            return None
        letters = ""
    return _then(found, letters)  # type: ignore[arg-type]


def _then(found: frozenset[str], letters: str) -> frozenset[str]:
    """`_joined(found, {letters})`, which cannot be too many: `found` is never more than MAX_JOINED."""
    return frozenset(text + letters for text in found) if letters else found


def _starts(op: object, argument: object) -> frozenset[str] | None:
    """Text one of which every match of this item begins with (None: not known)."""
    return _edge(op, argument, backwards=False)


def _ends(op: object, argument: object) -> frozenset[str] | None:
    """Text one of which every match of this item ends with (None: not known)."""
    return _edge(op, argument, backwards=True)


def _edge(op: object, argument: object, backwards: bool) -> frozenset[str] | None:
    if (whole := _whole(op, argument)) is not None:
        return whole if "" not in whole else None
    if op is _sre.SUBPATTERN:
        return _sequence_edge(_items(argument[-1]), backwards)  # type: ignore[index]
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and argument[0] >= 1:  # type: ignore[index]
        return _sequence_edge(_items(argument[2]), backwards)  # type: ignore[index]
    if op is _sre.BRANCH:
        return _union(_sequence_edge(_items(branch), backwards) for branch in argument[1])  # type: ignore[index]
    return None


def _sequence_edge(items: list[tuple[object, object]], backwards: bool) -> frozenset[str] | None:
    """The text a sequence begins with (or, `backwards`, ends with): its fixed items' text, as far as the
    first item that is not fixed, with that item's own beginning (or end)."""
    edge = frozenset({""})
    for op, argument in reversed(items) if backwards else items:
        whole = _whole(op, argument)
        part = whole if whole is not None else _edge(op, argument, backwards)
        joined = None if part is None else _joined(part, edge) if backwards else _joined(edge, part)
        if joined is None:
            break
        edge = joined
        if whole is None:
            break
    return None if "" in edge else edge


def _union(parts: Iterable[frozenset[str] | None]) -> frozenset[str] | None:
    found: set[str] = set()
    for part in parts:
        if part is None:
            return None
        found |= part
        if len(found) > MAX_JOINED:
            return None
    return frozenset(found)


def _items(parsed: object) -> list[tuple[object, object]]:
    """The items of a parsed pattern or part of one: its own list (read, never changed), not a copy made
    through its item-by-item __getitem__, which took a quarter of the time of working out a requirement."""
    return parsed.data  # type: ignore[attr-defined]


def _letters(members: object) -> frozenset[str] | None:
    """The characters of a class of single characters ([nt]), or None for a range, category or negation."""
    members = list(members)  # type: ignore[call-overload]
    if members and len(members) <= MAX_JOINED and all(kind is _sre.LITERAL for kind, _ in members):
        return frozenset(chr(code) for _, code in members)
    return None


def _selectivity(option: frozenset[str]) -> tuple[bool, int, int, tuple[str, ...]]:
    """Prefer pieces that are not everyday words, then longer pieces, then fewer of them (then any fixed
    order, so the choice does not change from run to run)."""
    return (
        not _COMMON.intersection(map(str.strip, option)),
        min(map(len, option)),
        -len(option),
        tuple(sorted(option)),
    )


def _in_item(op: object, argument: object) -> list[frozenset[str]]:
    if op is _sre.SUBPATTERN:
        return _options(_items(argument[-1]))  # type: ignore[index]
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and argument[0] >= 1:  # type: ignore[index]
        return _options(_items(argument[2]))  # type: ignore[index]
    if op is _sre.BRANCH:
        # A match takes one branch and meets both its requirements: so it meets the union of the branches'
        # best requirements, and the union of their second best.
        branches = [
            sorted(set(_options(_items(branch))), key=_selectivity, reverse=True)
            for branch in argument[1]  # type: ignore[index]
        ]
        return [
            frozenset().union(*[branch[rank] for branch in branches])
            for rank in (0, 1)
            if all(len(branch) > rank for branch in branches)
        ]
    return []
