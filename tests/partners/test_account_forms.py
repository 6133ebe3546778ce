"""The partners' fixed forms: each problem in the error summary, linked to a field that is on the page."""

from __future__ import annotations

import io
import re

from sqlmodel import select

from survey_app.partners.account_forms import REFUSALS, UploadForm
from survey_app.partners.models import Authority, PartnerMember
from survey_app.partners.word import Unreadable
from survey_app.staff.accounts import Refusal
from tests.admin.conftest import summary_links


def linked_fields_exist(html: str) -> bool:
    return all(f'id="{target}"' in html for target in summary_links(html))


def test_every_unreadable_file_has_words_in_the_upload_form():
    assert set(UploadForm.UNREADABLE) == set(Unreadable)


def test_a_colleague_with_a_role_not_on_the_list_is_refused_at_the_first_radio(partner_client, db):
    lead = partner_client("submitter", lead=True)
    html = lead.post("/partners/colleagues", data={"email": "new@council.example", "role": "owner"}).get_data(
        True
    )
    assert summary_links(html) == {"role": "Choose a role: contributor or submitter."}
    assert linked_fields_exist(html) and 'value="new@council.example"' in html
    assert db.exec(select(PartnerMember).where(PartnerMember.email == "new@council.example")).first() is None


def test_inviting_someone_who_already_has_an_account_keeps_the_role_chosen(partner_client):
    lead = partner_client("submitter", lead=True)
    html = lead.post("/partners/colleagues", data={"email": lead.member.email, "role": "submitter"})
    html = html.get_data(True)
    assert summary_links(html) == {"email": str(REFUSALS[Refusal.EMAIL_TAKEN])}
    assert re.search(r'id="role-2"[^>]*value="submitter" checked', html)


def test_a_lead_invitation_without_an_authority_says_so_and_makes_nothing(client_as, mailer, db):
    admin = client_as("admin")
    response = admin.post(
        "/admin/returns/invite",
        data={"authority": "   ", "email": "lead@council.example", "role": "submitter"},
    )
    html = response.get_data(True)
    expected = "Enter the local authority's name, in 120 characters or fewer."
    assert summary_links(html) == {"authority": expected}
    assert linked_fields_exist(html) and 'value="lead@council.example"' in html
    assert db.exec(select(Authority)).all() == [] and mailer.sent == []


def test_a_file_that_is_not_word_is_named_by_the_upload_field(partner_client):
    response = partner_client().post(
        "/partners/upload",
        data={"document": (io.BytesIO(b"not a zip"), "return.docx")},
        content_type="multipart/form-data",
    )
    html = response.get_data(True)
    assert summary_links(html) == {"document": str(UploadForm.UNREADABLE[Unreadable.NOT_DOCX])}
    assert linked_fields_exist(html)
