"""The young advisers' side of a preview: a draft one question at a time, with "Was this clear?" and
"What would you change?" on every question. Public pages on the web blueprint (an adviser has no login).

Answers stay in the adviser's own session cookie, only so that questions shown on a condition appear as
they would; they are never written to the database and never counted.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, session, url_for

from survey_app import db, engine
from survey_app.codesign import feedback, previews
from survey_app.engine import InvalidAnswer, Question, Questionnaire, Response
from survey_app.i18n import translate
from survey_app.web import bp, fields

PREVIEW = "preview"


def link_or_404(token: str) -> tuple[Questionnaire, dict]:
    link = previews.find(db.session(), token)
    if link is None:
        abort(404)
    state = session.get(PREVIEW)
    if not state or state.get("link") != link.token_hash:
        state = {"link": link.token_hash, "answers": {}}
    return previews.questionnaire_of(link), state


def _given(state: dict) -> dict[str, Response]:
    return {qid: Response(status, value) for qid, (status, value) in state["answers"].items()}


@bp.get("/preview/<token>")
def preview_start(token: str):
    questionnaire, state = link_or_404(token)
    session[PREVIEW] = {"link": state["link"], "answers": {}}
    first = engine.first_question(questionnaire)
    return render_template(
        "codesign/preview_start.html",
        questionnaire=questionnaire,
        token=token,
        first=url_for("web.preview_question", token=token, question_id=first.id) if first else None,
        preview_banner=True,
    )


def _show(token: str, questionnaire: Questionnaire, question: Question, state: dict, error: str = ""):
    given = _given(state)
    return render_template(
        "codesign/preview_question.html",
        questionnaire=questionnaire,
        question=question,
        section=questionnaire.section_title(question.section),
        field=fields.field_for(question, fields.given_values(given.get(question.id)) if not error else []),
        error=error,
        has_errors=bool(error),
        action=url_for("web.preview_question", token=token, question_id=question.id),
        preview_banner=True,
    )


@bp.route("/preview/<token>/q/<question_id>", methods=["GET", "POST"])
def preview_question(token: str, question_id: str):
    questionnaire, state = link_or_404(token)
    if not questionnaire.has_question(question_id):
        abort(404)
    question = questionnaire.question(question_id)
    if request.method == "GET":
        return _show(token, questionnaire, question, state)
    try:
        response = fields.read(question, request.form)
    except InvalidAnswer as problem:
        return _show(token, questionnaire, question, state, translate(problem.message, **problem.params))
    worrying = feedback.give(
        db.session(), questionnaire, question, request.form.get("clear"), request.form.get("change")
    )
    state["answers"][question.id] = [response.status, response.value]
    session[PREVIEW] = state
    following = engine.next_question(questionnaire, question.id, _given(state))
    onward = (
        url_for("web.preview_question", token=token, question_id=following.id)
        if following
        else url_for("web.preview_end", token=token)
    )
    if worrying:
        return render_template(
            "codesign/preview_support.html", questionnaire=questionnaire, onward=onward, preview_banner=True
        )
    return redirect(onward, 303)


@bp.get("/preview/<token>/end")
def preview_end(token: str):
    questionnaire, _state = link_or_404(token)
    session.pop(PREVIEW, None)
    return render_template(
        "codesign/preview_end.html",
        questionnaire=questionnaire,
        again=url_for("web.preview_start", token=token),
        preview_banner=True,
    )
