"""Turn a free-text answer into the plain form the safeguarding rules are written against.

"I'm sooooo done, wanna k1ll myself!!" becomes "im so done , want to kill myself ! !": lower case, no
accents or apostrophes, stretched letters shortened, numbers used as letters read as letters, and slang
replaced by plain English. Sentence punctuation is kept as separate tokens because the context checks
stop at it. Pure Python: no Flask, no database.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from copy import copy
from functools import cached_property
from itertools import product

from survey_app.safeguarding.patterns import trie_regex
from survey_app.safeguarding.spelling import Speller

# Long answers are read up to here; the rules only need the words, and this bounds the work per answer.
MAX_CHARS = 20_000

_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4\u02bc]")
_SYMBOL_IN_WORD = re.compile(r"(?<=[a-z])[@$!](?=[a-z])")
_SYMBOL_LETTERS = {"@": "a", "$": "s", "!": "i"}
_DASH_BETWEEN_SPACES = re.compile(r"\s[-\u2013\u2014]+\s")
_TOKEN = re.compile(r"[a-z0-9*]+|[.!?,;:]")
_LEET = str.maketrans("0134579", "oieastg")
# Numbers that are numbers: ages, times, amounts, ordinals. These are never read as letters.
_NUMBER_LIKE = re.compile(r"\d+(s|st|nd|rd|th|am|pm|yo|yrs|k|m|mg|ml|x|p|kg|cm|mins?|hrs?|gb|mb|pc)?")
_STRETCHED = re.compile(r"([a-z])\1{2,}")
_NEEDS_CLEANING = re.compile(r"[0-9*]|([a-z])\1{2,}")
_LETTER = re.compile(r"[a-z]")
_DIGIT = re.compile(r"\d")
# How many distinct words a normaliser remembers the reading of (see `_read`); it starts afresh when full.
_REMEMBERED_WORDS = 50_000


class Normaliser:
    """Normalises text with a given slang table, list of starred-out words and known vocabulary."""

    def __init__(
        self,
        slang: Mapping[str, str],
        censored: Iterable[str],
        known_words: Iterable[str],
        speller: Speller | None = None,
    ):
        self._words = {key: value for key, value in slang.items() if " " not in key}
        phrases = {key: value for key, value in slang.items() if " " in key}
        self._phrases = phrases
        self._phrase_pattern = _alternation(phrases)
        self._censored = tuple(censored)
        self._known = frozenset(known_words)
        self._speller = speller
        # Each distinct word's reading, worked out once: answers are made of the same few thousand words, and
        # reading one (slang, a plural of slang, the speller) costs several lookups and calls.
        self._read: dict[str, str] = {}

    @property
    def speller(self) -> Speller | None:
        return self._speller

    @cached_property
    def literal(self) -> "Normaliser":
        """The same reading without slang or sound-alike spelling, for a text in another language: its words
        are not English misspelt ("od" is Polish for "since", not an overdose)."""
        plain = copy(self)
        plain._speller, plain._words, plain._phrases, plain._phrase_pattern = None, {}, {}, None
        plain._read = {}  # its words read differently: not this reading's memory
        return plain

    @property
    def known_words(self) -> frozenset[str]:
        """Every word the rules file mentions, and the slang it reads."""
        return self._known | frozenset(word for key in self._words for word in key.split())

    def __call__(self, text: str) -> str:
        prepared = _prepare(text)
        tokens = _TOKEN.findall(prepared)
        if _NEEDS_CLEANING.search(prepared):  # most answers have no digits, stars or stretched letters
            tokens = [cleaned for token in tokens if (cleaned := self._clean_token(token))]
        joined = " ".join(tokens)
        if self._phrase_pattern is not None:
            joined = self._phrase_pattern.sub(lambda match: self._phrases[match.group(0)], joined)
        read = self._read
        return " ".join([read[token] if token in read else self._remember(token) for token in joined.split()])

    def _remember(self, token: str) -> str:
        """One word as the rules spell it (slang read, or spelling corrected), remembered for next time."""
        if token in self._words:
            word = self._words[token]
        elif self._speller is None:
            word = self._possessive(token) if token[-1] == "s" else token
        else:
            word = self._word(token)
        if len(self._read) >= _REMEMBERED_WORDS:
            self._read.clear()
        self._read[token] = word
        return word

    def _word(self, token: str) -> str:
        """A word that is not slang: a slang word with an s, or else spelt as the rules spell it."""
        if token[-1] == "s" and (plural := self._possessive(token)) != token:
            return plural
        return self._speller.correct(token)  # type: ignore[union-attr]

    def _possessive(self, token: str) -> str:
        """A slang word with a possessive or plural s keeps it ("maws" -> "mums")."""
        if len(token) > 3 and " " not in self._words.get(token[:-1], " "):
            return self._words[token[:-1]] + "s"
        return token

    def _clean_token(self, token: str) -> str:
        if "*" in token:
            token = self._uncensor(token)
        if token in self._words:
            return token
        if _DIGIT.search(token) and _LETTER.search(token) and not _NUMBER_LIKE.fullmatch(token):
            # A number for a syllable ("4ever", "l8r") before a number for a letter ("k1ll").
            if self._speller and (word := self._speller.syllables(token)) != token:
                return word
            token = token.translate(_LEET)
        if _STRETCHED.search(token):
            token = self._shorten(token)
        return token

    def _uncensor(self, token: str) -> str:
        """Reads "s*icide" as "suicide": each star stands for one letter of a word on the list."""
        letters = token.replace("*", "")
        if not letters:
            return ""
        guess = re.compile(re.escape(token).replace(r"\*", "[a-z]"))
        return next((word for word in self._censored if guess.fullmatch(word)), letters)

    def _shorten(self, token: str) -> str:
        """Shortens stretched letters to a word the rules know ("killlll" -> "kill", "diiie" -> "die")."""
        runs = list(_STRETCHED.finditer(token))[:3]
        options = []
        for keep in product((1, 2), repeat=len(runs)):
            pieces, last = [], 0
            for run, count in zip(runs, keep, strict=True):
                pieces.append(token[last : run.start()] + run.group(1) * count)
                last = run.end()
            options.append("".join(pieces) + token[last:])
        return next((option for option in options if option in self._known), options[-1])


def _prepare(text: str) -> str:
    """Lower case without accents or apostrophes, with a line break or a lone dash read as a pause."""
    text = text[:MAX_CHARS]
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = text.casefold()
    text = _APOSTROPHES.sub("", text)
    text = _SYMBOL_IN_WORD.sub(lambda match: _SYMBOL_LETTERS[match.group(0)], text)
    text = _DASH_BETWEEN_SPACES.sub(" , ", text)
    return text.replace("\n", " . ")


def _alternation(phrases: Mapping[str, str]) -> re.Pattern[str] | None:
    """Whole phrases only, longest first ("step dad" before "step"), as a prefix tree for speed."""
    if not phrases:
        return None
    return re.compile(rf"(?<![a-z0-9])(?:{trie_regex(sorted(phrases))})(?![a-z0-9])")
