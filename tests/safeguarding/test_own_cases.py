"""Our own development cases for the categories and urgent shapes added in issue 8 (own_cases_round_N.jsonl),
with a tier and life_at_risk_now on each. These were written by engineers who had read the rules, and the
rules were then changed for them: the figures here are TRAINING figures, kept so a later change cannot
quietly undo them. First-pass figures, before the changes made for each round:
  12: recall 0.67, false alarms 0.04, ROC AUC 0.93, life at risk raised 0.63 / urgent 0.37
  13: recall 0.76, false alarms 0.05, ROC AUC 0.93, life at risk raised 0.74 / urgent 0.26
  23: recall 0.70, false alarms 0.07, ROC AUC 0.83, by the learned layer as first trained, not yet on them:
      the classes it got wrong in cross-validation and the first tests (risk coming back, a weapon carried
      for protection, a stranger offering a bed, a sibling hurt at home; a service nobody would miss, weather
      and news, everyday "dead" and "kill"), in words and languages of our own, for training
  26: 25 ordinary answers with numbers, ratings and "wrote" (main eaa594b read "Respondent 13 wrote this
      answer to rights." and "I wrote this on my phone on the bus so sorry for typos" as urgent suicide
      plans: false alarms 3 of 25), and 6 strangers offering a bed (all 6 raised), for training
"""

from pathlib import Path

import pytest

from survey_app.safeguarding.evaluation import evaluate, load_cases

ROUNDS = sorted(Path(__file__).parent.glob("own_cases_round_*.jsonl"))


@pytest.fixture(scope="module")
def report():
    return evaluate([case for path in ROUNDS for case in load_cases(path)])


def test_every_case_carries_a_tier_and_whether_a_life_is_at_risk_now():
    cases = [case for path in ROUNDS for case in load_cases(path)]
    assert len(cases) >= 100
    assert all(case.tier is not None and case.life_at_risk_now is not None for case in cases)


def test_recall_and_false_alarms_meet_the_development_bars(report):
    assert report.overall.recall >= 0.95, [case.text for case in report.misses]
    assert report.overall.false_positive_rate <= 0.05, [case.text for case in report.false_alarms]


def test_lives_at_risk_now_are_all_raised_and_nearly_all_urgent(report):
    assert report.life_at_risk.raised_rate >= 0.97
    assert report.life_at_risk.urgent_rate >= 0.85


def test_the_score_ranks_concerns_above_ordinary_answers(report):
    assert report.roc_auc >= 0.95
