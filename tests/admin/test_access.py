"""Every route of the whole app (every blueprint, including ones added later) refuses anonymous and
wrong-role visitors unless it is on the public list below."""

from __future__ import annotations

import pytest
from flask import url_for
from werkzeug.routing import FloatConverter, IntegerConverter, UUIDConverter

from survey_app.staff.access import ROLES

# The young person's side and the Twilio webhooks must work without a login: whole blueprints are public.
PUBLIC_PREFIXES = ("web.", "sms.")
# Single public endpoints: static files and the pages that lead to a staff login.
PUBLIC_ENDPOINTS = {"static", "admin.login", "admin.code", "admin.setup", "admin.setup_code", "admin.logout"}
# The partners' sign-in pages (tests/partners/test_access.py walks the partners' side by partner role).
PUBLIC_ENDPOINTS |= {
    "partners.sign_in", "partners.code", "partners.setup", "partners.setup_code", "partners.sign_out"
}  # fmt: skip
# Choosing a language: a redirect back to the page it came from, for anyone.
PUBLIC_ENDPOINTS |= {"languages.switch"}
SIGN_IN_PAGES = ("/admin/login", "/partners/sign-in")
# The review team's blueprints: nothing here may be public except the sign-in pages above.
PROTECTED_PREFIXES = ("admin.", "safeguarding.")
SAMPLE_ARGUMENTS = {
    IntegerConverter: 1,
    FloatConverter: 1.0,
    UUIDConverter: "00000000-0000-0000-0000-000000000000",
}


@pytest.fixture
def app_config(app_config):
    # Access, not the CSRF token, must be what turns these requests away.
    return app_config | {"WTF_CSRF_ENABLED": False}


def is_public(endpoint: str) -> bool:
    return endpoint in PUBLIC_ENDPOINTS or endpoint.startswith(PUBLIC_PREFIXES)


def protected_rules(app):
    return [rule for rule in app.url_map.iter_rules() if not is_public(rule.endpoint)]


def sample_url(app, rule) -> str:
    values = {name: SAMPLE_ARGUMENTS.get(type(conv), "x") for name, conv in rule._converters.items()}
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def methods(rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def test_public_list_does_not_open_any_review_team_page():
    for endpoint in PUBLIC_ENDPOINTS:
        assert not endpoint.startswith("safeguarding.")
    assert not any(prefix in PROTECTED_PREFIXES for prefix in PUBLIC_PREFIXES)


def test_every_admin_and_safeguarding_view_carries_the_staff_decorator(app):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint.startswith(PROTECTED_PREFIXES) and not is_public(rule.endpoint):
            assert getattr(view, "staff_roles", None), f"{rule.endpoint} lacks @staff_required"


def test_every_non_public_route_sends_anonymous_visitors_to_sign_in(app, client):
    checked = 0
    for rule in protected_rules(app):
        url = sample_url(app, rule)
        for method in methods(rule):
            response = client.open(url, method=method)
            assert response.status_code in (302, 401, 403), f"{method} {url} answered {response.status_code}"
            if response.status_code == 302:
                assert response.location.startswith(SIGN_IN_PAGES), f"{method} {url} -> {response.location}"
            checked += 1
    assert checked > 5


def test_every_non_public_route_refuses_staff_without_the_right_role(app, client_as):
    clients = {role: client_as(role) for role in ROLES}
    refused = 0
    for rule in protected_rules(app):
        allowed = getattr(app.view_functions[rule.endpoint], "staff_roles", frozenset())
        url = sample_url(app, rule)
        for role in set(ROLES) - set(allowed):
            for method in methods(rule):
                response = clients[role].open(url, method=method)
                assert response.status_code == 403, f"{role} {method} {url} answered {response.status_code}"
                refused += 1
    assert refused > 5


def test_analysts_and_coordinators_never_reach_safeguarding_views(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("safeguarding.") and not is_public(rule.endpoint):
            roles = app.view_functions[rule.endpoint].staff_roles
            assert "analyst" not in roles and "coordinator" not in roles, rule.endpoint


def test_coordinators_reach_only_counts_and_their_area_links(app):
    for_coordinators = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "coordinator" in getattr(app.view_functions[rule.endpoint], "staff_roles", ())
    }
    # Area links hold no response data: they are how a coordinator hands keyworkers a link for their area.
    allowed = {"admin.home", "admin.dashboard_page", "admin.area_links", "admin.area_link_card"}
    # Co-design and handing on hold no responses either: previews keep no answers, advisers' feedback is
    # anonymous (worrying words withheld for safeguarding), dates and invitations keep no one's details.
    allowed |= {
        "admin.questionnaire_dates_page",
        "admin.invitation",
        "admin.previews_page",
        "admin.feedback_page",
        "admin.feedback_print",
        "admin.feedback_mark",
        "admin.compare_versions",
    }
    assert for_coordinators <= allowed


def test_a_wrong_role_gets_a_plain_page_with_a_way_on_not_the_servers_bare_refusal(client_as):
    # An admin following a colleague's link to the safeguarding queue: say what happened and where to go.
    response = client_as("admin").get("/safeguarding/")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "You cannot open this page" in page
    assert "read-protected" not in page
    assert 'href="/"' in page
