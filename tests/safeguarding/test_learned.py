"""The learned review layer (learned.py): reproducible from the labelled files, review-only, explained,
and it only adds to the rules."""

import dataclasses
import json

import pytest

from scripts import train_safeguarding as training
from survey_app.admin.demo import TEXTS as DEMO_TEXTS
from survey_app.safeguarding import learned
from survey_app.safeguarding.detector import TIER_BAND, assess

WEIGHTS = json.loads(learned.WEIGHTS_FILE.read_text(encoding="utf-8"))
FILES = training.training_files()
ALL_THERE = all(path.exists() for path in FILES)


def test_the_weights_were_trained_on_the_labelled_files_as_they_are_now():
    # A changed, added or removed labelled file means the weights are stale:
    # run `python scripts/train_safeguarding.py`.
    recorded = {entry["path"]: entry["sha256"] for entry in WEIGHTS["training_files"]}
    present = {training.file_label(path): training.sha256(path) for path in FILES if path.exists()}
    assert {path: recorded.get(path) for path in present} == present
    assert set(recorded) >= set(present)


@pytest.mark.skipif(not ALL_THERE, reason="the shared development file is not next to this checkout")
def test_retraining_with_the_recorded_threshold_gives_the_same_weights():
    model, _ = training.build(FILES, WEIGHTS["threshold"])
    for part in ("threshold", "concern", "categories", "training_files"):
        assert model[part] == WEIGHTS[part], part


def test_the_threshold_was_chosen_by_cross_validation_within_the_false_alarm_target():
    pooled = WEIGHTS["cross_validation"]["pooled"]
    assert pooled["combined"]["fpr"] <= training.TARGET_FPR
    assert WEIGHTS["threshold"] in training.THRESHOLDS


# Written fresh for this test, in none of the labelled files; the rules alone find nothing in them.
INDIRECT = [
    "my mums new man takes my phone and reads everything and says i cant go out",
    # (was "i write goodbye letters in my head most nights": the goodbye-note rule now reads that itself)
    "some nights i just sit in the bath and think about not getting out",
    "i dont eat for days so i can feel something",
]


@pytest.mark.parametrize("text", INDIRECT)
def test_indirect_wording_the_rules_miss_is_sent_for_review_with_its_reasons(text):
    assert assess(text, use_learned=False).concern is False
    assessment = assess(text)
    assert (assessment.concern, assessment.tier) == (True, "review")
    reason = assessment.reasons[-1]
    assert reason.rule == learned.RULE_ID and reason.tier == "review"
    assert reason.category == assessment.category != "none"
    assert reason.words and "learned score" in reason.context[0]


ORDINARY = [
    "this survey is killing me",
    "id kill for a bigger flat",
    "my landlord wont fix the boiler and its freezing",
    "i am so tired of forms and waiting lists",
    "the bus is always late and i hate it",
    "my worker is rubbish, never calls back",
    "my phone screen is cracked and i cant afford a new one",
    "college is stressful but my tutor is helping me catch up",
    *DEMO_TEXTS,
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_complaints_idioms_and_demo_answers_raise_no_concern(text):
    assert assess(text).concern is False


def test_the_layer_never_changes_a_rules_verdict_only_where_it_ranks_within_the_tier():
    for text in ("i wanna unalive myself", "my step dad hits me"):
        with_layer, rules_alone = assess(text), assess(text, use_learned=False)
        assert dataclasses.replace(with_layer, score=0.0) == dataclasses.replace(rules_alone, score=0.0)
        assert TIER_BAND[with_layer.tier][0] <= with_layer.score <= TIER_BAND[with_layer.tier][1]


def test_words_the_rules_set_aside_do_not_count_towards_the_score():
    model = learned.Model(
        0.5, learned.Linear(-1.0, {"kill myself": 3.0, "kill": 1.0}), WEIGHTS_MODEL.categories
    )
    assert learned.review("i want to kill myself", [], model) is not None
    assert learned.review("i want to kill myself", ["kill myself"], model) is None


WEIGHTS_MODEL = learned.Model.from_dict(WEIGHTS)


def test_the_layer_alone_is_urgent_with_a_sign_of_now_only_when_its_evidence_is_strong():
    from survey_app.safeguarding.detector import LEARNED_URGENT_NOW, _learned_assessment

    weak = learned.Flag("neglect", WEIGHTS["threshold"], ("cold",))
    strong = learned.Flag("neglect", LEARNED_URGENT_NOW, ("cold",))
    assert _learned_assessment(weak, "tonight").tier == "review"
    assert _learned_assessment(strong, "tonight").tier == "urgent"
    assert _learned_assessment(strong).tier == "review"
