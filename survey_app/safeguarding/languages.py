"""Read an answer in another language: which it is, whether it names a harm, or that nobody can read it.

The English rules (rules.yaml) read English, Scots and text-speak. This module reads the other languages the
service offers, with small lexicons per language (languages.yaml), and says when a text is in a language it
cannot read at all - by its script (Chinese, Amharic, Greek...) or because too few of its words are words of
any language it knows. Such a text is never silently "no concern": a person must read it.
Pure Python: no Flask, no database.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from survey_app.safeguarding.patterns import Prefilter

LANGUAGES_FILE = Path(__file__).with_name("languages.yaml")
# A text needs this many words before the share of recognised words says anything about its language.
MIN_WORDS = 3
# Below this share of words recognised by the best language, the text is not read.
MIN_SHARE = 0.4
# Polish, Russian and Ukrainian change a word's ending for case and person ("pomoc", "pomocy", "pomoca"): a
# word is recognised if its first letters are those of an everyday word at least this long.
STEM = 5
# Arabic joins "and", "the", "with", "for" to the next word (والرطوبة): these are tried off the front.
# All are Arabic letters, so only a word in Arabic script can start with one.
_ARABIC_PREFIXES = ("وال", "بال", "فال", "لل", "ال", "و", "ف", "ب", "ل")
# libyaml when it is installed: the lexicons are several thousand lines, five times quicker to parse with it.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Letters that NFKD leaves whole but people type without their mark; and Arabic letter variants.
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ى": "ي", "ة": "ه", "ـ": None})
# Addresses are not words of any language.
_ADDRESS = re.compile(r"\S*(?:://|www\.|@)\S*")
_MAYBE_ADDRESS = re.compile(r"[:@]|www")
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4\u02bc]")
_WORD = re.compile(r"[^\W_]*[^\W\d_][^\W_]*")  # letters, or letters with digits (Arabizi 3 = ع)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[a-z]")


@dataclass(frozen=True)
class Harm:
    language: str
    category: str
    tier: str
    words: str


@dataclass(frozen=True)
class LanguageReading:
    """What this module made of a text: its language (None: English or too short to say), any harms named
    in that language, and whether the text is in a language nobody here can read."""

    language: str | None
    harms: tuple[Harm, ...] = ()
    unread: bool = False
    # Words in that language saying it is happening now or tonight ("teraz", "сейчас", "a-nochd").
    now: str | None = None
    # Mostly in that language, not English with a word of it: English spelling correction would misread it.
    foreign: bool = False


ENGLISH_READING = LanguageReading(None)


@dataclass(frozen=True)
class _Language:
    name: str
    common: frozenset[str]
    stems: frozenset[str]
    now: re.Pattern[str] | None
    harms: tuple["_Phrase", ...]


@dataclass(frozen=True)
class _Phrase:
    """One lexicon phrase, as written (its regular expression is compiled the first time a text could match
    it: most of several thousand never are in a worker's life, and compiling them all took a third of a
    second). `key` is a piece of text it cannot match without, looked for first because it is cheap, and
    `whole` whether that piece is a whole word of the phrase (a stem with * is not); `pieces` the text of its
    other words, each of which a matching text must also contain."""

    key: str
    whole: bool
    pieces: tuple[str, ...]
    words: str
    category: str
    tier: str


class Reader:
    def __init__(self, languages: Iterable[_Language], english: Iterable[str]):
        self._languages = tuple(languages)
        self._english = frozenset(english)
        # One pass finds which phrases' key words a text holds; only those phrases are then tried.
        harms = [harm for language in self._languages for harm in language.harms]
        self._keys = Prefilter(harm.key for harm in harms)
        # In Latin letters, most keys are whole words, found by a set lookup; the rest (word stems), several
        # hundred, by one pass of a prefilter of their own.
        self._latin_words = frozenset(harm.key for harm in harms if harm.whole and harm.key.isascii())
        self._latin_stems = Prefilter(harm.key for harm in harms if not harm.whole and harm.key.isascii())
        # The phrases of each key, numbered in file order: a text is tried against the phrases of the keys it
        # holds, not against every phrase of every lexicon (several thousand). Under each key, grouped by the
        # longest of their other words ("" if none): one look for it passes over a whole group, as a short,
        # common key ("ma" is the key of 148 phrases) would otherwise have each of its phrases looked at.
        grouped: dict[str, dict[str, list[tuple[int, str, _Phrase]]]] = {}
        numbered = ((language.name, harm) for language in self._languages for harm in language.harms)
        for order, (name, harm) in enumerate(numbered):
            second = max(harm.pieces, key=len, default="")
            grouped.setdefault(harm.key, {}).setdefault(second, []).append((order, name, harm))
        self._phrases = {key: tuple(groups.items()) for key, groups in grouped.items()}
        # Each phrase's regular expression once compiled, by its number. Two threads compiling the same one
        # at once both store the same pattern: no lock needed.
        self._patterns: dict[int, re.Pattern[str]] = {}
        # Which languages (one bit each, in order) know each everyday word, and each stem of one: a text's
        # words are looked up once for all the languages, not once per language.
        self._word_bits: dict[str, int] = {}
        self._stem_bits: dict[str, int] = {}
        for bit, language in enumerate(self._languages):
            for word in language.common:
                self._word_bits[word] = self._word_bits.get(word, 0) | 1 << bit
            for stem in language.stems:
                self._stem_bits[stem] = self._stem_bits.get(stem, 0) | 1 << bit

    def read(self, text: str) -> LanguageReading:
        """The language reading of one raw answer."""
        folded = fold(text)
        words = _WORD.findall(_ADDRESS.sub(" ", folded) if _MAYBE_ADDRESS.search(folded) else folded)
        if folded.isascii() and (len(words) < MIN_WORDS or _mostly(words, self._english, MIN_SHARE + 0.25)):
            # Most answers: plain English (or too short to tell). Foreign lexicons still run on short ones.
            return self._harms_only(folded, words)
        return self._identify(folded, words)

    def _harms_only(self, folded: str, words: list[str]) -> LanguageReading:
        # The lexicons run even on text that looks English: a harm named in another language is read.
        harms = self._harms(folded, words)
        if not harms:
            return ENGLISH_READING
        return LanguageReading(harms[0].language, harms, now=self._now(folded, harms))

    def _identify(self, folded: str, words: list[str]) -> LanguageReading:
        if not words:  # emoji, numbers, punctuation: nothing to read in any language
            return ENGLISH_READING
        letters = sum(map(len, words))
        latin = sum(len(word) for word in words if _LATIN.search(word))
        cyrillic, arabic = len(_CYRILLIC.findall(folded)), len(_ARABIC.findall(folded))
        if latin + cyrillic + arabic < letters / 2:
            return LanguageReading("unknown", (), unread=True)  # a script none of our languages is written in
        shares = self._shares(words)
        shares["english"] = _share(words, self._english)
        best = max(shares, key=shares.__getitem__)
        harms = self._harms(folded, words)
        foreign = best != "english"
        if harms:
            return LanguageReading(harms[0].language, harms, now=self._now(folded, harms), foreign=foreign)
        # Codes and formulas ("=cmd|' /C calc'!A0") are not a language: it takes a few real words.
        if shares[best] < MIN_SHARE and sum(len(word) >= 3 for word in words) >= MIN_WORDS:
            return LanguageReading("unknown", (), unread=True)
        return LanguageReading(best if foreign else None, foreign=foreign)

    def _shares(self, words: list[str]) -> dict[str, float]:
        """Each language's share of the words that are its everyday words (or their other forms)."""
        known: dict[int, int] = {}  # how many of the words each set of languages knows
        for word, times in Counter(words).items():
            bits = self._bits(word)
            known[bits] = known.get(bits, 0) + times
        return {
            language.name: sum(times for bits, times in known.items() if bits >> bit & 1) / len(words)
            for bit, language in enumerate(self._languages)
        }

    def _bits(self, word: str) -> int:
        """The languages that know a word: as it is, by its first letters if it has another ending, or
        without one of Arabic's joined prefixes."""
        bits = self._word_bits.get(word, 0)
        if len(word) >= STEM:
            bits |= self._stem_bits.get(word[:STEM], 0)
        if word.startswith(_ARABIC_PREFIXES):
            for prefix in _ARABIC_PREFIXES:
                if word.startswith(prefix):
                    bits |= self._word_bits.get(word[len(prefix) :], 0)
        return bits

    def _now(self, folded: str, harms: tuple[Harm, ...]) -> str | None:
        """A word saying it is now, in a language a harm was named in (looked for only then: it is rare)."""
        named = {harm.language for harm in harms}
        for language in self._languages:
            if language.name in named and language.now and (found := language.now.search(folded)):
                return found.group(0)
        return None

    def _harms(self, folded: str, words: list[str]) -> tuple[Harm, ...]:
        if folded.isascii():
            keys = self._latin_words.intersection(words).union(self._latin_stems.present(folded))
        else:
            keys = self._keys.present(folded)
        if not keys:
            return ()
        # Only phrases whose every word's text is in the answer can match ("ma" alone keys 148 phrases).
        # In file order, as the languages and their phrases are listed: the first harm names the language.
        tried = sorted(
            (order, name, phrase)
            for key in keys
            for second, group in self._phrases[key]
            if second in folded
            for order, name, phrase in group
            if all(piece in folded for piece in phrase.pieces)
        )
        return tuple(
            Harm(name, phrase.category, phrase.tier, match.group(0))
            for order, name, phrase in tried
            if (match := self._pattern(order, phrase).search(folded))
        )

    def _pattern(self, order: int, phrase: _Phrase) -> re.Pattern[str]:
        if (pattern := self._patterns.get(order)) is None:
            pattern = self._patterns[order] = _phrase(phrase.words)
        return pattern


def fold(text: str) -> str:
    """Lower case, accents, Arabic vowel marks and apostrophes dropped, a few look-alike letters merged."""
    text = text.casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
        text = text.translate(_FOLD)
    return _APOSTROPHES.sub("", text)


def _share(words: list[str], known: frozenset[str]) -> float:
    return sum(map(known.__contains__, words)) / len(words) if words else 0.0


def _mostly(words: list[str], known: frozenset[str], share: float) -> bool:
    return _share(words, known) >= share


def _phrase(words: str) -> re.Pattern[str]:
    return re.compile(_phrase_regex(words))


def _phrase_regex(words: str) -> str:
    """A lexicon phrase as a regular expression: whole words, * for any ending (or any prefix)."""
    pieces = []
    for word in fold(words).split():
        body = re.escape(word.strip("*"))
        pieces.append(
            (r"\w*" if word.startswith("*") else "") + body + (r"\w*" if word.endswith("*") else "")
        )
    # One word may come between the words of a phrase ("nie chce juz zyc").
    return r"(?<!\w)" + r"\W+(?:\w+\W+)?".join(pieces) + r"(?!\w)"


def _language(name: str, entry: dict) -> _Language:
    common = frozenset(fold(str(entry.get("common", ""))).split())
    stems = frozenset(word[:STEM] for word in common if len(word) >= STEM)
    now = entry.get("now")
    now_pattern = re.compile("|".join(_phrase_regex(words) for words in str(now).split("|"))) if now else None
    harms = []
    for harm in entry.get("harms", ()):
        for words in str(harm["words"]).split("|"):
            folded = fold(words).split()
            whole = [word for word in folded if "*" not in word]
            key = max(whole or " ".join(folded).replace("*", " ").split(), key=len)
            # The text between the *s of each word: the phrase's expression holds it literally.
            pieces = dict.fromkeys(piece for word in folded if (piece := word.strip("*")) and piece != key)
            category, tier = str(harm["category"]), str(harm["tier"])
            harms.append(_Phrase(key, bool(whole), tuple(pieces), words.strip(), category, tier))
    return _Language(name, common, stems, now_pattern, tuple(harms))


@cache
def _document(path: Path) -> dict:
    """languages.yaml as parsed, once per file: the rules, the learned layer and the reader each want a part.
    Shared, so read only."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 - a safe loader


@cache
def load_reader(english: frozenset[str], path: Path = LANGUAGES_FILE) -> Reader:
    """The reader for the packaged lexicons, given the English words the rules and the learned layer know."""
    languages = [_language(name, entry) for name, entry in _document(path)["languages"].items()]
    return Reader(languages, english | english_common(path))


@cache
def english_common(path: Path = LANGUAGES_FILE) -> frozenset[str]:
    """Everyday English words (languages.yaml `english_common`)."""
    return frozenset(fold(str(_document(path).get("english_common", ""))).split())


@cache
def others_common(path: Path = LANGUAGES_FILE) -> frozenset[str]:
    """Every everyday word of the other languages (each language's `common`), folded."""
    data = _document(path)
    return frozenset(
        word for entry in data["languages"].values() for word in fold(str(entry.get("common", ""))).split()
    )
