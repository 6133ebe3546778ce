"""The questionnaire check: unreachable questions, words, reading level, text messages, translations."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from survey_app.engine.extract import questionnaire_strings
from survey_app.engine.lint import ERROR, FLESCH_WARNING, WARNING, Problem, lint, lint_folder
from survey_app.engine.reading import reading_ease, syllables

CHOICES = [{"value": "tea", "label": "Tea"}, {"value": "coffee", "label": "Coffee"}]
PLAIN = [
    "How old are you?",
    "We ask so we can see if support is different at different ages.",
    "You can stop at any time. You can skip any question.",
    "Do you have a worker who helps you now?",
]
BUREAUCRATIC = (
    "Notwithstanding the aforementioned provisions, practitioners should ensure statutory obligations "
    "regarding pathway planning are discharged appropriately."
)


def messages(problems: list[Problem], level: str | None = None) -> list[str]:
    return [str(p) for p in problems if level in (None, p.level)]


def only(problems: list[Problem], level: str) -> Problem:
    found = [p for p in problems if p.level == level]
    assert len(found) == 1, messages(problems)
    return found[0]


def test_a_condition_on_a_value_that_is_not_a_choice_makes_its_question_unreachable(build):
    questionnaire = build(
        [
            {"id": "drink", "type": "single_choice", "text": "Which drink?", "choices": CHOICES},
            {
                "id": "milk",
                "type": "yes_no",
                "text": "Milk?",
                "show_if": {"question": "drink", "equals": "te"},
            },
        ]
    )
    problem = only(lint(questionnaire), ERROR)
    assert problem.location == ("test.yaml", questionnaire.question("milk").line, "milk")
    assert "nobody can reach this question" in problem.message
    assert "'drink' never gives 'te'" in problem.message


@pytest.mark.parametrize(
    ("target", "test", "expected"),
    [
        ({"type": "multiple_choice", "choices": CHOICES}, {"equals": "tea"}, "test it with 'includes'"),
        (
            {"type": "single_choice", "choices": CHOICES},
            {"includes": "tea"},
            "'includes' is for multiple_choice",
        ),
        ({"type": "multiple_choice", "choices": CHOICES}, {"includes": "juice"}, "has no choice 'juice'"),
        (
            {"type": "scale", "min": 1, "max": 5},
            {"at_least": 6},
            "never more than 5, so it is never at least 6",
        ),
        ({"type": "number", "min": 16, "max": 26}, {"at_most": 15}, "never less than 16"),
        ({"type": "scale", "min": 1, "max": 5}, {"equals": "3"}, "is a scale question"),
        ({"type": "scale", "min": 1, "max": 5}, {"at_least": 4, "at_most": 2}, "no number is at least 4"),
        ({"type": "yes_no"}, {"one_of": ["maybe"]}, "never gives 'maybe'"),
        ({"type": "long_text"}, {"equals": "help"}, "is a long_text question"),
        ({"type": "yes_no"}, {"at_least": 1}, "are for scale and number questions"),
    ],
)
def test_a_condition_that_can_never_be_true_is_an_error(build, target, test, expected):
    questionnaire = build(
        [
            {"id": "first", "text": "First?", **target},
            {"id": "then", "type": "yes_no", "text": "Then?", "show_if": {"question": "first", **test}},
        ]
    )
    assert expected in only(lint(questionnaire), ERROR).message


def test_a_question_that_depends_on_an_unreachable_one_is_unreachable_too(build):
    questionnaire = build(
        [
            {"id": "a", "type": "yes_no", "text": "One?"},
            {"id": "b", "type": "yes_no", "text": "Two?", "show_if": {"question": "a", "equals": "perhaps"}},
            {"id": "c", "type": "yes_no", "text": "Three?", "show_if": {"question": "b", "equals": "yes"}},
            {"id": "d", "type": "yes_no", "text": "Four?", "show_if": {"question": "b", "answered": False}},
        ]
    )
    errors = [p for p in lint(questionnaire) if p.level == ERROR]
    assert [p.question for p in errors] == ["b", "c"]
    assert "depends on 'b', which nobody can reach" in errors[1].message


def test_a_condition_with_one_impossible_branch_is_a_warning_not_an_error(build):
    questionnaire = build(
        [
            {"id": "a", "type": "single_choice", "text": "Which drink?", "choices": CHOICES},
            {"id": "b", "type": "yes_no", "text": "Two?", "show_if": {"any": [
                {"question": "a", "equals": "juice"}, {"question": "a", "equals": "tea"}]}},
            {"id": "c", "type": "yes_no", "text": "Three?",
             "show_if": {"question": "a", "one_of": ["tea", "cofee"]}},
        ]
    )  # fmt: skip
    problems = lint(questionnaire)
    assert messages(problems, ERROR) == []
    assert [p.question for p in problems] == ["b", "c"]
    assert "'a' never gives 'cofee'" in problems[1].message


def test_conditions_that_can_be_true_raise_nothing(sample):
    assert messages(lint(sample), ERROR) == []


@pytest.mark.parametrize(
    "word", ["placement", "Placements", "LAC", "unit", "absconding", "respite", "case worker"]
)
def test_words_to_avoid_are_errors_for_young_people(build, word):
    questionnaire = build([{"id": "a", "type": "yes_no", "text": f"Do you like your {word}?"}])
    assert f"'{word}'" in only(lint(questionnaire), ERROR).message


def test_words_to_avoid_are_warnings_for_staff(build):
    questionnaire = build(
        [{"id": "a", "type": "yes_no", "text": "Is the placement stable?"}], audience="staff"
    )
    assert "not 'placement'" in only(lint(questionnaire), WARNING).message


def test_contact_is_a_warning_because_it_may_mean_time_with_family(build):
    questionnaire = build([{"id": "a", "type": "yes_no", "text": "Do you have contact?"}])
    assert "time with family" in only(lint(questionnaire), WARNING).message


def test_ordinary_words_that_contain_a_word_to_avoid_are_fine(build):
    questionnaire = build([{"id": "a", "type": "yes_no", "text": "Do you lack help in your community?"}])
    assert lint(questionnaire) == []


def test_words_to_avoid_are_found_in_choice_labels_too(build):
    choices = [{"value": "home", "label": "My home"}, {"value": "unit", "label": "A unit"}]
    questionnaire = build([{"id": "a", "type": "single_choice", "text": "Where?", "choices": choices}])
    assert only(lint(questionnaire), ERROR).question == "a"


def test_plain_sentences_score_easy_and_a_bureaucratic_one_scores_hard():
    assert all(reading_ease(text) >= FLESCH_WARNING for text in PLAIN)
    assert reading_ease(BUREAUCRATIC) < 0


def test_syllables_are_counted_well_enough_for_plain_and_long_words():
    counts = {"you": 1, "home": 1, "little": 2, "something": 2, "worried": 2, "houses": 2, "safety": 2,
              "continuing": 4, "obligations": 4, "appropriately": 5}  # fmt: skip
    assert {word: syllables(word) for word in counts} == counts


def test_a_bureaucratic_question_for_young_people_fails_the_check(build):
    questionnaire = build([{"id": "a", "type": "long_text", "text": BUREAUCRATIC, "sms": "Plan?"}])
    errors = messages(lint(questionnaire), ERROR)
    assert len(errors) == 1
    assert "hard to read" in errors[0]


def test_a_sentence_over_fifteen_words_is_a_warning_for_young_people(build):
    text = "We would like you to tell us about all of the people who helped you when you moved on."
    problem = only(lint(build([{"id": "a", "type": "long_text", "text": text}])), WARNING)
    assert "19 words in one sentence" in problem.message


def test_reading_level_is_not_checked_for_staff(build):
    questionnaire = build(
        [{"id": "a", "type": "long_text", "text": BUREAUCRATIC, "sms": "Plan?"}], audience="staff"
    )
    assert lint(questionnaire) == []


def test_a_text_message_over_one_segment_is_an_error_for_young_people(build):
    choices = [{"value": f"c{n}", "label": f"A rather long choice label number {n}"} for n in range(6)]
    questionnaire = build([{"id": "a", "type": "single_choice", "text": "Which one?", "choices": choices}])
    problem = only(lint(questionnaire), ERROR)
    assert "2 segments" in problem.message and "shorter 'sms' wording" in problem.message


def test_a_text_message_over_one_segment_is_a_warning_for_staff(build):
    choices = [{"value": f"c{n}", "label": f"A rather long choice label number {n}"} for n in range(6)]
    questionnaire = build(
        [{"id": "a", "type": "single_choice", "text": "Which one?", "choices": choices}], audience="staff"
    )
    assert "2 segments" in only(lint(questionnaire), WARNING).message


def test_a_character_outside_gsm7_in_a_text_message_is_an_error(build):
    questionnaire = build([{"id": "a", "type": "yes_no", "text": "Are you OK? \U0001f642"}])
    problem = only(lint(questionnaire), ERROR)
    assert "not GSM-7" in problem.message


def test_curly_quotes_are_fixed_when_rendering_so_they_are_not_reported(build):
    questionnaire = build([{"id": "a", "type": "yes_no", "text": "Is it \u201cyour\u201d home?"}])
    assert lint(questionnaire) == []


def test_a_long_consent_step_is_pointed_at_its_line(write_questionnaire, tmp_path):
    long_text = "You can stop at any time. " * 7 + "Is that OK?"
    write_questionnaire(consent=[{"id": "ok", "text": long_text}])
    _, problems = lint_folder(tmp_path)
    problem = only(problems, ERROR)
    assert problem.line == 8
    assert "segments" in problem.message


def test_a_listed_language_without_a_catalogue_is_an_error(write_questionnaire, tmp_path):
    write_questionnaire(languages=["en", "pl"])
    _, problems = lint_folder(tmp_path, translations=tmp_path / "translations")
    assert "'pl' is listed but there is no catalogue" in only(problems, ERROR).message


def test_a_listed_language_missing_some_questionnaire_texts_is_an_error(write_questionnaire, tmp_path, build):
    strings = questionnaire_strings(build(languages=["en", "pl"]))
    folder = tmp_path / "translations" / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog = Catalog(locale="pl")
    for text in strings[1:]:
        catalog.add(text, string=f"PL {text}")
    with (folder / "messages.po").open("wb") as file:
        write_po(file, catalog)
    _, problems = lint_folder(tmp_path, translations=tmp_path / "translations")
    assert f"1 of {len(strings)} texts have no 'pl' translation" in only(problems, ERROR).message
    catalog.add(strings[0], string="PL", flags=["fuzzy"])
    with (folder / "messages.po").open("wb") as file:
        write_po(file, catalog)
    _, problems = lint_folder(tmp_path, translations=tmp_path / "translations")
    assert "1 of" in only(problems, ERROR).message, "a fuzzy guess is not a translation"
    catalog[strings[0]].flags.discard("fuzzy")
    with (folder / "messages.po").open("wb") as file:
        write_po(file, catalog)
    assert lint_folder(tmp_path, translations=tmp_path / "translations")[1] == []


def test_a_catalogue_the_questionnaire_does_not_list_yet_is_a_warning_with_its_gaps(
    write_questionnaire, tmp_path, build
):
    strings = questionnaire_strings(build())
    folder = tmp_path / "translations" / "uk" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as file:
        write_po(file, Catalog(locale="uk"))
    write_questionnaire()
    _, problems = lint_folder(tmp_path, translations=tmp_path / "translations")
    assert f"'uk' {len(strings)}" in only(problems, WARNING).message


def test_a_keyword_the_sms_service_acts_on_is_refused(build):
    assert "choose another" in only(lint(build(sms_keyword="HELP")), ERROR).message


def test_destroying_data_before_the_questionnaire_closes_is_an_error(build):
    questionnaire = build(closes=dt.date(2030, 3, 1), destroy_after=dt.date(2030, 1, 1))
    assert "before the questionnaire closes" in only(lint(questionnaire), ERROR).message


def test_a_personal_question_without_a_reason_is_a_warning_for_young_people(build):
    questionnaire = build([{"id": "age", "type": "number", "text": "How old are you?", "identifies": "age"}])
    assert "say why we ask" in only(lint(questionnaire), WARNING).message


def test_a_file_that_does_not_load_is_an_error_with_its_file_and_line(
    write_text, write_questionnaire, tmp_path
):
    write_questionnaire(name="good.yaml")
    write_text("id: broken\nversion: '1'\ncolour: red\n", name="broken.yaml")
    questionnaires, problems = lint_folder(tmp_path)
    assert list(questionnaires) == ["test"]
    problem = only(problems, ERROR)
    assert (problem.file, problem.line) == ("broken.yaml", 3)
    assert str(problem).startswith("broken.yaml:3: error: unknown field 'colour'")


def test_two_questionnaires_with_one_keyword_are_an_error(write_questionnaire, tmp_path):
    write_questionnaire(name="a.yaml", id="a", sms_keyword="TEA")
    write_questionnaire(name="b.yaml", id="b", sms_keyword="TEA")
    problem = only(lint_folder(tmp_path)[1], ERROR)
    assert problem.file == "b.yaml"
    assert "'TEA' is also used by a.yaml" in problem.message


def test_a_problem_reads_as_file_line_level_and_message():
    problem = Problem(ERROR, "a.yaml", 12, "age", "too long")
    assert str(problem) == "a.yaml:12: error: question 'age': too long"
    assert str(Problem(WARNING, "a.yaml", None, None, "odd")) == "a.yaml: warning: odd"


def test_an_easy_read_questionnaire_is_held_to_shorter_sentences_than_others(build):
    eleven = "Do you get the help you need from the grown-ups near you?"
    plain = lint(build([{"id": "help", "type": "yes_no", "text": eleven}]))
    easy = lint(build([{"id": "help", "type": "yes_no", "text": eleven}], easy_read=True))
    assert not [p for p in plain if "words in one sentence" in p.message]
    assert "keep to 10" in only(easy, WARNING).message


def test_a_keyword_that_would_read_as_a_language_choice_is_refused(build):
    assert "chooses a language" in only(lint(build(sms_keyword="POLSKI")), ERROR).message


@pytest.mark.parametrize(
    "text", ["What do you drink? Choose all that fit.", "What do you drink? Tick all that apply"]
)
def test_a_multiple_choice_question_that_says_choose_all_is_warned_the_page_already_says_it(build, text):
    questionnaire = build(
        [{"id": "a", "type": "multiple_choice", "text": text, "choices": CHOICES}], audience="staff"
    )
    assert "Choose all that apply." in only(lint(questionnaire), WARNING).message
