"""Every partner route x every partner role x every method; and a partner reaches nothing of another
authority's, no young people's data and no staff page."""

from __future__ import annotations

import pytest
from sqlmodel import select

from survey_app.partners.models import Authority
from survey_app.staff.access import ROLES as STAFF_ROLES
from tests.admin.test_access import is_public, methods, sample_url

# The whole partner side is reached through these three kinds of partner; what each may do.
PARTNER_KINDS = {
    "contributor": ("contributor", False),
    "submitter": ("submitter", False),
    "lead": ("contributor", True),
}
SUBMITTER_ONLY = {"partners.submit"}
OWN_SIDE = "partners."


def partner_rules(app):
    return [
        r for r in app.url_map.iter_rules() if r.endpoint.startswith(OWN_SIDE) and not is_public(r.endpoint)
    ]


def other_rules(app):
    """Every route that is neither public nor the partners' own: the review team's and the admin pages."""
    return [
        r
        for r in app.url_map.iter_rules()
        if not r.endpoint.startswith(OWN_SIDE) and not is_public(r.endpoint)
    ]


@pytest.fixture
def kinds(partner_client, make_authority):
    authority = make_authority()
    clients = {}
    for name, (role, lead) in PARTNER_KINDS.items():
        clients[name] = partner_client(role, authority=authority, lead=lead)
    return clients


def test_every_partner_view_carries_the_partner_decorator(app):
    rules = partner_rules(app)
    assert len(rules) >= 9
    for rule in rules:
        assert getattr(app.view_functions[rule.endpoint], "partner_needs", None), rule.endpoint
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("returns."):
            assert getattr(app.view_functions[rule.endpoint], "staff_roles", None), rule.endpoint


def test_anonymous_visitors_are_sent_to_the_partners_sign_in(app, client):
    for rule in partner_rules(app):
        for method in methods(rule):
            response = client.open(sample_url(app, rule), method=method)
            assert response.status_code == 302 and response.location.startswith("/partners/sign-in"), rule


def test_staff_of_every_role_are_refused_on_the_partners_side(app, client_as):
    for role in STAFF_ROLES:
        staff = client_as(role)
        for rule in partner_rules(app):
            for method in methods(rule):
                response = staff.open(sample_url(app, rule), method=method)
                assert response.status_code == 403, f"{role} {method} {rule}"


def test_every_partner_route_for_every_partner_kind_and_method_is_allowed_or_refused_as_it_should_be(
    app, kinds, mailer
):
    walked = 0
    for rule in partner_rules(app):
        for name, client in kinds.items():
            for method in methods(rule):
                response = client.open(sample_url(app, rule), method=method)
                refused = rule.endpoint in SUBMITTER_ONLY and name != "submitter"
                refused |= rule.endpoint == "partners.colleagues" and method == "POST" and name != "lead"
                if refused:
                    assert response.status_code == 403, f"{name} {method} {rule}"
                else:
                    assert response.status_code in (200, 302, 400, 404, 409), f"{name} {method} {rule}"
                walked += 1
    assert walked > 40


def test_partners_reach_no_staff_page_and_no_young_peoples_data(app, kinds):
    for client in kinds.values():
        for rule in other_rules(app):
            for method in methods(rule):
                response = client.open(sample_url(app, rule), method=method)
                assert response.status_code in (302, 401, 403), (
                    f"{method} {rule} answered {response.status_code}"
                )
                if response.status_code == 302:
                    assert response.location.startswith("/admin/login"), f"{method} {rule}"


def test_a_partner_never_sees_another_authoritys_return(partner_client, make_authority, db):
    ours, theirs = make_authority("North Council"), make_authority("South Council")
    writer = partner_client("submitter", authority=theirs, lead=True)
    secret = "Their confidential account of audits"
    writer.post(
        "/partners/section/quality", data={"answer-quality_account": secret, "version-quality_account": "0"}
    )
    writer.post("/partners/question/quality_account", data={"comment": "Their private comment"})
    reader = partner_client("submitter", authority=ours, lead=True)
    pages = [
        "/partners/",
        "/partners/changes",
        "/partners/colleagues",
        "/partners/section/quality",
        "/partners/question/quality_account",
        "/partners/submit",
    ]
    for path in pages:
        page = reader.get(path).get_data(as_text=True)
        assert secret not in page and "Their private comment" not in page and "South Council" not in page, (
            path
        )
        assert writer.member.email not in page, path
    document = reader.get("/partners/return.docx").get_data()
    assert secret.encode() not in document
    their_id = db.exec(select(Authority.id).where(Authority.name == "South Council")).one()
    assert reader.get(f"/admin/returns/{their_id}").status_code == 302
