"""Pausing and coming back safely: guessing codes is limited, errors come back by GET, idle visits end."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from survey_app.web import visit

from .pages import QUESTION_PATH, SKIP, Respondent
from .test_resume import _code, _started

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _guesser(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    token = TOKEN.search(client.get("/resume").get_data(as_text=True))[1]
    return client, token


def test_a_thousand_wrong_codes_from_one_client_are_refused_after_the_limit_and_told_when_to_retry(
    app, respondent
):
    code = _started(respondent)
    guesser, token = _guesser(app, "203.0.113.9")

    statuses = []
    for attempt in range(1000):
        response = guesser.post(
            "/resume", data={"csrf_token": token, "code": f"AAAA-AAAA-{attempt:02d}"[:12]}
        )
        statuses.append(response.status_code)
    refused = guesser.post("/resume", data={"csrf_token": token, "code": code})

    assert statuses[:10] == [200] * 10 and set(statuses[10:]) == {429}
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    page = refused.get_data(as_text=True)
    assert "You have tried too many codes" in page and re.search(r"for \d+ minutes", page)

    owner, owner_token = _guesser(app, "198.51.100.7")
    back = owner.post("/resume", data={"csrf_token": owner_token, "code": code})
    assert back.status_code == 303 and QUESTION_PATH.match(back.location)


@pytest.mark.parametrize("proxy", ["127.0.0.1", "10.0.0.5"], ids=["this machine", "private network"])
def test_behind_the_proxy_one_guesser_does_not_lock_everyone_else_out(app, respondent, proxy):
    """Every request reaches the app from the TLS proxy's address: keyed on that, the first ten wrong codes
    from anybody would have refused every young person's code for the rest of the hour. Each young person
    keeps their own tries whether the proxy is on this machine or on the private network."""
    code = _started(respondent)
    guesser, token = _guesser(app, proxy)
    guesser.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.9"
    for attempt in range(11):
        guesser.post("/resume", data={"csrf_token": token, "code": f"AAAA-AAAA-{attempt:02d}"})
    assert guesser.post("/resume", data={"csrf_token": token, "code": code}).status_code == 429

    owner, owner_token = _guesser(app, proxy)
    owner.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.7"
    back = owner.post("/resume", data={"csrf_token": owner_token, "code": code})
    assert back.status_code == 303 and QUESTION_PATH.match(back.location)


def test_a_guesser_reaching_the_app_directly_cannot_forge_a_new_address_for_each_try(app, respondent):
    """Without a proxy in front (or round it), X-Forwarded-For is whatever the guesser writes: one new
    address a try would have met no limit. From a peer that is not a trusted proxy it counts for nothing."""
    code = _started(respondent)
    guesser, token = _guesser(app, "203.0.113.9")
    for attempt in range(11):
        guesser.environ_base["HTTP_X_FORWARDED_FOR"] = f"198.51.100.{attempt}"
        guesser.post("/resume", data={"csrf_token": token, "code": f"AAAA-AAAA-{attempt:02d}"})

    guesser.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.200"
    assert guesser.post("/resume", data={"csrf_token": token, "code": code}).status_code == 429


def test_the_client_address_is_never_the_limit_key(app):
    with app.test_request_context("/resume", environ_base={"REMOTE_ADDR": "203.0.113.9"}):
        from survey_app.web.attempts import client_key

        assert "203.0.113.9" not in client_key() and len(client_key()) == 32


def test_an_invalid_answer_redirects_to_a_get_that_shows_the_value_and_the_error_once(
    client, respondent, stored
):
    page = respondent.consent()
    form = page.post_form()

    sent = client.post(form.action, data=dict(form.fields) | {"action": "continue", "answer": "lots"})

    assert sent.status_code == 303 and sent.location == form.action
    shown = client.get(sent.location).get_data(as_text=True)
    assert 'value="lots"' in shown and "There is a problem" in shown
    again = client.get(sent.location).get_data(as_text=True)  # a refresh: the error was for that one view
    assert 'value="lots"' not in again and "There is a problem" not in again
    assert stored.answer_rows() == []


def test_a_visit_idle_past_the_limit_ends_and_shows_nothing_of_the_answers(
    app, client, respondent, monkeypatch
):
    respondent.consent()
    respondent.answer("23")
    step = respondent.page.path
    later = visit.clock() + app.config["VISIT_IDLE_MINUTES"] * 60 + 1
    monkeypatch.setattr(visit, "clock", lambda: later)

    page = respondent.open("/s/leaving-care/1")

    assert page.path == "/survey/leaving-care" and 'value="23"' not in page.html
    assert respondent.open(step).path == "/survey/leaving-care"
    with client.session_transaction() as session:
        assert "run" not in session and "code" not in session


def test_a_visit_used_within_the_limit_carries_on(app, respondent, monkeypatch):
    respondent.consent()
    respondent.answer("23")
    soon = visit.clock() + app.config["VISIT_IDLE_MINUTES"] * 60 - 5
    monkeypatch.setattr(visit, "clock", lambda: soon)

    assert respondent.open("/s/leaving-care/1").question_id == "age"


def test_i_am_still_here_starts_the_visits_clock_again_and_says_so_once_it_has_ended(
    app, client, respondent, monkeypatch
):
    respondent.consent()
    limit = app.config["VISIT_IDLE_MINUTES"] * 60
    now = visit.clock()
    monkeypatch.setattr(visit, "clock", lambda: now + limit - 5)
    assert client.get("/still-here").status_code == 204

    monkeypatch.setattr(visit, "clock", lambda: now + 2 * limit - 10)  # long after the page, not "here"
    assert respondent.open("/s/leaving-care/1").question_id == "age"

    monkeypatch.setattr(visit, "clock", lambda: now + 3 * limit)
    reply = client.get("/still-here")
    assert reply.status_code == 410 and reply.get_data() == b""


def test_finish_later_shows_the_code_how_long_it_lasts_and_goes_back_to_the_same_question(respondent):
    code = _started(respondent)
    question = respondent.page.path

    later = respondent.open(respondent.page.link("Finish later"))

    assert code in later.html and "7 days" in later.html and "says nothing about who you are" in later.html
    assert respondent.open(later.link("Back to the questions")).path == question


def test_stop_says_the_code_stops_working_before_the_choice_is_made(respondent):
    respondent.consent()
    page = respondent.open(respondent.page.link("Stop"))

    assert "Your code will stop working, whichever you choose" in page.html
    assert "finish later with a code" in page.html


def test_on_a_workers_device_the_code_is_shown_only_when_asked_for(app, respondent):
    respondent.consent(assisted=True)
    assert _code_or_none(respondent) is None

    later = respondent.open(respondent.page.link("Finish later"))
    assert re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}", later.html)


def _code_or_none(respondent: Respondent):
    try:
        return _code(respondent.page)
    except AttributeError:
        return None


def test_the_home_page_lists_young_peoples_questionnaires_and_staff_ones_have_their_own_link(respondent):
    home = respondent.open("/")

    assert "/survey/leaving-care" in [href for _label, href in home.links]
    assert "/survey/leaving-care-staff" not in [href for _label, href in home.links]
    assert respondent.open("/survey/leaving-care-staff").status == 200


def test_consent_is_one_screen_after_the_information_sheet_which_names_who_contact_privacy_and_use(
    respondent,
):
    respondent.open("/survey/leaving-care")
    information = respondent.submit({})
    assert "Care Review Team" in information.html and "review-team@example.org" in information.html
    assert "https://review.example.org/privacy" in information.html and "report" in information.html

    consent = respondent.open(information.link("Continue"))
    assert consent.h1 == "Do you want to take part?"
    assert respondent.submit({"answer": "yes"}).path.endswith("/before-you-start")


def test_a_workers_device_is_handed_over_before_the_information_sheet_so_the_young_person_consents(
    respondent, stored
):
    respondent.open("/survey/leaving-care")
    handed = respondent.submit({"assisted": "yes"})  # the worker ticks "I am helping someone" and starts

    # The young person, not the worker, must read the information sheet and say yes.
    assert handed.path.endswith("/hand-over") and handed.h1 == "Please pass the device to the young person"
    assert "csrf_token" not in handed.html and stored.runs() == []
    information = respondent.open(handed.link("I am the young person"))
    assert information.path.endswith("/information")
    respondent.open(information.link("Continue"))
    assert respondent.submit({"answer": "yes"}).path.endswith("/before-you-start")
    first = respondent.submit()
    assert first.question_id == "age"
    (run,) = stored.runs()
    assert run.assisted
    respondent.answer_all(defaultdict(lambda: SKIP))
    handing_back = respondent.submit()
    assert handing_back.h1 == "Please pass the device back to your worker"
    assert respondent.open(handing_back.link("I am the worker")).h1 == "Thank you for helping"


def test_the_pages_the_limiter_skips_have_no_limit_it_could_have_counted(app):
    from flask_limiter.util import get_qualified_name

    from survey_app.web import attempts

    manager = attempts.limiter.limit_manager
    assert manager.default_limits == [] and manager.application_limits == []
    assert not attempts.limiter._meta_limits  # the skipped pages never reach the limiter's meta limits
    for endpoint in attempts.NOTHING_TO_COUNT:
        view = app.view_functions[endpoint]
        assert manager.decorated_limits(get_qualified_name(view)) == []
        assert manager.blueprint_limits(app, endpoint.split(".")[0]) == []


def test_a_handed_over_device_left_before_consent_ends_the_visit_as_the_hand_over_page_says(
    app, client, respondent, monkeypatch
):
    respondent.open("/survey/leaving-care?area=NE-12")
    handed = respondent.submit({"assisted": "yes"})
    assert f"after {int(app.config['VISIT_IDLE_MINUTES'])} minutes" in handed.html
    later = visit.clock() + app.config["VISIT_IDLE_MINUTES"] * 60 + 1
    monkeypatch.setattr(visit, "clock", lambda: later)

    # The next person to pick the device up starts afresh: not in someone else's half-set-up visit.
    assert respondent.open(handed.link("I am the young person")).path == "/survey/leaving-care"
    with client.session_transaction() as session:
        assert "start" not in session


@pytest.mark.parametrize("stop", [None, "keep", "delete"])
def test_the_workers_page_does_not_offer_a_code_to_carry_on_after_the_visit_ended(respondent, stop):
    respondent.consent(assisted=True)
    if stop is None:
        respondent.answer_all(defaultdict(lambda: SKIP))
        handing_back = respondent.submit()
    else:
        respondent.open(respondent.page.link("Stop"))
        handing_back = respondent.submit({"answers": stop})

    worker = respondent.open(handing_back.link("I am the worker"))

    main = worker.html.split("<main", 1)[1].split("</main>", 1)[0]  # the footer always offers a code
    assert "carry on another time" not in main and "code" not in main
    said = "They finished the survey." if stop is None else "They stopped before the end."
    assert said in main
