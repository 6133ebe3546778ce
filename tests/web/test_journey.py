"""The whole leaving-care journey through the Flask test client: no JavaScript, forms and redirects only."""

from __future__ import annotations

import threading

from survey_app.store.models import COMPLETED, DELETED, STOPPED

from .pages import PREFER_NOT, SKIP

MOVED_ON = {
    "age": "19",
    "care_now": "moved_on",
    "where_live": "own_place",
    "feels_like_home": "4",
    "ready_to_move": "too_soon",
    "had_a_say": "2",
    "more_say": "Being asked before a move,\nnot after.",
    "feeling": PREFER_NOT,
    "health_help": "sometimes",
    "doing_now": ["training", "paid_work"],
    "enough_money": "mostly",
    "aftercare": "yes",
    "has_worker": "yes",
    "worker_helps": "5",
    "rights_respected": "not_really",
    "rights_story": "I was moved without being told.",
    "one_change": "More help with money \U0001f4b8",
    "gender": "another_way",
    "gender_own_words": "my own words",
    "feeling_unsafe": SKIP,
}

STORED = {
    "age": ("answered", 19),
    "care_now": ("answered", "moved_on"),
    "where_live": ("answered", "own_place"),
    "feels_like_home": ("answered", 4),
    "ready_to_move": ("answered", "too_soon"),
    "had_a_say": ("answered", 2),
    "more_say": ("answered", "Being asked before a move,\nnot after."),
    "feeling": ("prefer_not_to_say", None),
    "health_help": ("answered", "sometimes"),
    "doing_now": ("answered", ["training", "paid_work"]),
    "enough_money": ("answered", "mostly"),
    "aftercare": ("answered", "yes"),
    "has_worker": ("answered", "yes"),
    "worker_helps": ("answered", 5),
    "rights_respected": ("answered", "not_really"),
    "rights_story": ("answered", "I was moved without being told."),
    "one_change": ("answered", "More help with money \U0001f4b8"),
    "gender": ("answered", "another_way"),
    "gender_own_words": ("answered", "my own words"),
    "feeling_unsafe": ("skipped", None),
}


def test_complete_leaving_care_journey_without_javascript_stores_exactly_the_answers_given(
    respondent, stored
):
    respondent.consent(area="ne-12")

    asked = respondent.answer_all(MOVED_ON)
    assert asked == list(MOVED_ON)
    respondent.submit()

    assert respondent.page.path == "/survey/leaving-care/thank-you"
    (run,) = stored.runs()
    assert (run.state, run.channel, run.distribution, run.assisted) == (COMPLETED, "web", "NE-12", False)
    assert stored.answers(run) == STORED


def test_still_in_care_branch_asks_only_the_questions_on_that_path(respondent, stored):
    answers = MOVED_ON | {"care_now": "in_care", "had_a_say": "4", "rights_respected": "yes", "gender": SKIP}
    respondent.consent()

    asked = respondent.answer_all(answers)

    left_out = {"where_live", "ready_to_move", "more_say", "aftercare", "rights_story", "gender_own_words"}
    assert asked == [q for q in MOVED_ON if q not in left_out]
    respondent.submit()
    assert set(stored.answers()) == set(asked)


def test_check_answers_lists_every_answer_in_words(respondent):
    respondent.consent()
    respondent.answer_all(MOVED_ON)

    html = respondent.page.html
    for words in (
        "I have moved on from care",
        "4 out of 5",
        "Training or an apprenticeship",
        "Paid work",
        "Prefer not to say",
        "Skipped",
        "my own words",
    ):
        assert words in html


def test_changing_a_branching_answer_from_check_answers_drops_the_old_branch(respondent, stored):
    respondent.consent()
    respondent.answer_all(MOVED_ON)

    respondent.open_change("care_now")
    respondent.answer("in_care")
    assert respondent.page.path == "/survey/leaving-care/check"
    assert "My own flat or house" not in respondent.page.html
    respondent.submit()

    answers = stored.answers()
    assert answers["care_now"] == ("answered", "in_care")
    assert not {"where_live", "ready_to_move", "aftercare"} & set(answers)


def test_a_change_that_opens_a_new_question_asks_it_before_returning_to_check(respondent, stored):
    respondent.consent()
    respondent.answer_all(MOVED_ON | {"had_a_say": "4"})

    respondent.open_change("had_a_say")
    respondent.answer("1")
    assert respondent.page.question_id == "more_say"
    respondent.answer("Nobody asked me.")

    assert respondent.page.path == "/survey/leaving-care/check"
    assert stored.answers()["more_say"] == ("answered", "Nobody asked me.")


def test_back_goes_to_the_previous_question_with_the_answer_filled_in(respondent):
    respondent.consent()
    respondent.answer("19")
    assert respondent.page.question_id == "care_now"

    respondent.open(respondent.page.link("Back"))

    assert respondent.page.question_id == "age"
    assert 'value="19"' in respondent.page.html


def test_declining_consent_stores_nothing_and_leaves_nothing_in_the_session(client, respondent, stored):
    respondent.open("/survey/leaving-care?area=NE-12")
    respondent.submit({"assisted": "yes"})
    respondent.open(respondent.page.link("I am the young person"))  # a worker's device: handed over first
    respondent.open(respondent.page.link("Continue"))

    respondent.submit({"answer": "no"})  # consent is one screen

    assert respondent.page.path == "/survey/leaving-care/no-thanks"
    assert "not kept anything" in respondent.page.html
    assert stored.runs() == [] and stored.answer_rows() == []
    with client.session_transaction() as session:
        assert dict(session) == {}


def test_nothing_is_stored_before_the_last_consent_step(respondent, stored):
    respondent.open("/survey/leaving-care")
    respondent.submit()
    respondent.open(respondent.page.link("Continue"))
    while "/agree/" in respondent.page.path:
        respondent.submit({"answer": "yes"})

    assert respondent.page.path.endswith("/before-you-start")
    assert stored.runs() == []


def test_consent_pages_cannot_be_skipped(respondent, stored):
    respondent.open("/survey/leaving-care")
    respondent.submit()

    respondent.open("/survey/leaving-care/before-you-start")

    assert respondent.page.path == "/survey/leaving-care/information"
    assert stored.runs() == []


def test_stop_and_delete_leaves_no_answer_of_that_run(client, respondent, stored):
    respondent.consent()
    respondent.answer("19")
    respondent.answer("moved_on")
    respondent.open(respondent.page.link("Stop"))

    respondent.submit({"answers": "delete"})

    assert respondent.page.path == "/survey/leaving-care/stopped"
    assert "deleted all the answers" in respondent.page.html
    (run,) = stored.runs()
    assert run.state == DELETED and stored.answers(run) == {}
    with client.session_transaction() as session:
        assert dict(session) == {}


def test_stop_and_keep_keeps_the_answers_and_ends_the_run(respondent, stored):
    respondent.consent()
    respondent.answer("19")
    respondent.open(respondent.page.link("Stop"))

    respondent.submit({"answers": "keep"})

    (run,) = stored.runs()
    assert run.state == STOPPED and stored.answers(run) == {"age": ("answered", 19)}
    respondent.open("/s/leaving-care/2")
    assert respondent.page.path == "/survey/leaving-care"


def test_stop_without_a_choice_says_what_to_do(respondent, stored):
    respondent.consent()
    respondent.open(respondent.page.link("Stop"))

    page = respondent.submit({})

    assert page.title.startswith("Error: Stop the survey")
    assert "Choose whether to keep or delete your answers" in page.html
    assert stored.runs()[0].state == "in_progress"


def test_after_quick_exit_a_question_url_shows_no_answers(client, respondent):
    respondent.consent()
    respondent.answer("23")
    respondent.answer("moved_on")

    response = client.get("/leave")
    assert response.status_code == 303 and response.location == "https://weather.example/"

    for address in (
        "/s/leaving-care/1",
        "/s/leaving-care/2",
        "/survey/leaving-care/check",
        "/survey/leaving-care",
    ):
        back = client.get(address)
        assert back.status_code == 303 and back.location == "https://weather.example/"
    with client.session_transaction() as session:
        assert "run" not in session
    assert respondent.open("/").status == 200  # opening the home page on purpose makes the site theirs again
    page = respondent.open("/s/leaving-care/1")
    assert page.path == "/survey/leaving-care"
    assert "23" not in page.html and "moved_on" not in page.html


def test_quick_exit_works_by_post_too_even_without_a_csrf_token(client, respondent):
    respondent.consent()

    response = client.post("/leave")

    assert response.status_code == 303 and response.location == "https://weather.example/"
    with client.session_transaction() as session:
        assert "run" not in session and "csrf_token" not in session


def test_a_double_submitted_answer_is_stored_once(client, respondent, stored):
    respondent.consent()
    form = respondent.page.post_form()
    payload = dict(form.fields) | {"action": "continue", "answer": "20"}

    first = client.post(form.action, data=payload)
    second = client.post(form.action, data=payload)

    assert first.status_code == second.status_code == 303
    rows = stored.answer_rows()
    assert [(row.question_id, row.value) for row in rows] == [("age", "20")]


def test_starting_twice_from_the_last_consent_page_keeps_one_run_in_the_browser(client, respondent, stored):
    respondent.open("/survey/leaving-care")
    respondent.submit()
    respondent.open(respondent.page.link("Continue"))
    while "/agree/" in respondent.page.path:
        respondent.submit({"answer": "yes"})
    form = respondent.page.post_form()

    client.post(form.action, data=form.fields)
    again = client.post(form.action, data=form.fields)

    assert again.status_code == 303 and again.location.endswith("/s/leaving-care/1")
    assert len(stored.runs()) == 1


def test_question_pages_are_never_stored_by_the_browser(respondent):
    page = respondent.consent()

    assert page.headers["Cache-Control"] == "no-store"


def test_question_url_without_a_live_session_redirects_to_the_start_page(client):
    response = client.get("/s/leaving-care/1")

    assert response.status_code == 302 and response.location.endswith("/survey/leaving-care")


def test_every_question_page_offers_skip_prefer_not_stop_quick_exit_help_and_the_resume_code(respondent):
    respondent.consent()
    for _ in range(len(MOVED_ON)):
        page = respondent.page
        if page.question_id is None:
            break
        for action in ("continue", "skip", "prefer_not"):
            assert f'name="action" value="{action}"' in page.html
        hrefs = {href for _, href in page.links}
        assert {"/leave", "/help", "/survey/leaving-care/stop"} <= hrefs
        assert 'action="/leave"' in page.html and "novalidate" in page.html
        assert 'class="code"' in page.html
        respondent.answer(MOVED_ON[page.question_id])


def test_assisted_run_is_recorded_and_the_hand_back_page_leaves_nothing_in_the_session(
    client, respondent, stored
):
    respondent.consent(assisted=True)
    respondent.answer_all(MOVED_ON)

    page = respondent.submit()

    assert page.path == "/survey/leaving-care/hand-back"
    assert page.h1 == "Please pass the device back to your worker"
    assert "my own words" not in page.html and "csrf_token" not in page.html
    (run,) = stored.runs()
    assert run.assisted and run.state == COMPLETED
    with client.session_transaction() as session:
        assert dict(session) == {}

    worker = respondent.open(page.link("I am the worker"))
    assert worker.h1 == "Thank you for helping" and 'class="code"' not in worker.html
    for words in ("Being asked before a move", "moved without being told", "help with money", "my own words"):
        assert words not in page.html and words not in worker.html


def test_stopping_on_a_workers_device_hands_it_back_before_the_workers_page(client, respondent, stored):
    respondent.consent(assisted=True)
    respondent.answer("23")
    respondent.open(respondent.page.link("Stop"))

    page = respondent.submit({"answers": "delete"})

    assert page.path == "/survey/leaving-care/hand-back"
    assert page.h1 == "Please pass the device back to your worker"
    assert "We have deleted all the answers you gave." in page.html and 'value="23"' not in page.html
    assert stored.answers() == {}
    with client.session_transaction() as session:
        assert dict(session) == {}


def test_area_code_from_the_start_link_is_recorded_and_anything_odd_is_ignored(new_respondent, stored):
    for area in ("north-3", "<script>", "x" * 60, "a b", ""):
        new_respondent().consent(area=area)

    assert sorted(run.distribution or "" for run in stored.runs()) == ["", "", "", "", "NORTH-3"]


def test_the_session_cookie_ends_with_the_browser(client, respondent):
    respondent.open("/survey/leaving-care")
    response = client.post("/survey/leaving-care", data=respondent.page.post_form().fields)

    cookie = response.headers["Set-Cookie"].lower()
    assert "expires" not in cookie and "max-age" not in cookie and "httponly" in cookie


def test_the_run_keeps_no_address_or_browser_details(respondent, stored):
    respondent.consent()

    columns = set(stored.runs()[0].model_dump())
    assert not {c for c in columns if any(word in c for word in ("ip", "agent", "address", "browser"))}


def test_the_same_answer_sent_four_times_at_once_is_stored_once_without_an_error(
    app, client, respondent, stored
):
    respondent.consent()
    form = respondent.page.post_form()
    payload = dict(form.fields) | {"action": "continue", "answer": "20"}
    clients = [app.test_client() for _ in range(4)]
    for other in clients:
        other.set_cookie("session", client.get_cookie("session").value)
    together, statuses = threading.Barrier(len(clients)), []

    def send(other) -> None:
        together.wait()
        statuses.append(other.post(form.action, data=payload).status_code)

    threads = [threading.Thread(target=send, args=(other,)) for other in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert statuses == [303] * 4
    assert [(row.question_id, row.value) for row in stored.answer_rows()] == [("age", "20")]
