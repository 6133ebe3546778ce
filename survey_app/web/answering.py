"""One question per page, then check your answers, then the end.

A question page can be opened only by the browser that holds the run, and only for a question on that
person's path that they have reached; anything else (a forged id, a stale link) goes to where they are.
Every answer is stored the moment it is given, and the same form sent twice stores it once.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from survey_app import db
from survey_app.codesign import closed
from survey_app.engine import (
    InvalidAnswer,
    Question,
    Questionnaire,
    Response,
    visible_questions,
)
from survey_app.i18n import translate
from survey_app.questionnaires import registry
from survey_app.safeguarding import journey
from survey_app.store import runs
from survey_app.store.models import Run
from survey_app.web import bp, fields, page_url, support_step, visit
from survey_app.web.rejected import forget as forget_rejected
from survey_app.web.rejected import keep as keep_rejected
from survey_app.web.rejected import take as take_rejected


def step_url(questionnaire: Questionnaire, given: dict, question_id: str, *, changing: bool = False) -> str:
    """The address of a question: its place on this person's path, never its name.

    ``/s/leaving-care/7`` looks the same whichever branch the person took, so browser history and the
    address bar say nothing about the answers.
    """
    path = [q.id for q in visible_questions(questionnaire, given)]
    return _step_address(questionnaire, path.index(question_id) + 1, changing=changing)


def _step_address(questionnaire: Questionnaire, step: int, *, changing: bool = False) -> str:
    """The address of the ``step``-th question of a path already worked out (see ``step_url``)."""
    extra = {"change": 1} if changing else {}
    return page_url("web.question", questionnaire_id=questionnaire.id, step=step, **extra)


def page_for(
    run: Run, questionnaire: Questionnaire, given: dict | None = None, *, changing: bool = False
) -> str:
    """Where this run is: its current question, or check your answers (``given``: its answers, if read).

    While changing an answer from check your answers, a question the change opened keeps that mode, so
    answering it goes back to check your answers too.
    """
    question = runs.current_question(questionnaire, run)
    if question is None:
        return page_url("web.check", questionnaire_id=questionnaire.id)
    given = runs.responses(db.session(), run) if given is None else given
    return step_url(questionnaire, given, question.id, changing=changing)


def _asked(path: list[Question], run: Run, given: dict, step: int) -> Question | None:
    """The question at this step of the person's path, if they are on it or have already answered it."""
    if not 1 <= step <= len(path):
        return None
    question = path[step - 1]
    return question if question.id == run.position or question.id in given else None


@bp.route("/s/<questionnaire_id>/<int:step>", methods=["GET", "POST"])
def question(questionnaire_id: str, step: int):
    if request.method == "GET":
        db.reading()  # showing a page takes no write lock; moving the run (Back) asks for it first
    run, questionnaire, dates, given = visit.live_run_with_answers(questionnaire_id)
    if closed.after_grace(db.session(), questionnaire, run.started_on, dates):
        return closed.page(db.session(), questionnaire, closed.GRACE_OVER)
    # The person's path, worked out once: which question this step is, its Back link and its address.
    path = visible_questions(questionnaire, given) if run.questionnaire_id == questionnaire_id else []
    asked = _asked(path, run, given, step)
    if asked is None:
        return redirect(page_for(run, questionnaire, given), 303)
    changing = request.values.get("change") == "1"
    if request.method == "POST":
        return _answer(run, questionnaire, asked, given, changing)
    if run.position != asked.id:
        # Back, a Change link or the browser's own Back button: this is now where the person is.
        db.writing()
        runs.go_to(db.session(), run, questionnaire, asked.id)
    rejected = take_rejected(db.session(), run.id, asked.id)
    if rejected is not None:
        return _show(questionnaire, asked, step, rejected[0], changing=changing, error=rejected[1])
    return _show(questionnaire, asked, step, fields.given_values(given.get(asked.id)), changing=changing)


def _answer(run: Run, questionnaire: Questionnaire, asked: Question, given: dict, changing: bool):
    try:
        response = fields.read(asked, request.form)
    except InvalidAnswer as problem:
        # Post/redirect/get: the page with the error is a GET, so Back and refresh never resubmit.
        message = translate(problem.message, **problem.params)
        keep_rejected(db.session(), run.id, asked.id, request.form.getlist(fields.FIELD), message)
        return redirect(step_url(questionnaire, given, asked.id, changing=changing), 303)
    # Read inside the answer's own transaction: the answer and any concern commit together.
    reading = journey.AnswerReading(run, asked, "web")
    session = db.session()
    runs.record(
        session,
        run,
        questionnaire,
        asked.id,
        response,
        returning=changing,
        before_commit=reading,
        given=given,
    )
    if reading.assessment is not None:
        # Support first, at the next step's address (support_step): history shows no sign of a concern.
        return redirect(support_step.begin(questionnaire, given, asked.id, changing=changing), 303)
    # ``given`` now holds this answer too: where it leads is known without reading the database again.
    return redirect(page_for(run, questionnaire, given, changing=changing), 303)


def _back_link(questionnaire: Questionnaire, step: int, changing: bool) -> str | None:
    """Check your answers while changing an answer, else the question before this one on the path."""
    if changing:
        return page_url("web.check", questionnaire_id=questionnaire.id)
    return _step_address(questionnaire, step - 1) if step > 1 else None


def _show(
    questionnaire: Questionnaire,
    asked: Question,
    step: int,
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
        step=_step_address(questionnaire, step),
        back_url=_back_link(questionnaire, step, changing),
        resume_code=visit.resume_code(),
    )


def _rows(
    questionnaire: Questionnaire, given: dict[str, Response], shown: list[Question]
) -> list[tuple[Question, list[str], str]]:
    return [
        (q, fields.describe(q, given[q.id]), _step_address(questionnaire, number, changing=True))
        for number, q in enumerate(shown, start=1)
        if q.id in given
    ]


@bp.route("/survey/<questionnaire_id>/check", methods=["GET", "POST"])
def check(questionnaire_id: str):
    if request.method == "GET":
        db.reading()
    run, questionnaire, dates, given = visit.live_run_with_answers(questionnaire_id)
    if closed.after_grace(db.session(), questionnaire, run.started_on, dates):
        return closed.page(db.session(), questionnaire, closed.GRACE_OVER)
    if run.questionnaire_id != questionnaire_id:
        return redirect(page_for(run, questionnaire, given), 303)
    shown = visible_questions(questionnaire, given)  # the person's path, worked out once
    unanswered = next((q for q in shown if q.id not in given), None)
    if unanswered is not None:
        # A question opened by a changed answer comes first (never loop back here with it unanswered).
        db.writing()
        runs.go_to(db.session(), run, questionnaire, unanswered.id)
        return redirect(page_for(run, questionnaire, given), 303)
    if request.method == "POST":
        # Whatever was typed and refused goes in the same transaction that completes the run.
        forget_rejected(db.session(), run.id, commit=False)
        runs.finish(db.session(), run, questionnaire, given=given)
        visit.end()
        ending = "web.handed_back" if run.assisted else "web.finished"
        return redirect(url_for(ending, questionnaire_id=questionnaire.id), 303)
    visit.done_with_database()
    return render_template(
        "web/check.html",
        questionnaire=questionnaire,
        rows=_rows(questionnaire, given, shown),
        back_url=_step_address(questionnaire, len(shown)) if shown else None,
        resume_code=visit.resume_code(),
    )


@bp.get("/survey/<questionnaire_id>/thank-you")
def finished(questionnaire_id: str):
    return render_template("web/finished.html", thanks=_thanks(questionnaire_id))


def _thanks(questionnaire_id: str) -> str | None:
    questionnaire = registry().get(questionnaire_id)
    return questionnaire.thanks if questionnaire else None
