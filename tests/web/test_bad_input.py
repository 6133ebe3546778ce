"""Whatever arrives in a form, the person gets a clear message and the service never answers with a 500."""

from __future__ import annotations

import pytest


@pytest.fixture
def at_question(respondent):
    """A respondent on the first question (age, a number), and a way to jump to a given question."""
    respondent.consent()
    return respondent


def _walk_to(respondent, question: str) -> None:
    answers = {
        "age": "18",
        "care_now": "in_care",
        "feels_like_home": "3",
        "had_a_say": "3",
        "feeling": "3",
        "health_help": "sometimes",
        "doing_now": ["none"],
        "enough_money": "always",
        "has_worker": "no",
        "rights_respected": "yes",
    }
    for _ in range(20):
        if respondent.page.question_id == question:
            return
        respondent.answer(answers[respondent.page.question_id])
    raise AssertionError(f"never reached {question}")


def test_an_empty_answer_shows_an_error_summary_that_links_to_the_field(at_question, stored):
    page = at_question.submit({"action": "continue", "answer": ""})

    assert page.status == 200 and page.question_id == "age"
    assert page.title.startswith("Error: How old are you?")
    assert '<a href="#answer">Enter a number, or skip this question.</a>' in page.html
    main = page.html[page.html.index("<main") :]
    assert main[main.index(">") + 1 :].lstrip().startswith('<div class="error-summary"')
    assert 'id="answer-error"' in page.html and 'aria-invalid="true"' in page.html
    assert stored.answer_rows() == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("seven", "Enter a number, like 16."),  # an example from its range, 16 to 26
        ("99", "Enter a number from 16 to 26."),
        ("=1+1", "Enter a number"),
    ],
)
def test_a_number_that_is_not_a_number_in_range_is_explained_and_kept_on_the_page(
    at_question, typed, message
):
    page = at_question.answer(typed)

    assert message in page.html
    assert f'value="{typed}"' in page.html.replace("&#43;", "+").replace("&#61;", "=")


def test_an_invalid_choice_value_is_refused_with_a_message(at_question, stored):
    at_question.answer("19")

    page = at_question.answer("not-a-choice")

    assert page.question_id == "care_now" and "Choose one answer." in page.html
    assert "care_now" not in stored.answers()


def test_none_of_these_with_another_choice_is_refused(at_question):
    _walk_to(at_question, "doing_now")

    page = at_question.answer(["paid_work", "none"])

    assert "None of these right now" in page.html and "Choose one or the other" in page.html
    assert 'class="choices__divider"' in page.html


def test_text_over_the_limit_says_how_long_it_is_and_the_limit(at_question):
    _walk_to(at_question, "one_change")

    page = at_question.answer("a" * 2500)

    assert "Your answer is 2500 characters. Keep it to 2000 or fewer." in page.html
    assert "You can write up to 2,000 characters." in page.html


def test_a_huge_form_gets_a_friendly_page_not_a_server_error(client, at_question):
    form = at_question.page.post_form()

    response = client.post(form.action, data=dict(form.fields) | {"answer": "x" * 400_000})

    assert response.status_code == 413
    assert "too long" in response.get_data(as_text=True)


def test_script_tags_and_formula_text_are_stored_as_text_and_shown_escaped(at_question, stored):
    _walk_to(at_question, "one_change")
    words = '<script>alert("x")</script> =HYPERLINK("http://example.org")'

    at_question.answer(words)

    assert stored.answers()["one_change"] == ("answered", words)
    at_question.answer_all({"gender": "girl_woman", "feeling_unsafe": "no"})
    assert "<script>alert" not in at_question.page.html
    assert "&lt;script&gt;alert" in at_question.page.html


def test_invisible_and_direction_changing_characters_are_removed_and_emoji_kept(at_question, stored):
    _walk_to(at_question, "one_change")

    at_question.answer("\u202eabc\u200b def \U0001f600\x00")

    assert stored.answers()["one_change"] == ("answered", "abc def \U0001f600")


def test_a_forged_question_id_goes_to_the_current_question(client, at_question, stored):
    form = at_question.page.post_form()

    for forged in ("0", "5", "999", "-1", "age", "../../admin"):
        response = client.post(f"/s/leaving-care/{forged}", data=dict(form.fields) | {"answer": "x"})
        assert response.status_code in (303, 404)
    assert stored.answer_rows() == []
    assert at_question.open("/s/leaving-care/5").question_id == "age"


def test_a_missing_csrf_token_shows_a_page_expired_page(client, at_question, stored):
    response = client.post("/s/leaving-care/1", data={"action": "continue", "answer": "19"})

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This page has expired" in html and 'href="/s/leaving-care/1"' in html
    assert stored.answer_rows() == []


def test_an_unknown_page_and_an_unknown_questionnaire_are_plain_not_found_pages(client):
    for url in ("/nothing-here", "/survey/no-such-survey"):
        response = client.get(url)
        assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)
        # It names what was tried, so a shared device's browser must not keep it either.
        assert response.headers["Cache-Control"] == "no-store"


def test_skip_and_prefer_not_to_say_work_on_every_question_type(at_question, stored):
    for action in ("skip", "prefer_not", "skip", "prefer_not"):
        at_question.submit({"action": action, "answer": "ignored"})

    statuses = {q: status for q, (status, _value) in stored.answers().items()}
    assert statuses == {
        "age": "skipped",
        "care_now": "prefer_not_to_say",
        "feels_like_home": "skipped",
        "had_a_say": "prefer_not_to_say",
    }
