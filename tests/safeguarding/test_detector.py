"""The safeguarding detector: rules over normalised text, context, evaluation. No app, no database."""

import ast
import dataclasses
import json
from pathlib import Path

import pytest

from survey_app.safeguarding import detector, evaluation
from survey_app.safeguarding.detector import RULES_VERSION, assess
from survey_app.safeguarding.evaluation import Bars, Case, CasesError, evaluate, load_cases, read_cases
from survey_app.safeguarding.patterns import Matcher, Prefilter, compile_pattern, required_text, requirements
from survey_app.safeguarding.rules import CATEGORIES, RULES_FILE, RulesError, load_rules

HERE = Path(__file__).parent
HELDOUT = HERE / "heldout_cases.jsonl"
DEV = Path(__file__).resolve().parents[3] / "shared" / "safeguarding" / "dev_cases.jsonl"
DETECTOR_MODULES = ["normalise", "patterns", "rules", "context", "detector", "evaluation"]


# --- what must and must not raise a concern -------------------------------------------------------

ORDINARY_ANSWERS = [
    "my flat is damp and the landlord ignores me",
    "benefits were late again this month",
    "my worker never calls me back",
    "this survey is killing me",
    "I'd kill for a decent flat",
    "I could murder a pizza right now",
    "dying of boredom in this hostel",
    "these forms are killing me, so many pages",
    "the landlord threatened to evict me",
    "I'm in danger of failing my course",
    "i sent them pics of the mould but nobody came",
    "my gran gives me money for when i go shopping",
    "my worker says i owe them rent arrears",
    "i nearly got hit by a car on the way to college",
    "I want to die my hair blue but the hostel won't let me",
    "the heating's been dead for a week",
    "I hurt my back lifting boxes at work",
    "my mum would kill me if she saw my room",
    "ma flat's pure baltic, cannae afford the heating",
    "i was greetin at the end of that programme",
    "the polis were sound when my bike got nicked",
    "got absolutely battered in my exams lol",
    "I've been cutting back on food to save money",
    "6 months clean from drugs, proud of myself",
    "my worker said she'd kill me if I missed another appointment lol",
    "nobody would notice if the hostel shut down tbh",
    "my older brother gives me lifts to college",
    "the council will put me out on the street if I don't pay",
    "my pal told me not to tell anyone she's pregnant",
    "if i go to the gym it will help my head",
    "I was suicidal at 15 but I've had loads of support and I'm doing well",
    "",
    "   ",
    "n/a",
]

CONCERNS = [
    ("i want to die", "suicide"),
    ("i wanna diiiiie", "suicide"),
    ("kms fr", "suicide"),
    ("i should just kill myself lol", "suicide"),
    ("gonna unalive myself", "suicide"),
    ("i w4nt t0 k1ll mys3lf", "suicide"),
    ("s*icidal again", "suicide"),
    ("cannae dae this, thinkin aboot endin it aw", "suicide"),
    ("nobody would care if i died", "suicide"),
    ("taken a whole box of paracetamol", "immediate_danger"),
    ("he's outside and says he's going to stab me", "immediate_danger"),
    ("I want to kill myself tonight", "immediate_danger"),
    ("cutting again, the flat's too quiet", "self_harm"),
    ("i've been burning myself with cigarettes", "self_harm"),
    ("bang ma heid aff the wall when it gets bad", "self_harm"),
    ("my stepdad hits my mum", "abuse"),
    ("ma da leathers me when he's steamin", "abuse"),
    ("my wee brother's getting battered at home", "abuse"),
    ("he says i owe him for letting me stay at his", "abuse"),
    ("an older guy gives me weed if i hold stuff for him", "exploitation"),
    ("i owe my dealer and he's making me hold stuff", "exploitation"),
    ("im 15 and my boyfriend is 23", "exploitation"),
    ("I carry a knife because of the boys on my street", "harm_to_others"),
    ("i'm scared i'll hurt my baby", "harm_to_others"),
    ("I can't stop thinking about dying", "suicide"),
    ("i wish i was never born", "suicide"),
    ("I've been stockpiling my sertraline", "suicide"),
    ("I was suicidal last month and it's coming back", "suicide"),
    ("I've not eaten in 4 days on purpose", "self_harm"),
    ("my step dad comes in my room when I'm sleeping", "abuse"),
    ("he keeps sending me pics of his privates", "exploitation"),
    ("a guy at the bus station offered me a place to stay", "exploitation"),
    ("I'm being made to sell weed by older boys", "exploitation"),
    # voices telling them to hurt people: a mental health crisis first (the category added for it)
    ("the voices tell me to hurt people", "mental_health_crisis"),
]


@pytest.mark.parametrize("text", ORDINARY_ANSWERS)
def test_ordinary_answers_and_figures_of_speech_raise_no_concern(text):
    assert assess(text).concern is False


@pytest.mark.parametrize(("text", "category"), CONCERNS)
def test_disclosures_in_slang_scots_and_text_speak_raise_a_concern_in_their_category(text, category):
    assessment = assess(text)
    assert assessment.concern is True
    assert assessment.category == category


# --- context ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'm not going to hurt myself",
        "not suicidal or anything, just skint",
        "never had any thoughts of ending it",
        "nobody's hurting me, I just want my own key",
        "I don't self harm and never have",
    ],
)
def test_a_denial_sets_the_words_aside(text):
    assessment = assess(text)
    assert assessment.concern is False
    assert any("denied" in note for reason in assessment.reasons for note in reason.context)


def test_a_denial_does_not_reach_past_a_new_subject():
    assert assess("nobody listens i want to die").concern is True


def test_denying_suicide_does_not_hide_self_harm_said_next():
    assessment = assess("i dont want to die i just need to feel something and the cuts help")
    assert (assessment.concern, assessment.category) == (True, "self_harm")


def test_a_hypothetical_about_a_friend_is_not_a_concern():
    assert assess("if my mate ever said he wanted to kill himself what should i do").concern is False


def test_a_hypothetical_lowers_urgent_suicide_talk_to_review_but_keeps_the_concern():
    assessment = assess("if i ever wanted to kill myself who would i even call")
    assert (assessment.concern, assessment.tier, assessment.category) == (True, "review", "suicide")


def test_a_conditional_that_has_happened_before_is_not_a_hypothetical():
    assert assess("if he hits me again im leaving").concern is True


@pytest.mark.parametrize(
    "text",
    [
        "watched a documentary about a lad who self harms",
        "we did a first aid course on self harm at college",
        "saw on the news that a girl from my old school was groomed",
    ],
)
def test_films_courses_and_the_news_are_not_disclosures(text):
    assert assess(text).concern is False


def test_a_film_does_not_soften_a_disclosure_in_the_next_clause():
    assert assess("watched a film about self harm and started cutting again").concern is True


def test_resolved_history_is_not_a_concern():
    text = "used to self harm when I was 14 but I haven't in 5 years and I'm doing great now"
    assert assess(text).concern is False


def test_history_that_is_still_going_on_stays_a_concern():
    assert assess("stopped self harming for a year but relapsed two weeks ago").concern is True


def test_unresolved_past_abuse_stays_a_concern_when_never_told():
    text = "one of the staff touched me when i was 14. ive never told anyone till now"
    assert (assess(text).concern, assess(text).category) == (True, "abuse")


def test_past_abuse_by_someone_who_is_dead_is_not_a_concern():
    assert assess("my dad was violent when I was wee but he's been dead for years").concern is False


def test_past_urgent_suicide_talk_is_lowered_to_review_never_to_none():
    assessment = assess("I used to want to kill myself years ago but I'm fine now")
    assert (assessment.concern, assessment.tier) == (True, "review")


def test_someone_else_at_risk_is_a_review_about_them():
    assessment = assess("my best pal keeps saying she wants to kill herself")
    assert (assessment.concern, assessment.tier, assessment.category) == (True, "review", "suicide")


def test_someone_else_hurting_a_child_is_abuse_and_the_young_person_doing_it_is_harm_to_others():
    assert assess("my mums new fella skelps my wee sister").category == "abuse"
    assert assess("shook my baby when she wouldnt stop crying").category == "harm_to_others"


def test_abuse_with_a_sign_it_is_happening_now_is_immediate_danger():
    assessment = assess("he locked me in the flat and took my phone, please help")
    assert (assessment.tier, assessment.category) == ("urgent", "immediate_danger")


# --- the assessment and its reasons ----------------------------------------------------------------


def test_an_assessment_names_the_rule_and_the_words_that_matched():
    assessment = assess("I want to kill myself")
    assert assessment.tier == "urgent"
    reason = assessment.reasons[0].to_dict()
    assert (reason["rule"], reason["words"]) == ("suicide.intent", "kill myself")


def test_a_figure_of_speech_is_reported_as_set_aside_rather_than_silently_ignored():
    assessment = assess("nearly killed myself laughing at that")
    assert assessment.concern is False
    assert [reason.context for reason in assessment.reasons] == [("figure of speech",)]


def test_an_assessment_is_frozen_and_turns_into_plain_json():
    assessment = assess("kms")
    with pytest.raises(dataclasses.FrozenInstanceError):
        assessment.concern = False  # type: ignore[misc]
    data = json.loads(json.dumps(assessment.to_dict()))
    assert set(data) == {"concern", "tier", "category", "score", "language_unread", "reasons"}
    assert set(data["reasons"][0]) == {"rule", "category", "tier", "words", "context"}


def test_no_concern_has_tier_and_category_none():
    assessment = assess("honestly all good, thanks for asking")
    assert (assessment.concern, assessment.tier, assessment.category) == (False, "none", "none")
    assert assessment.score < 0.5 and assessment.language_unread is False


def test_rules_version_is_the_version_in_the_rules_file():
    assert load_rules().version == RULES_VERSION
    assert f'version: "{RULES_VERSION}"' in RULES_FILE.read_text()


def test_a_very_long_answer_is_still_read():
    text = "the flat is fine. " * 400 + "i want to kill myself"
    assert assess(text).concern is True


# --- normalisation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("I'M SOOOOO DONE", "im so done"),
        ("k1ll myselllf", "kill myself"),
        ("Café naïve", "cafe naive"),
        ("wanna unalive", "want to kill"),
        ("ma maw's fella", "my mums fella"),
        ("s*icide", "suicide"),
        ("born in 2019, aged 17, £200", "born in 2019 , aged 17 , 200"),
        ("line one\nline two", "line one . line two"),
    ],
)
def test_normalising_reads_case_accents_stretching_numbers_and_slang(raw, normalised):
    assert load_rules().normalise(raw) == normalised


# --- the rules file ------------------------------------------------------------------------------


def test_detector_modules_import_neither_flask_nor_a_database():
    package = Path(detector.__file__).parent
    for name in DETECTOR_MODULES:
        tree = ast.parse((package / f"{name}.py").read_text())
        nodes = list(ast.walk(tree))
        imported = [alias.name for node in nodes if isinstance(node, ast.Import) for alias in node.names]
        imported += [node.module or "" for node in nodes if isinstance(node, ast.ImportFrom)]
        assert not [m for m in imported if m.split(".")[0] in {"flask", "sqlmodel", "sqlalchemy"}], name


def _rules_file(tmp_path, change):
    text = RULES_FILE.read_text()
    path = tmp_path / "rules.yaml"
    path.write_text(change(text))
    return path


def test_a_rule_with_an_unknown_category_is_refused_with_its_id(tmp_path):
    path = _rules_file(tmp_path, lambda text: text.replace("category: suicide\n", "category: sadness\n", 1))
    with pytest.raises(RulesError, match="suicide.intent"):
        load_rules(path)


def test_a_broken_pattern_is_refused_with_its_rule(tmp_path):
    path = _rules_file(tmp_path, lambda text: text.replace("'self (harm|", "'self ((harm|", 1))
    with pytest.raises(RulesError, match="self_harm.named.*not valid"):
        load_rules(path)


def test_an_unquoted_no_in_the_slang_table_is_refused(tmp_path):
    path = _rules_file(tmp_path, lambda text: text.replace("nae: 'no'", "nae: no"))
    with pytest.raises(RulesError, match="quote"):
        load_rules(path)


def test_the_prefilter_finds_overlapping_pieces_and_their_prefixes():
    prefilter = Prefilter(["kill", "killing", "myself", "my self", "ill"])
    assert prefilter.present("im killing myself") == {"kill", "killing", "ill", "myself"}


def test_required_text_is_in_every_match_and_none_when_a_pattern_could_match_anything():
    assert required_text(r"(\w+ ){0,3}") is None
    needs = required_text("(kill|end) (myself|my self)")
    assert all(any(piece in text for piece in needs) for text in ("kill myself", "end my self"))
    assert not any(piece in "kill them" for piece in needs)


def test_text_read_without_a_break_across_choices_is_required_not_a_lone_letter():
    # Python's parser pulls the shared "y" out of yo|yrs old|year old: alone, it is in nearly every answer.
    ages = required_text("(1[0-7]) ?y(o|rs old|ear old)")
    assert ages == {"yo", "yrs old", "year old", " yo", " yrs old", " year old"}
    kill = required_text("kill(in(?:g)?)? (myself|me)")
    assert kill == {f"{verb} {who}" for verb in ("kill", "killin", "killing") for who in ("me", "myself")}
    for text in ("im 15yo", "15 yrs old", "killin me", "killing myself"):
        assert any(piece in text for piece in ages | kill)
    # A choice one of whose ways may begin with anything says nothing about how the match goes on.
    assert required_text(r"y(o|\w+ old)") == {"y"}


def test_a_pattern_is_tried_only_where_two_of_its_parts_could_both_be_found():
    needs, also = requirements("(goes|went|lunged) (at|for) (me|us)")
    assert needs and also and needs != also
    matcher = compile_pattern("(goes|went|lunged) (at|for) (me|us)", {})
    prefilter = Prefilter(matcher.needs)
    for text, could in [("he went for me", True), ("i went for a walk", False), ("he lunged at us", True)]:
        assert matcher.possible(prefilter.present(text), text) is could
        assert bool(list(matcher.finditer(text, prefilter.present(text)))) is could
    assert isinstance(matcher, Matcher) and matcher.possible(None, "anything")


def _cases(*paths):
    return [case for path in paths if path.exists() for case in load_cases(path)]


def test_the_prefilter_never_changes_a_verdict():
    class LooksEverywhere:
        def present(self, text):
            return None

    thorough = dataclasses.replace(load_rules(), prefilter=LooksEverywhere())
    texts = [case.text for case in _cases(HELDOUT, DEV)] + ORDINARY_ANSWERS + [text for text, _ in CONCERNS]
    assert all(assess(text) == assess(text, thorough) for text in texts)


# --- evaluation ---------------------------------------------------------------------------------


def test_evaluation_counts_recall_precision_and_false_positive_rate():
    cases = [
        Case("1", "i want to kill myself", True, "suicide"),
        Case("2", "my worker is sound", True, "abuse"),  # a miss
        Case("3", "this form is killing me", False, "none"),
        Case("4", "he hits me", False, "none"),  # a false alarm (by label)
    ]
    report = evaluate(cases)
    overall = report.overall
    assert (overall.recall, overall.precision, overall.false_positive_rate) == (0.5, 0.5, 0.5)
    by_category = {result.category: result for result in report.categories}
    assert by_category["suicide"].caught.recall == 1.0
    assert by_category["abuse"].caught.recall == 0.0
    assert by_category["self_harm"].caught.recall is None
    assert [case.id for case in report.misses] == ["2"]
    assert Bars().missed(report) == ["recall 0.500 is below 0.95", "false-positive rate 0.500 is above 0.05"]


def test_a_labelled_file_with_a_bad_line_is_refused_with_its_line_number():
    with pytest.raises(CasesError, match="line 2"):
        read_cases(['{"id": 1, "text": "hi", "concern": false, "category": "none"}', "{oops"])
    with pytest.raises(CasesError, match="does not fit"):
        read_cases(['{"id": 1, "text": "hi", "concern": true, "category": "none"}'])


def test_the_report_is_a_readable_table_with_a_row_per_category():
    lines = evaluation.format_report(evaluate(_cases(HELDOUT)), Bars()).splitlines()
    assert "recall" in lines[0] and "FP rate" in lines[0]
    row_labels = [line.split()[0] for line in lines[2 : 3 + len(CATEGORIES)]]
    assert row_labels == ["all", *CATEGORIES]
    assert lines[-1] == "Bars met."


# --- the bars -----------------------------------------------------------------------------------


def test_the_held_out_cases_meet_the_development_bars():
    cases = load_cases(HELDOUT)
    assert len(cases) >= 80
    assert Bars().missed(evaluate(cases)) == []


@pytest.mark.skipif(not DEV.exists(), reason="the shared development file is not next to this checkout")
def test_the_development_cases_meet_the_bars():
    assert Bars().missed(evaluate(load_cases(DEV))) == []


# --- score, tiers and lives at risk in the evaluation ------------------------------------------------


def test_roc_auc_is_the_chance_a_concern_outranks_a_non_concern_with_ties_counted_half():
    assert evaluation.roc_auc([(True, 0.9), (False, 0.1)]) == 1.0
    assert evaluation.roc_auc([(True, 0.1), (False, 0.9)]) == 0.0
    assert evaluation.roc_auc([(True, 0.5), (False, 0.5)]) == 0.5
    assert evaluation.roc_auc([(True, 0.9), (True, 0.4), (False, 0.5), (False, 0.1)]) == 0.75
    assert evaluation.roc_auc([(True, 0.9)]) is None


def test_the_report_gives_the_score_auc_and_the_lives_at_risk_raised_and_urgent():
    cases = read_cases(
        [
            '{"id": 1, "text": "kms", "concern": true, "category": "suicide", "tier": "urgent",'
            ' "life_at_risk_now": true}',
            '{"id": 2, "text": "my flat is fine", "concern": true, "category": "neglect", "tier": "review",'
            ' "life_at_risk_now": true}',
            '{"id": 3, "text": "all good", "concern": false, "category": "none", "tier": "none"}',
        ]
    )
    report = evaluate(cases)
    assert (report.life_at_risk.cases, report.life_at_risk.raised, report.life_at_risk.urgent) == (2, 1, 1)
    assert report.urgent_labelled.urgent_rate == 1.0
    text = evaluation.format_report(report)
    assert "ROC AUC of the score:" in text
    assert "Life at risk now: 2 case(s), raised 1 (50.0%), urgent 1 (50.0%)" in text


@pytest.mark.parametrize(
    "line",
    [
        '{"id": 1, "text": "hi", "concern": true, "category": "neglect", "tier": "none"}',
        '{"id": 1, "text": "hi", "concern": false, "category": "none", "tier": "soon"}',
        '{"id": 1, "text": "hi", "concern": false, "category": "none", "life_at_risk_now": true}',
    ],
)
def test_a_tier_or_life_at_risk_that_does_not_fit_the_label_is_refused(line):
    with pytest.raises(CasesError, match="line 1"):
        read_cases([line])
