"""Who may see what on the partners' side: partner sessions and the ``partner_required`` decorator.

A partner session lives beside (never inside) a staff session in the signed cookie, bound to the member's
``session_epoch`` as staff sessions are. Every partner view reads the return of the signed-in member's own
authority only: no view takes an authority or return id from the URL, so there is nothing to change to
reach another authority's return.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import abort, g, redirect, request, session, url_for

from survey_app import db
from survey_app.partners.models import PartnerMember
from survey_app.staff import access as staff_access

CONTRIBUTOR = "contributor"
SUBMITTER = "submitter"
ROLES = (CONTRIBUTOR, SUBMITTER)
LEAD = "lead"  # not a role of its own: a contributor or submitter who may invite colleagues
SESSION_KEY = "partner"
PENDING_KEY = "partner_pending"
IDLE_SECONDS = 60 * 60  # drafting a long answer takes a while; a Save keeps the session alive


def begin_session(member: PartnerMember) -> None:
    session.pop(PENDING_KEY, None)
    now = staff_access._now()
    session[SESSION_KEY] = {"id": member.id, "epoch": member.session_epoch, "since": now, "seen": now}
    g.pop("current_partner", None)


def end_session() -> None:
    session.pop(SESSION_KEY, None)
    session.pop(PENDING_KEY, None)
    g.pop("current_partner", None)


def begin_pending(member: PartnerMember, stage: str) -> None:
    session.pop(SESSION_KEY, None)
    session[PENDING_KEY] = {
        "id": member.id,
        "epoch": member.session_epoch,
        "stage": stage,
        "at": staff_access._now(),
    }


def pending_member(stage: str) -> PartnerMember | None:
    pending = session.get(PENDING_KEY)
    if not pending or pending.get("stage") != stage or staff_access._now() - pending.get("at", 0) > 600:
        return None
    member = db.session().get(PartnerMember, pending["id"])
    if member is None or not member.active or member.session_epoch != pending.get("epoch"):
        return None
    return member


def current_partner() -> PartnerMember | None:
    if "current_partner" not in g:
        g.current_partner = _load_current()
    return g.current_partner


def _load_current() -> PartnerMember | None:
    state = session.get(SESSION_KEY)
    if not state:
        return None
    now = staff_access._now()
    if (
        now - state.get("seen", 0) > IDLE_SECONDS
        or now - state.get("since", 0) > staff_access.SESSION_LIMIT.total_seconds()
    ):
        session.pop(SESSION_KEY, None)
        return None
    member = db.session().get(PartnerMember, state.get("id"))
    if (
        member is None
        or not member.active
        or not member.totp_confirmed
        or member.session_epoch != state["epoch"]
    ):
        session.pop(SESSION_KEY, None)
        return None
    if now - state["seen"] > 60:
        session[SESSION_KEY] = state | {"seen": now}
    return member


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
    if request.method != "GET":
        return None
    path = request.full_path.rstrip("?")
    return path if path.startswith("/partners/") else None
