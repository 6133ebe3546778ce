"""The simulator page: a phone-shaped conversation through the real, signed webhook."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from survey_app.sms import simulator


class Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.h1 = 0
        self.fields: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "h1":
            self.h1 += 1
        if tag == "input" and attrs.get("type") == "hidden":
            self.fields[attrs["name"]] = attrs.get("value", "")


def _send(client, page: Page, body: str, **extra):
    response = client.post("/sms/simulator", data={**page.fields, "body": body, "action": "send", **extra})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_simulator_page_has_one_heading_unique_ids_and_a_labelled_message_box(client):
    html = client.get("/sms/simulator").get_data(as_text=True)

    page = Page(html)
    assert page.h1 == 1 and len(page.ids) == len(set(page.ids))
    assert re.search(r"<title>Text message simulator", html)
    assert '<label for="body"' in html and 'id="body"' in html


def test_texting_the_keyword_in_the_simulator_shows_the_replies_and_starts_a_conversation(client, stored):
    page = Page(client.get("/sms/simulator").get_data(as_text=True))

    html = _send(client, page, "CARE")

    assert "This is the leaving care survey" in html
    assert "1 text, GSM-7" in html
    [conversation] = stored.conversations()
    assert conversation.channel == "sms"


def test_the_simulator_keeps_one_phone_for_the_whole_conversation(client, stored):
    html = _send(client, Page(client.get("/sms/simulator").get_data(as_text=True)), "CARE")
    for _ in range(4):
        html = _send(client, Page(html), "yes")

    assert "How old are you?" in html
    assert len(stored.runs()) == 1 and len(stored.conversations()) == 1


def test_the_simulator_can_be_whatsapp(client, stored):
    page = Page(client.get("/sms/simulator").get_data(as_text=True))

    _send(client, page, "CARE", channel="whatsapp")

    assert stored.conversations()[0].channel == "whatsapp"


def test_the_simulator_goes_through_the_signature_check(client, stored, monkeypatch):
    monkeypatch.setattr(simulator, "sign", lambda url, params: "forged")
    page = Page(client.get("/sms/simulator").get_data(as_text=True))

    html = _send(client, page, "CARE")

    assert "The webhook answered 403." in html
    assert stored.conversations() == []


def test_the_simulator_signs_for_the_public_url_when_one_is_set(app, client, stored):
    app.config["PUBLIC_URL"] = "https://survey.example.org"

    _send(client, Page(client.get("/sms/simulator").get_data(as_text=True)), "CARE")

    assert len(stored.conversations()) == 1


def test_the_simulator_is_not_there_in_production(app, client):
    app.config["APP_ENV"] = "production"

    assert client.get("/sms/simulator").status_code == 404
