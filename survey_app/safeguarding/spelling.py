"""Read a misspelt or text-speak word as the word the rules know: "tablits" -> tablets, "kickd" -> kicked.

The rules are written against plain words, and people in distress type fast, on a phone, by ear. Listing
every misspelling in the slang table cannot keep up, so a word nobody knows is matched, by how it sounds,
against the words the rules use:

- a dropped g comes back ("gettin" -> getting) where the word with g is known;
- a number standing for a syllable is read as one ("2" to, "4" for, "8" ate, "1" one);
- otherwise its sound-alike key (first letter, then consonants, doubled letters once; c, k and q alike)
  is looked up among the rules' words, and the nearest one by edit distance is taken if it is near enough
  (one edit for a short word, two for a long one) and no other candidate is as near.

A word that is itself known (in the rules, the slang, everyday English or the learned layer's vocabulary)
is never changed. Pure Python: no Flask, no database.
"""

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

# Real English words the sound-alike match would otherwise change ("bet" is not "beat"); see words_to_keep.
ENGLISH_WORDS_FILE = Path(__file__).with_name("english_words.txt")

_VOWELS = re.compile(r"(?<!^)[aeiouy]+")
_SOUNDS = (("ph", "f"), ("ck", "k"), ("c", "k"), ("q", "k"), ("z", "s"), ("wh", "w"))
_SILENT = re.compile(r"^(?:k(?=n)|w(?=r)|g(?=n))")
_DOUBLE = re.compile(r"(.)\1+")
_SYLLABLES = (("2", "to"), ("4", "for"), ("8", "ate"), ("1", "one"))
_ALPHA = re.compile(r"[a-z]+")
# Shorter words have too many neighbours to guess at.
MIN_LENGTH = 3


def sound_key(word: str) -> str:
    """First letter, then the consonants, with look-alike spellings merged and doubled letters once."""
    word = _SILENT.sub("", word)  # knife, nife; write, rite
    for spelling, sound in _SOUNDS:
        word = word.replace(spelling, sound)
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", word))


def edit_distance(first: str, second: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping early once it exceeds `limit` (returns limit + 1)."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous = list(range(len(second) + 1))
    for row, char in enumerate(first, start=1):
        current = [row]
        for column, other in enumerate(second, start=1):
            current.append(min(previous[column] + 1, current[-1] + 1, previous[column - 1] + (char != other)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


class Speller:
    def __init__(self, targets: Iterable[str], known: Iterable[str]):
        self._known = frozenset(known)
        self.targets = frozenset(targets)
        self._by_key: dict[str, list[str]] = {}
        for word in sorted(self.targets):
            if len(word) >= MIN_LENGTH and _ALPHA.fullmatch(word):
                self._by_key.setdefault(sound_key(word), []).append(word)
        self.correct = lru_cache(maxsize=20_000)(self._correct)

    @property
    def known(self) -> frozenset[str]:
        return self._known

    def _correct(self, token: str) -> str:
        """The word the rules know that `token` stands for, or `token` itself."""
        if token in self._known or len(token) < MIN_LENGTH:
            return token
        if not token.isalpha():
            return self.syllables(token)
        if token.endswith("in") and token + "g" in self._known:
            return token + "g"
        return self._nearest(token)

    def syllables(self, token: str) -> str:
        """ "l8r" -> later, "4ever" -> forever: a number read as a syllable, if that makes a known word."""
        for digit, syllable in _SYLLABLES:
            if digit in token and (word := token.replace(digit, syllable)) in self._known:
                return word
        return token

    def _nearest(self, token: str) -> str:
        candidates = self._by_key.get(sound_key(token))
        if not candidates:
            return token
        limit = 1 if len(token) <= 4 else 2
        squeezed = _DOUBLE.sub(r"\1", token)
        # Nearest first; between equals, the word the token is with letters dropped (redy: ready, not red).
        ranked = sorted(
            (
                edit_distance(squeezed, _DOUBLE.sub(r"\1", word), limit),
                edit_distance(token, word, limit),
                not _within(token, word),
                word,
            )
            for word in candidates
        )
        best = ranked[0]
        if best[1] > limit or (len(ranked) > 1 and ranked[1][:3] == best[:3]):
            return token  # too far, or two words as near: do not guess
        return best[3]


def _within(token: str, word: str) -> bool:
    """Whether the token's letters appear in the word in order: the word with letters dropped."""
    letters = iter(word)
    return all(char in letters for char in token)


def words_to_keep(dictionary: Iterable[str], speller: Speller) -> list[str]:
    """Real words (from a dictionary) that the speller would otherwise change: they become known words.

    english_words.txt is made by this from Debian's wbritish list, so a dictionary is needed only then:
        python -c "from survey_app.safeguarding import spelling; spelling.write_english_words()"
    """
    words = {line.strip() for line in dictionary}
    return sorted(word for word in words if _ALPHA.fullmatch(word) and speller.correct(word) != word)


def english_words() -> frozenset[str]:
    """The packaged list of real words never to change (empty if the file is missing)."""
    if not ENGLISH_WORDS_FILE.exists():
        return frozenset()
    return frozenset(ENGLISH_WORDS_FILE.read_text(encoding="utf-8").split())


def write_english_words(dictionary: Path = Path("/usr/share/dict/british-english")) -> None:
    """Development only: regenerates english_words.txt from a dictionary, with the packaged rules."""
    from survey_app.safeguarding.rules import load_rules

    packaged = load_rules().normalise.speller
    assert packaged is not None
    # Without the current list: otherwise its words, being known, would never be found again.
    speller = Speller(packaged.targets, packaged.known - english_words())
    with open(dictionary, encoding="utf-8") as lines:
        kept = words_to_keep((line.casefold() for line in lines), speller)
    ENGLISH_WORDS_FILE.write_text("\n".join(kept) + "\n", encoding="utf-8")
