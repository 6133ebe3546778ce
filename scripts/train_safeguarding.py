"""Development tool, outside the package: ``python scripts/train_safeguarding.py`` trains the learned layer
(survey_app/safeguarding/learned.py) from the labelled files and chooses its settings honestly.

Needs scikit-learn (the `train` extra in pyproject.toml); the app itself does not. Two logistic regressions
(scikit-learn's lbfgs, class weights balanced) over the same features: `concern` on every labelled answer,
`urgent` on the answers labelled with a tier. Deterministic: files in a fixed order, a deterministic solver,
weights rounded before they are written, so the same files always give the same JSON.

The regularisation C and the three thresholds (the layer alone, the veto of a weak review-tier rule hit,
urgent) are chosen by leave-one-fresh-round-out cross-validation: for each fresh round (written by people
who had not read the rules), train on every other file, run the whole detector with that model on the held-out
round, and pool the held-out answers. The rules were tuned on rounds 14-16 after their first pass, so those
rounds' figures flatter the rules; rounds 17-25 were never tuned on by the rules, and rounds 27-32 only by the
other languages' lexicons, so for them the cross-validation holds out the learned layer alone. Pure Python
but for the fitting: no Flask, no database. It reads the labelled files under tests/, which is why it is not
shipped with the app.

Cross-validation figures of the shipped setting (C 0.3, character grams at 0.5, alone 0.65, veto 0.02,
urgent 0.8, alone_urgent 0.4), each fresh round (14-35) held out in turn, pooled: recall 0.965, false alarms
0.067, life at risk raised 0.982 / urgent 0.832, ROC AUC 0.981. The figures of the tests on the same files
are training figures.
"""

import argparse
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository root holds survey_app
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from survey_app.safeguarding import detector, learned  # noqa: E402
from survey_app.safeguarding.detector import NO_CONCERN, gather, verdict  # noqa: E402
from survey_app.safeguarding.evaluation import Case, Report, evaluate, load_cases  # noqa: E402
from survey_app.safeguarding.rules import CATEGORIES, load_rules  # noqa: E402

VERSION = 2
REPO = Path(__file__).resolve().parents[1]
DEV_FILE = REPO.parent / "shared" / "safeguarding" / "dev_cases.jsonl"
CASES_DIR = REPO / "tests" / "safeguarding"
HELD_OUT_FILES = ("heldout_cases.jsonl", "blind_cases.jsonl")
# Ordinary answers only (money, lifts, housing, secrets, idioms...) that share words with real concerns.
ORDINARY_FILE = "ordinary_answers.jsonl"
# Regularisation tried by cross-validation (smaller is stronger). Character grams are many and correlated,
# so strong regularisation suits them: 0.1-0.3 was best in the first trials outside the repo (1.0 was worse),
# and cross-validation over the fresh rounds chose 0.3 over 0.1 (pooled life at risk raised 0.959 vs 0.951).
C_VALUES = (0.3,)
# How much a character gram counts against a word: a gram's value in training is this times its count, so
# below 1 the grams are regularised harder than the words (the weights written are multiplied back, so the
# detector reads them as they are). Each typed word holds a dozen grams, and at 1.0 their small weights added
# up to more than the words: "anywhere" (+1.3) and "gone" (+1.1) made "the allowance hasn't gone up anywhere
# near food prices" an urgent concern. Cross-validation over rounds 14-32 (alone at least 0.7): 1.0 recall
# 0.940, false alarms 0.093, lives at risk raised 0.966; 0.5 0.933 / 0.072 / 0.964; 0.25 0.916 / 0.073 /
# 0.955. So 0.5, whose false alarms left room for the layer alone to raise at 0.6 (see MIN_ALONE).
CHAR_SCALES = (0.5,)
# A character gram must be in this many training answers: one seen once is a name or a typo of its own.
MIN_CHAR_DOCS = 2
DIGITS = 3
TOL = 1e-6  # lbfgs stopping tolerance: weights agree with 1e-8 to about 0.001
# Bigrams and character grams whose weights are both below this are dropped: each moves a logit by less
# than 0.01, and they are most of the file. Single words are kept whatever their weight: the language
# reader counts the words of the trained answers as English.
PRUNE = 0.01
# What cross-validation aims for, pooled over the held-out fresh rounds.
TARGET = {"recall": 0.92, "life_raised": 0.97, "fpr": 0.10, "life_urgent": 0.80}
ALONE = tuple(round(0.40 + 0.05 * step, 2) for step in range(11))  # 0.40-0.90
# A weak review-tier rule hit is set aside below these likelihoods, tried by cross-validation. Never an
# urgent rule's hit, even one context lowered to review, nor another language's (detector._may_set_aside).
# 0.2, chosen in the first round, set aside real disclosures the tests pin ("I carry a knife because of the
# boys on my street", "a guy at the bus station offered me a place to stay"; 0.04-0.20): the grid stops at
# 0.1, and own_cases_round_23 teaches the layer those classes of disclosure.
VETO = (0.0, 0.02, 0.05, 0.1)
# The layer alone: below 0.7 ordinary answers in no training file flagged in the first round ("nobody would
# notice if the hostel shut down tbh", 0.85 then). own_cases_round_23 teaches those classes of ordinary
# answer; the floor keeps the false alarms within the target at the cost in recall cross-validation shows.
# With the character grams at half weight (CHAR_SCALES) the floor came down: over rounds 14-32 cross-
# validation chose 0.6, lives at risk raised 0.964 -> 0.975 and recall 0.933 -> 0.952 for false alarms
# 0.072 -> 0.087. With rounds 33-35 it chose 0.6 again (veto 0.1), but the layer then raised an ordinary
# answer a test pins ("i owe the council money and they keep threatening court", 0.61); at 0.65 the
# pooled figures are the same but for false alarms 0.061 -> 0.067, and that answer is not raised.
MIN_ALONE = 0.65
URGENT = tuple(round(0.30 + 0.05 * step, 2) for step in range(11))  # 0.30-0.80
# The layer alone at a lower likelihood when its urgency is at the urgent threshold (None: not at all).
# Tried after the other three: in the first trial, 0.4-0.6 raised 2-4 more of about 470 lives at risk in
# cross-validation for at most 0.001 more false alarms.
ALONE_URGENT = (None, 0.4, 0.5, 0.6)
_CATEGORY_RATE, _CATEGORY_PASSES, _CATEGORY_L2 = 0.2, 30, 0.1


def training_files() -> list[Path]:
    """The labelled files, in a fixed order: development, held-out, blind, the rounds by number, ordinary."""
    rounds = sorted(
        [
            *CASES_DIR.glob("generalisation_round_*.jsonl"),
            # Our own cases (engineers who had read the rules), round 23 among them: examples of the classes
            # the layer got wrong in cross-validation and the tests (risk coming back, a weapon carried for
            # protection, a stranger offering a bed, a sibling hurt at home; a service nobody would miss,
            # weather and news, everyday "dead" and "kill"). Their figures are training figures only; they
            # are never held out, so the cross-validation below is over the fresh rounds alone.
            *CASES_DIR.glob("own_cases_round_*.jsonl"),
            # Fresh rounds (by people who had not read the rules) teach the layer other authors' words.
            *CASES_DIR.glob("fresh_round_*.jsonl"),
        ],
        key=lambda p: int(p.stem.split("_")[-1]),
    )
    return [DEV_FILE, *(CASES_DIR / name for name in HELD_OUT_FILES), *rounds, CASES_DIR / ORDINARY_FILE]


def fresh_rounds(files: Sequence[Path]) -> list[Path]:
    return [path for path in files if path.name.startswith("fresh_round_")]


def file_label(path: Path) -> str:
    """A path as recorded in the weights file: relative to the repository (the dev file sits beside it)."""
    return Path(os.path.relpath(path, REPO)).as_posix()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Example:
    case: Case
    words: tuple[str, ...]
    spellings: frozenset[str]  # distinct lowercased words as typed, whose character grams are features

    def grams(self) -> Counter:
        """How many of its distinct typed words hold each character gram: the detector adds each typed
        word's grams' weights (learned.Model.scores), so a gram in two words counts twice."""
        return Counter(gram for spelling in self.spellings for gram in learned.word_grams(spelling))


def examples(cases: Sequence[Case]) -> list[Example]:
    """Each case's features, normalised as the detector would (literally for an answer in another
    language), the language read without any learned vocabulary so that no model decides its own input."""
    rules = load_rules()
    reader = detector._reader(rules, None)
    found = []
    for case in cases:
        foreign = reader.read(case.text).foreign if case.text.strip() else False
        normalised = (rules.normalise.literal if foreign else rules.normalise)(case.text)
        spellings = frozenset(case.text.lower().split())
        found.append(Example(case, tuple(learned.features(normalised)), spellings))
    return found


def _columns(train: Sequence[Example]) -> dict[tuple[str, str], int]:
    """Every word feature, and every character gram in MIN_CHAR_DOCS answers, in a fixed order."""
    chars = Counter(gram for example in train for gram in learned.char_grams(" ".join(example.spellings)))
    names = sorted({("w", f) for example in train for f in example.words})
    names += sorted(("c", gram) for gram, count in chars.items() if count >= MIN_CHAR_DOCS)
    return {name: index for index, name in enumerate(names)}


def _matrix(rows: Sequence[Example], columns: dict[tuple[str, str], int], char_scale: float = 1.0):
    """A binary answers-by-features matrix. (scikit-learn and its numpy and scipy are imported here, where
    they are used: the tests read this module's file list without them.)"""
    import numpy as np
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for example in rows:
        found = {columns[key]: 1.0 for key in (("w", f) for f in example.words) if key in columns}
        for gram, count in example.grams().items():
            if (column := columns.get(("c", gram))) is not None:
                found[column] = float(count) * char_scale
        for column in sorted(found):
            indices.append(column)
            data.append(found[column])
        indptr.append(len(indices))
    return csr_matrix((np.array(data), indices, indptr), shape=(len(rows), len(columns)))


def _fit(matrix, targets: Sequence[bool], c_value: float):
    """Intercept and weights of a logistic regression, balanced so that rare urgent answers count."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c_value, class_weight="balanced", max_iter=10000, tol=TOL)
    model.fit(matrix, np.array(targets, dtype=int))
    return float(model.intercept_[0]), model.coef_[0]


def train(
    train_set: Sequence[Example],
    c_value: float,
    thresholds: learned.Thresholds,
    categories: dict | None = None,
    char_scale: float = 1.0,
) -> dict:
    """The model as a JSON-ready dict (`categories`: already trained on the same answers)."""
    columns = _columns(train_set)
    matrix = _matrix(train_set, columns, char_scale)
    concern_b, concern_w = _fit(matrix, [e.case.concern for e in train_set], c_value)
    tiered = [index for index, e in enumerate(train_set) if e.case.tier is not None]
    urgent_b, urgent_w = _fit(matrix[tiered], [train_set[i].case.tier == "urgent" for i in tiered], c_value)
    words, chars = {}, {}
    for (kind, name), index in columns.items():
        scale = 1.0 if kind == "w" else char_scale  # what the detector adds up is weight times value
        pair = [round(float(concern_w[index]) * scale, DIGITS), round(float(urgent_w[index]) * scale, DIGITS)]
        single_word = kind == "w" and " " not in name
        if not single_word and abs(pair[0]) < PRUNE and abs(pair[1]) < PRUNE:
            continue
        (words if kind == "w" else chars)[name] = pair
    return {
        "thresholds": {
            "alone": thresholds.alone,
            "veto": thresholds.veto,
            "urgent": thresholds.urgent,
            "alone_urgent": thresholds.alone_urgent,
        },
        "intercepts": {"concern": round(concern_b, DIGITS), "urgent": round(urgent_b, DIGITS)},
        "categories": categories if categories is not None else _categories(train_set),
        "words": _ordered(words),
        "chars": _ordered(chars),
    }


def _ordered(weights: dict[str, list[float]]) -> dict[str, list[float]]:
    """Strongest concern evidence first, so a reader of the file sees what counts."""
    return dict(sorted(weights.items(), key=lambda item: (-item[1][0], item[0])))


def _categories(train_set: Sequence[Example]) -> dict:
    """One-vs-rest category models over the word features of the concerns. The category only labels a flag
    for the lead, so they keep words seen in two concerns or more: small and readable. Plain stochastic
    gradient descent with a fixed-seed shuffle, as before the character grams."""
    import random

    positives = [(e.words, e.case.category) for e in train_set if e.case.concern]
    common = Counter(f for words, _ in positives for f in words)
    docs = [[f for f in words if common[f] >= 2] for words, _ in positives]
    categories = {}
    for name in CATEGORIES:
        targets = [float(category == name) for _, category in positives]
        weights: dict[str, float] = {}
        intercept = 0.0
        order = list(range(len(docs)))
        shuffler = random.Random(20240601)
        for step in range(_CATEGORY_PASSES):
            shuffler.shuffle(order)
            rate = _CATEGORY_RATE / (1 + 0.2 * step)
            for index in order:
                z = intercept + sum(weights.get(f, 0.0) for f in docs[index])
                gradient = learned._sigmoid(z) - targets[index]
                intercept -= rate * gradient
                for f in docs[index]:
                    old = weights.get(f, 0.0)
                    weights[f] = old - rate * (gradient + _CATEGORY_L2 * old)
        kept = {f: round(w, DIGITS) for f, w in weights.items() if round(w, DIGITS)}
        ordered = dict(sorted(kept.items(), key=lambda item: (-item[1], item[0])))
        categories[name] = {"intercept": round(intercept, DIGITS), "weights": ordered}
    return categories


# --- cross-validation ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Held:
    """One held-out fresh round, read by the detector with a model trained without it."""

    file: str
    cases: list[Case]
    evidence: list[detector.Evidence | None]
    model: learned.Model


def held_out(
    files: Sequence[Path],
    by_file: dict[Path, list[Example]],
    c_value: float,
    categories: dict[Path, dict],
    char_scale: float = 1.0,
) -> list[Held]:
    """Each fresh round read with a model trained without it (`categories`: each fold's, trained once)."""
    rules, placeholder = load_rules(), learned.Thresholds(0.5, 0.0, 0.5)
    folds = []
    for held in fresh_rounds(files):
        rest = [example for path, found in by_file.items() if path != held for example in found]
        if held not in categories:
            categories[held] = _categories(rest)
        model = learned.Model.from_dict(train(rest, c_value, placeholder, categories[held], char_scale))
        cases = [example.case for example in by_file[held]]
        evidence = [gather(case.text, rules, model) for case in cases]
        folds.append(Held(held.name, cases, evidence, model))
    return folds


def report(folds: Sequence[Held], thresholds: learned.Thresholds) -> tuple[Report, list[Report]]:
    """The detector's figures at these thresholds, pooled over the held-out rounds and for each."""
    order = load_rules().category_order
    each, pooled_cases, pooled_found = [], [], []
    for fold in folds:
        model = replace(fold.model, thresholds=thresholds)
        found = [verdict(ev, model, order) if ev is not None else NO_CONCERN for ev in fold.evidence]
        each.append(_evaluate(fold.cases, found))
        pooled_cases += fold.cases
        pooled_found += found
    return _evaluate(pooled_cases, pooled_found), each


def _evaluate(cases: Sequence[Case], found: Sequence[detector.Assessment]) -> Report:
    answers = iter(found)
    return evaluate(cases, lambda _text: next(answers))


def figures(result: Report) -> dict:
    life, urgent = result.life_at_risk, result.urgent_labelled
    overall = result.overall
    return {
        "recall": _round(overall.recall),
        "fpr": _round(overall.false_positive_rate),
        "life_raised": _round(life.raised_rate if life else None),
        "life_urgent": _round(life.urgent_rate if life else None),
        "urgent_at_urgent": _round(urgent.urgent_rate if urgent else None),
        "auc": _round(result.roc_auc),
    }


def over_urgent(folds: Sequence[Held], thresholds: learned.Thresholds) -> float:
    """Of the concerns labelled review, the share the detector marked urgent: the cost of a lower bar."""
    order = load_rules().category_order
    review = marked = 0
    for fold in folds:
        model = replace(fold.model, thresholds=thresholds)
        for case, ev in zip(fold.cases, fold.evidence, strict=True):
            if case.tier == "review" and ev is not None:
                review += 1
                marked += verdict(ev, model, order).tier == "urgent"
    return round(marked / review, 3) if review else 0.0


def choose(folds: Sequence[Held]) -> tuple[learned.Thresholds, dict]:
    """The concern thresholds first (the urgent one barely moves them): most life-at-risk raised up to its
    target, then most recall, then fewest false alarms, within the false-alarm target if any pair is. Then
    the highest urgent threshold that reaches the life-at-risk-urgent target (fewest needless pages), or
    the one that comes nearest."""
    middle = URGENT[len(URGENT) // 2]
    scored = []
    for alone in (a for a in ALONE if a >= MIN_ALONE):
        for veto in VETO:
            if veto >= alone:
                continue
            result = figures(report(folds, learned.Thresholds(alone, veto, middle))[0])
            scored.append((result, alone, veto))
    _, alone, veto = _best(scored)
    urgent_scored = []
    for urgent in URGENT:
        result = figures(report(folds, learned.Thresholds(alone, veto, urgent))[0])
        urgent_scored.append((result["life_urgent"] >= TARGET["life_urgent"], urgent, result))
    reaching = [item for item in urgent_scored if item[0]]
    if reaching:
        urgent = max(item[1] for item in reaching)
    else:
        urgent = max(urgent_scored, key=lambda item: (item[2]["life_urgent"], item[1]))[1]
    thresholds = _lower_bar_if_urgent(folds, learned.Thresholds(alone, veto, urgent))
    return thresholds, summary(folds, thresholds)


def _lower_bar_if_urgent(folds: Sequence[Held], thresholds: learned.Thresholds) -> learned.Thresholds:
    """The lower bar for a flag that reads as urgent that raises most lives at risk up to the target, then
    most recall, then fewest false alarms, within the false-alarm target; ties to no lower bar."""
    scored = []
    for lower in ALONE_URGENT:
        if lower is not None and lower >= thresholds.alone:
            continue
        candidate = replace(thresholds, alone_urgent=lower)
        result = figures(report(folds, candidate)[0])
        scored.append((result, lower is None, candidate))
    return _best(scored)[2]


def _best(scored: list[tuple]) -> tuple:
    """Of (figures, tie-break, ...) rows: most lives at risk raised up to the target, then most recall, then
    fewest false alarms, among the rows within the false-alarm target if any are; then the tie-break."""
    within = [item for item in scored if item[0]["fpr"] <= TARGET["fpr"]] or scored
    return max(
        within,
        key=lambda item: (
            min(item[0]["life_raised"], TARGET["life_raised"]),
            item[0]["recall"],
            -item[0]["fpr"],
            item[1],
        ),
    )


def summary(folds: Sequence[Held], thresholds: learned.Thresholds) -> dict:
    pooled, each = report(folds, thresholds)
    return {
        "pooled": figures(pooled),
        "review_marked_urgent": over_urgent(folds, thresholds),
        "files": [{"file": fold.file, **figures(result)} for fold, result in zip(folds, each, strict=True)],
    }


def _merit(validation: dict) -> tuple:
    """Within the false-alarm target; then most lives at risk raised up to its target, to two places (one
    life in some 700 is within what another round of cases would change); then concerns found less ordinary
    answers flagged (balanced accuracy: recall alone chose 0.7% more recall for 2.1% more false alarms)."""
    pooled = validation["pooled"]
    within = pooled["fpr"] <= TARGET["fpr"]
    lives = round(min(pooled["life_raised"], TARGET["life_raised"]), 2)
    return (within, lives, round(pooled["recall"] - pooled["fpr"], 3), pooled["auc"])


def build(
    files: Sequence[Path],
    fixed: tuple[float, learned.Thresholds, float] | None = None,
    log=print,
    scales: Sequence[float] | None = None,
) -> dict:
    """The weights file's content. Without `fixed` (C, thresholds and the character grams' scale),
    cross-validation chooses them (the scale among `scales`, CHAR_SCALES if not given) and its figures are
    recorded."""
    cases = {path: load_cases(path) for path in files}
    by_file = {path: examples(found) for path, found in cases.items()}
    validation = None
    if fixed is None:
        best = None
        for c_value in C_VALUES:
            categories: dict[Path, dict] = {}  # each fold's category models: the same whatever the scale
            for char_scale in scales or CHAR_SCALES:
                folds = held_out(files, by_file, c_value, categories, char_scale)
                thresholds, result = choose(folds)
                log(f"C={c_value} char scale {char_scale}: {thresholds}, pooled {result['pooled']}")
                if best is None or _merit(result) > _merit(best[3]):
                    best = (c_value, char_scale, thresholds, result)
        assert best is not None
        c_value, char_scale, thresholds, validation = best
    else:
        c_value, thresholds, char_scale = fixed
    everything = [example for found in by_file.values() for example in found]
    model = train(everything, c_value, thresholds, char_scale=char_scale)
    header = {
        "version": VERSION,
        "about": "Two logistic regressions (concern, urgent) over normalised word unigrams and bigrams and "
        "character 3-5 grams of the raw lowercased text; each feature is [concern weight, urgent weight]. "
        "See learned.py. Retrain: python scripts/train_safeguarding.py.",
        "training_files": [
            {"path": file_label(p), "sha256": sha256(p), "cases": len(cases[p])} for p in files
        ],
        "settings": {
            "c": c_value,
            "char_scale": char_scale,
            "min_char_docs": MIN_CHAR_DOCS,
            "prune": PRUNE,
            "target": TARGET,
        },
    }
    if validation is not None:
        header["cross_validation"] = validation
    return {**header, **model}


def dumps(model: dict) -> str:
    """JSON with one feature a line: indented lists of two numbers would be four lines each."""
    text = json.dumps(model, indent=1, ensure_ascii=False)
    return re.sub(r"\[\n\s*(-?[\d.e-]+),\n\s*(-?[\d.e-]+)\n\s*\]", r"[\1, \2]", text) + "\n"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the learned layer and write its weights.")
    parser.add_argument("--out", type=Path, default=None, help="default: the packaged learned_weights.json")
    parser.add_argument(
        "--char-scale", type=float, action="append", help="try only this scale (repeatable; a quicker trial)"
    )
    args = parser.parse_args(argv)
    files = training_files()
    if missing := [str(path) for path in files if not path.exists()]:
        parser.error(f"labelled files not found: {', '.join(missing)}")
    model = build(files, scales=args.char_scale)
    target = args.out or learned.WEIGHTS_FILE
    target.write_text(dumps(model), encoding="utf-8")
    validation = model["cross_validation"]
    print(
        f"C {model['settings']['c']}, character grams scaled {model['settings']['char_scale']}, "
        f"thresholds {model['thresholds']}, chosen by leave-one-fresh-round-out cross-validation. "
        "Held-out (cross-validation) figures of the whole detector:"
    )
    for row in [*validation["files"], {"file": "pooled", **validation["pooled"]}]:
        print("  " + "  ".join(f"{key} {value}" for key, value in row.items()))
    print(f"  concerns labelled review marked urgent: {validation['review_marked_urgent']}")
    size = len(model["words"]) + len(model["chars"])
    print(f"Wrote {target} ({size} weighted features)")


if __name__ == "__main__":
    main()
