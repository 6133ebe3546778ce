"""A learned layer beside the rules: how likely an answer is a concern, and how likely it cannot wait.

The rules come first (see FIELD-NOTES: similarity models make a poor main detector), but on every fresh round
of indirect wording, by authors who had not read them, the rules' first-pass recall was 27-80% and about one
ordinary answer in ten tripped a review-tier rule. So two logistic regressions, trained by
scripts/train_safeguarding.py from the labelled files, read every answer:

- `concern`: the likelihood the answer is a concern. The detector (detector.py) raises a concern on it alone
  at the trained `alone` threshold, and sets aside a review-tier rule hit whose likelihood is below the
  trained `veto` threshold: the rule's words in an answer that otherwise reads as ordinary. It never sets
  aside an urgent-tier rule hit, nor an urgent rule's hit that context lowered to review (a past or someone
  else's risk), nor a hit of another language's lexicon.
- `urgent`: the likelihood a person should act now (trained on the answers labelled with a tier). At its
  threshold it raises a concern's tier to urgent, with its reason shown, and lets the layer alone raise a
  concern at a lower likelihood (`alone_urgent`, also chosen by cross-validation).

Both read the same features: word unigrams and bigrams of the normalised text (normalise.py), and character
3-5 grams of each distinct word as typed (lowercased, padded by a space either side, as scikit-learn's
`char_wb`), a gram counting once for each such word that holds it. The character grams let a misspelling
("tablits"), an inflected Polish or Russian form, or a word the normaliser does not know share most of its
evidence with the word it stands for. Each feature has both models' weights together, and each typed word's
grams add up to one remembered weight, so scoring an answer is one pass over its words with one look-up
each. Which kind of concern (the category) is asked only of a flag the layer raised alone, over the word
features. The weights are in learned_weights.json, readable by anyone.
Pure Python: no Flask, no database.
"""

import json
import math
import re
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("learned_weights.json")
RULE_ID = "learned.review"
URGENT_RULE_ID = "learned.urgent"
# How many words a reason names: enough for a lead to see why, few enough to read at a glance.
TOP_WORDS = 5
# Character grams of 3 to 5 letters (with the padding space): shorter are in every word, longer are words.
CHAR_SIZES = (3, 4, 5)
# Words whose character-gram weight a model remembers (see Model.scores); past this it starts again.
REMEMBERED_WORDS = 50_000

_WORD = re.compile(r"[a-z0-9*]+")
_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789*"
_MARKS = frozenset(".!?,;:")
_NO_WEIGHT = 0j


def features(normalised: str) -> list[str]:
    """Distinct word unigrams and bigrams of normalised text; bigrams do not cross punctuation.

    Normalised text is words and punctuation marks separated by single spaces (normalise.py), so a split
    finds them: no regular expression is needed on this path, which runs for every answer."""
    found: dict[str, None] = {}  # a dict keeps first-seen order, so output is deterministic
    previous = ""
    for token in normalised.split():
        # Stripping a word's own letters leaves nothing: a quicker _WORD.fullmatch for every token.
        if token in _MARKS or token.strip(_WORD_CHARS):
            previous = ""
            for word in _WORD.findall(token):  # not from the normaliser: read it the slow way
                found[word] = None
            continue
        found[token] = None
        if previous:
            found[f"{previous} {token}"] = None
        previous = token
    return list(found)


def char_grams(text: str) -> set[str]:
    """Distinct character 3-5 grams of the lowercased text, within words padded by a space each side: the
    same grams as scikit-learn's `char_wb` analyser."""
    return set().union(*map(word_grams, text.lower().split()))


def word_grams(word: str) -> frozenset[str]:
    """One word's character grams. A padded word no longer than a gram size counts once, whole ("a" gives
    " a "), as in scikit-learn."""
    padded = f" {word} "
    size = len(padded)
    grams: list[str] = []
    for n in CHAR_SIZES:
        if size <= n:
            grams.append(padded)
            break
        grams += [padded[start : start + n] for start in range(size - n + 1)]
    return frozenset(grams)


@dataclass(frozen=True)
class Linear:
    intercept: float
    weights: Mapping[str, float]

    def logit(self, feats: Iterable[str]) -> float:
        weights = self.weights
        return self.intercept + sum(map(weights.get, feats, repeat(0.0)))


@dataclass(frozen=True)
class Thresholds:
    """Chosen by cross-validation over the fresh rounds (scripts/train_safeguarding.py)."""

    alone: float  # the layer alone raises a concern at this likelihood or above
    veto: float  # a review-tier rule hit below this likelihood is set aside
    urgent: float  # a concern at this urgency or above is urgent
    # ... and at this lower likelihood when its urgency is at `urgent` too: an answer that reads as a life
    # at risk now is worth a person's reading on weaker evidence. None: no lower bar (older weights).
    alone_urgent: float | None = None


@dataclass(frozen=True)
class Scores:
    """The layer's reading of one answer: both likelihoods, and its word features for the reasons."""

    concern: float
    urgent: float
    words: tuple[str, ...]
    spellings: AbstractSet[str]  # its distinct lowercased words, as typed


@dataclass(frozen=True)
class Model:
    thresholds: Thresholds
    # Each feature's weights in the concern and urgent models, as one complex number (concern + urgent j):
    # summing them adds both models at once, at C speed. Word features and character grams are apart
    # because a word ("kill") and a gram ("kill" inside "skills") are different evidence.
    intercept: complex
    words: Mapping[str, complex]
    chars: Mapping[str, complex]
    categories: Mapping[str, Linear]  # which kind of concern, given that there is one
    # Each word seen, with the summed weights of its character grams. Words repeat from answer to answer
    # ("the", "my", "worker"), so most answers' character part is a few remembered sums.
    _remembered: dict[str, complex] = field(default_factory=dict, init=False, compare=False, repr=False)

    @classmethod
    def from_dict(cls, data: Mapping) -> "Model":
        def linear(part: Mapping) -> Linear:
            return Linear(float(part["intercept"]), {str(k): float(v) for k, v in part["weights"].items()})

        def pairs(part: Mapping) -> dict[str, complex]:
            return {str(k): complex(float(c), float(u)) for k, (c, u) in part.items()}

        thresholds = Thresholds(**{k: None if v is None else float(v) for k, v in data["thresholds"].items()})
        intercepts = data["intercepts"]
        categories = {name: linear(part) for name, part in data["categories"].items()}
        return cls(
            thresholds,
            complex(float(intercepts["concern"]), float(intercepts["urgent"])),
            pairs(data["words"]),
            pairs(data["chars"]),
            categories,
        )

    def scores(self, text: str, normalised: str) -> Scores:
        words, spellings = tuple(features(normalised)), frozenset(text.lower().split())
        return Scores(*self._probabilities(words, spellings), words, spellings)

    def _probabilities(self, words: Iterable[str], spellings: Iterable[str]) -> tuple[float, float]:
        total = (
            self.intercept
            + sum(map(self.words.get, words, repeat(_NO_WEIGHT)))
            + sum(map(self._spelling_weight, spellings))
        )
        return _sigmoid(total.real), _sigmoid(total.imag)

    def _spelling_weight(self, spelling: str) -> complex:
        """The summed weights of one typed word's character grams, remembered."""
        remembered = self._remembered
        if (weight := remembered.get(spelling)) is None:
            if len(remembered) >= REMEMBERED_WORDS:
                remembered.clear()
            chars = self.chars
            weight = remembered[spelling] = sum(map(chars.get, word_grams(spelling), repeat(_NO_WEIGHT)))
        return weight

    def without(self, scores: Scores, set_aside: Iterable[str]) -> float:
        """The concern likelihood without the words the rules matched and set aside (denied, an idiom, a
        film, someone else, the past): those were judged in context, so they must not count again. The
        character grams of a typed word go with it when its letters are one of those words."""
        judged = {word for words in set_aside for word in _WORD.findall(words)}
        if not judged:
            return scores.concern
        words = [feature for feature in scores.words if judged.isdisjoint(feature.split(" "))]
        spellings = [typed for typed in scores.spellings if judged.isdisjoint(_WORD.findall(typed))]
        return self._probabilities(words, spellings)[0]

    def category(self, feats: Iterable[str]) -> str:
        # Ties go to the first category in the file, which training writes in the detector's order.
        feats = list(feats)
        return max(self.categories, key=lambda name: self.categories[name].logit(feats))

    def top(self, scores: Scores, part: str = "concern", count: int = TOP_WORDS) -> tuple[str, ...]:
        """The word features that pushed a likelihood up most, strongest first, so a lead can see why.
        Character grams are left out: "kil" is no reason a person can read."""
        pick = (lambda w: w.real) if part == "concern" else (lambda w: w.imag)
        weighed = [(pick(self.words[f]), f) for f in scores.words if f in self.words]
        pushing = sorted((item for item in weighed if item[0] > 0), key=lambda item: (-item[0], item[1]))
        return tuple(f"{feature} (+{weight:.2f})" for weight, feature in pushing[:count])

    def vocabulary(self) -> frozenset[str]:
        """The single words of the answers it was trained on: the language reader counts them as English."""
        return frozenset(word for word in self.words if " " not in word)


@cache
def load_model(path: Path = WEIGHTS_FILE) -> Model | None:
    """The packaged model, read once. No file means no learned layer: the rules still work alone."""
    if not path.exists():
        return None
    return Model.from_dict(json.loads(path.read_text(encoding="utf-8")))


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)
