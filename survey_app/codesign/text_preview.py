"""A draft tried as text messages: the same prompts the chatbot would send, on a phone-shaped page.

Like the simulator, but nothing goes through the webhook: the webhook stores runs, and a preview keeps
none. The transcript and answers live in the adviser's session; feedback is kept as on the web preview.
"""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from survey_app import db, engine
from survey_app.codesign import feedback
from survey_app.codesign.preview_views import link_or_404
from survey_app.engine import SKIPPED, InvalidAnswer, Response
from survey_app.i18n import translate
from survey_app.sms import replies
from survey_app.web import bp

TEXT_PREVIEW = "text_preview"
MAX_TRANSCRIPT = 40


def _state(link_hash: str) -> dict:
    state = session.get(TEXT_PREVIEW)
    if not state or state.get("link") != link_hash:
        state = {"link": link_hash, "answers": {}, "position": None, "transcript": []}
    return state


def _answer(questionnaire, state: dict, body: str) -> list[str]:
    question = questionnaire.question(state["position"])
    try:
        response = Response(SKIPPED) if body.strip().upper() == "SKIP" else engine.parse_text(question, body)
    except InvalidAnswer as problem:
        return [translate(problem.message, **problem.params), replies.prompt(question)]
    state["answers"][question.id] = [response.status, response.value]
    given = {qid: Response(status, value) for qid, (status, value) in state["answers"].items()}
    following = engine.next_question(questionnaire, question.id, given)
    state["position"] = following.id if following else None
    return [replies.prompt(following)] if following else [_("End of the preview. Nothing was kept.")]


@bp.route("/preview/<token>/text", methods=["GET", "POST"])
def preview_text(token: str):
    questionnaire, web_state = link_or_404(token)
    state = _state(web_state["link"])
    if not state["transcript"]:
        first = engine.first_question(questionnaire)
        state["position"] = first.id if first else None
        state["transcript"] = [["us", replies.prompt(first)]] if first else []
    if request.method == "POST" and state["position"]:
        body = (request.form.get("body") or "")[:1000]
        asked = questionnaire.question(state["position"])
        feedback.give(
            db.session(), questionnaire, asked, request.form.get("clear"), request.form.get("change")
        )
        state["transcript"].append(["you", body])
        state["transcript"] += [["us", text] for text in _answer(questionnaire, state, body)]
        state["transcript"] = state["transcript"][-MAX_TRANSCRIPT:]
        session[TEXT_PREVIEW] = state
        return redirect(url_for("web.preview_text", token=token), 303)
    session[TEXT_PREVIEW] = state
    return render_template(
        "codesign/preview_text.html",
        questionnaire=questionnaire,
        transcript=state["transcript"],
        waiting=bool(state["position"]),
        action=url_for("web.preview_text", token=token),
        preview_banner=True,
    )
