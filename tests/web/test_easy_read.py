"""The disabled children's questionnaire without JavaScript: who is helping first, a picture beside every
question and face, each with a text alternative, the picture scale as worded radios, codes the same."""

from __future__ import annotations

import re

from survey_app.engine.pictures import FACES

ANSWERS = {
    "helper": "parent_carer",
    "listened_to": "happy",
    "how_you_tell": "signing",
    "say_in_plans": "sad",
    "help_when_needed": "sometimes",
    "help_feeling": "very_happy",
    "feel_safe": "yes_safe",
    "one_thing": "More time to play with my friends.",
}


def _images(html: str) -> list[str]:
    return re.findall(r"<img\b[^>]*>", html)


def test_the_questionnaire_walks_to_the_end_without_javascript_with_who_helped_stored(respondent, stored):
    page = respondent.consent("disabled-children")
    assert page.question_id == "helper"
    assert respondent.answer_all(ANSWERS) == list(ANSWERS)
    respondent.submit()
    answers = stored.answers()
    assert answers["helper"] == ("answered", "parent_carer")
    assert answers["listened_to"] == ("answered", "happy")


def test_every_picture_on_every_question_has_a_text_alternative(respondent):
    respondent.consent("disabled-children")
    seen = 0
    while respondent.page.question_id:
        images = [tag for tag in _images(respondent.page.html) if "/symbols/" in tag]
        assert images, f"no picture beside {respondent.page.question_id}"
        for tag in images:
            alt = re.search(r'alt="([^"]*)"', tag)
            assert alt and alt[1].strip(), tag
        seen += len(images)
        respondent.answer(ANSWERS[respondent.page.question_id])
    assert seen >= 8 + 3 * len(FACES)


def test_the_picture_scale_is_a_radio_group_whose_labels_are_the_words(respondent):
    respondent.consent("disabled-children")
    respondent.answer("nobody")
    html = respondent.page.html
    assert respondent.page.question_id == "listened_to"
    labels = re.findall(r'<label class="choice__label" for="[^"]+">([^<]+)</label>', html)
    assert labels == [words for _, words, _ in FACES]
    assert html.count('type="radio"') == len(FACES)
    assert 'class="choices choices--faces"' in html


def test_the_listen_button_is_hidden_until_the_script_finds_speech_and_the_script_is_a_file(respondent):
    respondent.consent("disabled-children")
    html = respondent.page.html
    assert re.search(r"<button[^>]*data-listen hidden>Listen</button>", html)
    assert re.search(r'<script src="/static/listen.js\?v=\w+" defer></script>', html)
    assert "<script>" not in html


def test_the_leaving_care_questions_carry_no_pictures_or_listen_script(respondent):
    respondent.consent()
    assert "/symbols/" not in respondent.page.html and "listen.js" not in respondent.page.html
