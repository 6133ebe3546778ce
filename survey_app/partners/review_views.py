"""The review team's pages for the self-evaluation (/admin/returns): every authority's state, each return
to read and download, the all-authorities file, the ratings for publication, inviting leads and reopening."""

from __future__ import annotations

import datetime as dt

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import select

from survey_app import db, error_summary
from survey_app.partners import accounts, drafting, questionnaire, review, review_bp, submission, word
from survey_app.partners.account_forms import REFUSALS, LeadInviteForm
from survey_app.partners.account_views import send_invitation
from survey_app.partners.models import Authority, ValidationActivity
from survey_app.partners.return_views import _helpers
from survey_app.partners.word_views import docx_response, file_name
from survey_app.staff import audit
from survey_app.staff.access import ADMIN, ANALYST, current_staff, staff_required


def _authority(authority_id: int) -> Authority:
    found = db.session().get(Authority, authority_id)
    if found is None:
        abort(404)
    return found


def _staff_id() -> int:
    return current_staff().id


def _index_page(form: LeadInviteForm):
    table = review.rows(db.session(), questionnaire(), dt.date.today())
    errors = error_summary.messages(form)
    return render_template(
        "partners/review/index.html",
        table=table,
        form=form,
        errors=errors,
        has_errors=bool(errors),
        **_helpers(),
    )


@review_bp.route("/")
@staff_required(ADMIN, ANALYST)
def index():
    return _index_page(LeadInviteForm(formdata=None))


@review_bp.route("/invite", methods=["POST"])
@staff_required(ADMIN)
def invite_lead():
    form = LeadInviteForm()
    if not form.validate():
        return _index_page(form)
    session = db.session()
    authority = session.exec(select(Authority).where(Authority.name == form.authority.data)).first()
    if authority is None:
        authority = Authority(name=form.authority.data)
        session.add(authority)
        session.flush()
    try:
        lead, token = accounts.invite(
            session, authority, form.email.data, form.role.data, lead=True, by=f"by_staff={_staff_id()}"
        )
    except accounts.AccountError as problem:
        session.rollback()
        form.email.errors.append(REFUSALS[problem.refusal])
        return _index_page(form)
    session.commit()
    audit.record(session, _staff_id(), "returns.invite_lead", f"authority={authority.id} partner={lead.id}")
    send_invitation(lead, authority.name, token)
    flash(_("An invitation has been sent to the lead for %(authority)s.", authority=authority.name))
    return redirect(url_for("returns.index"))


@review_bp.route("/<int:authority_id>")
@staff_required(ADMIN, ANALYST)
def read(authority_id: int):
    authority = _authority(authority_id)
    session = db.session()
    draft = drafting.existing_return(session, authority.id, questionnaire().id)
    audit.record(session, _staff_id(), "returns.read", f"authority={authority.id}")
    activities = session.exec(
        select(ValidationActivity)
        .where(ValidationActivity.authority_id == authority.id)
        .order_by(ValidationActivity.held_on)
    ).all()
    return render_template(
        "partners/review/read.html",
        authority=authority,
        draft=draft,
        answers=drafting.answers(session, draft) if draft else {},
        status=submission.status(draft, questionnaire(), dt.date.today(), draft is not None),
        activities=activities,
        today=dt.date.today(),
        errors={},
        has_errors=False,
        **_helpers(),
    )


@review_bp.route("/<int:authority_id>/return.docx")
@staff_required(ADMIN, ANALYST)
def download(authority_id: int):
    authority = _authority(authority_id)
    session = db.session()
    draft = drafting.existing_return(session, authority.id, questionnaire().id)
    values = {qid: a.value for qid, a in drafting.answers(session, draft).items()} if draft else {}
    note = f"Reference number: {draft.reference}" if draft and draft.reference else "Not submitted yet."
    audit.record(session, _staff_id(), "returns.download", f"authority={authority.id} format=docx")
    return docx_response(
        word.write_return(questionnaire(), values, authority.name, note), file_name(authority.name, "return")
    )


@review_bp.route("/all.csv")
@staff_required(ADMIN, ANALYST)
def all_csv():
    session = db.session()
    text = review.all_returns_csv(session, questionnaire(), dt.date.today())
    audit.record(session, _staff_id(), "returns.download", "all format=csv")
    return Response(
        "\ufeff" + text,  # Excel reads the file as UTF-8 only with the byte-order mark
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="self-evaluation-all-authorities.csv"'},
    )


@review_bp.route("/<int:authority_id>/reopen", methods=["POST"])
@staff_required(ADMIN)
def reopen(authority_id: int):
    authority = _authority(authority_id)
    session = db.session()
    draft = drafting.return_for(session, authority.id, questionnaire())
    try:
        until = dt.date.fromisoformat(request.form.get("until", "")[:10])
    except ValueError:
        until = None
    if until is None or until < dt.date.today():
        flash(_("Enter a date, today or later, until which the authority may submit (YYYY-MM-DD)."))
        return redirect(url_for("returns.read", authority_id=authority.id))
    old = draft.reference or "none"
    submission.reopen(session, draft, until)
    audit.record(session, _staff_id(), "returns.reopen", f"authority={authority.id} until={until} was={old}")
    flash(
        _(
            "The return of %(authority)s is open for changes and submission until %(date)s.",
            authority=authority.name,
            date=until,
        )
    )
    return redirect(url_for("returns.read", authority_id=authority.id))


@review_bp.route("/ratings")
@staff_required(ADMIN, ANALYST)
def ratings():
    return render_template(
        "partners/review/ratings.html", summaries=review.ratings(db.session(), questionnaire())
    )
