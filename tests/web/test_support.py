"""Support contacts: one list, the same for everybody, on the help page and reusable by other channels."""

from __future__ import annotations

from survey_app.engine.gsm import is_gsm7
from survey_app.safeguarding import support

NUMBERS = {
    "emergency": "999",
    "childline": "0800 1111",
    "samaritans": "116 123",
    "shout": "85258",
    "breathing_space": "0800 83 85 87",
}


def test_the_list_has_the_checked_uk_numbers_with_the_emergency_number_first(app):
    with app.test_request_context():
        contacts = support.support_contacts()

    assert {c.key: c.number for c in contacts} == NUMBERS
    assert contacts[0].key == "emergency"


def test_each_contact_is_one_tap_on_a_phone(app):
    with app.test_request_context():
        assert support.contact("childline").href == "tel:08001111"
        assert support.contact("shout").href == "sms:85258?body=SHOUT"
        assert support.contact("shout").action == "Text SHOUT to 85258"
        assert support.contact("samaritans").action == "Call 116 123"


def test_text_lines_for_other_channels_are_plain_gsm7(app):
    with app.test_request_context():
        lines = support.as_text_lines()

    assert len(lines) == len(NUMBERS)
    assert lines[1] == "Childline: call 0800 1111. For under 19s. Free, any time."
    assert all(is_gsm7(line) for line in lines)


def test_the_help_page_shows_every_contact_as_a_link_and_keeps_nothing(client):
    response = client.get("/help")

    html = response.get_data(as_text=True)
    for number in NUMBERS.values():
        assert number in html
    assert 'href="tel:999"' in html and 'href="sms:85258?body=SHOUT"' in html
    with client.session_transaction() as session:
        assert dict(session) == {}


def test_every_page_links_to_help_now(respondent):
    for url in ("/", "/survey/leaving-care", "/resume", "/nowhere"):
        page = respondent.open(url)
        assert ("Get help now", "/help") in page.links, url
