"""The review team's page for when a questionnaire takes answers: close it early, or extend it.

The change is kept in the database (``questionnaire_dates``) so every worker honours it at once, and every
change is audit-logged with the dates, never anything about a person.
"""

from __future__ import annotations

import datetime as dt

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from survey_app import db, questionnaire_dates
from survey_app.admin import bp
from survey_app.admin.home import questionnaire_or_404
from survey_app.engine import Questionnaire
from survey_app.staff import audit
from survey_app.staff.access import ADMIN, COORDINATOR, current_staff, staff_required


def _read_date(raw: str | None) -> tuple[dt.date | None, str | None]:
    text = (raw or "").strip()
    if not text:
        return None, _("Enter the new closing date")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None, _("Enter the closing date as year-month-day, for example 2027-04-30")
    if day < questionnaire_dates.today():
        return None, _("The new closing date must be today or later")
    return day, None


def _apply(questionnaire: Questionnaire, action: str, raw: str | None) -> str | None:
    """Make the change; returns an error message, or None when done."""
    session = db.session()
    dates = questionnaire_dates.window(session, questionnaire)
    if action == "close":
        # Closing dates are inclusive: closed from today means it closed at the end of yesterday.
        closes = questionnaire_dates.today() - dt.timedelta(days=1)
        opens = min(dates.opens, closes) if dates.opens else None
    elif action == "extend":
        closes, error = _read_date(raw)
        if error:
            return error
        opens = dates.opens
    else:
        return _("Choose close now or extend")
    questionnaire_dates.change(session, questionnaire, opens=opens, closes=closes, by=current_staff().id)
    detail = f"questionnaire={questionnaire.id} opens={opens} closes={closes}"
    audit.record(session, current_staff().id, f"questionnaire.{action}", detail)
    return None


@bp.route("/q/<questionnaire_id>/dates", methods=["GET", "POST"])
@staff_required(ADMIN, COORDINATOR)
def questionnaire_dates_page(questionnaire_id: str):
    questionnaire = questionnaire_or_404(questionnaire_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        error = _apply(questionnaire, request.form.get("action", ""), request.form.get("closes"))
        if error is None:
            return redirect(url_for("admin.questionnaire_dates_page", questionnaire_id=questionnaire.id), 303)
        errors = {"closes": error}
    session = db.session()
    return render_template(
        "admin/questionnaire_dates.html",
        questionnaire=questionnaire,
        dates=questionnaire_dates.window(session, questionnaire),
        status=questionnaire_dates.status(session, questionnaire),
        grace=questionnaire_dates.grace_days(),
        errors=errors,
        has_errors=bool(errors),
        closes=request.form.get("closes", ""),
    )
