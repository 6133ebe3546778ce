"""The learned layer (learned.py): reproducible from the labelled files, explained, and weighed with the
rules as the detector says: it raises concerns and urgency on its own evidence, sets aside weak review-tier
rule hits, and never an urgent one."""

import dataclasses
import json

import pytest

from scripts import train_safeguarding as training
from survey_app.admin.demo import TEXTS as DEMO_TEXTS
from survey_app.safeguarding import learned
from survey_app.safeguarding.detector import LEARNED_URGENT_NOW, TIER_BAND, assess

WEIGHTS = json.loads(learned.WEIGHTS_FILE.read_text(encoding="utf-8"))
MODEL = learned.load_model()
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
def test_retraining_with_the_recorded_settings_gives_the_same_weights():
    pytest.importorskip("sklearn", reason="training needs the `train` extra")
    thresholds = learned.Thresholds(**WEIGHTS["thresholds"])
    settings = WEIGHTS["settings"]
    model = training.build(FILES, (settings["c"], thresholds, settings["char_scale"]))
    for part in ("thresholds", "intercepts", "words", "chars", "categories", "training_files"):
        assert model[part] == WEIGHTS[part], part


def test_the_settings_were_chosen_by_cross_validation_over_the_fresh_rounds():
    validation = WEIGHTS["cross_validation"]
    held = [row["file"] for row in validation["files"]]
    assert held == [path.name for path in training.fresh_rounds(FILES)]
    assert WEIGHTS["thresholds"]["alone"] >= training.MIN_ALONE
    assert WEIGHTS["settings"]["c"] in training.C_VALUES
    assert WEIGHTS["settings"]["char_scale"] in training.CHAR_SCALES
    limits = WEIGHTS["thresholds"]
    assert (limits["alone"], limits["veto"], limits["urgent"]) in [
        (a, v, u) for a in training.ALONE for v in training.VETO for u in training.URGENT
    ]
    assert limits["alone_urgent"] in training.ALONE_URGENT


def test_character_grams_are_those_of_scikit_learns_char_wb():
    feature_extraction = pytest.importorskip("sklearn.feature_extraction.text")
    analyse = feature_extraction.CountVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    for text in ("I  am a WEE bit scared\tof him", "Chcę się zabić. Już nie mogę", "a b ok", "ок 3 tabletki"):
        assert learned.char_grams(text) == set(analyse(text))


def _likelihood(text: str) -> float:
    return MODEL.scores(text, text).concern


# A misspelling, a word typed without its accents, or another inflection of a Polish word shares most of its
# character grams with the form in the training answers, so the answer scores about the same; by words alone
# it would be an unknown word and add nothing.
@pytest.mark.parametrize(
    ("base", "variant"),
    [
        ("i have been saving my tablets", "i have been saving my tablits"),
        ("chcę się zabić", "chce sie zabic"),  # Polish: I want to kill myself, without the accents
        ("myślę o samobójstwie", "mysle o samobojstwie"),  # I think about suicide
        ("ojczym mnie bije", "ojczym mnie bił"),  # my stepfather beats me / beat me
    ],
)
def test_a_misspelling_or_inflected_form_scores_like_its_base_form(base, variant):
    assert set(learned.features(base)) != set(learned.features(variant))
    assert abs(_likelihood(variant) - _likelihood(base)) < 0.2


# Written fresh for this test, in none of the labelled files; the rules alone find nothing in them.
INDIRECT = [
    "my mums new man takes my phone and reads everything and says i cant go out",
    # (was "i write goodbye letters in my head most nights": the goodbye-note rule now reads that itself)
    "some nights i just sit in the bath and think about not getting out",
    "i dont eat for days so i can feel something",
]


@pytest.mark.parametrize("text", INDIRECT)
def test_indirect_wording_the_rules_miss_is_raised_with_its_reasons(text):
    assert assess(text, use_learned=False).concern is False
    assessment = assess(text)
    assert assessment.concern is True
    reason = next(r for r in assessment.reasons if r.rule == learned.RULE_ID)
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


def _shifted(concern: float, urgent: float, **limits: float) -> learned.Model:
    """The packaged model (its vocabulary, so the language reader reads as usual) pushed to say 'ordinary'
    or 'concern' and 'urgent' whatever the words, to test how the detector weighs what it says."""
    thresholds = dataclasses.replace(MODEL.thresholds, **limits)
    return dataclasses.replace(MODEL, intercept=complex(concern, urgent), thresholds=thresholds)


ORDINARY_READING = _shifted(-50, -50, veto=0.9)
URGENT_READING = _shifted(50, 50)
URGENT_RULE_HIT = "i wanna unalive myself"
REVIEW_RULE_HIT = "my step dad hits me"


def test_the_examples_are_an_urgent_and_a_review_tier_rule_hit():
    assert assess(URGENT_RULE_HIT, use_learned=False).tier == "urgent"
    assert assess(REVIEW_RULE_HIT, use_learned=False).tier == "review"


def test_the_veto_never_sets_aside_an_urgent_rule_hit():
    with_layer = assess(URGENT_RULE_HIT, model=ORDINARY_READING)
    rules_alone = assess(URGENT_RULE_HIT, use_learned=False)
    assert (with_layer.concern, with_layer.tier) == (True, "urgent")
    assert (with_layer.category, with_layer.reasons) == (rules_alone.category, rules_alone.reasons)
    assert TIER_BAND["urgent"][0] <= with_layer.score <= TIER_BAND["urgent"][1]


PAST_URGENT_HIT = "i tried to hang myself when i was 14"
OTHER_LANGUAGE_HIT = "Tata bije mnie pasem"


def test_the_veto_never_sets_aside_an_urgent_rule_hit_that_context_lowered_to_review():
    rules_alone = assess(PAST_URGENT_HIT, use_learned=False)
    assert (rules_alone.concern, rules_alone.tier) == (True, "review")
    with_layer = assess(PAST_URGENT_HIT, model=ORDINARY_READING)
    assert (with_layer.concern, with_layer.category) == (True, "suicide")
    assert any(reason.urgent_rule and reason.tier == "review" for reason in with_layer.reasons)
    assert not any("set aside" in note for reason in with_layer.reasons for note in reason.context)


def test_the_veto_never_sets_aside_a_hit_of_another_languages_lexicon():
    rules_alone = assess(OTHER_LANGUAGE_HIT, use_learned=False)
    assert rules_alone.concern is True
    assert assess(OTHER_LANGUAGE_HIT, model=ORDINARY_READING).concern is True


def test_a_review_tier_rule_hit_in_an_answer_read_as_ordinary_is_set_aside_and_says_so():
    assessment = assess(REVIEW_RULE_HIT, model=ORDINARY_READING)
    assert (assessment.concern, assessment.tier) == (False, "none")
    assert assessment.score < 0.5
    (reason,) = assessment.reasons
    assert reason.tier == "none" and "set aside: learned score 0.00 is below 0.90" in reason.context[-1]


def test_the_urgent_model_raises_a_review_tier_rule_hit_to_urgent_and_says_why():
    assessment = assess(REVIEW_RULE_HIT, model=URGENT_READING)
    assert (assessment.concern, assessment.tier) == (True, "urgent")
    reason = assessment.reasons[-1]
    assert (reason.rule, reason.tier) == (learned.URGENT_RULE_ID, "urgent")
    assert reason.category == assessment.category
    assert reason.context == ("learned urgency 1.00: a person should act now",)


def test_the_urgent_model_raises_a_concern_the_layer_found_alone_to_urgent():
    text = INDIRECT[0]
    assessment = assess(text, model=URGENT_READING)
    assert (assessment.concern, assessment.tier) == (True, "urgent")
    assert [r.rule for r in assessment.reasons] == [learned.RULE_ID, learned.URGENT_RULE_ID]
    assert TIER_BAND["urgent"][0] <= assessment.score <= TIER_BAND["urgent"][1]


def test_words_the_rules_set_aside_do_not_count_towards_the_score():
    model = dataclasses.replace(
        MODEL, intercept=complex(-1, 0), words={"kill myself": 3 + 0j, "kill": 1 + 0j}, chars={}
    )
    scores = model.scores("i want to kill myself", "i want to kill myself")
    assert scores.concern == pytest.approx(learned._sigmoid(3.0))
    assert model.without(scores, []) == scores.concern
    assert model.without(scores, ["kill myself"]) == pytest.approx(learned._sigmoid(-1.0))


def test_a_sign_of_now_makes_a_strong_learned_flag_urgent_and_a_weak_one_a_review():
    text = "i need help right now"  # a sign of now; the rules raise nothing on these words alone
    assert assess(text, use_learned=False).concern is False
    never_urgent = _shifted(50, -50, alone=0.5)
    assert assess(text, model=never_urgent).tier == "urgent"
    assert "happening now" in assess(text, model=never_urgent).reasons[-1].context[0]
    # Only the intercept speaks: a likelihood of 0.55, over the threshold but below LEARNED_URGENT_NOW.
    weak = dataclasses.replace(never_urgent, intercept=complex(0.2, -50), words={}, chars={})
    assert learned._sigmoid(0.2) < LEARNED_URGENT_NOW
    assert (assess(text, model=weak).concern, assess(text, model=weak).tier) == (True, "review")


def test_a_weaker_flag_that_reads_as_urgent_is_raised_at_the_lower_bar():
    text = "my flat is fine but the bus is slow"
    # Only the intercept speaks: a concern likelihood of 0.55, below `alone` (0.7) but above the lower bar.
    lower_bar = dataclasses.replace(_shifted(0.2, 50, alone=0.7, alone_urgent=0.5), words={}, chars={})
    assessment = assess(text, model=lower_bar)
    assert (assessment.concern, assessment.tier) == (True, "urgent")
    assert [reason.rule for reason in assessment.reasons] == [learned.RULE_ID, learned.URGENT_RULE_ID]
    # The same likelihood without the urgency, or without a lower bar, raises nothing.
    not_urgent = dataclasses.replace(lower_bar, intercept=complex(0.2, -50))
    assert assess(text, model=not_urgent).concern is False
    no_bar = dataclasses.replace(
        lower_bar, thresholds=dataclasses.replace(lower_bar.thresholds, alone_urgent=None)
    )
    assert assess(text, model=no_bar).concern is False
