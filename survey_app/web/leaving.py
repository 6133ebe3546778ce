"""Ways out and back: Finish later, Stop, Quick exit, the end of an idle visit, help, and coming back
with a code."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext

from survey_app import db
from survey_app.safeguarding import support
from survey_app.security import csrf
from survey_app.store import runs
from survey_app.web import attempts, bp, visit
from survey_app.web.answering import page_for
from survey_app.web.rejected import forget as forget_rejected

KEEP = "keep"
DELETE = "delete"
LONGEST_CODE = 40  # a resume code is 12 characters with its dashes; anything much longer is not one


@bp.route("/survey/<questionnaire_id>/stop", methods=["GET", "POST"])
def stop(questionnaire_id: str):
    run, questionnaire = visit.live_run_or_start(questionnaire_id)
    error = ""
    if request.method == "POST":
        choice = request.form.get("answers")
        if choice in (KEEP, DELETE):
            runs.stop(db.session(), run, keep=choice == KEEP)
            forget_rejected(db.session(), run.id)
            visit.end()
            # On a worker's device the young person passes it back before the worker sees anything.
            ending = "web.handed_back" if run.assisted else "web.stopped"
            return redirect(url_for(ending, questionnaire_id=questionnaire.id, answers=choice), 303)
        error = gettext("Choose whether to keep or delete your answers.")
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
    error = ""
    code = ""
    if request.method == "POST":
        code = request.form.get("code", "").strip()[:LONGEST_CODE]
        run = _run_for_code(code) if code else None
        if run is not None:
            visit.enter_run(run, runs.group_code(code))
            found = visit.live_run()
            if found is not None:
                return redirect(page_for(*found), 303)
        # One message for a wrong, expired or finished code: never say whether a code ever existed.
        error = gettext("Enter your code") if not code else _not_found()
    return render_template("web/resume.html", error=error, has_errors=bool(error), code=code)


def _run_for_code(code: str):
    days = current_app.config["RESUME_DAYS"]
    return runs.find_by_resume_code(db.session(), code, visit.secret_key(), days)


def _not_found() -> str:
    days = current_app.config["RESUME_DAYS"]
    return gettext(
        "We could not find a survey with that code. Check the code and try again. "
        "Codes work for %(days)s days after you last answered.",
        days=days,
    )
