"""Validation: the review team marks four authorities, records what it did with each (documents read,
focus groups held) and drafts a validation letter for each as a Word document."""

from __future__ import annotations

import datetime as dt
import io

import docx
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlmodel import func, select

from survey_app import db
from survey_app.engine import TypeName
from survey_app.engine.answers import clean_text
from survey_app.partners import drafting, questionnaire, review_bp
from survey_app.partners.models import Authority, ValidationActivity
from survey_app.partners.review_views import _authority
from survey_app.partners.word import evaluation_words
from survey_app.partners.word_views import docx_response, file_name
from survey_app.staff import audit
from survey_app.staff.access import ADMIN, ANALYST, current_staff, staff_required

VALIDATION_PLACES = 4


@review_bp.route("/<int:authority_id>/validation", methods=["POST"])
@staff_required(ADMIN)
def mark(authority_id: int):
    authority = _authority(authority_id)
    session = db.session()
    wanted = request.form.get("mark") == "yes"
    marked = session.exec(select(func.count()).select_from(Authority).where(Authority.for_validation)).one()
    if wanted and not authority.for_validation and marked >= VALIDATION_PLACES:
        flash(_("Four authorities are already marked for validation. Unmark one first."))
    else:
        authority.for_validation = wanted
        session.add(authority)
        audit.record(
            session, current_staff().id, "returns.validation", f"authority={authority.id} marked={wanted}"
        )
    return redirect(url_for("returns.read", authority_id=authority.id))


@review_bp.route("/<int:authority_id>/activity", methods=["POST"])
@staff_required(ADMIN, ANALYST)
def activity(authority_id: int):
    authority = _authority(authority_id)
    what = clean_text(request.form.get("what", ""))
    try:
        held_on = dt.date.fromisoformat(request.form.get("held_on", "")[:10])
    except ValueError:
        held_on = None
    if not what or len(what) > 500 or held_on is None:
        flash(_("Enter the date (YYYY-MM-DD) and what was done, in 500 characters or fewer."))
    else:
        session = db.session()
        session.add(
            ValidationActivity(
                authority_id=authority.id, staff_id=current_staff().id, held_on=held_on, what=what
            )
        )
        audit.record(session, current_staff().id, "returns.activity", f"authority={authority.id}")
        flash(_("Validation activity recorded."))
    return redirect(url_for("returns.read", authority_id=authority.id))


@review_bp.route("/<int:authority_id>/letter.docx")
@staff_required(ADMIN, ANALYST)
def letter(authority_id: int):
    authority = _authority(authority_id)
    session = db.session()
    draft = drafting.existing_return(session, authority.id, questionnaire().id)
    answers = drafting.answers(session, draft) if draft else {}
    activities = session.exec(
        select(ValidationActivity)
        .where(ValidationActivity.authority_id == authority.id)
        .order_by(ValidationActivity.held_on)
    ).all()
    audit.record(session, current_staff().id, "returns.letter", f"authority={authority.id}")
    return docx_response(
        _letter(authority, draft, answers, activities), file_name(authority.name, "validation-letter")
    )


def _letter(authority, draft, answers, activities) -> bytes:
    """A draft for the review team to edit and sign: it says what was asked, what was seen and what next."""
    document = docx.Document()
    document.add_paragraph("DRAFT")
    document.add_paragraph(f"{dt.date.today():%d %B %Y}")
    document.add_paragraph(f"Chief Social Work Officer\n{authority.name}")
    document.add_heading(f"Validation of your self-evaluation: {questionnaire().title}", level=1)
    reference = draft.reference if draft and draft.reference else "not yet submitted"
    document.add_paragraph(
        f"Thank you for your authority's self-evaluation (reference {reference}). "
        f"{authority.name} is one of four authorities chosen to validate their self-evaluation with us. "
        "This letter confirms what we will look at and when."
    )
    ratings = [
        (q.text, evaluation_words(answers[q.id].value))
        for q in questionnaire().questions
        if q.type == TypeName.EVALUATION and q.id in answers and answers[q.id].value
    ]
    if ratings:
        document.add_heading("Your evaluations", level=2)
        for text, words in ratings:
            document.add_paragraph(f"{text} {words}", style="List Bullet")
    document.add_heading("Validation activity", level=2)
    for item in activities or []:
        document.add_paragraph(f"{item.held_on:%d %B %Y}: {item.what}", style="List Bullet")
    if not activities:
        document.add_paragraph("[Dates of document review and focus groups to be agreed.]")
    document.add_paragraph(
        "The national report will not name your authority. Please contact the review team with any questions."
    )
    document.add_paragraph("Yours sincerely,\n\n[Name]\nReview team")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
