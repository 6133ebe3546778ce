"""Word both ways, and submission: the lock, the reference number, the receipt, the deadline and reopening."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

import docx
import pytest
from sqlmodel import select

from survey_app.partners import word
from survey_app.partners.models import PartnerReturn, ReturnAnswer


@pytest.fixture
def questionnaire(app):
    return app.extensions["partner_questionnaire"]


def _values(db) -> dict[str, str]:
    db.expire_all()
    return {a.question_id: a.value for a in db.exec(select(ReturnAnswer)).all()}


def test_a_downloaded_return_read_back_gives_every_answer_it_holds(questionnaire):
    answers = {
        "performance_account": "First paragraph.\n\nSecond, with <b>tags</b> and emoji 🙂.",
        "performance_rating": "very_good",
        "quality_evidence": json.dumps([{"title": "Audit tool", "shows": "Standards", "held": "Intranet"}]),
    }
    reading = word.read_return(questionnaire, word.write_return(questionnaire, answers, "Fife"))
    assert reading.answers == answers and reading.unmatched == [] and reading.problems == {}


def _packed_with(questionnaire, padding: bytes) -> bytes:
    """The template, with ``padding`` at the start of the document's body, deflated as Word would."""
    template = zipfile.ZipFile(io.BytesIO(word.write_return(questionnaire, {}, "Fife")))
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as out:
        for part in template.infolist():
            data = template.read(part)
            if part.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + padding, 1)
            out.writestr(part.filename, data)
    return packed.getvalue()


@pytest.mark.parametrize(
    "padding",
    [
        # 6 KB of upload unpacking to 12 MB of XML: an upload under the 10 MB limit reached tens of GB.
        pytest.param(b" " * 12_000_000, id="unpacks-huge"),
        # Each paragraph costs the reader about half a millisecond: 10,000 empty ones fit in 1 KB of
        # upload and took 6 s, so a 1 MB upload held a server for minutes.
        pytest.param(b"<w:p/>" * (word.MAX_BLOCKS + 1), id="too-many-paragraphs"),
    ],
)
def test_a_small_upload_that_unpacks_to_far_more_is_refused_not_read(questionnaire, padding):
    bomb = _packed_with(questionnaire, padding)
    assert len(bomb) < 100_000

    with pytest.raises(word.UploadError) as refused:
        word.read_return(questionnaire, bomb)
    assert refused.value.reason == word.Unreadable.TOO_BIG


def test_a_completed_template_with_an_extra_heading_and_a_bad_rating_is_matched_with_notes(questionnaire):
    document = docx.Document(io.BytesIO(word.write_return(questionnaire, {}, "Fife")))
    for paragraph in document.paragraphs:
        if paragraph.text == questionnaire.question("outcomes_account").text:
            paragraph.insert_paragraph_before("Notes for the team", style="Heading 2")
        if paragraph.text == questionnaire.question("overall_rating").text:
            paragraph.runs[0].text = paragraph.text + "  "  # a stray space typed after the heading
    answers_at = [p for p in document.paragraphs if p.style.name == "Body Text"]
    answers_at[0].text = "Typed in Word."
    answers_at[-1].text = "Brilliant"
    buffer = io.BytesIO()
    document.save(buffer)
    reading = word.read_return(questionnaire, buffer.getvalue())
    assert reading.answers == {"performance_account": "Typed in Word."}
    assert reading.unmatched == ["Notes for the team"]
    assert "overall_rating" in reading.problems


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04broken", b"=cmd|' /C calc'!A0"])
def test_a_file_that_is_not_a_word_document_gets_a_clear_message(partner_client, data):
    client = partner_client()
    response = client.post(
        "/partners/upload",
        data={"document": (io.BytesIO(data), "return.docx")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Error:" in page
    assert "not a Word document" in page or "Choose a Word file" in page


def test_an_uploaded_template_is_shown_for_checking_and_only_ticked_answers_replace_the_draft(
    partner_client, questionnaire, db
):
    client = partner_client()
    client.post(
        "/partners/section/overall", data={"answer-improvement": "Typed here.", "version-improvement": "0"}
    )
    data = word.write_return(questionnaire, {"improvement": "From Word.", "overall_rating": "good"}, "Fife")
    check = client.post(
        "/partners/upload",
        data={"document": (io.BytesIO(data), "r.docx")},
        content_type="multipart/form-data",
    )
    page = check.get_data(as_text=True)
    assert "Check the answers from your Word file" in page and "From Word." in page
    assert _values(db)["improvement"] == "Typed here."
    form = dict(re.findall(r'name="((?:answer|version)-[a-z_]+)" value="([^"]*)"', page))
    form |= {"take-overall_rating": "yes"}
    client.post("/partners/upload/accept", data=form)
    values = _values(db)
    assert values["overall_rating"] == "good" and values["improvement"] == "Typed here."


def test_the_submitter_submits_once_gets_a_reference_and_the_lead_gets_it_by_email(
    partner_client, make_authority, mailer, db
):
    authority = make_authority()
    lead = partner_client("contributor", authority=authority, lead=True)
    submitter = partner_client("submitter", authority=authority)
    assert lead.get("/partners/submit").status_code == 403
    refused = submitter.post("/partners/submit", data={})
    assert "Tick the box" in refused.get_data(as_text=True)
    submitter.post("/partners/submit", data={"confirm": "yes"})
    draft = db.exec(select(PartnerReturn)).one()
    assert draft.state == "submitted" and re.fullmatch(r"QI64-[2-9A-Z]{4}-[2-9A-Z]{4}", draft.reference)
    assert draft.reference in submitter.get("/partners/").get_data(as_text=True)
    assert any(draft.reference in body for _, body in mailer.to(lead.member.email))
    locked = submitter.post(
        "/partners/section/overall", data={"answer-improvement": "Late edit", "version-improvement": "0"}
    )
    assert locked.status_code == 302 and _values(db)["improvement"] == ""
    assert submitter.post("/partners/submit", data={"confirm": "yes"}).status_code == 409


def test_after_the_deadline_only_a_reopened_return_can_be_submitted(
    partner_client, client_as, app, db, monkeypatch
):
    submitter = partner_client("submitter")
    past = app.extensions["partner_questionnaire"].closes + dt.timedelta(days=1)

    class AfterDeadline(dt.date):
        @classmethod
        def today(cls):
            return past

    monkeypatch.setattr("survey_app.partners.account_views.dt.date", AfterDeadline)
    monkeypatch.setattr("survey_app.partners.review_views.dt.date", AfterDeadline)
    assert submitter.post("/partners/submit", data={"confirm": "yes"}).status_code == 409
    admin = client_as("admin")
    admin.post(
        f"/admin/returns/{submitter.member.authority_id}/reopen",
        data={"until": (past + dt.timedelta(days=3)).isoformat()},
    )
    assert submitter.post("/partners/submit", data={"confirm": "yes"}).status_code == 302
    assert db.exec(select(PartnerReturn)).one().reference
