"""Context around a matched phrase: denied, wondered about, seen on TV, over and done, or someone else's.

A `Reading` splits normalised text into tokens, clauses and sentences once; the functions below answer
one question each about the words before or around a match, returning the cue that decided it (so the
reason can say why) or None. Pure Python: no Flask, no database.
"""

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from survey_app.safeguarding.patterns import Matcher
from survey_app.safeguarding.rules import Cues

_SENTENCE_ENDS = frozenset(".!?;")
# Clauses also end at a comma or a joining word: "I'm not suicidal, but I do cut" is two statements.
_CLAUSE_ENDS = _SENTENCE_ENDS | frozenset(
    {",", ":", "but", "and", "because", "though", "although", "however", "then", "while", "whereas", "except"}
)
# A denial is looked for back to the nearest person: "nobody listens i want to die" is not denied.
_SUBJECTS = frozenset(
    {"i", "im", "ive", "id", "ill", "he", "she", "they", "hes", "shes", "theyre", "we", "you", "thats"}
)


@dataclass(frozen=True)
class Reading:
    """Normalised text with its token offsets, clause and sentence numbers, and idiom spans. All but the
    text are worked out when first asked for: most answers match no rule, and then none is needed."""

    text: str
    idioms: tuple[Matcher, ...]
    # Pieces of rule text found in the answer by the prefilter; None means look everywhere.
    present: frozenset[str] | None = None

    @classmethod
    def of(cls, text: str, idioms: Iterable[Matcher], present: frozenset[str] | None = None) -> "Reading":
        return cls(text, tuple(idioms), present)

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.text.split(" "))

    @cached_property
    def starts(self) -> tuple[int, ...]:
        return tuple(accumulate((len(token) + 1 for token in self.tokens[:-1]), initial=0))

    @cached_property
    def clause_of(self) -> tuple[int, ...]:
        """Each token's clause number: the clause ends before it."""
        return tuple(accumulate((token in _CLAUSE_ENDS for token in self.tokens[:-1]), initial=0))

    @cached_property
    def sentence_of(self) -> tuple[int, ...]:
        return tuple(accumulate((token in _SENTENCE_ENDS for token in self.tokens[:-1]), initial=0))

    @cached_property
    def idiom_spans(self) -> tuple[tuple[int, int], ...]:
        """Where figures of speech are: looked for only once a rule has matched (most answers match none)."""
        idioms = _worth_trying(self.idioms, self.present)
        return tuple(match.span() for idiom in idioms for match in idiom.finditer(self.text, self.present))

    def index_at(self, offset: int) -> int:
        return max(bisect_right(self.starts, offset) - 1, 0)

    def in_idiom(self, start: int, end: int) -> bool:
        return any(start < idiom_end and idiom_start < end for idiom_start, idiom_end in self.idiom_spans)

    def before(self, start: int) -> list[str]:
        """The tokens of the match's clause that come before it, nearest last."""
        index = self.index_at(start)
        clause = self.clause_of[index]
        first = index
        while first > 0 and self.clause_of[first - 1] == clause:
            first -= 1
        return list(self.tokens[first:index])

    def sentence_span(self, start: int) -> tuple[int, int]:
        """Where the sentence holding `start` begins and ends in the text."""
        index = self.index_at(start)
        sentence = self.sentence_of[index]
        first = last = index
        while first > 0 and self.sentence_of[first - 1] == sentence:
            first -= 1
        while last + 1 < len(self.tokens) and self.sentence_of[last + 1] == sentence:
            last += 1
        return self.starts[first], self.starts[last] + len(self.tokens[last])

    def clause_text(self, start: int) -> str:
        return self._joined(self.clause_of, self.index_at(start))

    def sentence_text(self, start: int) -> str:
        return self._joined(self.sentence_of, self.index_at(start))

    def _joined(self, numbers: tuple[int, ...], index: int) -> str:
        wanted = numbers[index]
        return " ".join(token for token, number in zip(self.tokens, numbers, strict=True) if number == wanted)


# Each idiom list's index from a prefilter piece to the idioms needing it, by the list's id (the list is
# kept with it, so the id cannot be reused): most answers hold the words of no idiom, and asking each of
# dozens whether it could match costs more than the search itself.
_IDIOM_INDEXES: dict[int, tuple[tuple[Matcher, ...], frozenset[int], dict[str, frozenset[int]]]] = {}


def _worth_trying(idioms: tuple[Matcher, ...], present: frozenset[str] | None) -> Iterable[Matcher]:
    """The idioms, in order, that could match a text holding these prefilter pieces (None: all of them)."""
    if present is None:
        return idioms
    indexed = _IDIOM_INDEXES.get(id(idioms))
    if indexed is None or indexed[0] is not idioms:
        if len(_IDIOM_INDEXES) >= 16:  # rule sets loaded by tests; the service has one
            _IDIOM_INDEXES.clear()
        index: dict[str, set[int]] = {}
        for number, idiom in enumerate(idioms):
            for piece in idiom.needs or ():
                index.setdefault(piece, set()).add(number)
        always = frozenset(number for number, idiom in enumerate(idioms) if idiom.needs is None)
        indexed = (idioms, always, {piece: frozenset(found) for piece, found in index.items()})
        _IDIOM_INDEXES[id(idioms)] = indexed
    _, always, index = indexed
    return [idioms[number] for number in sorted(always.union(*[index[p] for p in present if p in index]))]


_FIRST_PERSON = frozenset({"i", "im", "ive", "id", "ill", "me", "my", "myself", "mine"})
# Words after which a new subject is still inside the clause before ("if i felt like i wanted to...").
_COMPLEMENT = frozenset(
    {
        "if",
        "like",
        "that",
        "said",
        "says",
        "say",
        "think",
        "thought",
        "felt",
        "feel",
        "know",
        "knew",
        "when",
        "because",
        "cos",
        "coz",
        "what",
        "how",
        "why",
        "tell",
        "told",
        "ever",
        "only",
        "as",
        "so",
    }
)


def denial(reading: Reading, start: int, cues: Cues) -> str | None:
    """ "not", "never", "nobody" just before the words, in the same clause and before any new subject.

    Words that begin with their own subject ("im done", "i will kill him") start a clause of their own:
    "if the housing dont come through by friday im done" does not deny "im done".
    """
    if reading.tokens[reading.index_at(start)] in _SUBJECTS:
        return None
    window: list[str] = []
    for token in reversed(reading.before(start)):
        if token in _SUBJECTS or len(window) == cues.negation_window:
            break
        window.insert(0, token)
    phrase = cues.not_negation.sub(" ", " ".join(window))
    found = cues.negation.search(phrase)
    return found.group(0) if found else None


def hypothetical(reading: Reading, start: int, cues: Cues) -> str | None:
    """ "if", "what if", "imagine" earlier in the clause, unless the clause says it has happened before, or
    the words are in the main clause that follows the "if" ("if he hits her again [i will kill him]")."""
    before = reading.before(start)[-cues.hypothetical_window :]
    phrase = " ".join(before)
    found = cues.hypothetical.search(cues.not_hypothetical.sub(" ", phrase))
    if found is None or cues.hypothetical_unless.search(reading.clause_text(start)):
        return None
    if _main_clause_after(before, found.end(), reading.tokens[reading.index_at(start)]):
        return None
    return found.group(0)


def _main_clause_after(before: list[str], cue_end: int, first: str) -> bool:
    """Whether a new subject starts the main clause between an "if" (ending at `cue_end` in the joined
    words) and the match, whose first word is `first`: "if the housing dont come through by friday [im]"."""
    after = " ".join(before)[cue_end:].split()
    words = [*after, first]
    return any(
        word in _SUBJECTS and place > 0 and words[place - 1] not in _COMPLEMENT | _SUBJECTS
        for place, word in enumerate(words)
    )


def media(reading: Reading, start: int, cues: Cues) -> str | None:
    """A film, book, course, training or the news in the same clause."""
    found = cues.media.search(reading.clause_text(start))
    return found.group(0) if found else None


def about_media(reading: Reading, start: int, cues: Cues) -> str | None:
    """A film, book or course said plainly to be about the words ("a film about a boy who ran away")."""
    before = " ".join(reading.before(start))
    found = None
    for found in cues.media.finditer(before):  # noqa: B007 - the last cue before the words is the one
        continue
    after = before[found.end() :].split() if found else []
    # "a documentary about suicide made me want to..." is about me: not set aside.
    if found is None or "about" not in after or not _FIRST_PERSON.isdisjoint(after):
        return None
    return found.group(0)


def joke(reading: Reading, start: int, cues: Cues) -> str | None:
    """Said plainly to be a joke in the match's sentence ("he was joking obviously"), or at the start of the
    next ("... Only joking."), and not taken back anywhere in the answer ("only half joking", "unless"). A
    joke further on may be about something else ("my stepdad hits me. my mate was joking about it")."""
    first, end = reading.sentence_span(start)
    found = cues.joke.search(reading.text, first, end)
    if found is None and end + 3 < len(reading.text):
        next_first, next_end = reading.sentence_span(end + 3)  # past " . "
        found = cues.joke.match(reading.text, next_first, next_end)
    if found is None or cues.joke_unless.search(reading.text):
        return None
    return found.group(0)


def one_young_person(reading: Reading, start: int, cues: Cues) -> str | None:
    """A worker's account of one young person ("a lad i support", "one of our girls"), in the match's sentence
    before it: their plan, attempt or missing episode is an emergency, not talk about a caseload."""
    sentence = reading.sentence_text(start)
    found = cues.one_person.search(sentence)
    return found.group(0) if found and not cues.general.search(sentence) else None


def general_remark(reading: Reading, start: int, cues: Cues) -> str | None:
    """A remark about many young people ("common across my caseload", "a lot of our young people")."""
    found = cues.general.search(reading.sentence_text(start))
    return found.group(0) if found else None


def professional(reading: Reading, cues: Cues) -> str | None:
    """A worker or carer writing in their role about the young people they support, anywhere in the answer."""
    found = cues.professional.search(reading.text)
    return found.group(0) if found else None


def being_helped(reading: Reading, cues: Cues) -> str | None:
    """Someone else's risk that the answer says is now being looked after ("she's getting help now")."""
    found = cues.helped.search(reading.text)
    return found.group(0) if found else None


def someone_else(reading: Reading, start: int, cues: Cues) -> str | None:
    """The nearest person before the words in the clause, if that person is not the young person."""
    for token in reversed(reading.before(start)):
        if token in cues.first_person:
            return None
        if token in cues.someone_else:
            return token
    return None


def past(reading: Reading, start: int, category: str, cues: Cues) -> str | None:
    """Describes why a past experience no longer counts in full, or None if it still does.

    The past is looked for in the match's sentence; whether it is over, or still going on, in the
    whole answer ("I was groomed at 15. He's in prison now").
    """
    then = cues.historical.search(reading.sentence_text(start))
    if then is None or cues.ongoing.search(reading.text):
        return None
    over = cues.resolved.search(reading.text)
    if over is not None:
        return f"in the past ({then.group(0)!r}) and over ({over.group(0)!r})"
    if category in cues.lowered_by_past_alone:
        return f"in the past ({then.group(0)!r})"
    return None


def happening_now(reading: Reading, cues: Cues) -> str | None:
    """A sign the danger is now: "tonight", "on his way", "please help", "hiding in"."""
    for found in cues.imminent.finditer(reading.text):
        if not reading.in_idiom(*found.span()):
            return found.group(0)
    return None
