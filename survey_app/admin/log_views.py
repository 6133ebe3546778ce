"""Admin-only pages: the audit log and the destruction schedule and log."""

from __future__ import annotations

from flask import abort, render_template, request
from sqlmodel import select

from survey_app import db
from survey_app.admin import bp
from survey_app.admin import retention as destruction
from survey_app.questionnaires import registry
from survey_app.staff import audit
from survey_app.staff.access import ADMIN, staff_required
from survey_app.staff.models import StaffMember

PAGE = 100
# A page number past this is past any log we will hold; it also keeps the offset inside a 64-bit integer.
LAST_PAGE = 1_000_000


def requested_page() -> int:
    """The ``page`` query argument as a page number: 1 if missing, 400 if not a page number at all."""
    raw = request.args.get("page", "1")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 7 or not 1 <= int(raw) <= LAST_PAGE:
        abort(400)
    return int(raw)


def _emails() -> dict[int, str]:
    return dict(db.session().exec(select(StaffMember.id, StaffMember.email)).all())


@bp.route("/audit")
@staff_required(ADMIN)
def audit_log():
    page = requested_page()
    entries = audit.recent(db.session(), PAGE + 1, (page - 1) * PAGE)
    return render_template(
        "admin/audit.html", entries=entries[:PAGE], emails=_emails(), page=page, more=len(entries) > PAGE
    )


@bp.route("/destruction")
@staff_required(ADMIN)
def retention():
    session = db.session()
    current = registry().current
    rows = [(q, date, current.get(q)) for q, date in destruction.schedule(session, current)]
    return render_template("admin/retention.html", rows=rows, log=destruction.log(session), emails=_emails())
