"""The safeguarding lead's queue: ``/safeguarding/``, for the ``safeguarding`` role only.

Admins, analysts and coordinators get 403: the words of a concern are for the person who acts on them.
Opening a sealed route back needs the lead's key file and passphrase on every opening; both are used in
memory for that one response and never stored (the server-side key file, if configured, is only read).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from survey_app import db
from survey_app.safeguarding import concerns, labels, reading_list, sealing
from survey_app.safeguarding.forms import ActionForm, OpenForm, StepForm
from survey_app.safeguarding.models import Concern
from survey_app.staff import audit
from survey_app.staff.access import SAFEGUARDING, current_staff, staff_required
from survey_app.staff.models import StaffMember
from survey_app.store.models import utcnow

bp = Blueprint("safeguarding", __name__, url_prefix="/safeguarding")

TIER_LABELS = {"urgent": _l("Urgent"), "review": _l("Review within one working day")}
# What went wrong opening a sealed record, and which field the error summary should link to.
OPEN_PROBLEMS = {
    sealing.BAD_KEY_FILE: (
        "key_text",
        _l("That is not a key file made by keygen. Paste the whole file, or choose it"),
    ),
    sealing.WRONG_PASSPHRASE: (
        "passphrase",
        _l("The passphrase does not open this key file. Check it and try again"),
    ),
    sealing.OTHER_KEY: (
        "key_text",
        _l("This record was sealed to a different key. Use the key file that matched the public key then"),
    ),
    sealing.BAD_VALUE: ("key_text", _l("The sealed record is damaged and cannot be opened")),
}
STATE_LABELS = {
    "new": _l("New"),
    "acknowledged": _l("Acknowledged"),
    "action_recorded": _l("Action recorded"),
    "closed": _l("Closed"),
}


@bp.after_request
def _no_store(response):
    # The words of a concern and an opened route back must not stay in a browser's cache or history.
    response.headers["Cache-Control"] = "no-store"
    return response


def age(moment: dt.datetime) -> str:
    """How long a concern has waited, in words ("3 hours")."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)  # SQLite returns naive UTC
    return format_timedelta(utcnow() - aware, threshold=1)


def reasons(concern: Concern) -> list[labels.ReasonLine]:
    """The detector's reasons (what the rule finds, which words, what context), in the lead's words."""
    try:
        items = json.loads(concern.reasons or "[]")
    except ValueError:
        return [labels.reason_line(concern.reasons)]
    return [labels.reason_line(item) for item in (items if isinstance(items, list) else [items])]


def tier_label(tier: str) -> str | None:
    return TIER_LABELS.get(tier)


def staff_name(staff_id: int | None) -> str:
    """Who recorded a step: the staff member's e-mail address (the lead's colleagues, not the public)."""
    if staff_id is None:
        return _("the detector")
    member = db.session().get(StaffMember, staff_id)
    return member.email if member is not None else _("a former staff member")


def route_back_label(concern: Concern) -> str:
    """Whether the lead has a way back to the young person, in a few words for the queue."""
    if concern.sealed_contact:
        return _("Yes: details they left")
    if concern.sealed_phone and concern.declined_contact:
        return _("Number kept because the risk looked urgent; they said no to contact")
    if concern.sealed_phone:
        return _("Yes: their number")
    return _("No")


def _helpers() -> dict:
    return {
        "route_back_label": route_back_label,
        "age": age,
        "tier_label": tier_label,
        "state_label": STATE_LABELS.get,
        "reasons": reasons,
        "category_label": labels.category_label,
        "staff_name": staff_name,
    }


def _errors(form, extra: tuple | None = None) -> dict[str, str]:
    """Field name -> first message, the shape admin/_forms.html's error summary reads."""
    errors = {name: messages[0] for name, messages in form.errors.items()}
    if extra:
        errors.setdefault(*extra)
    return errors


def _concern(concern_id: int) -> Concern:
    concern = db.session().get(Concern, concern_id)
    if concern is None:
        abort(404)
    return concern


@bp.get("/", endpoint="queue")
@staff_required(SAFEGUARDING)
def show_queue():
    session = db.session()
    waiting, closed = concerns.queue(session), concerns.queue(session, closed=True, limit=50)
    return render_template(
        "safeguarding/queue.html",
        waiting=waiting,
        closed=closed,
        reading=reading_list.summary(session),
        **_helpers(),
    )


def _render_concern(concern: Concern, action_form: ActionForm | None = None, status: int = 200):
    action_form = action_form or ActionForm()
    page = render_template(
        "safeguarding/concern.html",
        concern=concern,
        actions=concerns.actions(db.session(), concern),
        action_form=action_form,
        errors=_errors(action_form),
        has_errors=bool(action_form.errors),
        **_helpers(),
    )
    return page, status


@bp.get("/<int:concern_id>")
@staff_required(SAFEGUARDING)
def concern(concern_id: int):
    found = _concern(concern_id)
    audit.record(db.session(), current_staff().id, "concern.view", f"concern={found.id}")
    return _render_concern(found)


def _step(concern_id: int, change, done_message: str):
    found = _concern(concern_id)
    if not StepForm().validate_on_submit():
        abort(400)
    try:
        change(db.session(), found, current_staff().id)
    except concerns.TransitionError:
        flash(
            _("That step has already been taken or is not the next one. Here is where this concern is now.")
        )
    else:
        flash(done_message)
    return redirect(url_for("safeguarding.concern", concern_id=found.id))


@bp.post("/<int:concern_id>/acknowledge")
@staff_required(SAFEGUARDING)
def acknowledge(concern_id: int):
    return _step(concern_id, concerns.acknowledge, _("Concern acknowledged."))


@bp.post("/<int:concern_id>/close")
@staff_required(SAFEGUARDING)
def close(concern_id: int):
    return _step(concern_id, concerns.close, _("Concern closed."))


@bp.post("/<int:concern_id>/action")
@staff_required(SAFEGUARDING)
def record_action(concern_id: int):
    found = _concern(concern_id)
    form = ActionForm()
    if not form.validate_on_submit():
        return _render_concern(found, form, status=400)
    try:
        concerns.record_action(
            db.session(), found, current_staff().id, told=form.told.data, why=form.why.data
        )
    except concerns.TransitionError:
        flash(_("Acknowledge the concern before recording an action."))
    else:
        flash(_("Action recorded."))
    return redirect(url_for("safeguarding.concern", concern_id=found.id))


def _server_key_file() -> str:
    """The key file named by SAFEGUARDING_PRIVATE_KEY_FILE, if the lead chose to keep it on the server."""
    path = current_app.config.get("SAFEGUARDING_PRIVATE_KEY_FILE")
    if not path or not Path(path).is_file():
        return ""
    return Path(path).read_text(encoding="utf-8")


def _render_open(concern: Concern, form: OpenForm, error: tuple | None = None, status: int = 200):
    """The opening form; ``error`` is (field name, message) for a problem found after validation."""
    page = render_template(
        "safeguarding/open.html",
        concern=concern,
        form=form,
        errors=_errors(form, error),
        server_key=bool(current_app.config.get("SAFEGUARDING_PRIVATE_KEY_FILE")),
        has_errors=bool(form.errors or error),
    )
    return page, status


@bp.route("/<int:concern_id>/open", methods=["GET", "POST"])
@staff_required(SAFEGUARDING)
def open_route_back(concern_id: int):
    found = _concern(concern_id)
    if not found.has_route_back:
        abort(404)
    form = OpenForm()
    if not form.validate_on_submit():
        return _render_open(found, form, status=400 if form.is_submitted() else 200)
    key_file = form.key_file_text() or _server_key_file()
    if not key_file:
        return _render_open(found, form, ("key_text", _("Paste the private key file or choose it")), 400)
    try:
        opened = concerns.open_route_back(
            db.session(), found, current_staff().id, key_file=key_file, passphrase=form.passphrase.data
        )
    except sealing.SealingError as error:
        # Keep the key they chose (a file box cannot be refilled): only the passphrase is typed again.
        form.key_text.data = key_file if error.reason == sealing.WRONG_PASSPHRASE else form.key_text.data
        return _render_open(found, form, OPEN_PROBLEMS[error.reason], 400)
    return render_template("safeguarding/opened.html", concern=found, opened=opened)
