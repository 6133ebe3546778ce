"""The detector against the generalisation rounds (generalisation_round_N.jsonl): sets of 60 answers, half
concerns, each written before the rules were changed for it, then used to make broad changes. Together they
must meet the bar for cases the rules have not seen: recall at least 0.90, false alarms at most 0.10.

First-pass figures, before the round's changes (recall of concerns / false-positive rate):
  1: 0.80 / 0.00   2: 0.43 / 0.10   3: 0.53 / 0.03   4: 0.53 / 0.03   5: 0.43 / 0.03
  6: 0.53 / 0.00   7: 0.27 / 0.03   8: 0.73 / 0.10   9: 0.57 / 0.00  10: 0.40 / 0.00  11: 0.57 / 0.03
"""

from pathlib import Path

import pytest

from survey_app.safeguarding.detector import assess
from survey_app.safeguarding.evaluation import evaluate, load_cases

ROUNDS = sorted(Path(__file__).parent.glob("generalisation_round_*.jsonl"))


@pytest.fixture(scope="module")
def cases():
    return [case for path in ROUNDS for case in load_cases(path)]


@pytest.fixture(scope="module")
def report(cases):
    return evaluate(cases)


def test_there_are_several_rounds_of_realistic_mixes(cases):
    assert len(ROUNDS) >= 4
    assert len({case.id for case in cases}) == len(cases)
    concerns = sum(case.concern for case in cases)
    assert 0.40 <= concerns / len(cases) <= 0.60


def test_recall_of_concerns_across_the_rounds_is_at_least_90_percent(report):
    assert report.overall.recall >= 0.90, [case.text for case in report.misses]


def test_false_positive_rate_across_the_rounds_is_at_most_10_percent(report):
    assert report.overall.false_positive_rate <= 0.10, [case.text for case in report.false_alarms]


@pytest.mark.parametrize("path", ROUNDS, ids=lambda path: path.stem)
def test_each_round_keeps_its_bar(path):
    result = evaluate(load_cases(path))
    assert result.overall.recall >= 0.90, [case.text for case in result.misses]
    assert result.overall.false_positive_rate <= 0.10, [case.text for case in result.false_alarms]


def test_a_within_sentence_rule_needs_its_words_in_one_sentence():
    assert assess("a guy gives me weed and makes me hold his stuff").concern is True
    later = assess("A guy at the gym gave me a protein bar. Later my boss made me stay late.")
    assert "exploitation.gifts_for_something" not in [reason.rule for reason in later.reasons]


@pytest.mark.parametrize(
    "text",
    [
        "i owe the council money and they keep threatening court",
        "my pal owes me a tenner",
        "bought a rope for my dog's tug toy",
        "no point in me being here if the meeting is cancelled, I'll go home",
        "my wee nephew kicked me in the shin playing football haha",
        "I took two paracetamol for my headache and went to bed",
        "I'm a throughcare worker and several of my young people have been exploited by older men",
        "my pal self harms and I got her to talk to the school nurse, she's getting help now",
        "I had a rough time with sh at school but I've been free of it for 5 years",
    ],
)
def test_ordinary_debts_props_plans_and_helped_friends_raise_no_concern(text):
    assert assess(text).concern is False
