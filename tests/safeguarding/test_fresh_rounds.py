"""Fresh rounds (fresh_round_N.jsonl): cases written by people who had not read the rules, with a tier and
life_at_risk_now on each. Each round was measured first-pass, then the rules were changed by general shapes
for what it missed, so the figures held here are TRAINING figures, kept so a later change cannot quietly
undo them; only a round nobody has tuned on measures how the detector generalises.
First-pass figures, before the changes made for each round:
  14: recall 0.88, false alarms 0.09, ROC AUC 0.95, life at risk raised 0.90 / urgent 0.40
  15: recall 0.76, false alarms 0.11, ROC AUC 0.89, life at risk raised 0.73 / urgent 0.43 (another author)
  16: recall 0.88, false alarms 0.10, ROC AUC 0.93, life at risk raised 0.93 / urgent 0.57 (240 cases, several
      languages; main e9f7e64 measured the same but urgent 0.55)
"""

from pathlib import Path

import pytest

from survey_app.safeguarding.evaluation import evaluate, load_cases

ROUNDS = sorted(Path(__file__).parent.glob("fresh_round_*.jsonl"))


@pytest.fixture(scope="module")
def cases():
    return [case for path in ROUNDS for case in load_cases(path)]


@pytest.fixture(scope="module")
def report(cases):
    return evaluate(cases)


def test_every_fresh_case_carries_a_tier_and_whether_a_life_is_at_risk_now(cases):
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
