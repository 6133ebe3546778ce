"""The self-evaluation file loads with the engine's own loader, and stays out of the young people's pages."""

from __future__ import annotations

import pytest

from survey_app.engine import QuestionnaireError, parse_questionnaire
from survey_app.engine.answers import InvalidAnswer, parse_values, word_count
from survey_app.engine.questionnaire import EVALUATION_SCALE

MINIMAL = """
id: se
version: "1"
kind: {kind}
audience: partners
title: T
summary: S
information_sheet: Info.
consent: [{{id: ok, text: Agreed}}]
sections:
  - id: one
    title: One
    guidance: Say how.
    exemplar: Like this.
    illustration: {illustration}
    questions:
      - {{id: account, type: long_text, text: "How is it done", max_words: {words}}}
      - {{id: rating, type: evaluation, text: Rate it}}
      - {{id: proof, type: evidence, text: Evidence}}
"""


def _load(kind="self-evaluation", illustration="[One point, Another]", words=3):
    return parse_questionnaire(MINIMAL.format(kind=kind, illustration=illustration, words=words), "se.yaml")


def test_a_self_evaluation_has_its_kind_section_guidance_and_the_six_point_scale():
    questionnaire = _load()
    section = questionnaire.sections[0]
    assert questionnaire.kind == "self-evaluation" and questionnaire.audience == "partners"
    assert (section.guidance, section.exemplar, section.illustration) == (
        "Say how.",
        "Like this.",
        ("One point", "Another"),
    )
    assert [q.type for q in questionnaire.questions] == ["long_text", "evaluation", "evidence"]
    assert EVALUATION_SCALE == ("excellent", "very_good", "good", "adequate", "weak", "unsatisfactory")


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"kind": "census"}, "kind must be one of"),
        ({"illustration": "[[1]]"}, "illustration must be a list"),
        ({"words": 0}, "max_words is a positive number"),
    ],
)
def test_a_broken_self_evaluation_file_says_what_is_wrong(change, problem):
    with pytest.raises(QuestionnaireError, match=problem):
        _load(**change)


def test_long_text_keeps_to_its_word_limit_and_an_evaluation_to_the_scale():
    questionnaire = _load()
    account, rating = questionnaire.question("account"), questionnaire.question("rating")
    assert parse_values(account, ["one two three"]).value == "one two three"
    with pytest.raises(InvalidAnswer):
        parse_values(account, ["one two three four"])
    assert parse_values(rating, ["very_good"]).value == "very_good"
    with pytest.raises(InvalidAnswer):
        parse_values(rating, ["brilliant"])
    assert word_count("Multi-agency work isn't 1 thing") == 5


def test_the_qi_6_4_file_loads_and_no_young_peoples_page_or_text_message_lists_it(app, client):
    questionnaire = app.extensions["partner_questionnaire"]
    assert questionnaire.id == "qi-6-4-justice" and questionnaire.kind == "self-evaluation"
    assert questionnaire.closes is not None and all(s.guidance for s in questionnaire.sections)
    registry = app.extensions["questionnaires"]
    assert registry.get("qi-6-4-justice") is None
    assert all(q.audience != "partners" for q in registry.current.values())
    assert questionnaire.title not in client.get("/").get_data(as_text=True)
