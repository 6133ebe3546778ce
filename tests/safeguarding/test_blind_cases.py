"""The detector against cases written before its rules were read (blind_cases.jsonl), and regressions for
the kinds of miss and false alarm they showed. These bars are looser than the development file's: the
cases were written to be hard, by someone who had not seen the rules."""

from pathlib import Path

import pytest

from survey_app.safeguarding.detector import assess
from survey_app.safeguarding.evaluation import evaluate, load_cases

BLIND = Path(__file__).parent / "blind_cases.jsonl"


@pytest.fixture(scope="module")
def report():
    return evaluate(load_cases(BLIND))


def test_the_blind_file_is_a_realistic_mix():
    cases = load_cases(BLIND)
    concerns = sum(case.concern for case in cases)
    assert len(cases) == 200
    assert 0.40 <= concerns / len(cases) <= 0.50
    assert len({case.id for case in cases}) == len(cases)


def test_blind_recall_of_concerns_is_at_least_90_percent(report):
    assert report.overall.recall >= 0.90, [case.text for case in report.misses]


def test_blind_false_positive_rate_is_at_most_10_percent(report):
    assert report.overall.false_positive_rate <= 0.10, [case.text for case in report.false_alarms]


@pytest.mark.parametrize("category", ["suicide", "immediate_danger"])
def test_blind_recall_of_suicide_and_immediate_danger_is_at_least_95_percent(report, category):
    result = next(result for result in report.categories if result.category == category)
    assert result.caught.recall >= 0.95


@pytest.mark.parametrize(
    "text",
    [
        "i'm gonna kill my brother, he ate my chips",
        "I could kill my sister, she used all my shampoo",
        "my brother said he's going to kill me for borrowing his hoodie",
        "ma wee cousin battered me at fifa again",
        "I had thoughts of ending it years ago, not anymore, counselling helped",
        "my best pal died of an overdose last year and I still miss him",
        "As a personal adviser, a few of our young people have self harmed while on waiting lists",
        "we're on the waiting list and there's no point in filling in forms twice",
        "I've been cutting out sugar to save money",
    ],
)
def test_hyperbole_loss_history_and_caseload_talk_raise_no_concern(text):
    assert assess(text).concern is False


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("i'm gonna kill my stepdad, he hit my mum again", {"abuse", "harm_to_others"}),
        ("cannae be arsed wi life, nae point", {"suicide"}),
        ("the guys said i owe them and have to work it off", {"abuse", "exploitation"}),
        ("some lads took over my flat and use it to deal", {"exploitation"}),
        # neglect is its own category now (it was counted as abuse before there was one)
        ("the wee ones get left on their own all weekend", {"neglect"}),
        ("im at the railway line", {"immediate_danger"}),
    ],
)
def test_general_constructions_found_blind_raise_a_concern(text, categories):
    assessment = assess(text)
    assert assessment.concern is True
    assert assessment.category in categories


def test_a_worker_describing_someone_at_risk_now_still_raises_a_concern():
    assessment = assess("As a support worker: one of my young people says she will kill herself tonight")
    assert assessment.concern is True
