"""Anonymous daily counts: one row per day and channel, and every start is counted."""

from sqlmodel import select

from survey_app.store.models import Tally
from survey_app.store.tallies import count_event


def test_starts_on_one_day_and_channel_add_up_in_one_row(db):
    for _ in range(3):
        count_event(db, "leaving-care", "web")
    count_event(db, "leaving-care", "sms")
    db.commit()
    rows = {(t.channel, t.count) for t in db.exec(select(Tally))}
    assert rows == {("web", 3), ("sms", 1)}


def test_opening_a_questionnaire_on_the_web_is_counted_without_anything_about_the_person(app, client, db):
    page = client.get("/survey/leaving-care").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post("/survey/leaving-care", data={"csrf_token": token})
    client.post("/survey/leaving-care", data={"csrf_token": token})
    rows = db.exec(select(Tally)).all()
    assert [(t.questionnaire_id, t.channel, t.event, t.count) for t in rows] == [
        ("leaving-care", "web", "started", 2)
    ]
