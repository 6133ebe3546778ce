"""Ways out and back: Stop, Quick exit, the neutral page, help, and coming back with a code."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext

from survey_app import db
from survey_app.security import csrf
from survey_app.store import runs
from survey_app.web import bp, support, visit
from survey_app.web.answering import page_for

KEEP = "keep"
DELETE = "delete"
LONGEST_CODE = 20  # a resume code is 7 characters; anything much longer is not one


@bp.route("/survey/<questionnaire_id>/stop", methods=["GET", "POST"])
def stop(questionnaire_id: str):
    run, questionnaire = visit.live_run_or_start(questionnaire_id)
    error = ""
    if request.method == "POST":
        choice = request.form.get("answers")
        if choice in (KEEP, DELETE):
            runs.stop(db.session(), run, keep=choice == KEEP)
            visit.end()
            return redirect(url_for("web.stopped", questionnaire_id=questionnaire.id, answers=choice), 303)
        error = gettext("Choose whether to keep or delete your answers.")
    return render_template(
        "web/stop.html",
        questionnaire=questionnaire,
        error=error,
        has_errors=bool(error),
        back_url=page_for(run, questionnaire),
    )


@bp.get("/survey/<questionnaire_id>/stopped")
def stopped(questionnaire_id: str):
    return render_template("web/stopped.html", deleted=request.args.get("answers") == DELETE)


@bp.route("/leave", methods=["GET", "POST"])
@csrf.exempt  # leaving must work even from a page left open for hours; it only ever forgets things
def leave():
    """Quick exit: forget the visit and send the browser to a page that says nothing about this one.

    A redirect rather than a page, so the history entry is the neutral page, not ours.
    """
    visit.end()
    return redirect(url_for("web.weather"), 303)


@bp.get("/weather")
def weather():
    return render_template("web/weather.html")


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
def resume():
    error = ""
    code = ""
    if request.method == "POST":
        code = request.form.get("code", "").strip()[:LONGEST_CODE]
        run = _run_for_code(code) if code else None
        if run is not None:
            visit.enter_run(run, _display(code))
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


def _display(code: str) -> str:
    letters = "".join(ch for ch in code.upper() if ch in runs.RESUME_ALPHABET)
    return f"{letters[:3]}-{letters[3:]}"
