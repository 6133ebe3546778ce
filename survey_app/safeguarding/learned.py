"""A small learned layer that adds review-tier concerns the rules missed. Only adds; never decides alone.

The rules come first (see FIELD-NOTES: similarity models make a poor main detector). On every fresh round
of indirect wording the rules' first-pass recall was 27-80%, so a linear model over the same normalised
words looks at answers the rules found nothing in. It is logistic regression over word unigrams and
bigrams, trained by scripts/train_safeguarding.py from the labelled files; the weights are in
learned_weights.json, readable by anyone. It never raises `urgent`, never overrides a rules verdict, and
does not count words the rules matched and set aside (denied, figure of speech, a film, someone else, in
the past): those were judged.
Pure Python: no Flask, no database.
"""

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("learned_weights.json")
RULE_ID = "learned.review"
# How many words a reason names: enough for a lead to see why, few enough to read at a glance.
TOP_WORDS = 5

_WORD = re.compile(r"[a-z0-9*]+")
_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789*"
_MARKS = frozenset(".!?,;:")


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


@dataclass(frozen=True)
class Linear:
    intercept: float
    weights: Mapping[str, float]

    def logit(self, feats: Iterable[str]) -> float:
        weights = self.weights
        return self.intercept + sum(map(weights.get, feats, repeat(0.0)))


@dataclass(frozen=True)
class Model:
    threshold: float
    concern: Linear
    categories: Mapping[str, Linear]  # which kind of concern, given that there is one

    @classmethod
    def from_dict(cls, data: Mapping) -> "Model":
        def linear(part: Mapping) -> Linear:
            return Linear(float(part["intercept"]), {str(k): float(v) for k, v in part["weights"].items()})

        categories = {name: linear(part) for name, part in data["categories"].items()}
        return cls(float(data["threshold"]), linear(data["concern"]), categories)

    def probability(self, feats: Iterable[str]) -> float:
        return _sigmoid(self.concern.logit(feats))

    def category(self, feats: list[str]) -> str:
        # Ties go to the first category in the file, which training writes in the detector's order.
        return max(self.categories, key=lambda name: self.categories[name].logit(feats))


@dataclass(frozen=True)
class Flag:
    category: str
    score: float
    words: tuple[str, ...]


@cache
def load_model(path: Path = WEIGHTS_FILE) -> Model | None:
    """The packaged model, read once. No file means no learned layer: the rules still work alone."""
    if not path.exists():
        return None
    return Model.from_dict(json.loads(path.read_text(encoding="utf-8")))


def review(normalised: str, set_aside: Iterable[str], model: Model | None = None) -> Flag | None:
    """A flag if the learned score reaches the threshold without the words the rules set aside."""
    model = model or load_model()
    if model is None:
        return None
    feats = features(normalised)
    judged = {word for words in set_aside for word in _WORD.findall(words)}
    if judged:
        feats = [feature for feature in feats if judged.isdisjoint(feature.split(" "))]
    return flag_for(feats, model.probability(feats), model)


def flag_for(feats: list[str], score: float, model: Model) -> Flag | None:
    """A flag for features already scored (`score`: model.probability(feats)) if it reaches the threshold."""
    if score < model.threshold:
        return None
    return Flag(model.category(feats), score, _top_words(model, feats))


def _top_words(model: Model, feats: list[str]) -> tuple[str, ...]:
    """The features that pushed the score up most, strongest first, so a lead can see why."""
    weights = model.concern.weights
    pushing = sorted((f for f in feats if weights.get(f, 0.0) > 0), key=lambda f: (-weights[f], f))
    return tuple(f"{feature} (+{weights[feature]:.2f})" for feature in pushing[:TOP_WORDS])


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)
