"""DELETE keeps consent's promise ("You can delete your answers when you stop") from every state."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from survey_app.sms.cli import forget_idle
from survey_app.sms.models import DeliveryStatus, InboundMessage, SenderRun
from survey_app.store.models import DELETED

from .texting import sign


def _consented(phone):
    for body in ("CARE", "YES", "yes", "yes", "yes"):
        phone.send(body)


def _rows(app, model):
    with Session(app.extensions["db_engine"]) as session:
        return list(session.exec(select(model)))


def test_delete_after_stop_leaves_no_answer_for_that_sender(phone, stored):
    _consented(phone)
    for body in ("19", "3", "1"):
        phone.send(body)
    phone.send("STOP")

    [reply] = phone.send("DELETE")

    assert stored.answers() == {}
    assert reply.startswith("Done. We deleted 3 answers")
    assert [run.state for run in stored.runs()] == [DELETED]


def test_delete_after_please_stop_texting_me_deletes_too(phone, stored):
    _consented(phone)
    for body in ("19", "3"):
        phone.send(body)
    phone.send("please stop texting me")

    [reply] = phone.send("delete")

    assert stored.answers() == {}
    assert reply.startswith("Done. We deleted 2 answers")


def test_delete_after_start_leaves_no_answer_for_that_sender(phone, stored):
    _consented(phone)
    for body in ("19", "3"):
        phone.send(body)
    phone.send("START")

    [reply] = phone.send("DELETE")

    assert stored.answers() == {}
    assert reply.startswith("Done. We deleted 2 answers")


def test_delete_after_stop_and_start_reaches_the_earlier_answers_and_never_says_nothing_was_kept(
    phone, stored
):
    _consented(phone)
    for body in ("19", "3"):
        phone.send(body)
    phone.send("STOP")
    phone.send("START")

    [reply] = phone.send("DELETE")

    assert stored.answers() == {}
    assert "We deleted 2 answers" in reply and "not kept" not in reply


def test_saying_no_after_start_says_the_earlier_answers_are_still_kept(phone, stored):
    _consented(phone)
    phone.send("19")
    phone.send("STOP")
    phone.send("START")

    [reply] = phone.send("no")

    assert "still kept" in reply and "DELETE" in reply
    assert stored.answers() == {"age": ("answered", 19)}


def test_delete_after_finishing_reaches_the_finished_answers(phone, stored):
    from .texting import LEAVING_CARE

    for body, _answer in LEAVING_CARE:
        phone.send(body)
    assert stored.answers()

    [reply] = phone.send("DELETE")

    assert stored.answers() == {}
    assert reply.startswith("Done. We deleted")


def test_delete_from_a_number_with_nothing_kept_says_exactly_that(phone, stored):
    [reply] = phone.send("DELETE")

    assert reply == "We had nothing kept from this number, so there was nothing to delete."


def test_delete_takes_the_senders_delivery_statuses_and_stored_texts_but_not_other_senders(
    app, client, phone, new_phone, stored
):
    other = new_phone("+447700900999")
    _consented(phone)
    _consented(other)
    phone.send("19")
    for who, sid in ((phone, "SM" + "a" * 32), (other, "SM" + "b" * 32)):
        params = {"MessageSid": sid, "MessageStatus": "delivered", "To": who.number}
        client.post(
            "/sms/status",
            data=params,
            headers={"X-Twilio-Signature": sign("http://localhost/sms/status", params)},
        )
    assert len(_rows(app, DeliveryStatus)) == 2

    phone.send("STOP")
    phone.send("DELETE")

    assert [row.message_sid for row in _rows(app, DeliveryStatus)] == ["SM" + "b" * 32]
    mine = {row.sender_hash for row in _rows(app, SenderRun)} | {
        row.sender_hash for row in _rows(app, InboundMessage)
    }
    assert len({row.sender_hash for row in _rows(app, SenderRun)}) == 1  # only the other sender's run
    assert len(mine) == 2  # the other sender's, and the DELETE text's own reply kept for a retry


def test_forget_idle_drops_delivery_statuses_and_the_links_to_runs(app, client, phone, stored):
    _consented(phone)
    phone.send("19")
    phone.send("STOP")
    params = {"MessageSid": "SM" + "c" * 32, "MessageStatus": "delivered", "To": phone.number}
    client.post(
        "/sms/status",
        data=params,
        headers={"X-Twilio-Signature": sign("http://localhost/sms/status", params)},
    )
    with Session(app.extensions["db_engine"]) as session:
        for model, column in ((SenderRun, "linked_at"), (DeliveryStatus, "updated_at")):
            for row in session.exec(select(model)):
                setattr(row, column, dt.datetime.now(dt.UTC) - dt.timedelta(days=60))
                session.add(row)
        session.commit()

    with Session(app.extensions["db_engine"]) as session:
        # the stopped conversation has been quiet too
        forget_idle(session, days=0)

    assert _rows(app, DeliveryStatus) == [] and _rows(app, SenderRun) == []
