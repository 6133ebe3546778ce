"""The page where a keyworker texts the survey's invitation to a young person who agreed to it."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from survey_app import db
from survey_app.admin import bp
from survey_app.admin.area_links import check_area, start_link
from survey_app.admin.home import questionnaire_or_404
from survey_app.codesign import invitations
from survey_app.engine import Questionnaire
from survey_app.staff import audit
from survey_app.staff.access import ADMIN, COORDINATOR, current_staff, staff_required


def _link(questionnaire: Questionnaire, area: str | None) -> str:
    if area:
        return start_link(questionnaire, area)
    public = current_app.config.get("PUBLIC_URL")
    if public:
        return public + url_for("web.start", questionnaire_id=questionnaire.id)
    return url_for("web.start", questionnaire_id=questionnaire.id, _external=True)


def _invitation_text(questionnaire: Questionnaire, area: str | None) -> str:
    link = _link(questionnaire, area)
    return invitations.message(questionnaire, link, current_app.config.get("TWILIO_FROM_NUMBER"))


def _send(questionnaire: Questionnaire, area: str | None) -> dict[str, str]:
    if request.form.get("agreed") != "yes":
        return {"agreed": _("Tick to confirm the young person agreed to get this text")}
    try:
        body = _invitation_text(questionnaire, area)
        invitations.send(
            db.session(),
            current_app.extensions["sms_client"],
            current_staff().id,
            request.form.get("number"),
            body,
        )
    except invitations.InvitationRefused as refused:
        return {"number": str(refused)}
    audit.record(db.session(), current_staff().id, "invitation.send", f"questionnaire={questionnaire.id}")
    return {}


@bp.route("/q/<questionnaire_id>/invite", methods=["GET", "POST"])
@staff_required(ADMIN, COORDINATOR)
def invitation(questionnaire_id: str):
    questionnaire = questionnaire_or_404(questionnaire_id)
    area, _error = check_area(request.values.get("area"))
    errors: dict[str, str] = {}
    if request.method == "POST":
        errors = _send(questionnaire, area)
        if not errors:
            return redirect(
                url_for("admin.invitation", questionnaire_id=questionnaire.id, area=area, sent=1), 303
            )
    try:
        preview = _invitation_text(questionnaire, area)
    except invitations.InvitationRefused as refused:
        preview, errors = "", errors or {"number": str(refused)}
    used = invitations.sent_in_last_hour(db.session(), current_staff().id)
    return render_template(
        "admin/invitation.html",
        questionnaire=questionnaire,
        area=area,
        text=preview,
        sent=request.args.get("sent") == "1" and request.method == "GET",
        left=max(invitations.PER_HOUR - used, 0),
        errors=errors,
        has_errors=bool(errors),
    )
