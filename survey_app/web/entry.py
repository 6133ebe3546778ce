"""The way in: the list of questionnaires, a start page, the information sheet, consent, and the page that
explains quick exit (on a worker's device the hand-over page comes straight after the start page). Nothing
about the person is written until the last of these; saying no keeps nothing (the start page adds one to an
anonymous daily count, so the dashboard can show how many people looked).
"""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale

from survey_app import db, distributions
from survey_app.codesign import closed
from survey_app.engine.questionnaire import YOUNG_PEOPLE
from survey_app.questionnaires import registry
from survey_app.store import runs
from survey_app.store.tallies import count_event
from survey_app.web import bp, visit
from survey_app.web.answering import page_for
from survey_app.web.forms import ConsentForm, StartForm


@bp.get("/")
def index():
    visit.come_back()
    # Young people's questionnaires only: staff and partners are sent their own links.
    listed = [q for q in registry().open_ones(db.session()) if q.audience == YOUNG_PEOPLE]
    return render_template("web/index.html", questionnaires=listed)


@bp.route("/survey/<questionnaire_id>", methods=["GET", "POST"])
def start(questionnaire_id: str):
    questionnaire = visit.open_questionnaire(questionnaire_id)
    if questionnaire is None:
        known = registry().get(questionnaire_id)
        if known is None or known.draft:
            abort(404)
        # Before it opens or after it closes: say when, and still give support and other ways to have a say.
        return closed.page(db.session(), known)
    form = StartForm()
    if form.validate_on_submit():
        visit.begin(questionnaire.id, distributions.area_code(form.area.data), form.is_assisted)
        count_event(db.session(), questionnaire.id, "web")
        db.session().commit()
        # On a worker's device the young person must read the information sheet and consent themselves:
        # the worker passes the device over first.
        following = "web.hand_over" if form.is_assisted else "web.information"
        return redirect(url_for(following, questionnaire_id=questionnaire.id), 303)
    return render_template(
        "web/start.html",
        questionnaire=questionnaire,
        area=distributions.area_code(request.args.get("area")),
        sms_number=current_app.config.get("TWILIO_FROM_NUMBER"),
    )


@bp.get("/survey/<questionnaire_id>/information")
def information(questionnaire_id: str):
    questionnaire, _state = visit.pending_or_start(questionnaire_id)
    return render_template("web/information.html", questionnaire=questionnaire)


@bp.route("/survey/<questionnaire_id>/agree/<step_id>", methods=["GET", "POST"])
def consent(questionnaire_id: str, step_id: str):
    questionnaire, state = visit.pending_or_start(questionnaire_id)
    steps = [step.id for step in questionnaire.consent]
    if step_id not in steps:
        return redirect(url_for("web.information", questionnaire_id=questionnaire.id))
    form = ConsentForm()
    if form.validate_on_submit():
        if not form.agreed:
            visit.end()
            return redirect(url_for("web.declined", questionnaire_id=questionnaire.id), 303)
        # One screen on the web: the information sheet before it said everything each step says.
        for step in steps:
            visit.agree(step)
        return redirect(url_for("web.ready", questionnaire_id=questionnaire.id), 303)
    return render_template("web/consent.html", questionnaire=questionnaire, step=questionnaire.consent[0])


@bp.route("/survey/<questionnaire_id>/before-you-start", methods=["GET", "POST"])
def ready(questionnaire_id: str):
    """Explains quick exit and browser history, then (on POST) starts the run: consent is complete."""
    found = visit.live_run()
    if found is not None:
        # Start pressed twice: the run already exists.
        return redirect(page_for(*found), 303)
    questionnaire, state = visit.pending_or_start(questionnaire_id)
    if not visit.has_consented(state, questionnaire):
        return redirect(url_for("web.information", questionnaire_id=questionnaire.id))
    if request.method == "GET":
        page = "web/ready_easy.html" if questionnaire.easy_read else "web/ready.html"
        return render_template(page, questionnaire=questionnaire)
    session = db.session()
    registry().remember(session, questionnaire)
    run = runs.start_run(
        session,
        questionnaire,
        channel="web",
        language=str(get_locale() or "en"),
        distribution=state.get("area"),
        assisted=bool(state.get("assisted")),
        commit=False,
    )
    # One commit for the run and its code: a retried Start after a failure finds no half-made run.
    visit.enter_run(run, runs.issue_resume_code(session, run, visit.secret_key()))
    return redirect(page_for(run, questionnaire), 303)


@bp.get("/survey/<questionnaire_id>/no-thanks")
def declined(questionnaire_id: str):
    visit.end()
    questionnaire = registry().get(questionnaire_id)
    if questionnaire is None:
        abort(404)
    return render_template("web/declined.html", questionnaire=questionnaire)
