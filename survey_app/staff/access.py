"""Who may see what: staff sessions, roles and the ``staff_required`` decorator.

Every view of the review team's side (admin, safeguarding) is wrapped in ``staff_required``. A test walks
the whole URL map and fails if a non-public route answers without a login and the right role, and checks
that every admin and safeguarding view carries the decorator's marker (``view.staff_roles``).

A staff session is in the signed session cookie, bound to the member's ``session_epoch``: logging out,
changing a role or disabling an account changes the epoch, which ends every session of that member on every
worker at once (a signed cookie alone could be replayed after logout).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_babel import gettext as _

from survey_app import db
from survey_app.staff.models import StaffMember
from survey_app.store.models import utcnow

ADMIN = "admin"
ANALYST = "analyst"
SAFEGUARDING = "safeguarding"
COORDINATOR = "coordinator"
ROLES = (ADMIN, ANALYST, SAFEGUARDING, COORDINATOR)

# After this long a member signs in again, however active they were.
SESSION_LIMIT = dt.timedelta(hours=10)
SESSION_KEY = "staff"
PENDING_KEY = "staff_pending"


def role_names() -> dict[str, str]:
    return {
        ADMIN: _("admin"),
        ANALYST: _("analyst"),
        SAFEGUARDING: _("safeguarding lead"),
        COORDINATOR: _("keyworker coordinator"),
    }


def _now() -> float:
    return utcnow().timestamp()


def _idle_limit() -> float:
    return current_app.config.get("STAFF_IDLE_MINUTES", 30) * 60


def begin_session(member: StaffMember) -> None:
    """Sign a member in fully (password and code both checked)."""
    session.pop(PENDING_KEY, None)
    now = _now()
    session[SESSION_KEY] = {"id": member.id, "epoch": member.session_epoch, "since": now, "seen": now}
    g.pop("current_staff", None)


def end_session() -> None:
    """Forget the staff member in this browser (only the staff keys of the session)."""
    session.pop(SESSION_KEY, None)
    session.pop(PENDING_KEY, None)
    g.pop("current_staff", None)


def begin_pending(member: StaffMember, stage: str) -> None:
    """Password checked (or set), code not yet: the member may only reach the code pages."""
    session.pop(SESSION_KEY, None)
    session[PENDING_KEY] = {"id": member.id, "epoch": member.session_epoch, "stage": stage, "at": _now()}


def pending_member(stage: str) -> StaffMember | None:
    """The member half-way through signing in at ``stage`` (``code`` or ``setup``), for 10 minutes."""
    pending = session.get(PENDING_KEY)
    if not pending or pending.get("stage") != stage or _now() - pending.get("at", 0) > 600:
        return None
    member = db.session().get(StaffMember, pending["id"])
    if member is None or not member.active or member.session_epoch != pending.get("epoch"):
        return None
    return member


def current_staff() -> StaffMember | None:
    """The fully signed-in staff member of this request, or None. Refreshes the idle timer."""
    if "current_staff" not in g:
        g.current_staff = _load_current()
    return g.current_staff


def _load_current() -> StaffMember | None:
    state = session.get(SESSION_KEY)
    if not state:
        return None
    now = _now()
    if (
        now - state.get("seen", 0) > _idle_limit()
        or now - state.get("since", 0) > SESSION_LIMIT.total_seconds()
    ):
        session.pop(SESSION_KEY, None)
        return None
    member = db.session().get(StaffMember, state.get("id"))
    if (
        member is None
        or not member.active
        or not member.totp_confirmed
        or member.session_epoch != state["epoch"]
    ):
        session.pop(SESSION_KEY, None)
        return None
    # Write the cookie back only once a minute: it keeps the idle timer without a new cookie every request.
    if now - state["seen"] > 60:
        session[SESSION_KEY] = state | {"seen": now}
    return member


def has_role(*roles: str) -> bool:
    member = current_staff()
    return member is not None and member.role in roles


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None.

    Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so "/<tab>/evil.example"
    is "//evil.example", another site. Anything with a control character, a space or a backslash is refused
    outright (it is never a link we made), and what is left must parse as a path without a host.
    """
    if not target or len(target) > 2000 or not target.startswith("/") or target.startswith("//"):
        return None
    if any(ch.isspace() or ch == "\\" or not ch.isprintable() for ch in target):
        return None
    parts = urlsplit(target)
    return target if not (parts.scheme or parts.netloc) else None


def _safe_next() -> str | None:
    """Where to go after signing in: only a path on this site."""
    if request.method != "GET":
        return None
    return safe_next(request.full_path.rstrip("?"))


def staff_required(*roles: str) -> Callable:
    """Allow a view only to a signed-in staff member (password and TOTP) with one of ``roles``.

    No roles means any staff role. Anonymous visitors are sent to the sign-in page (302); a signed-in member
    with another role gets 403. The wrapped view carries ``staff_roles`` so tests can check the whole app.
    """
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown role(s): {', '.join(sorted(unknown))}")
    allowed = frozenset(roles or ROLES)

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            member = current_staff()
            if member is None:
                return redirect(url_for("admin.login", next=_safe_next()))
            if member.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        guarded.staff_roles = allowed
        return guarded

    return decorate
