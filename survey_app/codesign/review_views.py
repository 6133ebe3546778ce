"""The review team's co-design pages: make preview links, read feedback per question and version, mark
each point, print it for the next session, and compare two versions question by question."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from sqlmodel import select

from survey_app import db, engine
from survey_app.admin import bp
from survey_app.admin.home import questionnaire_or_404
from survey_app.codesign import feedback, previews, versions
from survey_app.codesign.models import PreviewFeedback
from survey_app.engine import Questionnaire
from survey_app.public_links import public_link
from survey_app.staff import audit
from survey_app.staff.access import ADMIN, ANALYST, COORDINATOR, current_staff, staff_required
from survey_app.store.models import QuestionnaireVersion

REVIEW_TEAM = (ADMIN, COORDINATOR, ANALYST)


@bp.route("/q/<questionnaire_id>/previews", methods=["GET", "POST"])
@staff_required(ADMIN, COORDINATOR)
def previews_page(questionnaire_id: str):
    questionnaire = questionnaire_or_404(questionnaire_id)
    drafts = previews.drafts(questionnaire.id)
    made = None
    if request.method == "POST":
        chosen = next((d for d in drafts if d.name == request.form.get("draft")), None)
        if chosen is None:
            abort(400)
        token = previews.make_link(db.session(), chosen, current_staff().id)
        detail = f"questionnaire={questionnaire.id} version={chosen.questionnaire.version}"
        audit.record(db.session(), current_staff().id, "preview.make", detail)
        made = public_link("web.preview_start", token=token)
    return render_template(
        "codesign/previews.html",
        questionnaire=questionnaire,
        drafts=drafts,
        made=made,
        links=previews.links_for(db.session(), questionnaire.id),
    )


def _version(questionnaire: Questionnaire, version: str | None) -> Questionnaire:
    """The questionnaire as it was at ``version``: a preview's pinned text or a loaded version's."""
    if not version or version == questionnaire.version:
        return questionnaire
    session = db.session()
    for link in previews.links_for(session, questionnaire.id):
        if link.version == version:
            return previews.questionnaire_of(link)
    row = session.exec(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.questionnaire_id == questionnaire.id, QuestionnaireVersion.version == version
        )
    ).first()
    if row is None:
        abort(404)
    return engine.parse_questionnaire(row.source, f"{questionnaire.id} v{version}")


def _feedback_page(questionnaire_id: str, template: str):
    questionnaire = questionnaire_or_404(questionnaire_id)
    known = feedback.versions(db.session(), questionnaire.id)
    chosen = request.args.get("version") or (known[-1] if known else questionnaire.version)
    shown = _version(questionnaire, chosen)
    return render_template(
        template,
        questionnaire=questionnaire,
        shown=shown,
        known=known,
        entries=feedback.by_question(db.session(), shown),
        errors={},
    )


@bp.get("/q/<questionnaire_id>/feedback")
@staff_required(*REVIEW_TEAM)
def feedback_page(questionnaire_id: str):
    return _feedback_page(questionnaire_id, "codesign/feedback.html")


@bp.get("/q/<questionnaire_id>/feedback/print")
@staff_required(*REVIEW_TEAM)
def feedback_print(questionnaire_id: str):
    """The feedback on one page of its own, to print for the next session."""
    return _feedback_page(questionnaire_id, "codesign/feedback_print.html")


@bp.post("/q/<questionnaire_id>/feedback/<int:feedback_id>")
@staff_required(*REVIEW_TEAM)
def feedback_mark(questionnaire_id: str, feedback_id: int):
    questionnaire = questionnaire_or_404(questionnaire_id)
    row = db.session().get(PreviewFeedback, feedback_id)
    if row is None or row.questionnaire_id != questionnaire.id or row.withheld:
        abort(404)
    problem = feedback.mark(db.session(), row, request.form.get("outcome", ""), request.form.get("note"))
    if problem is None:
        audit.record(
            db.session(), current_staff().id, "feedback.mark", f"feedback={row.id} outcome={row.outcome}"
        )
    target = url_for(
        "admin.feedback_page", questionnaire_id=questionnaire.id, version=row.version, problem=problem
    )
    return redirect(f"{target}#point-{row.id}", 303)


@bp.get("/q/<questionnaire_id>/compare")
@staff_required(*REVIEW_TEAM)
def compare_versions(questionnaire_id: str):
    questionnaire = questionnaire_or_404(questionnaire_id)
    choices = _known_versions(questionnaire)
    new_version = request.args.get("new") or choices[-1]
    old_version = request.args.get("old") or (choices[-2] if len(choices) > 1 else choices[-1])
    old, new = _version(questionnaire, old_version), _version(questionnaire, new_version)
    return render_template(
        "codesign/compare.html",
        questionnaire=questionnaire,
        choices=choices,
        old=old,
        new=new,
        changes=versions.compare(old, new),
    )


def _known_versions(questionnaire: Questionnaire) -> list[str]:
    session = db.session()
    loaded = session.exec(
        select(QuestionnaireVersion.version).where(QuestionnaireVersion.questionnaire_id == questionnaire.id)
    ).all()
    previewed = [link.version for link in previews.links_for(session, questionnaire.id)]
    found = {*loaded, *previewed, questionnaire.version}
    return sorted(found, key=lambda v: (len(v), v))
