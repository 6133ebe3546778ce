"""Thirty free-text answers, fifteen on the web and fifteen by text, through the real pages and webhook.

A person reads every one: the list is ordered by the detector's score, answers are marked read one at a time
or a page of low scores together, a concern can be raised by hand, overdue answers show after the service
level and send one content-free notice, and a concern is one record however often it is raised or retried.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import select

from survey_app.safeguarding import detector, journey, reading_list
from survey_app.safeguarding.models import Concern, Notice, ReadingItem
from survey_app.staff.models import AuditEntry
from survey_app.store.models import Answer, utcnow
from tests.live import keep_open
from tests.sms.test_safeguarding_by_text import reach_first_free_text_question
from tests.sms.texting import AUTH_TOKEN, PHONE_HASH_KEY, Phone, flask_poster
from tests.web.pages import Respondent
from tests.web.test_safeguarding import reach

# Thirty distinct scores, shuffled so that arrival order is not score order.
SCORES = [round(0.02 + 0.032 * ((n * 7) % 30), 3) for n in range(30)]


def words(n: int) -> str:
    return f"answer {n:02d} about where i live"


def scored(text: str) -> detector.Assessment:
    """The detector, with the score this test chose for each answer (0.7 and up a concern, 0.9 urgent)."""
    n = int(re.search(r"answer (\d\d)", text).group(1))
    score = SCORES[n]
    tier = "urgent" if score >= 0.9 else "review" if score >= 0.7 else "none"
    reasons = (detector.Reason("test.score", "abuse", tier, f"answer {n:02d}"),) if tier != "none" else ()
    return detector.Assessment(tier != "none", tier, "abuse" if tier != "none" else "none", reasons, score)


@pytest.fixture
def app_config(app_config, key_pair):
    return {
        **app_config,
        "SAFEGUARDING_PUBLIC_KEY": key_pair.public_key,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "PHONE_HASH_KEY": PHONE_HASH_KEY,
        "PUBLIC_URL": None,
    }


@pytest.fixture
def thirty(app, db, monkeypatch):
    """Fifteen answers through the web pages, fifteen through the signed SMS webhook; retries included."""
    keep_open(app)
    monkeypatch.setattr(journey, "assess", scored)
    for n in range(0, 30, 2):
        respondent = reach(Respondent(app.test_client()))
        respondent.answer(words(n))
        if n == 0:  # the same form sent again (a double click, or Back and send)
            respondent.client.post(respondent.page.path, data={"answer": words(n)})
    for n in range(1, 30, 2):
        phone = Phone(flask_poster(app.test_client()), number=f"+4477009{n:05d}")
        reach_first_free_text_question(phone)
        params = phone.params(words(n))
        phone.deliver(params)
        phone.deliver(params)  # Twilio retried the webhook
    db.expire_all()
    return db


def _items(db) -> list[ReadingItem]:
    db.expire_all()  # what the pages changed, not what this session remembers
    found = list(db.exec(select(ReadingItem)).all())
    db.commit()
    return found


def test_every_answer_is_listed_once_highest_score_first_then_oldest(thirty, client, sign_in):
    items = _items(thirty)
    assert sorted(item.words for item in items) == sorted(words(n) for n in range(30))
    assert {item.channel for item in items} == {"web", "sms"}
    with client.application.app_context():
        listed = reading_list.unread(thirty)
    assert [item.score for item in listed] == sorted(SCORES, reverse=True)
    sign_in("safeguarding")
    page = client.get("/safeguarding/reading").get_data(as_text=True)
    shown = [int(n) for n in re.findall(r"answer (\d\d) about where i live", page)]
    assert [SCORES[n] for n in shown] == sorted(SCORES, reverse=True)


def test_a_concern_is_one_record_however_often_raised_or_retried(thirty, client, sign_in, csrf):
    concerning = [n for n in range(30) if SCORES[n] >= 0.7]
    found = thirty.exec(select(Concern)).all()
    assert sorted(c.words for c in found) == sorted(words(n) for n in concerning)
    notices = thirty.exec(select(Notice)).all()
    assert len(notices) == len(concerning)
    answers = thirty.exec(select(Answer).where(Answer.question_id == "more_say")).all()
    assert sum(a.withheld for a in answers) == len(concerning)
    thirty.commit()
    # Raising by hand an answer the detector already raised finds the same record.
    item = next(i for i in _items(thirty) if i.concern_id is not None and i.tier == "review")
    sign_in("safeguarding")
    form = client.get(f"/safeguarding/reading/{item.id}/raise")
    client.post(
        f"/safeguarding/reading/{item.id}/raise",
        data={"csrf_token": csrf(form.data), "tier": "review", "category": "abuse"},
    )
    assert len(thirty.exec(select(Concern)).all()) == len(concerning)


def _mark(client, csrf, path: str, **data) -> str:
    token = csrf(client.get("/safeguarding/reading").data)
    return client.post(path, data={"csrf_token": token, **data}, follow_redirects=True).get_data(as_text=True)


def test_marking_read_one_at_a_time_and_a_page_of_low_scores_together(thirty, client, sign_in, csrf):
    member = sign_in("safeguarding")
    top = max(_items(thirty), key=lambda i: i.score)
    page = _mark(client, csrf, f"/safeguarding/reading/{top.id}/read")
    assert "Marked as read." in page
    low = [i.id for i in _items(thirty) if i.score < reading_list.LOW_SCORE]
    assert low, "the scores chosen include low ones"
    page = _mark(client, csrf, "/safeguarding/reading/read-page", ids=",".join(map(str, [*low, top.id])))
    assert f"{len(low)} answers marked as read." in page
    refused = _mark(
        client,
        csrf,
        "/safeguarding/reading/read-page",
        ids=str(max(_items(thirty), key=lambda i: i.score if i.state == "unread" else 0).id),
    )
    assert "read and mark them one at a time" in refused
    read = [i for i in _items(thirty) if i.state == "read"]
    assert sorted(i.id for i in read) == sorted([top.id, *low])
    assert {i.read_by for i in read} == {member.id}
    actions = [e.action for e in thirty.exec(select(AuditEntry)).all()]
    assert actions.count("reading.read") == 1 and actions.count("reading.read_page") == 1


def test_a_concern_raised_by_hand_is_the_same_record_with_the_same_queue_and_notice(
    thirty, client, sign_in, csrf
):
    member = sign_in("safeguarding")
    quiet = min(_items(thirty), key=lambda i: i.score)
    notices_before = len(thirty.exec(select(Notice)).all())
    thirty.commit()
    form = client.get(f"/safeguarding/reading/{quiet.id}/raise")
    assert form.status_code == 200
    empty = client.post(f"/safeguarding/reading/{quiet.id}/raise", data={"csrf_token": csrf(form.data)})
    assert empty.status_code == 400 and b"Choose how soon someone needs to act" in empty.data
    raised = client.post(
        f"/safeguarding/reading/{quiet.id}/raise",
        data={"csrf_token": csrf(form.data), "tier": "urgent", "category": "neglect"},
    )
    assert raised.status_code == 303
    concern = thirty.exec(select(Concern).where(Concern.words == quiet.words)).one()
    assert (concern.tier, concern.category, concern.raised_by) == ("urgent", "neglect", member.id)
    assert len(thirty.exec(select(Notice)).all()) == notices_before + 1
    answer = thirty.exec(
        select(Answer).where(Answer.run_id == quiet.run_id, Answer.question_id == "more_say")
    ).one()
    assert answer.withheld
    thirty.commit()
    queue = client.get("/safeguarding/").get_data(as_text=True)
    assert f"Concern {concern.id}" in queue
    shown = client.get(f"/safeguarding/{concern.id}").get_data(as_text=True)
    assert "urgent" in shown.lower() and member.email in shown


def test_overdue_answers_show_after_the_service_level_and_send_one_notice(thirty, client, sign_in, app):
    sign_in("safeguarding")
    assert "Overdue" not in client.get("/safeguarding/reading").get_data(as_text=True)
    with app.app_context():
        assert reading_list.summary(thirty).overdue == 0
        assert not reading_list.check_overdue(thirty)
    late = utcnow() + dt.timedelta(days=4)  # one working day has passed, whatever the weekday
    with app.app_context():
        assert reading_list.summary(thirty, late).overdue == 30
    oldest = min(_items(thirty), key=lambda i: i.created_at)
    oldest.due_at = utcnow() - dt.timedelta(minutes=1)
    thirty.add(oldest)
    thirty.commit()
    page = client.get("/safeguarding/reading").get_data(as_text=True)
    assert "tag--overdue" in page
    assert "1 is overdue." in client.get("/safeguarding/").get_data(as_text=True)
    with app.app_context():
        assert reading_list.check_overdue(thirty) and reading_list.check_overdue(thirty)
    overdue = thirty.exec(select(Notice).where(Notice.kind == "reading_overdue")).all()
    assert len(overdue) == 1


def test_one_working_day_skips_the_weekend():
    friday = dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC)
    assert reading_list.due_after(friday, 1) == dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)
    assert reading_list.due_after(friday, 2).weekday() == 1
