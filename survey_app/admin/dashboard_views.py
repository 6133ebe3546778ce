"""Dashboard pages: counts (coordinators too), answers to closed questions as charts, free text to read."""

from __future__ import annotations

import json

from flask import abort, render_template
from flask_babel import gettext as _
from sqlalchemy import func, select

from survey_app import db
from survey_app.admin import bp, dashboard, stats
from survey_app.admin.answer_distributions import distribution
from survey_app.admin.charts import bar_chart
from survey_app.admin.home import questionnaire_or_404
from survey_app.admin.log_views import requested_page
from survey_app.exports import scrub
from survey_app.exports.reading import reading
from survey_app.exports.scottish_places import area_name
from survey_app.exports.suppression import PRIMARY, SECONDARY, SMALL, protect
from survey_app.safeguarding.passing import TEXT_PAGE, answer_token
from survey_app.staff import audit
from survey_app.staff.access import ADMIN, ANALYST, COORDINATOR, current_staff, staff_required
from survey_app.store.models import Answer, Run


def question_numbers(questionnaire) -> dict[str, int]:
    """Each question's number: its place in the whole questionnaire, the same on every page."""
    return {question.id: n for n, question in enumerate(questionnaire.questions, 1)}


def hidden_words() -> dict[str, str]:
    return {PRIMARY: _("fewer than 10"), SECONDARY: _("not shown"), "none": "-"}


@bp.route("/q/<questionnaire_id>/")
@staff_required(ADMIN, ANALYST, COORDINATOR)
def dashboard_page(questionnaire_id: str):
    questionnaire = questionnaire_or_404(questionnaire_id)
    with reading() as connection:
        summary = dashboard.overview(connection, questionnaire)
        areas = stats.by_run_field(connection, questionnaire.id, Run.distribution)
    # Only areas with 10 or more responses have a report: smaller ones would show nothing but "fewer than 10".
    report_areas = [(area, area_name(area)) for area, count in areas if area and count >= SMALL]
    return render_template(
        "admin/dashboard.html",
        questionnaire=questionnaire,
        words=hidden_words(),
        report_areas=report_areas,
        **summary,
    )


@bp.route("/q/<questionnaire_id>/answers")
@staff_required(ADMIN, ANALYST)
def answers(questionnaire_id: str):
    questionnaire = questionnaire_or_404(questionnaire_id)
    words = hidden_words()
    with reading() as connection:
        counts = stats.answer_counts(connection, questionnaire)
    closed = []
    for question in questionnaire.questions:
        if not question.is_text:
            table = distribution(question, counts.get(question.id, {}))
            closed.append((question, table, bar_chart(table, words)))
    texts = [q for q in questionnaire.questions if q.is_text]
    return render_template(
        "admin/answers.html",
        questionnaire=questionnaire,
        closed=closed,
        texts=texts,
        words=words,
        numbers=question_numbers(questionnaire),
    )


@bp.route("/q/<questionnaire_id>/answers/<question_id>")
@staff_required(ADMIN, ANALYST)
def free_text(questionnaire_id: str, question_id: str):
    questionnaire = questionnaire_or_404(questionnaire_id)
    if not questionnaire.has_question(question_id) or not questionnaire.question(question_id).is_text:
        abort(404)
    page = requested_page()
    rows, total = _text_page(questionnaire_id, question_id, page)
    audit.record(
        db.session(),
        current_staff().id,
        "answers.read",
        f"questionnaire={questionnaire_id} question={question_id}",
    )
    return render_template(
        "admin/free_text.html",
        questionnaire=questionnaire,
        question=questionnaire.question(question_id),
        number=question_numbers(questionnaire)[question_id],
        answers=rows,
        total=protect([("", total)], partition=False).cells[0],
        words=hidden_words(),
        page=page,
        more=page * TEXT_PAGE < total,
    )


def _text_page(questionnaire_id: str, question_id: str, page: int) -> tuple[list[tuple], int]:
    """One page of answers as (scrubbed text, pass token); the text is None for an answer withheld."""
    where = (
        (Run.questionnaire_id == questionnaire_id)
        & (Answer.question_id == question_id)
        & (Answer.status == "answered")
    )
    base = select(Answer.id, Answer.value, Answer.withheld).join(Run, Run.id == Answer.run_id).where(where)
    with reading() as connection:
        total = connection.execute(select(func.count()).select_from(base.subquery())).scalar_one()
        found = connection.execute(
            base.order_by(Answer.id).offset((page - 1) * TEXT_PAGE).limit(TEXT_PAGE)
        ).all()
    return [
        (None if withheld else scrub(json.loads(value)), answer_token(answer_id))
        for answer_id, value, withheld in found
    ], total


# The area report's routes live in their own module; importing it here registers them with the blueprint.
from survey_app.admin import report_views  # noqa: E402, F401
