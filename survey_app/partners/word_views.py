"""Word both ways for partners: download the return so far; upload a completed template, check the matched
answers, then accept them into the draft (each saved like a typed answer, with its history)."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from survey_app import db, error_summary
from survey_app.engine.answers import InvalidAnswer
from survey_app.i18n import translate
from survey_app.partners import bp, drafting, forms, questionnaire, word
from survey_app.partners.access import partner_required
from survey_app.partners.account_forms import UploadForm
from survey_app.partners.return_views import _helpers, _mine
from survey_app.staff import audit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(data: bytes, filename: str) -> Response:
    return Response(
        data, mimetype=DOCX, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def file_name(authority: str, suffix: str) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in authority).strip("-").lower()[:60] or "authority"
    return f"{safe}-{suffix}.docx"


@bp.route("/return.docx")
@partner_required()
def download():
    member, authority, draft = _mine()
    values = {qid: a.value for qid, a in drafting.answers(db.session(), draft).items()}
    data = word.write_return(questionnaire(), values, authority.name)
    audit.record(db.session(), None, "partner.download", f"partner={member.id} format=docx")
    return docx_response(data, file_name(authority.name, "self-evaluation"))


@bp.route("/upload", methods=["GET", "POST"])
@partner_required()
def upload():
    member, authority, draft = _mine()
    if draft.state != "drafting":
        flash(_("This return has been submitted. It cannot be changed unless the review team reopens it."))
        return redirect(url_for("partners.overview"))
    request.max_content_length = word.MAX_UPLOAD + 64 * 1024  # before the form reads the upload
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(form)
    try:
        reading = word.read_return(questionnaire(), form.document.data.stream.read(word.MAX_UPLOAD + 1))
    except word.UploadError as problem:
        form.document.errors.append(form.UNREADABLE[problem.reason])
        return _upload_page(form)
    answers = drafting.answers(db.session(), draft)
    return render_template(
        "partners/upload_check.html",
        reading=reading,
        answers=answers,
        problems={qid: translate(message) for qid, message in reading.problems.items()},
        **_helpers(),
    )


def _upload_page(form: UploadForm):
    errors = error_summary.messages(form)
    return render_template("partners/upload.html", errors=errors, has_errors=bool(errors))


@bp.route("/upload/accept", methods=["POST"])
@partner_required()
def accept_upload():
    """Put the checked answers into the draft. Each carries the version it was checked against."""
    request.max_content_length = 4 * 1024 * 1024
    member, authority, draft = _mine()
    session = db.session()
    clashed, saved = [], 0
    for question in questionnaire().questions:
        value = request.form.get(f"answer-{question.id}")
        if value is None or request.form.get(f"take-{question.id}") != "yes":
            continue
        version = request.form.get(f"version-{question.id}", "0")
        try:
            value = forms.check_stored(question, value)
        except InvalidAnswer:
            flash(_("Not used, because it is not a valid answer: %(question)s", question=question.text))
            continue
        try:
            clash = drafting.save(
                session,
                draft,
                question.id,
                value,
                int(version) if version.isdigit() else 0,
                member.id,
                how=drafting.WORD,
            )
        except drafting.ReturnLocked:
            flash(
                _("This return has been submitted. It cannot be changed unless the review team reopens it.")
            )
            return redirect(url_for("partners.overview"))
        clashed += [question.text] if clash else []
        saved += 0 if clash else 1
    audit.record(session, None, "partner.upload", f"partner={member.id} answers={saved} held={len(clashed)}")
    flash(_("%(count)s answers from the Word file are now in the draft.", count=saved))
    for text in clashed:
        flash(
            _("Not replaced, because a colleague changed it after you uploaded: %(question)s", question=text)
        )
    return redirect(url_for("partners.overview"))
