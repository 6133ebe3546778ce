"""Every text the chatbot can send, by segments and encoding (run with -s to see the report)."""

from __future__ import annotations

import pytest

from survey_app.engine.gsm import GSM7, segments
from survey_app.engine.sms_prompts import all_prompts
from survey_app.i18n import translate
from survey_app.sms import replies


def _own_messages(questionnaires) -> list[tuple[str, str]]:
    first = questionnaires[0]
    return [
        ("how-to-start", replies.how_to_start(questionnaires)),
        ("closed", replies.closed()),
        ("consent-explained", replies.consent_explained()),
        ("consent-declined", replies.consent_declined(first)),
        ("commands", replies.commands()),
        ("support", replies.support()),
        ("paused", replies.paused()),
        ("stopped", replies.stopped()),
        ("deleted", replies.deleted(12)),
        ("nothing-kept", replies.nothing_kept()),
        ("declined-answers-kept", replies.consent_declined_answers_kept()),
        ("try-again-later", replies.try_again_later()),
        *[(f"cost:{q.id}", replies.cost(q)) for q in questionnaires],
        ("welcome-back", replies.welcome_back()),
        ("text-only", replies.text_only()),
        *[(f"thanks:{q.id}", replies.thanks(q)) for q in questionnaires],
    ]


def _report(rows: list[tuple[str, str]]) -> None:
    for name, text in rows:
        count, encoding = segments(text)
        print(f"  {name:<32} {len(text):>4} chars  {count} segment{'s' if count != 1 else ' '}  {encoding}")


@pytest.fixture
def questionnaires(app):
    with app.test_request_context():
        yield list(app.extensions["questionnaires"].current.values())


def test_every_prompt_of_every_questionnaire_is_reported_by_segments_and_encoding(app, questionnaires):
    with app.test_request_context():
        for questionnaire in questionnaires:
            print(f"\n{questionnaire.id} ({questionnaire.audience})")
            _report(all_prompts(questionnaire, translate))
        print("\nthe chatbot's own messages")
        _report(_own_messages(questionnaires))
    assert {q.id for q in questionnaires} >= {"leaving-care", "leaving-care-staff"}


def test_the_young_peoples_questionnaire_fits_one_gsm7_segment_per_prompt(app, questionnaires):
    young = [q for q in questionnaires if q.audience == "young_people"]
    with app.test_request_context():
        costs = {(q.id, name): segments(text) for q in young for name, text in all_prompts(q, translate)}

    assert young
    assert {key: cost for key, cost in costs.items() if cost != (1, GSM7)} == {}


def test_the_chatbots_own_messages_each_fit_one_gsm7_segment(app, questionnaires):
    with app.test_request_context():
        costs = {name: segments(text) for name, text in _own_messages(questionnaires)}

    assert {name: cost for name, cost in costs.items() if cost != (1, GSM7)} == {}
