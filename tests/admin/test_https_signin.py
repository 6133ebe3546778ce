"""Staff sign-in behind the TLS proxy, with CSRF on and no Referer, as in production."""

from __future__ import annotations

import re

import pytest

from tests.admin.conftest import PASSWORD, code_for

BEHIND_PROXY = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_HOST": "survey.example.org"}


@pytest.fixture
def app_config(app_config):
    return app_config | {"WTF_CSRF_ENABLED": True, "SESSION_COOKIE_SECURE": True}


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_staff_sign_in_over_https_without_a_referer_reaches_the_dashboard(app, make_staff):
    member = make_staff("admin")
    client = app.test_client()
    client.environ_base.update(BEHIND_PROXY)

    token = _token(client.get("/admin/login").get_data(as_text=True))
    response = client.post(
        "/admin/login",
        data={"csrf_token": token, "email": member.email, "password": PASSWORD, "next": ""},
        headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)

    token = _token(client.get(response.location).get_data(as_text=True))
    response = client.post("/admin/login/code", data={"csrf_token": token, "code": code_for(member)})
    assert response.status_code == 302 and response.location == "/admin/"
    assert client.get("/admin/").status_code == 200
