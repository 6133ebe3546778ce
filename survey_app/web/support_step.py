"""Where the support offer is: the next step's address, so browser history never shows that one was made.

An answer that raises a concern sends the browser to ``/s/<questionnaire>/<n+1>``: the address the next
question has (or would have, after the last question). While the offer is open that address shows the offer,
then "how can we reach you?", then what happened; "Carry on" gives the address back to the question. Anyone
reading the history sees only step numbers, the same as for a person whose answers raised nothing.

Which stage the offer is at lives in the visit's signed cookie, beside the run's token: that token already
opens every answer of the run, so the stage adds nothing to what the cookie gives away, and it goes with the
visit (finish, stop, quick exit, the idle limit). What someone types as a way to reach them is never put here.
"""

from __future__ import annotations

from flask import session, url_for

from survey_app.engine import Questionnaire, visible_questions

ASIDE = "aside"  # a neutral name: the cookie's keys can be read by anyone holding the device
OFFER = "offer"  # would you like someone to get in touch?
CONTACT = "contact"  # after yes: how can we reach you?
KEPT = "kept"  # what happened: the way to reach them is sealed for the lead
NOT_KEPT = "not_kept"  # yes, but it could not be kept (no lead's key): the contacts again
DECLINED = "declined"  # no, thank you
OUTCOMES = (KEPT, NOT_KEPT, DECLINED)


def begin(questionnaire: Questionnaire, given: dict, question_id: str, *, changing: bool) -> str:
    """Open the offer after the answer to ``question_id``; the address to send the browser to."""
    path = [q.id for q in visible_questions(questionnaire, given)]
    step = path.index(question_id) + 2  # the step after the answer's own (steps count from 1)
    session[ASIDE] = {"q": questionnaire.id, "step": step, "stage": OFFER, "change": changing}
    return url_for("web.question", questionnaire_id=questionnaire.id, step=step)


def current() -> dict | None:
    aside = session.get(ASIDE)
    return aside if isinstance(aside, dict) and aside.get("stage") else None


def move(aside: dict, stage: str, *, problem: dict | None = None) -> None:
    """On to ``stage``; ``problem`` (errors, and the choices made, never the words typed) is shown once."""
    session[ASIDE] = {**aside, "stage": stage, "problem": problem}


def take_problem(aside: dict) -> dict | None:
    problem = aside.get("problem")
    if problem:
        session[ASIDE] = {**aside, "problem": None}
    return problem


def close() -> None:
    session.pop(ASIDE, None)
