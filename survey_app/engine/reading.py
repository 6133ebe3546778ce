"""How hard a piece of text is to read: sentence length and the Flesch reading ease.

Our own syllable counting, so the check works offline and needs nothing beyond the standard library.
It is rough, like every syllable counter, but it is good enough to tell plain words from long ones.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z]+)*")
# Endings where a final -es or -ed is a syllable of its own: "houses", "wanted", "wishes", "worried".
_SOUNDED_ENDING = re.compile(r"(?:[szgcx]|sh|ch)es$|[td]ed$|ie[sd]$")
# A silent e inside a word: before a suffix ("lately", "safety") or in a compound ("something").
_SILENT_MIDDLE_E = re.compile(
    r"[^aeiou]e(?:ly|ty|ment|ful|ness)$|^(?:some|home|care|life|safe|time|where)(?=[a-z])"
)
# Vowel pairs that are two syllables, not one: "media", "being", "radio" (but "social" is one).
_SPLIT_VOWELS = re.compile(r"[^aeiouct]ia|io(?!n)|[aeiouy]ing\b")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def sentences(text: str) -> list[str]:
    """The sentences of ``text``: split after . ! or ? and at line breaks."""
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if WORD.search(s)]


def syllables(word: str) -> int:
    word = word.lower()
    if word.isdigit():
        return min(len(word), 3)
    count = len(re.findall(r"[aeiouy]+", word))
    silent_e = word.endswith("e") and not re.search(r"[^aeiou]le$|ee$|ye$", word)
    quiet_ending = word.endswith(("es", "ed")) and not _SOUNDED_ENDING.search(word)
    count -= silent_e or quiet_ending
    count += len(_SPLIT_VOWELS.findall(word)) - len(_SILENT_MIDDLE_E.findall(word))
    return max(count, 1)


def reading_ease(text: str) -> float:
    """Flesch reading ease: 90-100 is easy for an 11-year-old, 60-70 is plain English, below 30 is hard."""
    found = words(text)
    if not found:
        return 100.0
    per_sentence = len(found) / max(len(sentences(text)), 1)
    per_word = sum(map(syllables, found)) / len(found)
    return 206.835 - 1.015 * per_sentence - 84.6 * per_word


def long_sentences(text: str, limit: int) -> list[tuple[str, int]]:
    """Each sentence with more than ``limit`` words, with its word count."""
    counted = ((sentence, len(words(sentence))) for sentence in sentences(text))
    return [(sentence, count) for sentence, count in counted if count > limit]
