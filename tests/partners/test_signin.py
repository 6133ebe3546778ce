"""Partners sign in as staff do (password, then a code), and their codes are theirs alone."""

from __future__ import annotations

import pyotp

from survey_app.staff.models import StaffMember
from tests.admin.conftest import PASSWORD


def _sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/partners/sign-in", data={"email": email, "password": password})


def test_a_partner_signs_in_with_password_and_code_and_a_code_works_only_once(
    app, make_authority, make_partner
):
    member = make_partner(make_authority())
    client = app.test_client()
    assert _sign_in(client, member.email).location.startswith("/partners/sign-in/code")
    code = pyotp.TOTP(member.totp_secret).now()
    assert client.post("/partners/sign-in/code", data={"code": code}).location == "/partners/"
    assert client.get("/partners/").status_code == 200
    client.post("/partners/sign-out")
    assert client.get("/partners/").status_code == 302
    _sign_in(client, member.email)
    again = client.post("/partners/sign-in/code", data={"code": code})
    assert again.status_code == 200 and "The code is not right" in again.get_data(as_text=True)


def test_a_wrong_password_is_refused_without_saying_whether_the_address_exists(
    app, make_authority, make_partner
):
    member = make_partner(make_authority())
    client = app.test_client()
    wrong = _sign_in(client, member.email, "not the right pass phrase").get_data(as_text=True)
    unknown = _sign_in(client, "nobody@council.example").get_data(as_text=True)
    assert "The e-mail address or password is not right." in wrong
    assert "The e-mail address or password is not right." in unknown


def test_a_partners_code_never_spends_a_staff_members_code_with_the_same_id(
    app, make_authority, make_partner, make_staff, db
):
    staff = make_staff("admin")
    member = make_partner(make_authority())
    assert staff.id == member.id
    client = app.test_client()
    _sign_in(client, member.email)
    client.post("/partners/sign-in/code", data={"code": pyotp.TOTP(member.totp_secret).now()})
    db.expire_all()
    assert db.get(StaffMember, staff.id).totp_last_step is None


def test_a_staff_session_does_not_open_the_partners_pages(client_as):
    assert client_as("admin").get("/partners/").status_code == 403
