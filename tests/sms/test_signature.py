"""Only Twilio may post to the webhooks: the signature covers the public URL and every parameter."""

from __future__ import annotations

import pytest
from twilio.request_validator import HMAC_SHA256, RequestValidator

from .texting import AUTH_TOKEN, Phone, flask_poster, new_sid, sign


def _post(client, params, signature=None, path="/sms/inbound", **kwargs):
    headers = {"X-Twilio-Signature": signature} if signature else {}
    return client.post(path, data=params, headers={**headers, **kwargs.pop("headers", {})}, **kwargs)


def _at_first_question(phone):
    for body in ("CARE", "yes", "yes", "yes", "yes"):
        phone.send(body)


def test_a_message_without_a_signature_is_refused_and_changes_nothing(client, phone, stored):
    response = _post(client, phone.params("CARE"))

    assert response.status_code == 403
    assert stored.conversations() == []


def test_a_message_signed_with_another_token_is_refused(client, phone, stored):
    params = phone.params("CARE")

    response = _post(client, params, sign("http://localhost/sms/inbound", params, token="not-ours"))

    assert response.status_code == 403
    assert stored.conversations() == []


def test_a_forged_answer_part_way_through_changes_nothing(client, phone, stored):
    _at_first_question(phone)
    params = phone.params("19")
    signature = sign("http://localhost/sms/inbound", params)
    params["Body"] = "26"

    response = _post(client, params, signature)

    assert response.status_code == 403
    assert stored.answers() == {}
    assert phone.send("19")  # the real answer still goes to the first question
    assert stored.answers() == {"age": ("answered", 19)}


def test_behind_a_tls_proxy_the_https_url_twilio_signed_validates(client, phone):
    params = phone.params("CARE")
    signature = sign("https://survey.example.org/sms/inbound", params)

    response = _post(
        client,
        params,
        signature,
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "survey.example.org"},
    )

    assert response.status_code == 200


def test_behind_a_tls_proxy_an_http_signature_is_refused(client, phone):
    params = phone.params("CARE")
    signature = sign("http://survey.example.org/sms/inbound", params)

    response = _post(
        client,
        params,
        signature,
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "survey.example.org"},
    )

    assert response.status_code == 403


FORGED_PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "survey.example.org"}


def test_reached_directly_forged_proxy_headers_do_not_change_the_url_checked(client, phone):
    """Anyone can send X-Forwarded-*: from a peer that is not our proxy the URL is the one the request
    reached, so a signature made for another address (one the sender holds a signed text for) is refused."""
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    params = phone.params("CARE")
    forged = _post(
        client,
        params,
        sign("https://survey.example.org/sms/inbound", params),
        headers=FORGED_PROXY,
        environ_base=outside,
    )
    assert forged.status_code == 403

    params = phone.params("CARE")
    direct = _post(
        client,
        params,
        sign("http://localhost/sms/inbound", params),
        headers=FORGED_PROXY,
        environ_base=outside,
    )
    assert direct.status_code == 200


def test_the_query_string_is_part_of_what_is_signed(client, phone):
    params = phone.params("CARE")
    good = sign("http://localhost/sms/inbound?source=main", params)

    assert _post(client, params, good, path="/sms/inbound?source=main").status_code == 200
    assert _post(client, phone.params("CARE"), good, path="/sms/inbound?source=other").status_code == 403


def test_public_url_is_what_twilio_signed(app, client, phone):
    app.config["PUBLIC_URL"] = "https://survey.example.org"
    public = Phone(flask_poster(client), base="https://survey.example.org")

    assert public.send("CARE")
    params = phone.params("hello")
    assert _post(client, params, sign("http://localhost/sms/inbound", params)).status_code == 403


def test_a_status_callback_without_a_signature_is_refused(client):
    response = _post(
        client, {"MessageSid": new_sid(), "MessageStatus": "failed", "ErrorCode": "21610"}, path="/sms/status"
    )

    assert response.status_code == 403


@pytest.mark.parametrize(
    "seen, signed",
    [
        ("localhost:8000", "http://localhost:8000/sms/inbound"),
        ("localhost:8000", "http://localhost/sms/inbound"),  # Twilio may leave the port out...
        ("localhost", "http://localhost:80/sms/inbound"),  # ...or put the default one in
        ("localhost", "http://localhost/sms/inbound"),
    ],
)
def test_a_signature_with_or_without_the_port_validates_as_twilios_own_check_says(
    client, phone, seen, signed
):
    params = phone.params("CARE")
    signature = sign(signed, params)
    assert RequestValidator(AUTH_TOKEN).validate(f"http://{seen}/sms/inbound", params, signature)

    assert _post(client, params, signature, headers={"Host": seen}).status_code == 200


def test_a_signature_for_another_port_is_refused(client, phone):
    params = phone.params("CARE")

    response = _post(
        client, params, sign("http://localhost:9000/sms/inbound", params), headers={"Host": "localhost:8000"}
    )

    assert response.status_code == 403


def test_hmac_sha256_signatures_validate_and_an_unknown_algorithm_is_refused(client, phone):
    params = phone.params("CARE")
    url = "http://localhost/sms/inbound"
    sha256 = RequestValidator(AUTH_TOKEN).compute_signature(url, params, HMAC_SHA256)
    settings = "X-Twilio-Webhooks-Signature-Settings"

    assert _post(client, params, sha256, headers={settings: "algorithm=HMAC_SHA256"}).status_code == 200
    unknown = _post(client, phone.params("CARE"), sha256, headers={settings: "algorithm=HMAC_MD5"})
    assert unknown.status_code == 403
