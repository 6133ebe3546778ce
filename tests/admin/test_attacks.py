"""Attacks on the review team's side that once got through: each test here failed before its fix."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pyotp
import pytest
from sqlmodel import select

from survey_app import create_app
from survey_app.staff import accounts, throttle
from survey_app.staff.models import LoginThrottle, StaffMember
from survey_app.store.models import utcnow

PASSWORD = "a long enough pass phrase"


@pytest.fixture
def app_config(app_config):
    return app_config | {"WTF_CSRF_ENABLED": False}


def password_step(client, email: str, password: str = PASSWORD, **headers):
    return client.post("/admin/login", data={"email": email, "password": password}, headers=headers)


def in_parallel(count: int, action) -> list:
    """Run ``action(i)`` ``count`` times at once, released together by a barrier."""
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        return action(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


@pytest.mark.parametrize("target", ["/\t/evil.example/", "/\n/x", "/\r\n//evil.example", "/ /evil.example"])
def test_sign_in_never_sends_anyone_to_another_site_or_fails_on_a_control_character(
    client, make_staff, target
):
    member = make_staff("admin")
    assert client.get("/admin/login", query_string={"next": target}).status_code == 200
    client.post("/admin/login", data={"email": member.email, "password": PASSWORD, "next": target})
    code = pyotp.TOTP(member.totp_secret).now()
    response = client.post("/admin/login/code", data={"code": code, "next": target})
    assert response.status_code == 302 and response.location == "/admin/"


def test_one_code_signs_in_only_one_of_several_sessions_racing_with_it(app, make_staff):
    member = make_staff("analyst")
    clients = [app.test_client() for _ in range(6)]
    for client in clients:
        password_step(client, member.email)
    code = pyotp.TOTP(member.totp_secret).now()
    responses = in_parallel(6, lambda i: clients[i].post("/admin/login/code", data={"code": code}))
    assert sorted(r.status_code for r in responses) == [200] * 5 + [302]


def test_a_parallel_burst_of_password_guesses_gets_five_tries_at_most(app, make_staff, monkeypatch):
    member = make_staff("safeguarding")
    checked, lock = [], threading.Lock()
    real_check = accounts.check_password

    def counting(found, password):
        with lock:
            checked.append(password)
        return real_check(found, password)

    monkeypatch.setattr(accounts, "check_password", counting)
    clients = [app.test_client() for _ in range(12)]
    in_parallel(12, lambda i: password_step(clients[i], member.email, f"wrong guess number {i}"))
    assert 1 <= len(checked) <= 5


def test_an_attacker_makes_the_lead_wait_a_minute_not_a_quarter_of_an_hour(app, client, make_staff, db):
    lead = make_staff("safeguarding")
    for _ in range(5):
        password_step(client, lead.email, "somebody else guessing", **{"X-Forwarded-For": "203.0.113.7"})
    with app.app_context():
        key = throttle.key_for(lead.email)
    row = db.exec(select(LoginThrottle).where(LoginThrottle.key == key)).one()
    assert row.locked_until - utcnow() <= dt.timedelta(minutes=1)


def test_each_round_of_failures_makes_the_wait_longer(app, client, make_staff, db):
    member = make_staff("admin")
    with app.app_context():
        key = throttle.key_for(member.email)
    waits = []
    for _ in range(3):
        for _ in range(5):
            password_step(client, member.email, "still the wrong one")
        db.expire_all()
        row = db.exec(select(LoginThrottle).where(LoginThrottle.key == key)).one()
        waits.append(row.locked_until - utcnow())
        row.locked_until = utcnow() - dt.timedelta(seconds=1)  # as if the wait were over
        db.add(row)
        db.commit()
    assert waits[0] < waits[1] < waits[2] <= throttle.LONGEST_WAIT


def test_one_client_trying_many_addresses_is_stopped_but_others_are_not(app, make_staff):
    member = make_staff("analyst")
    attacker, colleague = app.test_client(), app.test_client()
    bad = {"X-Forwarded-For": "198.51.100.23"}
    for n in range(throttle.CLIENT_FAILURES):
        password_step(attacker, f"guess{n}@example.org", "a guess at a password", **bad)
    refused = password_step(attacker, member.email, **bad)
    assert "too many attempts" in refused.get_data(as_text=True)
    allowed = password_step(colleague, member.email, **{"X-Forwarded-For": "192.0.2.8"})
    assert allowed.location.startswith("/admin/login/code")


def test_a_client_reaching_the_app_directly_is_stopped_whatever_address_it_forwards(app, make_staff):
    member = make_staff("analyst")
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.50"  # not our proxy: its X-Forwarded-For is forged
    for n in range(throttle.CLIENT_FAILURES):
        forged = {"X-Forwarded-For": f"198.51.100.{n}"}
        password_step(attacker, f"guess{n}@example.org", "a guess at a password", **forged)
    refused = password_step(attacker, member.email, **{"X-Forwarded-For": "192.0.2.99"})
    assert "too many attempts" in refused.get_data(as_text=True)


def test_no_network_address_is_stored_for_the_client_limit(app, make_staff, db):
    password_step(
        app.test_client(), "someone@example.org", "wrong wrong wrong", **{"X-Forwarded-For": "203.0.113.99"}
    )
    stored = " ".join(f"{row.key}" for row in db.exec(select(LoginThrottle)).all())
    assert "203.0.113" not in stored and "someone" not in stored


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",
        "password1234",
        "Password123!",
        "123456789012",
        "qwertyuiopas",
        "abcabcabcabc",
        "iloveyou2024",
    ],
)
def test_common_and_patterned_passwords_are_refused_at_setup(app, client, password):
    result = app.test_cli_runner().invoke(
        args=["staff", "create", "--email", "new@example.org", "--role", "analyst"]
    )
    token = result.output.strip().rsplit("/", 1)[-1]
    response = client.post(f"/admin/setup/{token}", data={"password": password, "confirm": password})
    assert response.status_code == 200 and "too common" in response.get_data(as_text=True)


def test_an_ordinary_pass_phrase_is_accepted(app, client):
    result = app.test_cli_runner().invoke(
        args=["staff", "create", "--email", "new@example.org", "--role", "analyst"]
    )
    token = result.output.strip().rsplit("/", 1)[-1]
    response = client.post(
        f"/admin/setup/{token}", data={"password": "lantern maple river", "confirm": "lantern maple river"}
    )
    assert response.location == "/admin/setup/code"


@pytest.mark.parametrize(
    "email", ["a@b", "not an address", "sam\x00@example.org", "sam@exa mple.org", "x" * 300]
)
def test_an_address_that_is_not_an_email_gets_a_message_not_an_account(client_as, db, email):
    admin = client_as("admin")
    response = admin.post("/admin/staff/new", data={"email": email, "role": "analyst"})
    assert response.status_code == 200 and "Enter an e-mail address" in response.get_data(as_text=True)
    assert db.exec(select(StaffMember).where(StaffMember.id != admin.member.id)).all() == []


def test_a_nul_in_the_sign_in_address_is_a_wrong_address_not_an_error(client):
    response = password_step(client, "lead\x00@example.org")
    assert response.status_code == 200 and "not right" in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["99999999999999999999", "-1", "0", "abc", "1e3", "٣"])
def test_a_page_number_out_of_range_is_a_clear_400(client_as, page):
    admin = client_as("admin")
    assert admin.get(f"/admin/audit?page={page}").status_code == 400
    assert admin.get(f"/admin/q/leaving-care/answers/one_change?page={page}").status_code == 400


def test_page_two_of_the_audit_log_still_opens(client_as):
    assert client_as("admin").get("/admin/audit?page=2").status_code == 200


def test_an_admin_cannot_give_themselves_a_safeguarding_account(app, client_as, db):
    admin = client_as("admin")
    page = admin.post("/admin/staff/new", data={"email": "me.again@example.org", "role": "safeguarding"})
    token = page.get_data(as_text=True).split("/admin/setup/")[1].split("<")[0]
    member = db.exec(select(StaffMember).where(StaffMember.email == "me.again@example.org")).one()
    assert not member.active and member.pending_role == "safeguarding"
    assert app.test_client().get(f"/admin/setup/{token}").status_code == 404
    admin.post(f"/admin/staff/{member.id}/active", data={"active": "1"})
    admin.post(f"/admin/staff/{member.id}/approve", data={"decision": "approve"})
    db.refresh(member)
    assert not member.active and member.pending_role == "safeguarding"


def test_a_second_admin_approves_the_safeguarding_role(client_as, make_staff, db):
    first, second = client_as("admin"), client_as("admin")
    analyst = make_staff("analyst")
    first.post(f"/admin/staff/{analyst.id}/role", data={"role": "safeguarding"})
    db.refresh(analyst)
    assert analyst.role == "analyst" and analyst.pending_role == "safeguarding"
    second.post(f"/admin/staff/{analyst.id}/approve", data={"decision": "approve"})
    db.refresh(analyst)
    assert analyst.role == "safeguarding" and analyst.pending_role is None


def test_the_command_line_still_gives_any_role_at_once(app, db):
    app.test_cli_runner().invoke(
        args=["staff", "create", "--email", "lead@example.org", "--role", "safeguarding"]
    )
    member = db.exec(select(StaffMember)).one()
    assert member.active and member.role == "safeguarding" and member.pending_role is None


def test_the_simulator_does_not_exist_in_production(app_config):
    """The free simulator (which could post as any number) is not registered at all in production; only the
    co-design preview by text is, and it opens with a preview link's token alone and never reaches the
    webhook (tests/codesign/test_sms_preview.py)."""
    production = create_app(app_config | {"APP_ENV": "production"})
    simulator = [rule.rule for rule in production.url_map.iter_rules() if "simulator" in rule.rule]
    assert simulator == ["/sms/simulator/preview/<token>"]
    assert production.test_client().get("/sms/simulator").status_code == 404
    production.extensions["db_engine"].dispose()


def test_set_up_links_use_the_public_address(app_config, db):
    app = create_app(app_config | {"PUBLIC_URL": "https://survey.example.org"})
    result = app.test_cli_runner().invoke(
        args=["staff", "create", "--email", "n@example.org", "--role", "analyst"]
    )
    assert "https://survey.example.org/admin/setup/" in result.output
    other = app.test_cli_runner().invoke(
        args=["staff", "reset", "--email", "n@example.org", "--base-url", "https://other.example.org"]
    )
    assert "https://other.example.org/admin/setup/" in other.output
    app.extensions["db_engine"].dispose()


def test_the_code_set_up_page_shows_a_qr_code_drawn_here(app, client):
    result = app.test_cli_runner().invoke(
        args=["staff", "create", "--email", "new@example.org", "--role", "analyst"]
    )
    token = result.output.strip().rsplit("/", 1)[-1]
    client.post(
        f"/admin/setup/{token}", data={"password": "lantern maple river", "confirm": "lantern maple river"}
    )
    page = client.get("/admin/setup/code").get_data(as_text=True)
    assert (
        '<svg role="img" aria-label="QR code' in page
        and "<path" in page
        and "http" not in page.split("<svg")[1].split("</svg>")[0]
    )
