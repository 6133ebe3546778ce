"""Ways out and back: Finish later, Stop, Quick exit, the end of an idle visit, help, and coming back
with a code."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for

from survey_app import db, error_summary
from survey_app.safeguarding import support
from survey_app.security import csrf
from survey_app.store import runs
from survey_app.web import attempts, bp, visit
from survey_app.web.answering import page_for
from survey_app.web.forms import DELETE, KEEP, ResumeForm, StopForm
from survey_app.web.rejected import forget as forget_rejected


@bp.route("/survey/<questionnaire_id>/stop", methods=["GET", "POST"])
def stop(questionnaire_id: str):
    run, questionnaire = visit.live_run_or_start(questionnaire_id)
    form = StopForm()
    if form.validate_on_submit():
        choice = form.answers.data
        runs.stop(db.session(), run, keep=choice == KEEP)
        forget_rejected(db.session(), run.id)
        visit.end()
        # On a worker's device the young person passes it back before the worker sees anything.
        ending = "web.handed_back" if run.assisted else "web.stopped"
        return redirect(url_for(ending, questionnaire_id=questionnaire.id, answers=choice), 303)
    error = error_summary.messages(form).get("answers", "")
    return render_template(
        "web/stop.html",
        questionnaire=questionnaire,
        error=error,
        has_errors=bool(error),
        back_url=page_for(run, questionnaire),
        later_url=url_for("web.finish_later", questionnaire_id=questionnaire.id),
    )


@bp.get("/survey/<questionnaire_id>/stopped")
def stopped(questionnaire_id: str):
    return render_template("web/stopped.html", deleted=request.args.get("answers") == DELETE)


@bp.get("/survey/<questionnaire_id>/later")
def finish_later(questionnaire_id: str):
    """Pause, not stop: the code, how long it lasts, and a way back to the question they were on."""
    run, questionnaire = visit.live_run_or_start(questionnaire_id)
    return render_template(
        "web/later.html",
        questionnaire=questionnaire,
        code=visit.resume_code(asked=True),
        back_url=page_for(run, questionnaire),
        # A worker's device is given back once the code is written down, ending the visit on it.
        give_back_url=url_for("web.give_back", questionnaire_id=questionnaire.id) if run.assisted else None,
    )


@bp.route("/leave", methods=["GET", "POST"])
@csrf.exempt  # leaving must work even from a page left open for hours; it only ever forgets things
def leave():
    """Quick exit: end the visit on the server and send the browser to a neutral site elsewhere.

    A redirect rather than a page, so the history entry is the neutral site, not ours.
    """
    found = visit.live_run()
    if found is not None:
        forget_rejected(db.session(), found[0].id)
    visit.leave()
    return redirect(current_app.config["QUICK_EXIT_URL"], 303)


@bp.get("/still-here")
def still_here():
    """The idle warning's "I am still here": the visit's clock starts again, and nothing is shown."""
    db.reading()
    return ("", 204) if visit.live_run() is not None else ("", 410)


@bp.get("/visit-ended")
def visit_ended():
    """Where an idle page sends itself: the visit is over and nothing of it is on the screen."""
    visit.end()
    return render_template("web/ended.html")


@bp.get("/help")
def help_page():
    live = visit.live_run() is not None
    return render_template("web/help.html", contacts=support.support_contacts(), carry_on=live)


@bp.get("/carry-on")
def carry_on():
    """Back to where this browser's run is, from a page outside the questions (like help)."""
    found = visit.live_run()
    return redirect(page_for(*found) if found else url_for("web.index"))


@bp.route("/resume", methods=["GET", "POST"])
@attempts.limiter.limit(attempts.per_client, methods=["POST"], deduct_when=attempts.failed)
@attempts.limiter.shared_limit(
    attempts.overall,
    scope="resume",
    key_func=lambda: "everyone",
    methods=["POST"],
    deduct_when=attempts.failed,
)
def resume():
    visit.come_back()
    form = ResumeForm()
    if form.validate_on_submit():
        run = _run_for_code(form.code.data)
        if run is not None:
            visit.enter_run(run, runs.group_code(form.code.data))
            found = visit.live_run()
            if found is not None:
                return redirect(page_for(*found), 303)
        form.code.errors.append(form.not_found(current_app.config["RESUME_DAYS"]))
    error = error_summary.messages(form).get("code", "")
    return render_template("web/resume.html", error=error, has_errors=bool(error), code=form.code.data or "")


def _run_for_code(code: str):
    days = current_app.config["RESUME_DAYS"]
    return runs.find_by_resume_code(db.session(), code, visit.secret_key(), days)
