"""Retries and bursts: each message is handled exactly once, one after another per sender."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from .texting import Phone, flask_poster, new_sid

# Each "prefer not to say" answers the next question on this path (no branch opens on a skipped answer).
PATH_WHEN_NOTHING_IS_SAID = ["age", "care_now", "feels_like_home", "had_a_say", "feeling", "health_help"]


def _at_first_question(phone):
    for body in ("CARE", "yes", "yes", "yes", "yes"):
        phone.send(body)


def _together(app, phone_number, messages):
    """Send every (body, sid) at the same moment from one sender, each on its own connection."""
    start = threading.Barrier(len(messages))

    def deliver(message):
        body, sid = message
        phone = Phone(flask_poster(app.test_client()), number=phone_number)
        start.wait()
        return phone.send(body, sid=sid)

    with ThreadPoolExecutor(len(messages)) as pool:
        return list(pool.map(deliver, messages))


def test_retried_webhook_with_same_message_sid_records_answer_once_and_replies_the_same(phone, stored):
    _at_first_question(phone)
    sid = new_sid()

    first = phone.send("19", sid=sid)
    again = phone.send("19", sid=sid)

    assert again == first
    assert stored.answers() == {"age": ("answered", 19)}
    phone.send("prefer not to say")
    assert stored.answers() == {"age": ("answered", 19), "care_now": ("prefer_not_to_say", None)}


def test_retried_webhook_with_only_the_idempotency_token_records_answer_once(phone, stored):
    _at_first_question(phone)
    params = phone.params("19")
    del params["MessageSid"]
    headers = {"I-Twilio-Idempotency-Token": "retry-token-1"}

    first = phone.deliver(params, headers)
    again = phone.deliver(params, headers)

    assert first == again
    assert stored.answers() == {"age": ("answered", 19)}


def test_a_retried_keyword_is_not_applied_twice(phone, stored):
    _at_first_question(phone)
    phone.send("19")
    sid = new_sid()

    phone.send("back", sid=sid)
    phone.send("back", sid=sid)

    [run] = stored.runs()
    assert run.position == "age"


def test_simultaneous_retries_of_one_message_record_one_answer(app, phone, stored):
    _at_first_question(phone)
    sid = new_sid()

    replies = _together(app, phone.number, [("19", sid)] * 8)

    assert all(reply == replies[0] for reply in replies)
    assert stored.answers() == {"age": ("answered", 19)}


def test_a_burst_of_messages_from_one_sender_is_handled_one_after_another(app, phone, stored):
    _at_first_question(phone)
    burst = [("prefer not to say", new_sid()) for _ in PATH_WHEN_NOTHING_IS_SAID]

    replies = _together(app, phone.number, burst)

    assert stored.answers() == {q: ("prefer_not_to_say", None) for q in PATH_WHEN_NOTHING_IS_SAID}
    assert len({reply[0] for reply in replies}) == len(burst)  # each message moved on one question
    [run] = stored.runs()
    assert run.position == "doing_now"


def test_a_burst_of_first_messages_starts_one_conversation(app, phone, stored):
    _together(app, phone.number, [("CARE", new_sid()) for _ in range(6)])

    assert len(stored.conversations()) == 1
    assert stored.runs() == []
