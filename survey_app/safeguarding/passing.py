""" "Pass to safeguarding": an analyst reading written answers sends one to the safeguarding reading list.

The review team's free-text page lists answers in a fixed order (by answer id, page by page), so the button
names an answer by its place there: page and position. The analyst sees only that it was passed, never
what the safeguarding reader decided; the pass is audit-logged with identifiers only.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlmodel import select

from survey_app import db
from survey_app.admin.access import ADMIN, ANALYST, current_staff, staff_required
from survey_app.safeguarding import reading_list
from survey_app.safeguarding.forms import StepForm
from survey_app.store.models import Answer, Run

# The review team's side of safeguarding: not the lead's blueprint, which analysts must never reach.
bp = Blueprint("passing", __name__, url_prefix="/admin")
TEXT_PAGE = 25  # the free-text page's page size (admin.dashboard_views.TEXT_PAGE)


def _page_size() -> int:
    from survey_app.admin import dashboard_views

    return getattr(dashboard_views, "TEXT_PAGE", TEXT_PAGE)


def _answer_at(questionnaire_id: str, question_id: str, place: int) -> Answer | None:
    """The answer shown at ``place`` (0-based, across pages) on the free-text page."""
    query = (
        select(Answer)
        .join(Run, Run.id == Answer.run_id)
        .where(Run.questionnaire_id == questionnaire_id, Answer.question_id == question_id)
        .where(Answer.status == "answered")
        .order_by(Answer.id)
        .offset(place)
        .limit(1)
    )
    return db.session().exec(query).first()


def _number(name: str) -> int:
    value = request.form.get(name, "")
    if not value.isdigit() or len(value) > 7:
        abort(400)
    return int(value)


@bp.post("/q/<questionnaire_id>/answers/<question_id>/pass", endpoint="pass_answer")
@staff_required(ADMIN, ANALYST)
def pass_answer(questionnaire_id: str, question_id: str):
    if not StepForm().validate_on_submit():
        abort(400)
    page, position = max(_number("page"), 1), _number("position")
    answer = _answer_at(questionnaire_id, question_id, (page - 1) * _page_size() + position)
    if answer is None or not answer.value:
        abort(404)
    reading_list.pass_answer(db.session(), answer, current_staff().id)
    flash(_("Passed to safeguarding. Thank you."))
    target = url_for("admin.free_text", questionnaire_id=questionnaire_id, question_id=question_id, page=page)
    return redirect(target, 303)
