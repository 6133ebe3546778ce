"""Finish later on a worker's device: the young person takes their code and gives the device back, and the
visit ends there, so the next person (or the worker) finds nothing of it. On their own device, unchanged."""

from __future__ import annotations

import re

from survey_app.store.models import IN_PROGRESS

from .pages import Page, Respondent
from .test_resume import _code

GIVE_BACK = "/survey/leaving-care/give-back"
AGE_GIVEN = re.compile(r"\b23\b")  # the young person's answer; not the 23 of a phone number


def _main(page: Page) -> str:
    """The page's own content: the footer always offers a way back with a code."""
    return page.html.split("<main", 1)[1].split("</main>", 1)[0]


def _paused_on_a_workers_device(respondent: Respondent) -> tuple[str, str, Page]:
    """Set up by a worker, one answer, then Finish later: the question's address, the code, the page."""
    respondent.consent(assisted=True)
    respondent.answer("23")
    question = respondent.page.path
    later = respondent.open(respondent.page.link("Finish later"))
    return question, _code(later), later


def test_finish_later_on_a_workers_device_offers_to_give_it_back_after_the_code(respondent):
    _question, code, later = _paused_on_a_workers_device(respondent)

    main = _main(later)
    assert main.index(code) < main.index("I have my code: give the device back")
    assert "It works for 7 days after your last answer" in main  # how long the code lasts, as ever
    assert "You can close this page now" not in main  # closing would leave the visit for the next person
    form = later.post_form()
    assert form.action == GIVE_BACK and "csrf_token" in form.fields


def test_giving_the_device_back_ends_the_visit_and_the_code_still_brings_the_answers_back(
    client, respondent, new_respondent, stored
):
    question, code, _later = _paused_on_a_workers_device(respondent)

    handing_back = respondent.submit()

    assert handing_back.path == "/survey/leaving-care/hand-back"
    assert handing_back.h1 == "Please pass the device back to your worker"
    assert "Your answers so far are saved." in handing_back.html
    assert "You can carry on another time with your code." in handing_back.html
    assert code not in handing_back.html and 'class="code"' not in handing_back.html
    assert not AGE_GIVEN.search(_main(handing_back)) and "csrf_token" not in handing_back.html
    with client.session_transaction() as session:
        assert dict(session) == {}
    (run,) = stored.runs()
    assert run.assisted and run.state == IN_PROGRESS and run.resume_code_hash
    assert stored.answers() == {"age": ("answered", 23)}

    # Back, refresh, or opening the survey again on this device: nothing of the first young person.
    for address in (question, "/survey/leaving-care/later", "/survey/leaving-care/check", "/carry-on"):
        page = respondent.open(address)
        assert page.path in ("/survey/leaving-care", "/"), address
        assert code not in page.html and 'value="23"' not in page.html and page.question_id is None

    # The young person carries on elsewhere with their code, from where they were.
    elsewhere = new_respondent()
    elsewhere.open("/resume")
    resumed = elsewhere.submit({"code": code})
    assert resumed.question_id == "care_now"
    first = elsewhere.open("/s/leaving-care/1")  # Back to the question they answered
    assert first.question_id == "age" and 'value="23"' in first.html


def test_the_workers_page_after_a_pause_says_only_that_they_paused(respondent):
    _question, code, _later = _paused_on_a_workers_device(respondent)
    handing_back = respondent.submit()

    worker = respondent.open(handing_back.link("I am the worker"))

    main = _main(worker)
    assert worker.h1 == "Thank you for helping"
    assert "They paused the survey, to finish it another time." in main
    assert "They finished" not in main and "They stopped" not in main
    assert code not in worker.html and "code" not in main and not AGE_GIVEN.search(main)


def test_a_copy_of_the_devices_cookie_from_before_the_hand_back_no_longer_opens_the_visit(
    app, client, respondent
):
    question, _code_given, _later = _paused_on_a_workers_device(respondent)
    kept = client.get_cookie("session").value  # a browser, or anyone, that held on to the old cookie

    respondent.submit()

    replay = app.test_client()
    replay.set_cookie("session", kept)
    response = replay.get(question)
    assert response.status_code == 302 and response.location.endswith("/survey/leaving-care")


def test_giving_the_device_back_needs_the_pages_csrf_token(client, respondent, stored):
    question, _code_given, _later = _paused_on_a_workers_device(respondent)

    refused = client.post(GIVE_BACK, data={})

    assert refused.status_code == 400 and "This page has expired" in refused.get_data(as_text=True)
    assert respondent.open(question).question_id == "care_now"  # the visit goes on
    (run,) = stored.runs()
    assert run.state == IN_PROGRESS


def test_finish_later_on_their_own_device_is_unchanged(client, respondent, stored):
    respondent.consent()
    respondent.answer("23")
    question = respondent.page.path
    token = respondent.page.post_form().fields["csrf_token"]

    later = respondent.open(respondent.page.link("Finish later"))

    main = _main(later)
    assert "Your answers so far are saved. You can close this page now." in main
    assert "give the device back" not in main.lower() and 'method="post"' not in main
    # Sent anyway, the give-back form changes nothing on a person's own device: back to the code.
    sent = client.post(GIVE_BACK, data={"csrf_token": token})
    assert sent.status_code == 303 and sent.location.endswith("/survey/leaving-care/later")
    assert respondent.open(question).question_id == "care_now"
    (run,) = stored.runs()
    assert run.state == IN_PROGRESS and not run.assisted
