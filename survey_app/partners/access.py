"""Who may see what on the partners' side: partner sessions and the ``partner_required`` decorator.

A partner session lives beside (never inside) a staff session in the signed cookie, kept as staff sessions
are (``staff.sessions``). Every partner view reads the return of the signed-in member's own
authority only: no view takes an authority or return id from the URL, so there is nothing to change to
reach another authority's return.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import abort, redirect, request, url_for

from survey_app.partners.models import PartnerMember
from survey_app.staff import access as staff_access
from survey_app.staff.sessions import AccountSessions

CONTRIBUTOR = "contributor"
SUBMITTER = "submitter"
ROLES = (CONTRIBUTOR, SUBMITTER)
LEAD = "lead"  # not a role of its own: a contributor or submitter who may invite colleagues
SESSION_KEY = "partner"
IDLE_SECONDS = 60 * 60  # drafting a long answer takes a while; a Save keeps the session alive

_sessions = AccountSessions(PartnerMember, SESSION_KEY, lambda: IDLE_SECONDS)
begin_session = _sessions.begin
end_session = _sessions.end
begin_pending = _sessions.begin_pending
pending_member = _sessions.pending_member
current_partner = _sessions.current


def partner_required(*needs: str) -> Callable:
    """Allow a view only to a signed-in partner; ``needs`` may be ``submitter`` and/or ``lead``.

    Anonymous visitors go to the partners' sign-in page. Someone signed in as staff but not as a partner gets
    403: the review team reads returns through its own pages, never by looking over a partner's shoulder.
    """
    unknown = set(needs) - {SUBMITTER, LEAD}
    if unknown:
        raise ValueError(f"unknown partner need(s): {', '.join(sorted(unknown))}")

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            member = current_partner()
            if member is None:
                if staff_access.current_staff() is not None:
                    abort(403)
                return redirect(url_for("partners.sign_in", next=_safe_next()))
            if (SUBMITTER in needs and member.role != SUBMITTER) or (LEAD in needs and not member.lead):
                abort(403)
            return view(*args, **kwargs)

        guarded.partner_needs = frozenset(needs) | {"partner"}
        return guarded

    return decorate


def _safe_next() -> str | None:
    """Where to go after signing in: only a partners' page of this site."""
    if request.method != "GET":
        return None
    path = staff_access.safe_next(request.full_path.rstrip("?"))
    return path if path and path.startswith("/partners/") else None
