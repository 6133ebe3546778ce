"""What the browser holds for one visit: a signed session cookie that dies when the browser closes.

Before consent nothing reaches the database: the chosen questionnaire, the area code, the "helping someone"
choice and the consent steps agreed so far live only here. Once the run starts the cookie holds the run's
random token and the resume code to show on each page; the code itself is stored only as a hash.

The cookie is never made permanent: devices are shared, and coming back after closing the browser is what
the resume code is for.
"""

from __future__ import annotations

import time

from flask import abort, current_app, redirect, session, url_for

from survey_app import db, questionnaire_dates
from survey_app.engine import Questionnaire, Response
from survey_app.questionnaires import registry
from survey_app.store import runs
from survey_app.store.models import Run

START = "start"
RUN = "run"
CODE = "code"
SEEN = "seen"  # when this browser last did anything in its run (seconds since the epoch)
QUIET = "quiet"  # assisted: the resume code is shown only when asked for
GONE = "gone"  # set by quick exit: pages of the survey opened from history go to the neutral site


def open_questionnaire(questionnaire_id: str) -> Questionnaire | None:
    questionnaire = registry().get(questionnaire_id)
    if questionnaire is None or not questionnaire_dates.is_open(db.session(), questionnaire):
        return None
    return questionnaire


def _fresh() -> None:
    """Forget the visit so far but keep the CSRF token: a form sent twice (a double click) then finds the
    step already done instead of an expired page."""
    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token, language = session.get(name), session.get("lang")
    session.clear()
    if token:
        session[name] = token
    if language:  # chosen on the start page by this same reader: Start must not switch them back
        session["lang"] = language


def begin(questionnaire_id: str, area: str | None, assisted: bool) -> None:
    """Someone pressed Start. Whatever an earlier person left in this browser goes first."""
    _fresh()
    session[START] = {"q": questionnaire_id, "area": area, "assisted": assisted, "agreed": []}
    session[SEEN] = int(clock())


def pending(questionnaire_id: str) -> dict | None:
    """The not-yet-consented visit to this questionnaire, if there is one.

    It too ends after the idle limit: a young person handed a worker's device may walk away before saying yes,
    and the next person must start afresh.
    """
    state = session.get(START)
    if not isinstance(state, dict) or state.get("q") != questionnaire_id:
        return None
    if _idle_too_long():
        end()
        return None
    now = int(clock())
    if session.get(SEEN) != now:  # as in live_run: an unchanged cookie is not signed again
        session[SEEN] = now
    return state


def pending_or_start(questionnaire_id: str) -> tuple[Questionnaire, dict]:
    """The questionnaire and this browser's pre-consent state; without them, back to the start page."""
    questionnaire = open_questionnaire(questionnaire_id)
    state = pending(questionnaire_id) if questionnaire else None
    if state is None:
        abort(redirect(url_for("web.start", questionnaire_id=questionnaire_id) if questionnaire else "/"))
    return questionnaire, state


def agree(step_id: str) -> None:
    state = session[START]
    if step_id not in state["agreed"]:
        state["agreed"].append(step_id)
    session.modified = True


def has_consented(state: dict, questionnaire: Questionnaire) -> bool:
    return all(step.id in state["agreed"] for step in questionnaire.consent)


def enter_run(run: Run, code: str) -> None:
    """From now on the browser knows the run by its token; pre-consent state is no longer needed."""
    _fresh()
    session[RUN] = run.token
    session[SEEN] = int(clock())
    session[CODE] = code
    # On a worker's device the code is not on every page, where the worker would see it: only on request.
    session[QUIET] = bool(run.assisted)


def resume_code(*, asked: bool = False) -> str | None:
    """The code for the pages; on a worker's device only when the young person asked for it."""
    return session.get(CODE) if asked or not session.get(QUIET) else None


def clock() -> float:
    """Now, in seconds; one place so that tests can move time on."""
    return time.time()


def idle_limit() -> float:
    return float(current_app.config["VISIT_IDLE_MINUTES"]) * 60


def _idle_too_long() -> bool:
    """A shared device: after the idle limit the next person must not land in this person's survey."""
    seen = session.get(SEEN)
    return isinstance(seen, int | float) and clock() - seen > idle_limit()


def live_run() -> tuple[runs.LiveRun, Questionnaire] | None:
    """The run this browser is part-way through, with the questionnaire version it is pinned to."""
    found = _live_run_and_dates()
    return found[:2] if found is not None else None


def _live_run_and_dates(*, with_answers: bool = False) -> tuple | None:
    """The same, with the dates in force for its questionnaire (and, ``with_answers``, the run's answers):
    read in the run's own statement."""
    if RUN in session and _idle_too_long():
        end()
        return None
    find = runs.find_with_answers if with_answers else runs.find_with_dates
    found = find(db.session(), session.get(RUN))
    if found is None:
        return None
    run, change = found[:2]
    now = int(clock())
    if session.get(SEEN) != now:
        # Only a change re-signs the cookie: the page an answer redirects to is usually in the same second.
        session[SEEN] = now
    questionnaire = registry().for_run(db.session(), run)
    if questionnaire is None:
        return None
    return (run, questionnaire, questionnaire_dates.window_read_with_run(questionnaire, change), *found[2:])


def live_run_or_start(questionnaire_id: str) -> tuple[runs.LiveRun, Questionnaire]:
    """The live run; without one (never started, quick exit, finished) the start page, showing nothing."""
    return live_run_with_dates(questionnaire_id)[:2]


def live_run_with_dates(
    questionnaire_id: str,
) -> tuple[runs.LiveRun, Questionnaire, questionnaire_dates.Window]:
    """The same, with the dates in force for its questionnaire (whether it still takes answers)."""
    found = _live_run_and_dates()
    if found is None:
        abort(redirect(url_for("web.start", questionnaire_id=questionnaire_id)))
    return found


def live_run_with_answers(
    questionnaire_id: str,
) -> tuple[runs.LiveRun, Questionnaire, questionnaire_dates.Window, dict[str, Response]]:
    """The same, with the run's answers: the question and check-your-answers pages read all of it on every
    request, in one statement."""
    found = _live_run_and_dates(with_answers=True)
    if found is None:
        abort(redirect(url_for("web.start", questionnaire_id=questionnaire_id)))
    return found


def done_with_database() -> None:
    """End this request's transaction before the page is rendered.

    On SQLite every transaction takes the write lock (see db.py), so a page that only read would otherwise
    hold it while its template renders, and fifty people answering at once would wait on each other.
    """
    db.session().commit()


def end() -> None:
    """Forget everything, the CSRF token too: nothing of this visit stays in the browser."""
    session.clear()


def leave() -> None:
    """Quick exit: forget the visit, and remember only that this browser left in a hurry."""
    session.clear()
    session[GONE] = 1


def gone() -> bool:
    return bool(session.get(GONE))


def come_back() -> None:
    """The person opened the home page or the resume page themselves: the site is theirs again."""
    session.pop(GONE, None)


def secret_key() -> str:
    return current_app.config["SECRET_KEY"]
