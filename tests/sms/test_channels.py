"""WhatsApp through the same webhook, pictures without words, and parameters we do not know."""

from __future__ import annotations

from xml.etree import ElementTree

from .texting import LEAVING_CARE, Phone, expected_answers, flask_poster


def test_a_whatsapp_sender_completes_the_survey_through_the_same_webhook(client, stored):
    whatsapp = Phone(flask_poster(client), number="whatsapp:+447700900321")

    replies = [whatsapp.send(body) for body, _answer in LEAVING_CARE]

    [run] = stored.runs()
    assert run.channel == "whatsapp"
    assert stored.answers(run.id) == expected_answers()
    assert "Thank you" in replies[-1][0]


def test_whatsapp_and_sms_from_one_phone_are_two_conversations(client, stored):
    Phone(flask_poster(client), number="+447700900321").send("CARE")
    Phone(flask_poster(client), number="whatsapp:+447700900321").send("CARE")

    assert sorted(c.channel for c in stored.conversations()) == ["sms", "whatsapp"]


def test_the_reply_is_twiml_in_the_same_response_with_no_redirect(client, phone):
    status, body = phone.deliver(phone.params("CARE"))

    root = ElementTree.fromstring(body)  # noqa: S314 - our own app's reply
    assert status == 200 and root.tag == "Response"
    assert [child.tag for child in root] == ["Message", "Message", "Message"]  # intro, cost, consent
    assert root.find("Redirect") is None
    assert root[0].get("action") == "http://localhost/sms/status"


def test_reply_texts_with_xml_characters_reach_twilio_exactly(app):
    from survey_app.sms import views

    texts = ["Tom & Jerry <3 \"quotes\" 'apostrophes' ]]> é 😀", "line one\nline two", ""]
    with app.test_request_context("/sms/inbound", base_url="https://survey.example.org"):
        body = views.twiml(texts).get_data()

    root = ElementTree.fromstring(body)  # noqa: S314 - our own app's reply
    assert [m.text or "" for m in root.iter("Message")] == texts
    assert {m.get("action") for m in root} == {"https://survey.example.org/sms/status"}
    assert ElementTree.fromstring(views.twiml([]).get_data()).tag == "Response"  # noqa: S314


def test_a_picture_without_words_gets_a_polite_text_only_reply(phone, stored):
    for body in ("CARE", "yes", "yes", "yes", "yes"):
        phone.send(body)

    [reply] = phone.send(
        "", NumMedia="1", MediaUrl0="https://api.twilio.com/media/ME1", MediaContentType0="image/jpeg"
    )

    assert "only read text" in reply
    assert stored.answers() == {}
    assert stored.runs()[0].position == "age"


def test_a_picture_with_words_uses_the_words(phone, stored):
    for body in ("CARE", "yes", "yes", "yes", "yes"):
        phone.send(body)

    phone.send("19", NumMedia="1", MediaUrl0="https://api.twilio.com/media/ME1")

    assert stored.answers() == {"age": ("answered", 19)}


def test_unknown_parameters_are_ignored(phone, stored):
    phone.send(
        "CARE",
        SmsStatus="received",
        FromCity="LONDON",
        SomethingNew="x",
        NumSegments="1",
        ApiVersion="2010-04-01",
        NumMedia="not-a-number",
    )

    assert len(stored.conversations()) == 1


def test_stop_on_whatsapp_is_confirmed_because_twilio_does_not_answer_it_there(client, stored):
    whatsapp = Phone(flask_poster(client), number="whatsapp:+447700900321")
    for body in ("CARE", "yes"):
        whatsapp.send(body)

    [reply] = whatsapp.send("STOP")

    assert "stopped" in reply
    assert stored.conversations()[0].state == "stopped"
