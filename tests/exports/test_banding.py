"""k-anonymity banding: after plan.apply no combination of quasi-identifiers is shared by fewer than k."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from survey_app.exports.banding import BandingPlanner
from survey_app.exports.banding_ladders import ANY_AGE, OTHER, SUPPRESSED, three_year_band, wide_band

AGES = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 31, None, "prefer not to say"]
AREAS = ["glasgow", "fife", "highland", "orkney", "edinburgh", None]
GENDERS = ["girl", "boy", "non-binary", "trans boy", "other", None]
DISABILITIES = ["yes", "no", None, ["autism", "adhd"], ["adhd", "autism"]]
PLACEMENTS = ["foster", "kinship", "residential", "secure", "home", "supported", None]


def _random_rows(seed: int) -> list[dict]:
    generator = random.Random(seed)
    skewed = generator.random() < 0.5  # real data bunch up on a few values; test both shapes
    count = generator.choice([0, 1, 3, 4, 5, 6, 12, 40, 150, 600])

    def pick(values):
        if skewed and generator.random() < 0.7:
            return values[0]
        return generator.choice(values)

    return [
        {
            "age": pick(AGES),
            "area": pick(AREAS),
            "gender": pick(GENDERS),
            "disability": pick(DISABILITIES),
            "placement": pick(PLACEMENTS),
        }
        for _ in range(count)
    ]


def _plan(rows, **options):
    planner = BandingPlanner()
    for row in rows:
        planner.add(row)
    return planner.plan(**options)


def _banded_counts(plan, rows) -> Counter:
    return Counter(tuple(sorted(plan.apply(row).items(), key=lambda item: item[0])) for row in rows)


@pytest.mark.parametrize("seed", range(150))
def test_no_banded_combination_is_shared_by_fewer_than_k_rows(seed):
    rows = _random_rows(seed)
    k = random.Random(seed).choice([2, 3, 5, 10])
    plan = _plan(rows, k=k, max_suppressed=random.Random(seed).choice([0.0, 0.05, 0.2]))
    counts = _banded_counts(plan, rows)
    if plan.meets_k:
        assert all(count >= k for count in counts.values()), counts
    else:
        # Only when there are too few rows altogether; then every row is fully suppressed.
        assert 0 < len(rows) < k
        assert list(counts) == [tuple(sorted(plan.suppressed_values.items()))]


@pytest.mark.parametrize("seed", range(40))
def test_fully_suppressed_rows_form_one_group_of_at_least_k(seed):
    rows = _random_rows(seed + 1_000)
    plan = _plan(rows, k=5, max_suppressed=0.2)
    suppressed = sum(1 for row in rows if plan.apply(row) == plan.suppressed_values)
    assert suppressed == 0 or suppressed >= 5 or not plan.meets_k
    assert suppressed >= plan.suppressed_rows


def test_a_lone_rare_row_is_not_left_alone_in_the_suppressed_group():
    rows = [{"area": "glasgow"}] * 10 + [{"area": "fife"}] * 12 + [{"area": "orkney"}]
    plan = _plan(rows, k=5, max_suppressed=0.05)
    counts = Counter(plan.apply(row)["area"] for row in rows)
    assert counts == {"fife": 12, SUPPRESSED: 11}
    assert plan.suppressed_rows == 11


def test_data_that_are_already_k_anonymous_are_left_exact():
    girls = [{"age": 17, "area": "fife", "gender": "girl"}] * 5
    rows = girls + [{"age": 19, "area": "fife", "gender": "boy"}] * 6
    plan = _plan(rows, k=5)
    assert plan.levels == (0, 0, 0, 0, 0)
    assert plan.apply(rows[0]) == {**girls[0], "disability": None, "placement": None}
    assert plan.suppressed_rows == 0


def test_ages_are_banded_before_anything_is_suppressed_when_that_is_enough():
    rows = [{"age": age, "area": "fife"} for age in (16, 17) * 3 + (18, 19, 20) * 2]
    plan = _plan(rows, k=5, max_suppressed=0)
    assert Counter(plan.apply(row)["age"] for row in rows) == {"16-17": 6, "18-20": 6}
    assert all(plan.apply(row)["area"] == "fife" for row in rows)


def test_rare_answers_are_merged_into_other_and_other_is_never_a_small_group():
    rows = [{"gender": "girl"}] * 20 + [{"gender": "boy"}] * 20 + [{"gender": "non-binary"}] * 2
    plan = _plan(rows, k=5, max_suppressed=0)
    genders = Counter(plan.apply(row)["gender"] for row in rows)
    assert genders[OTHER] >= 5
    assert "non-binary" not in genders


def test_too_few_rows_cannot_meet_k_and_say_so():
    rows = [{"age": 17, "area": "fife"}, {"age": 18, "area": "fife"}]
    plan = _plan(rows, k=5)
    assert not plan.meets_k
    assert all(plan.apply(row) == plan.suppressed_values for row in rows)
    assert any("cannot be made anonymous" in line for line in plan.describe())


def test_an_empty_export_meets_k():
    plan = _plan([], k=5)
    assert plan.meets_k
    assert plan.suppressed_rows == 0


def test_a_value_first_seen_after_planning_is_fully_suppressed():
    rows = [{"age": 17, "area": "fife"}] * 6
    plan = _plan(rows, k=5)
    assert plan.apply({"age": 17, "area": "orkney"}) == plan.suppressed_values
    assert plan.suppressed_values["age"] == ANY_AGE
    assert plan.suppressed_values["area"] == SUPPRESSED


def test_multi_choice_answers_match_in_any_order():
    rows = [{"disability": ["autism", "adhd"]}] * 3 + [{"disability": ["adhd", "autism"]}] * 3
    plan = _plan(rows, k=5)
    assert plan.apply(rows[0])["disability"] == ("adhd", "autism")


def test_the_description_says_what_was_banded_and_the_value_of_k_without_naming_rare_answers():
    rows = [{"age": age, "gender": "girl", "area": "fife"} for age in (16, 17, 18, 19, 20, 21) * 3]
    rows += [{"age": 18, "gender": "trans girl", "area": "fife"}]
    plan = _plan(rows, k=5, max_suppressed=0)
    text = "\n".join(plan.describe())
    assert "k = 5" in text
    for name in ("age", "area", "gender", "disability", "placement"):
        assert any(line.startswith(f"{name}:") for line in plan.describe())
    assert "trans girl" not in text


def test_age_bands_follow_the_care_leaving_ages():
    assert [three_year_band(age) for age in (13, 15, 16, 17, 18, 20, 21, 24, 26, 27, 30)] == [
        "13-15", "13-15", "16-17", "16-17", "18-20", "18-20", "21-23", "24-26", "24-26", "27-29", "30-32",
    ]  # fmt: skip
    assert [wide_band(age) for age in (15, 16, 20, 21, 26, 27)] == [
        "15 and under", "16-20", "16-20", "21-26", "21-26", "27 and over",
    ]  # fmt: skip


def test_k_below_one_is_refused():
    with pytest.raises(ValueError, match="k must be"):
        BandingPlanner().plan(k=0)
