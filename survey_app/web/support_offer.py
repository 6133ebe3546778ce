"""After a concern: the answer to "would you like someone to get in touch?", and what happens next.

The offer lives at the next step's address (see ``support_step``), so it is served here, ahead of the
question view, while it is open. Every form posts to that same address and redirects back to it (post,
redirect, get), so Back and refresh never ask to send a form again. Nothing here moves the run:
``runs.record`` already did, so "Carry on with the survey" goes to the next question (or back to check your
answers after a change).
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from survey_app import db
from survey_app.safeguarding import journey
from survey_app.safeguarding.models import URGENT
from survey_app.safeguarding.support import support_contacts
from survey_app.web import bp, support_form, support_step, visit
from survey_app.web.answering import page_for

# Pages that leave the offer where it is: the question view at the offer's own step is served here instead.
MOVING_ON = {"web.question", "web.check"}


@bp.before_request
def _offer_at_its_step():
    aside = support_step.current()
    if aside is None or request.endpoint not in MOVING_ON:
        return None
    args = request.view_args or {}
    if request.endpoint == "web.question" and (args.get("questionnaire_id"), args.get("step")) == (
        aside["q"],
        aside["step"],
    ):
        return _support_step(aside)
    support_step.close()  # Back, a Change link or check your answers: the step's address is a question again
    return None


def _support_step(aside: dict):
    if request.method == "GET":
        db.reading()
    run, questionnaire = visit.live_run_or_start(aside["q"])
    concern = journey.concern_for_run(db.session(), run) if run.questionnaire_id == aside["q"] else None
    if concern is None:
        support_step.close()
        return redirect(page_for(run, questionnaire), 303)
    if request.method == "POST":
        return _reply(run, questionnaire, concern, aside)
    if aside["stage"] in support_step.OUTCOMES:
        return _after(questionnaire, concern, aside["stage"])
    problem = support_step.take_problem(aside) or {}
    errors, safe = problem.get("errors", {}), problem.get("safe")
    reply = support_form.Reply(problem.get("choice"), errors=errors, safe=safe)
    visit.done_with_database()
    page = support_form.contact_page if aside["stage"] == support_step.CONTACT else support_form.offer_page
    return page(questionnaire, reply=reply)


def _reply(run, questionnaire, concern, aside: dict):
    here = request.path
    if "carry_on" in request.form:
        support_step.close()
        return redirect(page_for(run, questionnaire, changing=aside.get("change", False)), 303)
    if aside["stage"] == support_step.CONTACT and "back" in request.form:
        support_step.move(aside, support_step.OFFER)
        return redirect(here, 303)
    if aside["stage"] == support_step.OFFER:
        reply = support_form.read(request.form)
    elif aside["stage"] == support_step.CONTACT:
        reply = support_form.read_contact(request.form)
    else:
        return redirect(here, 303)  # the outcome is already shown: a form sent twice changes nothing
    if reply.errors and reply.contact:
        # Too long to keep: shown again in this reply, because what they typed must never be put in the
        # cookie or the database in the clear (the one form here that is not post/redirect/get).
        visit.done_with_database()
        return support_form.contact_page(questionnaire, reply=reply)
    if reply.errors:
        stage = support_step.CONTACT if reply.choice == support_form.YES else support_step.OFFER
        problem = {"choice": reply.choice, "errors": reply.errors, "safe": reply.safe}
        support_step.move(aside, stage, problem=problem)
    elif reply.choice == support_form.YES and not reply.contact:
        # The box for a way to reach them comes only after "yes": a second step, so it works without scripts.
        support_step.move(aside, support_step.CONTACT)
    else:
        support_step.move(aside, _keep(concern, reply))
    visit.done_with_database()
    return redirect(here, 303)


def _keep(concern, reply: support_form.Reply) -> str:
    if reply.choice == support_form.YES:
        kept = journey.add_route_back(db.session(), concern, reply.sealed_text())
        return support_step.KEPT if kept else support_step.NOT_KEPT
    journey.record_declined(db.session(), concern)
    return support_step.DECLINED


def _after(questionnaire, concern, outcome: str):
    urgent = concern.tier == URGENT
    visit.done_with_database()
    return render_template(
        "web/support_after.html",
        outcome=outcome,
        urgent=urgent,
        contacts=support_contacts(),
        action=request.path,
        stop_url=url_for("web.stop", questionnaire_id=questionnaire.id),
    )
