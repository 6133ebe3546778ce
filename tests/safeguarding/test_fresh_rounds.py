"""Fresh rounds (fresh_round_N.jsonl): cases written by people who had not read the rules, with a tier and
life_at_risk_now on each. Each round was measured first-pass, then the rules were changed by general shapes
for what it missed, so the figures held here are TRAINING figures, kept so a later change cannot quietly
undo them; only a round nobody has tuned on measures how the detector generalises.
First-pass figures, before the changes made for each round:
  14: recall 0.88, false alarms 0.09, ROC AUC 0.95, life at risk raised 0.90 / urgent 0.40
  15: recall 0.76, false alarms 0.11, ROC AUC 0.89, life at risk raised 0.73 / urgent 0.43 (another author)
  16: recall 0.88, false alarms 0.10, ROC AUC 0.93, life at risk raised 0.93 / urgent 0.57 (240 cases, several
      languages; main e9f7e64 measured the same but urgent 0.55)
  17-22 (the lead's sets 7-12, main 2c494d1, before the learned layer read character grams and urgency;
      rules never tuned on them, the learned layer trained on them since):
  17: recall 0.73, false alarms 0.10, ROC AUC 0.91, life at risk raised 0.69 / urgent 0.51
  18: recall 0.79, false alarms 0.11, ROC AUC 0.92, life at risk raised 0.77 / urgent 0.57
  19: recall 0.72, false alarms 0.12, ROC AUC 0.90, life at risk raised 0.68 / urgent 0.47
  20: recall 0.56, false alarms 0.11, ROC AUC 0.84, life at risk raised 0.73 / urgent 0.38
  21: recall 0.72, false alarms 0.11, ROC AUC 0.91, life at risk raised 0.77 / urgent 0.43
  22: recall 0.73, false alarms 0.19, ROC AUC 0.88, life at risk raised 0.78 / urgent 0.47
  24-25 (the lead's sets 26-27, main eaa594b; with two more sets held out, never tuned on, beside them):
  24: recall 0.90, false alarms 0.06, ROC AUC 0.97, life at risk raised 0.95 / urgent 0.79
  25: recall 0.93, false alarms 0.04, ROC AUC 0.98, life at risk raised 0.90 / urgent 0.69
  Four more sets of 240 by such writers (the lead's sets 24, 25, 28, 29) are held out: never committed,
  never read, scored only in total, once before any change (main eaa594b) and once after (main c0d6260):
  recall 0.890 -> 0.910, false alarms 0.093 -> 0.085, life at risk raised 0.881 -> 0.918 / urgent 0.742 ->
  0.778, ROC AUC 0.950 -> 0.958. Set 29 (very indirect wording) is the hardest: life at risk raised 0.83.
  27-32 (the lead's sets 30, 32, 34, 36, 37, 38; first pass on main 9ac7a3c, before any change for them):
  27: recall 0.90, false alarms 0.06, ROC AUC 0.96, life at risk raised 0.89 / urgent 0.70
  28: recall 0.88, false alarms 0.10, ROC AUC 0.95, life at risk raised 0.93 / urgent 0.74 (99 not English)
  29: recall 0.91, false alarms 0.08, ROC AUC 0.95, life at risk raised 0.96 / urgent 0.81
  30: recall 0.96, false alarms 0.12, ROC AUC 0.97, life at risk raised 0.98 / urgent 0.71
  31: recall 0.92, false alarms 0.10, ROC AUC 0.96, life at risk raised 0.96 / urgent 0.77
  32: recall 0.87, false alarms 0.10, ROC AUC 0.95, life at risk raised 0.88 / urgent 0.73
  Three more sets of 240 written with them (the lead's sets 31, 33, 35) are held out the same way: first
  pass on 9ac7a3c, recall 0.955, false alarms 0.136, life at risk raised 0.955 / urgent 0.790, ROC AUC 0.960.
  After the lexicons by concept, the joke context and the retrain (main 58d83af + weights): recall 0.979,
  false alarms 0.087, life at risk raised 0.975 / urgent 0.783, ROC AUC 0.980. Scored a third time on the
  shipped main (5e37e47: the layer alone needs 0.7 in another language, a change made for an ordinary Polish
  answer before that scoring): recall 0.968, false alarms 0.087, life at risk raised 0.968 (152 of 157) /
  urgent 0.783, ROC AUC 0.980. Set 33 (very indirect wording) is the hardest: life at risk raised 0.92.
  Two more batches of three sets, written after that main (ad69fa2) and scored on it once, never read:
  sets 39-41 recall 0.968, false alarms 0.055, life at risk raised 0.975 / urgent 0.873, ROC AUC 0.978;
  sets 45-47 recall 0.971, false alarms 0.073, life at risk raised 0.987 / urgent 0.795, ROC AUC 0.976.
  33-35 (the lead's sets 42-44): also scored once on ad69fa2 as held out, then read and trained on: recall
  0.939, false alarms 0.082, life at risk raised 0.969 / urgent 0.729, ROC AUC 0.964; set 44 (played down:
  "its fine", "lol", the danger only in a detail) is the hardest, urgent 0.55.
  Over the 2,880 held-out answers (sets 31-47 not trained on at the time), on ad69fa2: recall 0.961, false
  alarms 0.074, life at risk raised 0.974 (645 of 662) / urgent 0.792, ROC AUC 0.975.
  The learned layer's cross-validated figures on each (trained without it) are in learned_weights.json.
"""

from pathlib import Path

import pytest

from survey_app.safeguarding.evaluation import evaluate, load_cases

ALL_ROUNDS = sorted(Path(__file__).parent.glob("fresh_round_*.jsonl"))
# The rounds the rules were changed for. Rounds 17 on only train the learned layer: their figures are held
# by test_untuned_rounds_hold_their_training_figures below, not by the rules' bars.
ROUNDS = [path for path in ALL_ROUNDS if int(path.stem.split("_")[-1]) <= 16]
UNTUNED = [path for path in ALL_ROUNDS if path not in ROUNDS]


@pytest.fixture(scope="module")
def cases():
    return [case for path in ROUNDS for case in load_cases(path)]


@pytest.fixture(scope="module")
def report(cases):
    return evaluate(cases)


def test_every_fresh_case_carries_a_tier_and_whether_a_life_is_at_risk_now():
    cases = [case for path in ALL_ROUNDS for case in load_cases(path)]
    assert len(cases) >= 200
    assert all(case.tier is not None and case.life_at_risk_now is not None for case in cases)


def test_fresh_rounds_hold_their_training_recall_and_false_alarms(report):
    assert report.overall.recall >= 0.98, [case.text for case in report.misses]
    assert report.overall.false_positive_rate <= 0.03, [case.text for case in report.false_alarms]


def test_fresh_rounds_raise_every_life_at_risk_now_and_nearly_all_urgent(report):
    assert report.life_at_risk.raised_rate >= 1.0
    assert report.life_at_risk.urgent_rate >= 0.95


def test_fresh_rounds_rank_concerns_above_ordinary_answers(report):
    assert report.roc_auc >= 0.98


@pytest.fixture(scope="module")
def untuned_report():
    return evaluate([case for path in UNTUNED for case in load_cases(path)])


def test_untuned_rounds_hold_their_training_figures(untuned_report):
    """Rounds 17 on train the learned layer (and rounds 27-32 shaped the other languages' lexicons), so
    these are training figures: they hold what was learned, they do not measure generalisation (the
    cross-validated figures in learned_weights.json and the held-out sets in the docstring do)."""
    report = untuned_report
    assert report.overall.recall >= 0.99, [case.text for case in report.misses]
    assert report.overall.false_positive_rate <= 0.06, [case.text for case in report.false_alarms]
    assert report.life_at_risk.raised_rate >= 0.99
    assert report.life_at_risk.urgent_rate >= 0.97
    assert report.roc_auc >= 0.98
