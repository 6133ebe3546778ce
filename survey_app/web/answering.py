"""One question per page, then check your answers, then the end.

A question page can be opened only by the browser that holds the run, and only for a question on that
person's path that they have reached; anything else (a forged id, a stale link) goes to where they are.
Every answer is stored the moment it is given, and the same form sent twice stores it once.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from survey_app import db
from survey_app.engine import (
    InvalidAnswer,
    Question,
    Questionnaire,
    Response,
    previous_question,
    visible_questions,
)
from survey_app.i18n import translate
from survey_app.questionnaires import registry
from survey_app.safeguarding import journey
from survey_app.store import runs
from survey_app.store.models import Run
from survey_app.web import bp, fields, support_form, visit


def page_for(run: Run, questionnaire: Questionnaire, *, changing: bool = False) -> str:
    """Where this run is: its current question, or check your answers.

    While changing an answer from check your answers, a question the change opened keeps that mode, so
    answering it goes back to check your answers too.
    """
    question = runs.current_question(questionnaire, run)
    if question is None:
        return url_for("web.check", questionnaire_id=questionnaire.id)
    extra = {"change": 1} if changing else {}
    return url_for("web.question", questionnaire_id=questionnaire.id, question_id=question.id, **extra)


def _reachable(questionnaire: Questionnaire, run: Run, given: dict, question_id: str) -> bool:
    """A question on this person's path that they are on or have already answered."""
    if not questionnaire.has_question(question_id):
        return False
    on_path = {q.id for q in visible_questions(questionnaire, given)}
    return question_id in on_path and (question_id == run.position or question_id in given)


@bp.route("/survey/<questionnaire_id>/question/<question_id>", methods=["GET", "POST"])
def question(questionnaire_id: str, question_id: str):
    run, questionnaire = visit.live_run_or_start(questionnaire_id)
    given = runs.responses(db.session(), run)
    if run.questionnaire_id != questionnaire_id or not _reachable(questionnaire, run, given, question_id):
        return redirect(page_for(run, questionnaire), 303)
    asked = questionnaire.question(question_id)
    changing = request.values.get("change") == "1"
    if request.method == "POST":
        return _answer(run, questionnaire, asked, changing)
    if run.position != asked.id:
        # Back, a Change link or the browser's own Back button: this is now where the person is.
        runs.go_to(db.session(), run, questionnaire, asked.id)
    return _show(questionnaire, asked, given, fields.given_values(given.get(asked.id)), changing=changing)


def _answer(run: Run, questionnaire: Questionnaire, asked: Question, changing: bool):
    try:
        response = fields.read(asked, request.form)
    except InvalidAnswer as problem:
        given = runs.responses(db.session(), run)
        message = translate(problem.message, **problem.params)
        return _show(
            questionnaire, asked, given, request.form.getlist(fields.FIELD), changing=changing, error=message
        )
    runs.record(db.session(), run, questionnaire, asked.id, response, returning=changing)
    if _raises_concern(run, asked, response):
        # Support first, in this same response; carrying on afterwards goes to where the answer moved them.
        visit.done_with_database()
        return support_form.offer_page(questionnaire, changing=changing)
    return redirect(page_for(run, questionnaire, changing=changing), 303)


def _raises_concern(run: Run, asked: Question, response: Response) -> bool:
    text = response.value if response.answered and isinstance(response.value, str) else None
    return journey.check_answer(db.session(), run, asked, text, "web") is not None


def _back_link(questionnaire: Questionnaire, asked: Question, given: dict, changing: bool) -> str | None:
    if changing:
        return url_for("web.check", questionnaire_id=questionnaire.id)
    earlier = previous_question(questionnaire, asked.id, given)
    if earlier is None:
        return None
    return url_for("web.question", questionnaire_id=questionnaire.id, question_id=earlier.id)


def _show(
    questionnaire: Questionnaire,
    asked: Question,
    given: dict,
    values: list[str],
    *,
    changing: bool,
    error: str = "",
):
    visit.done_with_database()
    return render_template(
        "web/question.html",
        questionnaire=questionnaire,
        question=asked,
        section=questionnaire.section_title(asked.section),
        field=fields.field_for(asked, values),
        error=error,
        has_errors=bool(error),
        changing=changing,
        back_url=_back_link(questionnaire, asked, given, changing),
        resume_code=visit.resume_code(),
    )


def _rows(questionnaire: Questionnaire, given: dict[str, Response]) -> list[tuple[Question, list[str]]]:
    shown = visible_questions(questionnaire, given)
    return [(q, fields.describe(q, given[q.id])) for q in shown if q.id in given]


@bp.route("/survey/<questionnaire_id>/check", methods=["GET", "POST"])
def check(questionnaire_id: str):
    run, questionnaire = visit.live_run_or_start(questionnaire_id)
    given = runs.responses(db.session(), run)
    if run.questionnaire_id != questionnaire_id:
        return redirect(page_for(run, questionnaire), 303)
    unanswered = next((q for q in visible_questions(questionnaire, given) if q.id not in given), None)
    if unanswered is not None:
        # A question opened by a changed answer comes first (never loop back here with it unanswered).
        runs.go_to(db.session(), run, questionnaire, unanswered.id)
        return redirect(page_for(run, questionnaire), 303)
    if request.method == "POST":
        runs.finish(db.session(), run, questionnaire)
        visit.end()
        ending = "web.handed_back" if run.assisted else "web.finished"
        return redirect(url_for(ending, questionnaire_id=questionnaire.id), 303)
    last = visible_questions(questionnaire, given)
    back_url = (
        url_for("web.question", questionnaire_id=questionnaire.id, question_id=last[-1].id) if last else None
    )
    visit.done_with_database()
    return render_template(
        "web/check.html",
        questionnaire=questionnaire,
        rows=_rows(questionnaire, given),
        back_url=back_url,
        resume_code=visit.resume_code(),
    )


@bp.get("/survey/<questionnaire_id>/thank-you")
def finished(questionnaire_id: str):
    return render_template("web/finished.html", thanks=_thanks(questionnaire_id), handed_back=False)


@bp.get("/survey/<questionnaire_id>/hand-back")
def handed_back(questionnaire_id: str):
    """For a worker helping someone: the answers are saved and nothing of them is on this device."""
    return render_template("web/finished.html", thanks=_thanks(questionnaire_id), handed_back=True)


def _thanks(questionnaire_id: str) -> str | None:
    questionnaire = registry().get(questionnaire_id)
    return questionnaire.thanks if questionnaire else None
