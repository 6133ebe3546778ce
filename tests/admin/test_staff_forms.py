"""The staff forms say what is wrong in the error summary, linked to the field, and keep what was typed."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from survey_app.staff.accounts import Refusal
from survey_app.staff.forms import REFUSALS, WEAKNESSES
from survey_app.staff.models import StaffMember
from survey_app.staff.passwords import Weakness
from tests.admin.conftest import summary_links


@pytest.fixture
def app_config(app_config):
    return app_config | {"WTF_CSRF_ENABLED": False}


def test_every_refusal_and_weakness_has_words_in_the_forms():
    # A new reason with no message would reach the reader as a 500 instead of a sentence.
    assert set(REFUSALS) == set(Refusal)
    assert set(WEAKNESSES) == set(Weakness)


def test_a_taken_address_is_refused_by_the_field_with_the_address_kept(client_as, make_staff):
    admin, taken = client_as("admin"), make_staff("analyst", email="taken@example.org")
    html = admin.post("/admin/staff/new", data={"email": taken.email, "role": "analyst"}).get_data(True)
    assert summary_links(html) == {"email": "There is already an account with that e-mail address."}
    assert re.search(r'<input id="email"[^>]*value="taken@example.org"[^>]*aria-invalid="true"', html)
    assert "<title>Error:" in html


def test_a_role_not_on_the_list_is_refused_by_the_role_box_and_makes_no_account(client_as, db):
    admin = client_as("admin")
    html = admin.post("/admin/staff/new", data={"email": "new@example.org", "role": "owner"}).get_data(True)
    assert summary_links(html) == {"new-role": str(REFUSALS[Refusal.UNKNOWN_ROLE])}
    assert 'id="new-role-error"' in html and 'value="new@example.org"' in html
    assert db.exec(select(StaffMember).where(StaffMember.email == "new@example.org")).first() is None


def test_a_role_changed_to_one_not_on_the_list_is_refused_with_a_message(client_as, make_staff, db):
    admin, analyst = client_as("admin"), make_staff("analyst")
    response = admin.post(f"/admin/staff/{analyst.id}/role", data={"role": "owner"}, follow_redirects=True)
    assert str(REFUSALS[Refusal.UNKNOWN_ROLE]) in response.get_data(True)
    db.refresh(analyst)
    assert analyst.role == "analyst" and analyst.pending_role is None


def test_an_empty_sign_in_names_the_address_field_and_keeps_the_address(client):
    html = client.post("/admin/login", data={"email": " sam@example.org ", "password": ""}).get_data(True)
    assert summary_links(html) == {"email": "Enter your e-mail address and password."}
    assert 'value="sam@example.org"' in html


@pytest.mark.parametrize(
    ("password", "confirm", "weakness"),
    [
        ("Kx7!q-v2", "Kx7!q-v2", Weakness.TOO_SHORT),
        ("password1234", "password1234", Weakness.TOO_COMMON),
        ("lantern maple river", "lantern maple rivers", Weakness.DIFFERENT),
    ],
)
def test_a_new_password_that_will_not_do_says_why_by_the_password_field(
    app, client, password, confirm, weakness
):
    result = app.test_cli_runner().invoke(
        args=["staff", "create", "--email", "new@example.org", "--role", "analyst"]
    )
    token = re.search(r"/admin/setup/(\S+)", result.output).group(1)
    html = client.post(f"/admin/setup/{token}", data={"password": password, "confirm": confirm}).get_data(
        True
    )
    assert summary_links(html) == {"password": str(WEAKNESSES[weakness])}
    assert password not in html  # a password is never written back into the page


def test_the_command_line_says_a_refusal_in_words(app, make_staff):
    make_staff("analyst", email="taken@example.org")
    result = app.test_cli_runner().invoke(
        args=["staff", "create", "--email", "taken@example.org", "--role", "analyst"]
    )
    assert result.exit_code != 0 and "There is already an account with that e-mail address." in result.output


def test_set_up_links_on_a_development_machine_point_at_the_port_make_run_serves_on(
    app, tmp_path, monkeypatch
):
    # `PORT=5391 make run` in one terminal, `flask staff create` in another: the link must open.
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    (tmp_path / "local-address").write_text("http://127.0.0.1:5391\n", encoding="utf-8")

    result = app.test_cli_runner().invoke(
        args=["staff", "create", "--email", "new@example.org", "--role", "analyst"]
    )

    assert "http://127.0.0.1:5391/admin/setup/" in result.output


def test_without_make_run_the_development_link_follows_port_then_5000(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    monkeypatch.setenv("PORT", "8123")
    made = app.test_cli_runner().invoke(
        args=["staff", "create", "--email", "a@example.org", "--role", "analyst"]
    )
    assert "http://localhost:8123/admin/setup/" in made.output
    monkeypatch.delenv("PORT")
    made = app.test_cli_runner().invoke(
        args=["staff", "create", "--email", "b@example.org", "--role", "analyst"]
    )
    assert "http://localhost:5000/admin/setup/" in made.output
