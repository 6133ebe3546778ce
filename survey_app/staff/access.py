"""Who may see what: staff sessions, roles and the ``staff_required`` decorator.

Every view of the review team's side (admin, safeguarding) is wrapped in ``staff_required``. A test walks
the whole URL map and fails if a non-public route answers without a login and the right role, and checks
that every admin and safeguarding view carries the decorator's marker (``view.staff_roles``).

Staff sessions are kept as partners' are (``staff.sessions``): in the signed cookie, bound to the member's
``session_epoch``, with an idle limit the app's config sets (``STAFF_IDLE_MINUTES``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import abort, current_app, redirect, request, url_for
from flask_babel import gettext as _

from survey_app.staff.models import StaffMember
from survey_app.staff.sessions import AccountSessions

ADMIN = "admin"
ANALYST = "analyst"
SAFEGUARDING = "safeguarding"
COORDINATOR = "coordinator"
ROLES = (ADMIN, ANALYST, SAFEGUARDING, COORDINATOR)

SESSION_KEY = "staff"


def role_names() -> dict[str, str]:
    return {
        ADMIN: _("admin"),
        ANALYST: _("analyst"),
        SAFEGUARDING: _("safeguarding lead"),
        COORDINATOR: _("keyworker coordinator"),
    }


def _idle_limit() -> float:
    return current_app.config.get("STAFF_IDLE_MINUTES", 30) * 60


_sessions = AccountSessions(StaffMember, SESSION_KEY, _idle_limit)
begin_session = _sessions.begin
end_session = _sessions.end
begin_pending = _sessions.begin_pending
pending_member = _sessions.pending_member
current_staff = _sessions.current


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
