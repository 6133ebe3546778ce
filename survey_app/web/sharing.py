"""A worker's device: the hand-over to the young person before the questions, then the hand-back at the end.

The worker sets up the visit; the young person answers alone. The hand-over page says so, and the resume code
is not shown on every page of an assisted visit (only on Finish later, when the young person asks for it).
"""

from __future__ import annotations

from flask import render_template

from survey_app.web import bp, visit
from survey_app.web.answering import page_for


@bp.get("/survey/<questionnaire_id>/hand-over")
def hand_over(questionnaire_id: str):
    run, questionnaire = visit.live_run_or_start(questionnaire_id)
    return render_template(
        "web/hand_over.html", questionnaire=questionnaire, start_url=page_for(run, questionnaire)
    )
