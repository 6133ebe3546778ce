"""After a concern: the answer to "would you like someone to get in touch?", and what happens next.

The offer itself is shown by ``answering`` in reply to the worrying answer. Its form comes here. Nothing
here moves the run: ``runs.record`` already did, so "Carry on with the survey" goes to the next question (or
back to check your answers after a change).
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from survey_app import db
from survey_app.safeguarding import journey
from survey_app.safeguarding.models import URGENT
from survey_app.safeguarding.support import support_contacts
from survey_app.web import bp, support_form, visit
from survey_app.web.answering import page_for

KEPT = "kept"
NOT_KEPT = "not_kept"
DECLINED = "declined"


# Step 0: the same shape as every question address (/s/<questionnaire>/<n>), so it names no concern.
@bp.route("/s/<questionnaire_id>/0", methods=["GET", "POST"])
def support_offer(questionnaire_id: str):
    run, questionnaire, concern, changing = _offer_context(questionnaire_id)
    if concern is None:
        return redirect(page_for(run, questionnaire), 303)
    reply = support_form.read(request.form) if request.method == "POST" else None
    if reply is None or reply.errors:
        visit.done_with_database()
        page = (
            support_form.contact_page
            if reply and reply.choice == support_form.YES
            else support_form.offer_page
        )
        return page(questionnaire, changing=changing, reply=reply)
    if reply.choice == support_form.YES and not reply.contact:
        # The box for a way to reach them comes only after "yes": a second step, so it works without scripts.
        target = url_for("web.support_contact", questionnaire_id=questionnaire.id, **_change(changing))
        return redirect(target, 303)
    return _after(run, questionnaire, concern, reply, changing)


@bp.route("/s/<questionnaire_id>/0/how", methods=["GET", "POST"])
def support_contact(questionnaire_id: str):
    """After "yes": how to reach them, and whether that way is safe to use."""
    run, questionnaire, concern, changing = _offer_context(questionnaire_id)
    if concern is None:
        return redirect(page_for(run, questionnaire), 303)
    reply = support_form.read_contact(request.form) if request.method == "POST" else None
    if reply is None or reply.errors:
        visit.done_with_database()
        return support_form.contact_page(questionnaire, changing=changing, reply=reply)
    return _after(run, questionnaire, concern, reply, changing)


def _change(changing: bool) -> dict:
    return {"change": 1} if changing else {}


def _offer_context(questionnaire_id: str):
    run, questionnaire = visit.live_run_or_start(questionnaire_id)
    concern = journey.concern_for_run(db.session(), run) if run.questionnaire_id == questionnaire_id else None
    return run, questionnaire, concern, request.values.get("change") == "1"


def _after(run, questionnaire, concern, reply: support_form.Reply, changing: bool):
    if reply.choice == support_form.YES:
        outcome = KEPT if journey.add_route_back(db.session(), concern, reply.sealed_text()) else NOT_KEPT
    else:
        outcome = DECLINED
        journey.record_declined(db.session(), concern)
    urgent = concern.tier == URGENT
    carry_on_url = page_for(run, questionnaire, changing=changing)
    visit.done_with_database()
    return render_template(
        "web/support_after.html",
        outcome=outcome,
        urgent=urgent,
        contacts=support_contacts(),
        carry_on_url=carry_on_url,
        stop_url=url_for("web.stop", questionnaire_id=questionnaire.id),
    )
