"""Choosing a language by text: "CARE PL" asks in Polish and the run records it; a language the questionnaire
does not offer yet is ignored, so nobody gets half a translation."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from survey_app.engine.answer_types.yes_no import REPLY_YES_NO
from survey_app.engine.gsm import to_gsm_friendly
from survey_app.sms_languages import split
from survey_app.translations_cli import read_catalogue

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


@pytest.fixture
def offers_polish(app):
    questionnaires = app.extensions["questionnaires"].current
    leaving = questionnaires["leaving-care"]
    questionnaires["leaving-care"] = dataclasses.replace(leaving, languages=("en", "pl"))
    return questionnaires["leaving-care"]


def _polish(text: str) -> str:
    message = read_catalogue(TRANSLATIONS, "pl").get(text)
    assert message is not None and message.string, f"no Polish for {text!r}"
    return message.string


def test_care_pl_starts_in_polish_and_the_run_records_polish(phone, stored, offers_polish):
    intro, *_ = phone.send("CARE PL")
    assert intro == to_gsm_friendly(_polish(offers_polish.sms_intro))
    assert [c.language for c in stored.conversations()] == ["pl"]
    for _ in offers_polish.consent:
        last = phone.send("YES")
    [run] = stored.runs()
    assert run.language == "pl"
    assert _polish(offers_polish.questions[0].sms_text) in last[0]


def test_a_language_the_questionnaire_does_not_offer_is_ignored(phone, stored, offers_polish):
    intro, *_ = phone.send("care ar")
    assert intro.startswith("Hi. This is the leaving care survey.")
    assert [c.language for c in stored.conversations()] == ["en"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("care pl", ("care", "pl")),
        ("care polski", ("care", "pl")),
        ("care українська", ("care", "uk")),
        ("care العربية", ("care", "ar")),
        ("care", ("care", None)),
        ("pl", ("pl", None)),
        ("i care a lot", ("i care a lot", None)),
    ],
)
def test_the_language_word_is_the_last_word_after_the_keyword(text, expected):
    assert split(text) == expected


def test_the_questions_after_consent_are_asked_in_polish_too(phone, stored, offers_polish):
    phone.send("CARE PL")
    for _ in offers_polish.consent:
        phone.send("YES")
    first, second = offers_polish.questions[0], offers_polish.questions[1]
    assert first.id == "age"

    reply = phone.send("19")

    assert _polish(second.sms_text) in reply[0]


def test_every_consent_step_is_asked_in_polish(phone, offers_polish):
    phone.send("CARE PL")

    for step in offers_polish.consent[1:]:
        [reply] = phone.send("YES")
        assert reply == to_gsm_friendly(f"{_polish(step.sms or step.text)}\n{_polish(REPLY_YES_NO)}")
