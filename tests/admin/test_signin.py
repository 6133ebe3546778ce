"""Staff sign-in: set-up link, password and code, lockout, timeout, sign-out, and the audit trail."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from sqlmodel import select

from survey_app import create_app
from survey_app.staff import access, throttle
from survey_app.staff.models import AuditEntry, LoginThrottle, StaffMember
from survey_app.store.models import utcnow

PASSWORD = "a long enough pass phrase"  # the password tests/admin/conftest.py gives every member


def code_for(member: StaffMember) -> str:
    return pyotp.TOTP(member.totp_secret).now()


@pytest.fixture
def app_config(app_config):
    return app_config | {"WTF_CSRF_ENABLED": False}


def sign_in_with_password(client, email: str, password: str = PASSWORD):
    return client.post("/admin/login", data={"email": email, "password": password})


def create_by_command(app, email="new@example.org", role="analyst") -> str:
    result = app.test_cli_runner().invoke(args=["staff", "create", "--email", email, "--role", role])
    assert result.exit_code == 0, result.output
    return re.search(r"/admin/setup/(\S+)", result.output).group(1)


def actions(db) -> list[str]:
    db.expire_all()
    return [entry.action for entry in db.exec(select(AuditEntry).order_by(AuditEntry.id)).all()]


def test_staff_create_command_prints_a_one_time_setup_link_and_keeps_only_its_hash(app, db):
    token = create_by_command(app)
    member = db.exec(select(StaffMember)).one()
    assert member.role == "analyst" and member.password_hash is None
    assert token not in (member.setup_token_hash or "")
    assert member.setup_expires - utcnow() > dt.timedelta(hours=47)


def test_setup_link_sets_a_password_and_then_a_code_before_anything_opens(app, client, db):
    token = create_by_command(app)
    assert client.get(f"/admin/setup/{token}").status_code == 200
    response = client.post(f"/admin/setup/{token}", data={"password": PASSWORD, "confirm": PASSWORD})
    assert response.location == "/admin/setup/code"
    assert client.get("/admin/").status_code == 302
    page = client.get("/admin/setup/code").get_data(as_text=True)
    member = db.exec(select(StaffMember)).one()
    assert "otpauth://totp/" in page and member.totp_secret[:4] in page
    response = client.post("/admin/setup/code", data={"code": code_for(member)})
    assert response.location == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_setup_link_works_only_once(app, client):
    token = create_by_command(app)
    client.post(f"/admin/setup/{token}", data={"password": PASSWORD, "confirm": PASSWORD})
    assert client.get(f"/admin/setup/{token}").status_code == 404


def test_setup_link_stops_working_after_48_hours(app, client, db):
    token = create_by_command(app)
    member = db.exec(select(StaffMember)).one()
    member.setup_expires = utcnow() - dt.timedelta(minutes=1)
    db.add(member)
    db.commit()
    assert client.get(f"/admin/setup/{token}").status_code == 404


def test_setup_refuses_a_short_password_with_a_message(app, client):
    token = create_by_command(app)
    response = client.post(f"/admin/setup/{token}", data={"password": "short", "confirm": "short"})
    assert response.status_code == 200
    assert "Error:" in response.get_data(as_text=True)


def test_password_alone_does_not_sign_in(client, make_staff):
    member = make_staff("admin")
    response = sign_in_with_password(client, member.email)
    assert response.location == "/admin/login/code"
    assert client.get("/admin/").location.startswith("/admin/login")


def test_password_and_current_code_sign_in(client, make_staff, db):
    member = make_staff("analyst")
    sign_in_with_password(client, member.email)
    response = client.post("/admin/login/code", data={"code": code_for(member)})
    assert response.location == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert "login" in actions(db)


def test_a_code_cannot_be_used_twice(app, make_staff):
    member = make_staff("analyst")
    code = code_for(member)
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        sign_in_with_password(client, member.email)
    assert first.post("/admin/login/code", data={"code": code}).status_code == 302
    assert second.post("/admin/login/code", data={"code": code}).status_code == 200
    assert second.get("/admin/").status_code == 302


def test_a_wrong_code_is_refused(client, make_staff):
    member = make_staff("analyst")
    sign_in_with_password(client, member.email)
    wrong = "000000" if code_for(member) != "000000" else "111111"
    response = client.post("/admin/login/code", data={"code": wrong})
    assert response.status_code == 200 and "not right" in response.get_data(as_text=True)


def test_five_wrong_passwords_lock_the_address_even_against_the_right_one(client, make_staff, db):
    member = make_staff("admin")
    for _ in range(5):
        sign_in_with_password(client, member.email, "wrong password here")
    response = sign_in_with_password(client, member.email)
    assert response.status_code == 200 and "too many attempts" in response.get_data(as_text=True)
    assert "login.locked" in actions(db)


def test_five_wrong_codes_lock_out(client, make_staff):
    member = make_staff("admin")
    wrong = "000000" if code_for(member) != "000000" else "111111"
    for _ in range(5):
        sign_in_with_password(client, member.email)
        client.post("/admin/login/code", data={"code": wrong})
    assert "too many attempts" in sign_in_with_password(client, member.email).get_data(as_text=True)


def test_lockout_is_shared_by_every_worker(app, app_config, make_staff):
    member = make_staff("admin")
    other_worker = create_app(app_config)
    for _ in range(5):
        sign_in_with_password(app.test_client(), member.email, "wrong password here")
    response = sign_in_with_password(other_worker.test_client(), member.email)
    assert "too many attempts" in response.get_data(as_text=True)
    other_worker.extensions["db_engine"].dispose()


def test_unknown_addresses_are_locked_out_the_same_way_and_not_recorded(client, db):
    for _ in range(5):
        sign_in_with_password(client, "nobody@example.org", "a guess at a password")
    response = sign_in_with_password(client, "nobody@example.org", "a guess at a password")
    assert "too many attempts" in response.get_data(as_text=True)
    stored = " ".join(f"{row.key} {row.failures}" for row in db.exec(select(LoginThrottle)).all())
    details = " ".join(e.detail for e in db.exec(select(AuditEntry)).all())
    assert "nobody" not in stored + details and "guess" not in stored + details


def test_a_wait_ends_when_its_time_is_up(app, client, make_staff, db):
    member = make_staff("admin")
    for _ in range(5):
        sign_in_with_password(client, member.email, "wrong password here")
    db.expire_all()
    with app.app_context():
        key = throttle.key_for(member.email)
    row = db.exec(select(LoginThrottle).where(LoginThrottle.key == key)).one()
    row.locked_until = utcnow() - dt.timedelta(seconds=1)
    db.add(row)
    db.commit()
    assert sign_in_with_password(client, member.email).location == "/admin/login/code"


def test_an_idle_session_times_out(client, make_staff, sign_in):
    member = make_staff("analyst")
    sign_in(client, member)
    with client.session_transaction() as session:
        state = session[access.SESSION_KEY]
        session[access.SESSION_KEY] = state | {"seen": state["seen"] - 31 * 60}
    assert client.get("/admin/").location.startswith("/admin/login")


def test_signing_out_ends_the_session_even_for_a_copied_cookie(app, client, make_staff, sign_in):
    member = make_staff("analyst")
    sign_in(client, member)
    assert client.get("/admin/").status_code == 200
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    client.post("/admin/logout")
    assert client.get("/admin/").status_code == 302
    assert copy.get("/admin/").status_code == 302


def test_a_role_change_takes_effect_at_once(client, make_staff, db, sign_in):
    member = make_staff("admin")
    sign_in(client, member)
    assert client.get("/admin/staff").status_code == 200
    member.role, member.session_epoch = "analyst", "changed"
    db.add(member)
    db.commit()
    assert client.get("/admin/staff").status_code == 302


def test_admins_change_roles_and_the_change_is_audited(client_as, make_staff, db):
    admin = client_as("admin")
    other = make_staff("analyst")
    admin.post(f"/admin/staff/{other.id}/role", data={"role": "coordinator"})
    db.refresh(other)
    assert other.role == "coordinator"
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "staff.role")).one()
    assert entry.actor_id == admin.member.id and "to=coordinator" in entry.detail


def test_an_admin_cannot_take_away_their_own_role(client_as):
    admin = client_as("admin")
    assert admin.post(f"/admin/staff/{admin.member.id}/role", data={"role": "analyst"}).status_code == 400


def test_sign_in_pages_without_a_csrf_token_are_refused(app_config, make_staff):
    app = create_app(app_config | {"WTF_CSRF_ENABLED": True})
    response = sign_in_with_password(app.test_client(), "x@example.org")
    assert response.status_code == 400
    app.extensions["db_engine"].dispose()


def test_the_authenticator_uri_names_the_service_and_the_account(app, client, db):
    token = create_by_command(app, email="sam@example.org")
    client.post(f"/admin/setup/{token}", data={"password": PASSWORD, "confirm": PASSWORD})
    member = db.exec(select(StaffMember)).one()
    uri = pyotp.parse_uri(pyotp.TOTP(member.totp_secret).provisioning_uri(name=member.email))
    assert uri.secret == member.totp_secret


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/admin/staff", "/admin/staff"),
        ("//evil.example", "/admin/"),
        ("/\\evil.example", "/admin/"),
        ("https://evil.example", "/admin/"),
    ],
)
def test_sign_in_returns_only_to_a_page_on_this_site(client, make_staff, target, expected):
    member = make_staff("admin")
    client.post("/admin/login", data={"email": member.email, "password": PASSWORD, "next": target})
    response = client.post("/admin/login/code", data={"code": code_for(member), "next": target})
    assert response.location == expected
