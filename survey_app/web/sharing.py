"""A worker's device: the hand-over to the young person before the information sheet, then the hand-back.

The worker sets up the visit; the young person reads the information sheet, consents and answers alone. The
hand-over page comes before consent so that the yes is the young person's own, and the resume code
is not shown on every page of an assisted visit (only on Finish later, when the young person asks for it).

The young person may instead finish later. On their own device the Finish later page is enough, but on a
worker's the visit would stay live for whoever picks the device up next, so the page offers to give the device
back: the visit ends (the run waits for its code, under a new token), and the same two pages follow, saying
only that the young person paused.

At the end come two pages. The hand-back page is still the young person's: it thanks them and asks them to
pass the device back; only then the worker's own page. Neither shows anything of the answers, nor the code
(the visit is over before either is shown), so Back from the worker's page shows only the hand-back.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from survey_app import db
from survey_app.questionnaires import registry
from survey_app.store import runs
from survey_app.web import bp, visit
from survey_app.web.rejected import forget as forget_rejected

FINISHED = "finished"
KEPT = "keep"  # the same words the Stop form uses for what happens to the answers
DELETED = "delete"
STOPPED = "stopped"
PAUSED = "paused"  # finish later: the run waits for the young person's code


@bp.get("/survey/<questionnaire_id>/hand-over")
def hand_over(questionnaire_id: str):
    questionnaire, _state = visit.pending_or_start(questionnaire_id)
    return render_template(
        "web/hand_over.html",
        questionnaire=questionnaire,
        start_url=url_for("web.information", questionnaire_id=questionnaire.id),
    )


@bp.post("/survey/<questionnaire_id>/give-back")
def give_back(questionnaire_id: str):
    """Finish later on a worker's device: the young person has their code and gives the device back."""
    run, questionnaire = visit.live_run_or_start(questionnaire_id)
    if not run.assisted:  # their own device: nobody else will pick it up, and the page is all they need
        return redirect(url_for("web.finish_later", questionnaire_id=questionnaire.id), 303)
    forget_rejected(db.session(), run.id, commit=False)  # committed with the new token
    runs.hand_back_paused(db.session(), run)
    visit.end()
    return redirect(url_for("web.handed_back", questionnaire_id=questionnaire.id, answers=PAUSED), 303)


@bp.get("/survey/<questionnaire_id>/hand-back")
def handed_back(questionnaire_id: str):
    """For the young person, after they finish, stop or pause: what happened, then give the device back."""
    questionnaire = registry().get(questionnaire_id)
    ending = request.args.get("answers", FINISHED)
    if ending not in (KEPT, DELETED, PAUSED):
        ending = FINISHED
    # The worker learns only whether the young person finished, stopped or paused: never what they chose
    # for their answers, and never the code.
    ended = {KEPT: STOPPED, DELETED: STOPPED, PAUSED: PAUSED}.get(ending)
    return render_template(
        "web/hand_back.html",
        ending=ending,
        thanks=questionnaire.thanks if questionnaire else None,
        worker_url=url_for("web.helped", questionnaire_id=questionnaire_id, ended=ended),
    )


@bp.get("/survey/<questionnaire_id>/helped")
def helped(questionnaire_id: str):
    """For the worker, once the device is back: the visit is over; set up another if someone else is ready."""
    visit.end()  # reached by a link, never needed, but a worker's page must hold nothing of anyone's visit
    known = registry().get(questionnaire_id) is not None
    again = url_for("web.start", questionnaire_id=questionnaire_id) if known else None
    ended = request.args.get("ended")
    return render_template(
        "web/helped.html",
        start_again_url=again,
        stopped=ended == STOPPED,
        paused=ended == PAUSED,
    )
