"""The review team's side: inviting leads, the table of authorities, the all-authorities file, the ratings
for publication, validation and its letter; and the audit log of it all."""

from __future__ import annotations

import csv
import io
import re

import docx
import pyotp
from sqlmodel import select

from survey_app.partners.models import Authority, PartnerMember
from survey_app.staff.models import AuditEntry
from tests.admin.conftest import PASSWORD


def _audit(db) -> list[str]:
    db.expire_all()
    return [e.action for e in db.exec(select(AuditEntry)).all()]


def test_an_invited_lead_sets_up_from_the_emailed_link_and_invites_a_colleague(app, client_as, mailer, db):
    admin = client_as("admin")
    admin.post(
        "/admin/returns/invite",
        data={"authority": "Angus Council", "email": "Lead@Angus.example", "role": "submitter"},
    )
    ((subject, body),) = mailer.to("lead@angus.example")
    link = re.search(r"http://localhost(/partners/setup/\S+)", body).group(1)
    assert PASSWORD not in body
    lead = app.test_client()
    lead.post(link, data={"password": PASSWORD, "confirm": PASSWORD})
    secret = db.exec(select(PartnerMember)).one().totp_secret
    assert lead.post("/partners/setup/code", data={"code": pyotp.TOTP(secret).now()}).location == "/partners/"
    lead.post("/partners/colleagues", data={"email": "colleague@angus.example", "role": "contributor"})
    assert mailer.to("colleague@angus.example")
    assert lead.get(link).status_code == 404  # the link works once
    assert {"partner.invite", "returns.invite_lead", "partner.password_set", "partner.totp_set"} <= set(
        _audit(db)
    )


def test_the_emailed_set_up_link_is_on_the_public_address_whatever_host_the_request_named(
    app, client_as, mailer
):
    """A forged Host or X-Forwarded-Host (or an admin on an internal address) must not reach the e-mail:
    whoever holds the link's host would receive the set-up token and take the account."""
    app.config["PUBLIC_URL"] = "https://survey.example.org"
    admin = client_as("admin")
    admin.post(
        "/admin/returns/invite",
        data={"authority": "Angus Council", "email": "lead@angus.example", "role": "submitter"},
        headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"},
    )
    ((_subject, body),) = mailer.to("lead@angus.example")
    assert "evil.example" not in body
    assert re.search(r"https://survey\.example\.org/partners/setup/\S+", body)


def test_the_table_shows_each_authority_state_and_the_file_has_one_safe_row_per_authority(
    client_as, partner_client, make_authority, db
):
    quiet = make_authority("Quiet Council")
    drafting = partner_client("submitter", authority=make_authority("Busy Council"))
    drafting.post(
        "/partners/section/overall",
        data={"answer-improvement": "=SUM(A1:A9) then more", "version-improvement": "0"},
    )
    done = partner_client("submitter", authority=make_authority("Done Council"))
    done.post(
        "/partners/section/overall", data={"answer-overall_rating": "good", "version-overall_rating": "0"}
    )
    done.post("/partners/submit", data={"confirm": "yes"})
    analyst = client_as("analyst")
    page = analyst.get("/admin/returns/").get_data(as_text=True)
    for name, state in (
        ("Quiet Council", "Not started"),
        ("Busy Council", "Drafting"),
        ("Done Council", "Submitted"),
    ):
        assert re.search(rf"{name}</a></th>\s*<td>{state}</td>", page), name
    rows = list(
        csv.DictReader(
            io.StringIO(analyst.get("/admin/returns/all.csv").get_data(as_text=True).lstrip("\ufeff"))
        )
    )
    assert [r["authority"] for r in rows] == ["Busy Council", "Done Council", "Quiet Council"]
    assert rows[0]["improvement"] == "'=SUM(A1:A9) then more" and rows[1]["overall_rating"] == "Good"
    assert rows[1]["reference"].startswith("QI64-") and quiet.id


def test_the_ratings_for_publication_count_submitted_returns_and_name_no_authority(
    client_as, partner_client, make_authority
):
    for n, rating in enumerate(("good", "good", "weak")):
        client = partner_client("submitter", authority=make_authority(f"Named Council {n}"))
        client.post(
            "/partners/section/overall", data={"answer-overall_rating": rating, "version-overall_rating": "0"}
        )
        client.post("/partners/submit", data={"confirm": "yes"})
    page = client_as("analyst").get("/admin/returns/ratings").get_data(as_text=True)
    assert "Named Council" not in page
    assert re.search(r"<th scope=\"row\">Good</th><td>2</td>", page) and re.search(
        r"Weak</th><td>1</td>", page
    )


def test_only_four_authorities_can_be_marked_for_validation_and_each_gets_a_letter(
    client_as, make_authority, db
):
    admin = client_as("admin")
    authorities = [make_authority() for _ in range(5)]
    for authority in authorities:
        admin.post(f"/admin/returns/{authority.id}/validation", data={"mark": "yes"})
    db.expire_all()
    assert sum(a.for_validation for a in db.exec(select(Authority)).all()) == 4
    first = authorities[0]
    admin.post(
        f"/admin/returns/{first.id}/activity",
        data={"held_on": "2027-03-10", "what": "Focus group with staff"},
    )
    letter = docx.Document(io.BytesIO(admin.get(f"/admin/returns/{first.id}/letter.docx").get_data()))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert first.name in text and "Focus group with staff" in text and "10 March 2027" in text
    assert {"returns.validation", "returns.activity", "returns.letter"} <= set(_audit(db))


def test_the_review_team_downloads_one_return_as_word(client_as, partner_client, make_authority):
    client = partner_client("submitter", authority=make_authority("Word Council"))
    client.post(
        "/partners/section/quality",
        data={"answer-quality_account": "Audits every quarter.", "version-quality_account": "0"},
    )
    response = client_as("analyst").get(f"/admin/returns/{client.member.authority_id}/return.docx")
    document = docx.Document(io.BytesIO(response.get_data()))
    assert "Audits every quarter." in [p.text for p in document.paragraphs]
