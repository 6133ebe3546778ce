"""Open and close dates on the web and by text, the grace period, and a coordinator's change of dates."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from survey_app.codesign.models import QuestionnaireDates
from survey_app.staff.models import AuditEntry
from survey_app.store.models import Run
from tests.web.pages import SKIP, Respondent


def test_the_start_page_before_opening_says_when_it_opens_with_support_and_other_ways(client, set_dates):
    questionnaire = set_dates("leaving-care", opens=3, closes=30)

    page = client.get("/survey/leaving-care")

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "This survey opens on" in html
    assert f"{questionnaire.opens.day} {questionnaire.opens:%B %Y}" in html
    assert "Childline" in html and "Other ways to have a say" in html
    assert "Start now" not in html
    assert client.post("/survey/leaving-care", data={}).status_code in (200, 400)


def test_the_start_page_after_closing_says_it_has_closed(client, set_dates):
    set_dates("leaving-care", opens=-30, closes=-1)

    html = client.get("/survey/leaving-care").get_data(as_text=True)

    assert "This survey has closed" in html and "Samaritans" in html
    assert "Leaving care survey" not in client.get("/").get_data(as_text=True)


def test_a_text_before_opening_says_when_and_gives_support_and_starts_nothing(app, phone, set_dates, db):
    set_dates("leaving-care", opens=2)

    reply, contacts = phone.send("CARE")

    assert "This survey opens on" in reply
    assert "talk to us in person" in reply
    assert "Childline" in contacts
    assert db.exec(select(Run)).all() == []


def test_a_text_after_closing_says_it_has_closed(phone, set_dates):
    set_dates("leaving-care", closes=-1)

    reply, contacts = phone.send("CARE")

    assert "has closed" in reply and "Shout" in contacts


def test_a_run_begun_before_closing_can_be_finished_within_the_grace_period(app, client, set_dates, db):
    set_dates("leaving-care", opens=-10, closes=5)
    person = Respondent(client)
    person.consent("leaving-care")
    run = db.exec(select(Run)).one()
    first = run.position
    run.started_on -= dt.timedelta(days=5)  # began five days ago, while it was open
    db.add(run)
    db.commit()
    set_dates("leaving-care", opens=-10, closes=-3)  # closed three days ago: within seven days' grace

    page = person.answer(SKIP)

    assert "has closed" not in page.html
    db.expire_all()
    assert db.exec(select(Run)).one().position != first


def test_after_the_grace_period_a_web_run_stops_taking_answers_with_a_clear_page(app, client, set_dates, db):
    set_dates("leaving-care", opens=-20, closes=5)
    person = Respondent(client)
    person.consent("leaving-care")
    run = db.exec(select(Run)).one()
    first = run.position
    run.started_on -= dt.timedelta(days=10)
    db.add(run)
    db.commit()
    set_dates("leaving-care", opens=-20, closes=-8)  # closed eight days ago: past seven days' grace

    page = person.answer(SKIP)

    assert "cannot take any more answers" in page.html
    assert "Childline" in page.html
    db.expire_all()
    assert db.exec(select(Run)).one().position == first


def test_a_coordinators_close_stored_by_another_worker_stops_a_web_run_at_its_next_page(
    app, client, set_dates, db
):
    # The web journey reads the dates with the run, in one statement per page: a change made elsewhere
    # (another worker's admin page) counts from the very next page, with nothing kept in between.
    set_dates("leaving-care", opens=-20, closes=30)
    person = Respondent(client)
    person.consent("leaving-care")
    run = db.exec(select(Run)).one()
    first = run.position
    run.started_on -= dt.timedelta(days=10)
    db.add(run)
    db.commit()
    assert "cannot take any more answers" not in client.get(person.page.path).get_data(as_text=True)
    today = dt.datetime.now(dt.UTC).date()
    db.add(
        QuestionnaireDates(
            questionnaire_id="leaving-care",
            opens=today - dt.timedelta(days=20),
            closes=today - dt.timedelta(days=8),
        )
    )
    db.commit()

    page = client.get(person.page.path).get_data(as_text=True)
    answered = person.answer(SKIP)

    assert "cannot take any more answers" in page
    assert "cannot take any more answers" in answered.html
    db.expire_all()
    assert db.exec(select(Run)).one().position == first


def test_after_the_grace_period_a_text_answer_is_refused(app, phone, set_dates, db):
    set_dates("leaving-care", opens=-20, closes=5)
    for body in ("CARE", "yes", "yes", "yes", "yes"):
        phone.send(body)
    app.config["CLOSE_GRACE_DAYS"] = 0
    set_dates("leaving-care", opens=-20, closes=-1)

    reply, contacts = phone.send("19")

    assert "cannot take any more answers" in reply
    assert "Childline" in contacts


def test_a_coordinator_closes_early_and_every_worker_sees_it_from_the_database(
    app, client, client_as, set_dates, db
):
    set_dates("leaving-care", opens=-5, closes=30)
    coordinator = client_as("coordinator")

    page = coordinator.post("/admin/q/leaving-care/dates", data={"action": "close"})

    assert page.status_code in (200, 303)
    row = db.exec(select(QuestionnaireDates)).one()
    assert row.closes < dt.datetime.now(dt.UTC).date()
    assert "has closed" in client.get("/survey/leaving-care").get_data(as_text=True)
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "questionnaire.close")).one()
    assert "leaving-care" in entry.detail


def test_a_coordinator_extends_a_closed_questionnaire(app, client, client_as, set_dates, db):
    set_dates("leaving-care", opens=-30, closes=-2)
    coordinator = client_as("coordinator")
    later = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=14)).isoformat()

    coordinator.post("/admin/q/leaving-care/dates", data={"action": "extend", "closes": later})

    assert "Start now" in client.get("/survey/leaving-care").get_data(as_text=True)
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "questionnaire.extend")).one()


def test_an_analyst_cannot_change_the_dates(client_as, set_dates, db):
    analyst = client_as("analyst")

    assert analyst.post("/admin/q/leaving-care/dates", data={"action": "close"}).status_code == 403
    assert db.exec(select(QuestionnaireDates)).all() == []
