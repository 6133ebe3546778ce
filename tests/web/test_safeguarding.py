"""A worrying free-text answer on the web: support in the same response, one concern, an offer of contact
that is sealed when given, then carry on or stop. An ordinary complaint raises nothing."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from nacl.pwhash import argon2id
from sqlmodel import select

from survey_app.safeguarding import sealing
from survey_app.safeguarding.models import Concern

from .conftest import NEUTRAL
from .pages import QUESTION_PATH, Page, Respondent
from .test_journey import MOVED_ON

URGENT = "i want to kill myself tonight"
REVIEW = "my stepdad hits me when he is drunk"
ORDINARY = "my flat is damp and this form is killing me"
CONTACT = "text me on 07700 900123 after 6, or lee.kept@example.org"
PASSPHRASE = "a long passphrase for the safeguarding lead"
NUMBERS = ("999", "116 123", "85258", "0800 1111", "0800 83 85 87")


@pytest.fixture(scope="module")
def key_pair() -> sealing.KeyPair:
    return sealing.keygen(PASSPHRASE, opslimit=argon2id.OPSLIMIT_MIN, memlimit=argon2id.MEMLIMIT_MIN)


@pytest.fixture
def app_config(app_config, key_pair):
    return {**app_config, "SAFEGUARDING_PUBLIC_KEY": key_pair.public_key}


@pytest.fixture
def concerns(db):
    def look() -> list[Concern]:
        found = list(db.exec(select(Concern).order_by(Concern.id)).all())
        db.expunge_all()
        db.rollback()
        return found

    return look


def reach(respondent: Respondent, question: str = "more_say") -> Respondent:
    """Consent, then answer as in the main journey until ``question`` is asked."""
    respondent.consent()
    for _ in range(30):
        if respondent.page.question_id == question:
            return respondent
        respondent.answer(MOVED_ON[respondent.page.question_id])
    raise AssertionError(f"never reached {question}")


def offer(respondent: Respondent, words: str = URGENT, question: str = "more_say") -> Page:
    return reach(respondent, question).answer(words)


def carry_on(respondent: Respondent) -> Page:
    """The "Carry on with the survey" button after the offer: a form sent to the offer's own address."""
    return respondent.submit({"carry_on": "1"}, having="carry_on")


def step_number(page: Page) -> int:
    return int(QUESTION_PATH.match(page.path)["step"])


def database_files(app) -> list[Path]:
    """The SQLite file and its write-ahead log; nothing on PostgreSQL (the column checks still run)."""
    url = app.config["SQLALCHEMY_DATABASE_URL"]
    if not url.startswith("sqlite:///"):
        return []
    path = Path(url.removeprefix("sqlite:///"))
    return list(path.parent.glob(path.name + "*"))


def test_a_worrying_answer_shows_the_support_contacts_at_the_next_steps_address(respondent, concerns):
    answered_at = step_number(reach(respondent).page)
    page = respondent.answer(URGENT)

    assert page.status == 200 and step_number(page) == answered_at + 1  # shaped like any question's
    assert page.h1s == ["Thank you for telling us"]
    assert page.title.startswith("Thank you for telling us")
    assert "If you are in danger now, call 999" in page.html
    for number in NUMBERS:
        assert number in page.html
    assert "Would you like someone to get in touch?" in page.html
    assert page.post_form("get_in_touch").action == page.path
    assert page.headers["Cache-Control"] == "no-store"
    (concern,) = concerns()
    assert (concern.tier, concern.channel, concern.question_id) == ("urgent", "web", "more_say")


def test_the_same_worrying_answer_sent_twice_raises_exactly_one_concern(respondent, client, concerns):
    reach(respondent)
    form = respondent.page.post_form()
    payload = form.fields | {"action": "continue", "answer": URGENT}

    first = client.post(form.action, data=payload)
    second = client.post(form.action, data=payload)

    assert first.status_code == second.status_code == 303 and first.location == second.location
    assert "0800 1111" in client.get(second.location).get_data(as_text=True)
    assert len(concerns()) == 1


def test_the_worrying_answer_is_withheld_from_the_review_team(respondent, stored):
    offer(respondent)

    withheld = {row.question_id for row in stored.answer_rows() if row.withheld}
    assert withheld == {"more_say"}


def test_contact_details_are_sealed_and_open_only_with_the_key_and_passphrase(
    app, respondent, concerns, key_pair
):
    offer(respondent)
    respondent.submit({"get_in_touch": "yes"})
    page = respondent.submit({"contact": CONTACT, "safe": "careful"})

    assert page.status == 200 and page.h1 == "We have kept that safely"
    assert "Only our safeguarding lead can see it." in page.html
    (concern,) = concerns()
    assert concern.sealed_contact and "07700" not in concern.sealed_contact
    opened = sealing.open_sealed(concern.sealed_contact, key_pair.encrypted_private_key, PASSPHRASE)
    assert opened == CONTACT + "\n[Take care: they said someone else may see or hear messages or calls]"
    for file in database_files(app):
        assert b"07700 900123" not in file.read_bytes(), file.name
        assert b"lee.kept@example.org" not in file.read_bytes(), file.name


def test_contact_details_are_never_logged(respondent, caplog):
    caplog.set_level(logging.DEBUG)
    offer(respondent)
    respondent.submit({"get_in_touch": "yes", "contact": CONTACT})

    assert "07700" not in caplog.text and "example.org" not in caplog.text


def test_after_contact_details_are_kept_carrying_on_goes_to_the_next_question(respondent):
    offer(respondent)
    page = respondent.submit({"get_in_touch": "yes", "contact": CONTACT})

    assert page.link("Stop the survey") == "/survey/leaving-care/stop"
    offered_at = page.path
    page = carry_on(respondent)
    assert page.question_id == "feeling" and page.path == offered_at  # the address is the question's again


def test_choosing_no_stores_nothing_more_and_the_survey_carries_on(respondent, concerns, stored):
    offer(respondent, REVIEW)
    rows_before = [(a.question_id, a.value) for a in stored.answer_rows()]

    page = respondent.submit({"get_in_touch": "no", "contact": CONTACT})

    assert page.h1 == "Thank you for letting us know"
    assert "Nobody will contact you because of this." in page.html
    (concern,) = concerns()
    assert concern.sealed_contact is None and concern.sealed_phone is None
    assert [(a.question_id, a.value) for a in stored.answer_rows()] == rows_before
    assert carry_on(respondent).question_id == "feeling"


def test_after_an_urgent_concern_saying_no_does_not_promise_that_nobody_will_get_in_touch(respondent):
    offer(respondent, URGENT)

    page = respondent.submit({"get_in_touch": "no"})

    assert "Nobody will contact you" not in page.html
    assert "If you are in danger now, call 999." in page.html
    assert "Get help now link" in page.html


def test_the_offer_says_who_when_and_what_and_the_box_comes_only_after_yes(respondent, concerns):
    page = offer(respondent)

    assert 'name="contact"' not in page.html
    assert "our safeguarding lead" in page.html
    assert "within one working day, or sooner if you might be in danger" in page.html
    assert "they may need to tell social work or the police" in page.html
    second = respondent.submit({"get_in_touch": "yes"})
    assert second.h1 == "How can we reach you?" and 'name="contact"' in second.html
    assert "Is it safe for us to use this?" in second.html
    assert second.post_form("back").action == second.path  # Back changes the stage, not the address
    assert respondent.submit({"back": "1"}, having="back").h1 == "Thank you for telling us"
    assert concerns()[0].sealed_contact is None


def test_choosing_yes_without_a_way_to_reach_them_shows_an_error_summary(respondent, concerns):
    offer(respondent)
    respondent.submit({"get_in_touch": "yes"})

    page = respondent.submit({"contact": "  "})

    assert page.status == 200 and page.title.startswith("Error: How can we reach you?")
    message = "Tell us how we can reach you, or go back and choose No, thank you"
    assert f'<a href="#contact">{message}</a>' in page.html
    assert 'id="contact-error"' in page.html and 'aria-invalid="true"' in page.html
    assert concerns()[0].sealed_contact is None


def test_sending_the_offer_without_choosing_asks_for_a_choice(respondent):
    offer(respondent)

    page = respondent.submit({})

    assert page.title.startswith("Error: ")
    assert '<a href="#get_in_touch">Choose whether you would like someone to get in touch</a>' in page.html


def test_a_way_to_reach_them_without_ticking_yes_counts_as_yes(respondent, concerns):
    offer(respondent)

    page = respondent.submit({"contact": CONTACT})

    assert page.h1 == "We have kept that safely"
    assert concerns()[0].sealed_contact


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"get_in_touch": "yes", "contact": "x" * 5000}, "That is too long. Use 500 characters or fewer."),
        ({"get_in_touch": "maybe"}, "Choose whether you would like someone to get in touch"),
        ({"get_in_touch": ["yes", "no"], "contact": "\x00\u200b\x07"}, "How can we reach you?"),
        ({"get_in_touch": "yes", "contact": "x" * 300_000}, "That was too long to send"),
    ],
)
def test_odd_or_hostile_offer_forms_get_a_clear_message_never_a_500(respondent, concerns, data, message):
    offer(respondent)

    page = respondent.submit(data)

    assert page.status in (200, 413) and message in page.html
    assert concerns()[0].sealed_contact is None


def test_markup_in_the_contact_details_is_shown_back_as_text(respondent):
    offer(respondent)

    page = respondent.submit({"get_in_touch": "yes", "contact": "<script>alert(1)</script>" + "y" * 600})

    assert "<script>alert(1)" not in page.html and "&lt;script&gt;" in page.html


def test_an_ordinary_complaint_raises_nothing_and_goes_straight_to_the_next_question(respondent, concerns):
    page = offer(respondent, ORDINARY)

    assert page.question_id == "feeling"
    assert "116 123" not in page.html.split("<footer")[0].split("</header>")[1]
    assert concerns() == []


def test_the_last_question_about_feeling_unsafe_feeds_the_same_path(respondent, concerns):
    page = offer(respondent, "my mum's boyfriend hits me and I'm scared to go home", "feeling_unsafe")

    assert page.h1 == "Thank you for telling us"
    assert concerns()[0].question_id == "feeling_unsafe"
    respondent.submit({"get_in_touch": "no"})
    assert carry_on(respondent).path == "/survey/leaving-care/check"


def test_a_worrying_answer_given_through_a_change_link_returns_to_check_your_answers(respondent, concerns):
    reach(respondent, "feeling_unsafe").answer(MOVED_ON["feeling_unsafe"])
    assert respondent.page.path.endswith("/check")
    respondent.open_change("more_say")

    page = respondent.answer(URGENT)

    assert page.h1 == "Thank you for telling us" and "change" not in page.post_form("get_in_touch").fields
    respondent.submit({"get_in_touch": "no"})
    assert carry_on(respondent).path == "/survey/leaving-care/check"
    assert len(concerns()) == 1


def test_without_the_leads_key_contact_details_are_not_kept_and_the_contacts_are_shown_again(
    app, respondent, concerns
):
    app.config["SAFEGUARDING_PUBLIC_KEY"] = None
    offer(respondent)

    page = respondent.submit({"get_in_touch": "yes", "contact": CONTACT})

    assert page.h1 == "Sorry, we could not save that"
    for number in NUMBERS:
        assert number in page.html
    assert "Carry on with the survey" in page.html and "Stop the survey" in page.html
    assert concerns()[0].sealed_contact is None
    for file in database_files(app):
        assert b"07700 900123" not in file.read_bytes()


def test_the_support_pages_are_never_cached_and_have_one_h1_and_a_matching_title(respondent):
    pages = [offer(respondent)]
    pages.append(respondent.submit({"get_in_touch": "yes"}))
    pages.append(respondent.submit({"get_in_touch": "no"}))
    pages.append(respondent.open(pages[-1].path))  # a refresh: the same page again, nothing sent twice

    for page in pages:
        assert page.headers["Cache-Control"] == "no-store"
        assert len(page.h1s) == 1
        assert page.title.startswith((page.h1, "Error: " + page.h1))
        assert ("Get help now", "/help") in page.links


def test_the_offers_address_without_a_concern_goes_to_where_the_person_is(respondent):
    reach(respondent)
    token = respondent.page.post_form().fields["csrf_token"]
    offer_address = f"/s/leaving-care/{step_number(respondent.page) + 1}"

    assert respondent.open(offer_address).question_id == "more_say"
    sent = respondent.client.post(
        offer_address, data={"csrf_token": token, "get_in_touch": "yes", "contact": CONTACT}
    )
    assert sent.status_code == 303 and QUESTION_PATH.match(sent.location)
    assert respondent.open(sent.location).question_id == "more_say"


def test_after_quick_exit_the_support_page_shows_nothing(respondent):
    shown = offer(respondent)

    respondent.client.get("/leave")
    page = respondent.client.get(shown.path)

    assert page.status_code == 303 and page.location == NEUTRAL
    assert "Thank you for telling us" not in page.get_data(as_text=True)


def test_sending_the_worrying_answer_again_after_quick_exit_shows_an_expired_page(respondent, concerns):
    reach(respondent)
    form = respondent.page.post_form()
    payload = form.fields | {"action": "continue", "answer": URGENT}
    respondent.client.post(form.action, data=payload)

    respondent.client.get("/leave")
    again = respondent.client.post(form.action, data=payload)

    assert again.status_code == 400 and "This page has expired" in again.get_data(as_text=True)
    assert "0800 1111" not in again.get_data(as_text=True)
    assert len(concerns()) == 1


def test_a_problem_with_the_offer_comes_back_after_a_redirect_and_a_refresh_clears_it(respondent, client):
    offer(respondent)
    form = respondent.page.post_form("get_in_touch")

    sent = client.post(form.action, data=form.fields)
    shown = respondent.open(sent.location)
    refreshed = respondent.open(sent.location)

    assert sent.status_code == 303 and sent.location == form.action
    assert shown.title.startswith("Error: Thank you for telling us")
    assert refreshed.title.startswith("Thank you for telling us") and "get_in_touch" in refreshed.html
