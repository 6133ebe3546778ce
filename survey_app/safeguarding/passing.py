""" "Pass to safeguarding": an analyst reading written answers sends one to the safeguarding reading list.

The review team's free-text page lists answers by answer id, page by page. Each button names its answer by
an opaque keyed token (an HMAC of the answer's id), not by its place: an answer given or deleted while the
analyst reads would otherwise shift the places, and the wrong answer would be passed. The token does not show
the id, so an analyst cannot line up one person's answers across questions by id. The analyst sees only
that it was passed, never what the safeguarding reader decided; the pass is audit-logged with identifiers
only.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlmodel import select

from survey_app import db
from survey_app.safeguarding import reading_list
from survey_app.safeguarding.forms import StepForm
from survey_app.staff.access import ADMIN, ANALYST, current_staff, staff_required
from survey_app.store.models import Answer, Run

# The review team's side of safeguarding: not the lead's blueprint, which analysts must never reach.
bp = Blueprint("passing", __name__, url_prefix="/admin")
# How many written answers the review team's free-text page shows at once. Defined here, beside the button,
# because finding an answer by its token searches the page it was on: the page imports it from here.
TEXT_PAGE = 25


def answer_token(answer_id: int) -> str:
    """The opaque name the free-text page gives an answer's button."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"pass-to-safeguarding:{answer_id}".encode(), hashlib.sha256).hexdigest()[:32]


def _answer_named(questionnaire_id: str, question_id: str, page: int, token: str) -> Answer | None:
    """The answer whose token is ``token``, looked for on the page the button was on and its neighbours
    (answers given or deleted meanwhile move an answer by a few places at most)."""
    query = (
        select(Answer)
        .join(Run, Run.id == Answer.run_id)
        .where(Run.questionnaire_id == questionnaire_id, Answer.question_id == question_id)
        .where(Answer.status == "answered")
        .order_by(Answer.id)
        .offset(max(page - 2, 0) * TEXT_PAGE)
        .limit(3 * TEXT_PAGE)
    )
    for answer in db.session().exec(query):
        if hmac.compare_digest(answer_token(answer.id), token):
            return answer
    return None


def _page() -> int:
    value = request.form.get("page", "")
    if not value.isdecimal() or len(value) > 7:
        abort(400)
    return max(int(value), 1)


def _token() -> str:
    value = request.form.get("answer", "")
    if len(value) != 32 or not all(c in "0123456789abcdef" for c in value):
        abort(400)
    return value


@bp.post("/q/<questionnaire_id>/answers/<question_id>/pass", endpoint="pass_answer")
@staff_required(ADMIN, ANALYST)
def pass_answer(questionnaire_id: str, question_id: str):
    if not StepForm().validate_on_submit():
        abort(400)
    page = _page()
    answer = _answer_named(questionnaire_id, question_id, page, _token())
    if answer is None or not answer.value:
        abort(404)
    reading_list.pass_answer(db.session(), answer, current_staff().id)
    flash(_("Passed to safeguarding. Thank you."))
    target = url_for("admin.free_text", questionnaire_id=questionnaire_id, question_id=question_id, page=page)
    return redirect(target, 303)
