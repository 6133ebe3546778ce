"""Keywords: whole messages, any case, punctuation ignored; never stored as answers."""

from __future__ import annotations

import pytest

from survey_app.sms import keywords
from survey_app.store.models import COMPLETED, DELETED, IN_PROGRESS, STOPPED


def _at_first_question(phone):
    for body in ("CARE", "yes", "yes", "yes", "yes"):
        phone.send(body)


@pytest.mark.parametrize(
    "body",
    [
        "STOP",
        "stop",
        " Stop! ",
        "STOPALL",
        "unsubscribe",
        "Cancel",
        "END",
        "quit",
        "revoke",
        "OPTOUT",
        "opt out",
        "stop please",
        "please stop",
        "i want to stop",
        "I'd like to stop now",
        "Stop texting me",
    ],
)
def test_stop_words_and_stop_phrases_are_stop(body):
    assert keywords.classify(body) == keywords.STOP


@pytest.mark.parametrize("body", ["stop the moving around", "don't stop", "the end of care was hard", "1"])
def test_answers_that_mention_stopping_are_not_stop(body):
    assert keywords.classify(body) is None


@pytest.mark.parametrize(
    ("body", "keyword"),
    [
        ("start", keywords.START),
        ("UNSTOP", keywords.START),
        ("Help", keywords.HELP),
        ("help?", keywords.HELP),
        ("SKIP", keywords.SKIP),
        ("skip.", keywords.SKIP),
        ("Back", keywords.BACK),
        ("go back", keywords.BACK),
        ("PAUSE", keywords.PAUSE),
        ("delete", keywords.DELETE),
        ("Delete my answers", keywords.DELETE),
    ],
)
def test_each_command_keyword_is_recognised_in_any_case(body, keyword):
    assert keywords.classify(body) == keyword


def test_opt_out_type_from_twilio_wins_over_the_words():
    assert keywords.classify("ARRET", "STOP") == keywords.STOP
    assert keywords.classify("whatever", "START") == keywords.START
    assert keywords.classify("whatever", "HELP") == keywords.HELP


def test_stop_part_way_ends_the_run_keeps_answers_and_sends_nothing(phone, stored):
    _at_first_question(phone)
    phone.send("19")

    assert phone.send("STOP") == []

    [run] = stored.runs()
    assert run.state == STOPPED
    assert stored.answers() == {"age": ("answered", 19)}
    assert phone.send("hello") == []
    assert phone.send("3") == []
    assert stored.answers() == {"age": ("answered", 19)}
    [conversation] = stored.conversations()
    assert conversation.state == "stopped" and conversation.run_id is None


def test_a_stop_phrase_is_confirmed_because_twilio_does_not_opt_it_out(phone, stored):
    _at_first_question(phone)

    [reply] = phone.send("stop please")

    assert "stopped" in reply and "START" in reply
    assert stored.runs()[0].state == STOPPED
    assert stored.answers() == {}


def test_opt_out_type_stop_ends_the_run_and_is_not_an_answer(phone, stored):
    _at_first_question(phone)

    assert phone.send("ARRET", OptOutType="STOP") == []

    assert stored.runs()[0].state == STOPPED
    assert stored.answers() == {}


def test_start_after_stop_begins_again_at_consent_and_is_never_an_answer(phone, stored):
    _at_first_question(phone)
    phone.send("19")
    phone.send("STOP")

    intro, _cost, consent = phone.send("START")

    assert "leaving care survey" in intro and consent.endswith("Reply YES or NO")
    assert len(stored.runs()) == 1
    for body in ("yes", "yes", "yes", "yes"):
        phone.send(body)
    first, second = stored.runs()
    assert (first.state, second.state) == (STOPPED, IN_PROGRESS)
    assert stored.answers(second.id) == {}
    assert all("start" not in str(value).lower() for value in stored.answers().values())


def test_help_explains_the_commands_gives_support_and_keeps_the_question(phone, stored):
    _at_first_question(phone)

    commands, support, question = phone.send("HELP")

    assert all(word in commands for word in ("SKIP", "BACK", "PAUSE", "STOP", "DELETE"))
    assert "Childline" in support and "116 123" in support
    assert question.startswith("How old are you?")
    assert stored.answers() == {}
    assert stored.runs()[0].position == "age"


def test_help_from_an_unknown_sender_says_how_to_start_and_gives_support(phone, stored):
    how, support = phone.send("help", OptOutType="HELP")

    assert "CARE" in how and "Childline" in support
    assert stored.conversations() == []


def test_skip_records_a_skipped_answer_and_moves_on(phone, stored):
    _at_first_question(phone)

    [reply] = phone.send("Skip")

    assert reply.startswith("Which is true for you now?")
    assert stored.answers() == {"age": ("skipped", None)}


def test_back_returns_to_the_previous_question_so_the_answer_can_change(phone, stored):
    _at_first_question(phone)
    phone.send("19")

    [reply] = phone.send("BACK")
    phone.send("20")

    assert reply.startswith("How old are you?")
    assert stored.answers() == {"age": ("answered", 20)}


def test_back_at_the_first_question_says_so(phone, stored):
    _at_first_question(phone)

    notice, question = phone.send("back")

    assert "first question" in notice and question.startswith("How old are you?")


def test_pause_then_any_text_carries_on_without_storing_it(phone, stored):
    _at_first_question(phone)

    [paused] = phone.send("PAUSE")
    [question] = phone.send("hiya")

    assert "paused" in paused
    assert question.startswith("How old are you?")
    assert stored.answers() == {}
    phone.send("19")
    assert stored.answers() == {"age": ("answered", 19)}


def test_delete_removes_every_answer_ends_and_confirms(phone, stored):
    _at_first_question(phone)
    phone.send("19")
    phone.send("3")

    [reply] = phone.send("DELETE")

    assert "deleted" in reply
    assert stored.answers() == {}
    assert stored.runs()[0].state == DELETED
    assert stored.conversations() == []


def test_no_at_consent_ends_and_keeps_nothing(phone, stored):
    phone.send("CARE")
    phone.send("yes")

    [reply] = phone.send("No")

    assert "not kept anything" in reply
    assert stored.runs() == [] and stored.conversations() == []


def test_anything_but_yes_or_no_at_consent_explains_and_stores_nothing(phone, stored):
    phone.send("CARE")

    [reply] = phone.send("what is this")

    assert "YES" in reply and "NO" in reply
    assert stored.runs() == []


def test_keywords_are_never_stored_as_answers_in_a_whole_conversation(phone, stored):
    for body in (
        "CARE",
        "help",
        "yes",
        "yes",
        "yes",
        "yes",
        "help",
        "19",
        "pause",
        "3",
        "back",
        "3",
        "1",
        "skip",
    ):
        phone.send(body)

    values = [str(value).lower() for _status, value in stored.answers().values()]
    assert not {"help", "pause", "back", "skip", "stop", "start"} & set(values)
    assert stored.runs()[0].state not in (COMPLETED,)
