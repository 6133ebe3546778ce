"""A worker's device: the hand-over to the young person before the information sheet, then the hand-back.

The worker sets up the visit; the young person reads the information sheet, consents and answers alone. The
hand-over page comes before consent so that the yes is the young person's own, and the resume code
is not shown on every page of an assisted visit (only on Finish later, when the young person asks for it).

At the end come two pages. The hand-back page is still the young person's: it thanks them and asks them to
pass the device back; only then the worker's own page. Neither shows anything of the answers, nor the code
(the visit is over before either is shown), so Back from the worker's page shows only the hand-back.
"""

from __future__ import annotations

from flask import render_template, request, url_for

from survey_app.questionnaires import registry
from survey_app.web import bp, visit

FINISHED = "finished"
KEPT = "keep"  # the same words the Stop form uses for what happens to the answers
DELETED = "delete"
STOPPED = "stopped"


@bp.get("/survey/<questionnaire_id>/hand-over")
def hand_over(questionnaire_id: str):
    questionnaire, _state = visit.pending_or_start(questionnaire_id)
    return render_template(
        "web/hand_over.html",
        questionnaire=questionnaire,
        start_url=url_for("web.information", questionnaire_id=questionnaire.id),
    )


@bp.get("/survey/<questionnaire_id>/hand-back")
def handed_back(questionnaire_id: str):
    """For the young person, after they finish or stop: what happened, then give the device back."""
    questionnaire = registry().get(questionnaire_id)
    ending = request.args.get("answers", FINISHED)
    stopped = ending in (KEPT, DELETED)
    return render_template(
        "web/hand_back.html",
        ending=ending if stopped else FINISHED,
        thanks=questionnaire.thanks if questionnaire else None,
        # The worker learns only whether the young person finished, never what they chose for their answers.
        worker_url=url_for(
            "web.helped", questionnaire_id=questionnaire_id, ended=STOPPED if stopped else None
        ),
    )


@bp.get("/survey/<questionnaire_id>/helped")
def helped(questionnaire_id: str):
    """For the worker, once the device is back: the visit is over; set up another if someone else is ready."""
    visit.end()  # reached by a link, never needed, but a worker's page must hold nothing of anyone's visit
    known = registry().get(questionnaire_id) is not None
    again = url_for("web.start", questionnaire_id=questionnaire_id) if known else None
    stopped = request.args.get("ended") == STOPPED
    return render_template("web/helped.html", start_again_url=again, stopped=stopped)
