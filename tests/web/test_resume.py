"""Coming back after closing the browser: a short code, within RESUME_DAYS, and never a lingering cookie."""

from __future__ import annotations

import datetime as dt
import re

from sqlmodel import select

from survey_app.store.models import Run

CODE = re.compile(r'class="code">([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2})<')


def _code(page) -> str:
    return CODE.search(page.html).group(1)


def _started(respondent) -> str:
    respondent.consent()
    respondent.answer("21")
    respondent.answer("continuing")
    return _code(respondent.page)


def test_a_code_brings_a_new_browser_back_to_where_the_person_was(respondent, new_respondent, stored):
    code = _started(respondent)
    later = new_respondent()
    assert later.open("/s/leaving-care/3").path == "/survey/leaving-care"

    later.open("/resume")
    page = later.submit({"code": code.lower().replace("-", " ")})

    assert page.question_id == "feels_like_home"
    assert _code(page) == code
    later.answer("5")
    assert stored.answers()["feels_like_home"] == ("answered", 5)
    assert len(stored.runs()) == 1


def test_the_code_is_shown_on_every_question_page_and_check_answers(respondent):
    code = _started(respondent)
    respondent.answer("3")

    assert _code(respondent.page) == code
    respondent.answer_all(
        {q: "3" for q in ("had_a_say", "feeling")}
        | {
            "health_help": "sometimes",
            "doing_now": ["none"],
            "enough_money": "always",
            "has_worker": "no",
            "rights_respected": "yes",
            "one_change": "x",
            "gender": "non_binary",
            "feeling_unsafe": "no",
        }
    )
    assert _code(respondent.page) == code


def test_a_code_expires_after_resume_days_without_activity(app, db, respondent, new_respondent):
    code = _started(respondent)
    run = db.exec(select(Run)).one()
    run.last_active = run.last_active - dt.timedelta(days=app.config["RESUME_DAYS"], minutes=1)
    db.add(run)
    db.commit()

    later = new_respondent()
    later.open("/resume")
    page = later.submit({"code": code})

    assert page.path == "/resume" and page.title.startswith("Error: ")
    assert "We could not find a survey with that code" in page.html


def test_a_code_still_works_just_inside_resume_days(app, db, respondent, new_respondent):
    code = _started(respondent)
    run = db.exec(select(Run)).one()
    run.last_active = run.last_active - dt.timedelta(days=app.config["RESUME_DAYS"], minutes=-5)
    db.add(run)
    db.commit()

    later = new_respondent()
    later.open("/resume")

    assert later.submit({"code": code}).question_id == "feels_like_home"


def test_a_wrong_code_and_an_expired_code_get_the_same_message(respondent, new_respondent):
    code = _started(respondent)
    respondent.open(respondent.page.link("Stop"))
    respondent.submit({"answers": "keep"})

    messages = []
    for attempt in (code, "ZZZZ-ZZZZ-ZZ", "not a code at all " * 10):
        later = new_respondent()
        later.open("/resume")
        page = later.submit({"code": attempt})
        messages.append(re.search(r'<p class="error-message".*?</p>', page.html, re.S).group(0))
    assert messages[0] == messages[1] == messages[2]


def test_an_empty_code_asks_for_one(new_respondent):
    later = new_respondent()
    later.open("/resume")

    page = later.submit({"code": "  "})

    assert "Enter your code" in page.html and '<a href="#code">' in page.html


def test_a_finished_run_cannot_be_resumed(respondent, new_respondent):
    code = _started(respondent)
    respondent.answer_all(
        {
            "feels_like_home": "3",
            "had_a_say": "3",
            "feeling": "3",
            "health_help": "sometimes",
            "doing_now": ["none"],
            "enough_money": "always",
            "has_worker": "no",
            "rights_respected": "yes",
            "one_change": "x",
            "gender": "non_binary",
            "feeling_unsafe": "no",
        }
    )
    respondent.submit()

    later = new_respondent()
    later.open("/resume")

    assert later.submit({"code": code}).path == "/resume"
