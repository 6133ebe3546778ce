"""Links and QR codes for an area: who may make them, what the link says, and that the QR code holds it."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest
import segno
from sqlmodel import select

from survey_app import distributions
from survey_app.admin.area_links import check_area
from survey_app.staff.models import AuditEntry

LINKS = "/admin/q/leaving-care/links"
CARD = "/admin/q/leaving-care/links/card"
QR_IMAGE = re.compile(r'<img src="(data:image/svg\+xml[^"]*)" alt="([^"]*)"')


@pytest.fixture
def app_config(app_config):
    return app_config | {"WTF_CSRF_ENABLED": False}


def make(client, area: str) -> str:
    return client.post(LINKS, data={"area": area}).get_data(as_text=True)


def dark_modules(svg: str) -> set[tuple[int, int]]:
    """The dark squares of a segno SVG, read back from its path (``M x y``, ``h n``, ``m dx dy``)."""
    path = re.search(r"class='qrline'[^>]* d='([^']+)'", svg)[1]
    x = y = 0.0
    dark = set()
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark.update((int(x) + i, int(y)) for i in range(int(a)))
            x += float(a)
    return dark


@pytest.mark.parametrize("path", [LINKS, f"{CARD}?area=NE-12"])
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.location.startswith("/admin/login")


@pytest.mark.parametrize("role", ["analyst", "safeguarding"])
def test_analysts_and_safeguarding_leads_cannot_make_links(client_as, role):
    client = client_as(role)
    assert client.get(LINKS).status_code == 403
    assert client.post(LINKS, data={"area": "NE-12"}).status_code == 403
    assert client.get(f"{CARD}?area=NE-12").status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_coordinators_and_admins_see_the_form_and_the_worker_hint(client_as, role):
    response = client_as(role).get(LINKS)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "novalidate" in page and 'name="area"' in page and "<img" not in page
    assert "Take part with a worker" in page and "I am helping someone to take part" in page


def test_coordinators_find_the_page_from_the_questionnaire_list_and_analysts_do_not(client_as):
    assert LINKS in client_as("coordinator").get("/admin/").get_data(as_text=True)
    assert LINKS not in client_as("analyst").get("/admin/").get_data(as_text=True)


def test_a_valid_area_gives_the_full_link_with_the_area_and_a_qr_code(client_as, db):
    coordinator = client_as("coordinator")
    page = make(coordinator, " ne-12 ")
    link = "http://localhost/survey/leaving-care?area=NE-12"
    assert f'<code class="break">{link}</code>' in page
    image, alt = QR_IMAGE.search(page).groups()
    assert image.startswith("data:image/svg+xml") and "<svg" in unquote(image)
    assert html.unescape(alt) == f"QR code for the link {link}"
    assert f"{CARD}?area=NE-12" in page
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "area_link.make")).one()
    assert entry.actor_id == coordinator.member.id
    assert entry.detail == "questionnaire=leaving-care area=NE-12"


def test_the_qr_code_holds_exactly_the_link(client_as):
    page = make(client_as("admin"), "NE-12")
    svg = unquote(QR_IMAGE.search(page)[1])
    expected = segno.make_qr("http://localhost/survey/leaving-care?area=NE-12", error="m")
    border = 4
    # A full QR code at scale 6 with the standard quiet zone: phones' cameras do not read Micro QR codes.
    assert not expected.is_micro and f"width='{expected.symbol_size(scale=6)[0]}'" in svg
    wanted = {
        (x + border, y + border)
        for y, row in enumerate(expected.matrix)
        for x, value in enumerate(row)
        if value
    }
    assert dark_modules(svg) == wanted


def test_the_link_uses_public_url_when_it_is_set(app, client_as):
    app.config["PUBLIC_URL"] = "https://haveyoursay.example.org"
    page = make(client_as("coordinator"), "Fife")
    assert "https://haveyoursay.example.org/survey/leaving-care?area=FIFE" in page
    assert "localhost" not in page


@pytest.mark.parametrize(
    "area, message",
    [
        ("", "Enter an area code"),
        ("   ", "Enter an area code"),
        ("NE 12", "Area code must only include letters, numbers and dashes, with no spaces"),
        ("NE_12", "Area code must only include letters, numbers and dashes, with no spaces"),
        ("Gàidhealtachd", "Area code must only include letters, numbers and dashes, with no spaces"),
        ("-NE12", "Area code must start with a letter or a number"),
        ("A" * 33, "Area code must be 32 characters or fewer"),
    ],
)
def test_an_invalid_area_shows_an_error_summary_and_no_link(client_as, db, area, message):
    page = make(client_as("coordinator"), area)
    assert "<title>Error:" in page
    assert f'<a href="#area">{message}</a>' in page
    assert 'aria-invalid="true"' in page and "<img" not in page
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "area_link.make")).first() is None


@pytest.mark.parametrize(
    "raw", ["NE-12", "ne-12", "a", "A" * 32, "A" * 33, "-x", "x-", "1-2-3", "NE 12", "né", "", "  ab  "]
)
def test_the_form_accepts_exactly_the_codes_the_start_page_records(app, raw):
    with app.test_request_context():
        assert check_area(raw)[0] == distributions.area_code(raw)


def test_the_sms_way_names_the_keyword_and_the_number_when_set(app, client_as):
    app.config["TWILIO_FROM_NUMBER"] = "+447700900123"
    client = client_as("coordinator")
    assert "text CARE to +447700900123" in make(client, "NE-12")
    assert "Or text CARE to +447700900123." in client.get(f"{CARD}?area=NE-12").get_data(as_text=True)


def test_without_a_number_the_sms_way_says_none_is_set_up(client_as):
    assert "no text message number set up yet" in make(client_as("coordinator"), "NE-12")


def test_the_card_has_only_what_a_young_person_needs(client_as):
    page = client_as("coordinator").get(f"{CARD}?area=NE-12").get_data(as_text=True)
    assert "<h1>Have your say</h1>" in page
    assert "Tell us what leaving care is like for you" in page
    assert "http://localhost/survey/leaving-care?area=NE-12" in page
    assert QR_IMAGE.search(page)
    assert "You can stop at any time. Your answers are anonymous." in page
    assert "Sign out" not in page and "confidential" not in page and "Quick exit" not in page


def test_a_card_for_a_bad_area_goes_back_to_the_form(client_as):
    response = client_as("coordinator").get(f"{CARD}?area=-bad")
    assert response.status_code == 302 and response.location.endswith(LINKS)


def test_an_unknown_questionnaire_is_not_found(client_as):
    assert client_as("admin").get("/admin/q/nope/links").status_code == 404


def test_making_a_link_needs_the_form_token(app, client_as):
    app.config["WTF_CSRF_ENABLED"] = True
    client = client_as("coordinator")
    assert 'name="csrf_token"' in client.get(LINKS).get_data(as_text=True)
    assert client.post(LINKS, data={"area": "NE-12"}).status_code == 400
