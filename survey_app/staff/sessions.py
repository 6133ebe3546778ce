"""Signed-in sessions for people with accounts: the review team's staff and the partners who write returns.

Both kinds live in the signed session cookie, each under its own key (a partner session beside a staff
session, never inside it), bound to the member's ``session_epoch``: signing out, a changed role or a disabled
account changes the epoch, which ends every session of that member on every worker at once (a signed
cookie alone could be replayed after signing out). Half-way through signing in (password checked, code not
yet) a member holds a pending session that reaches only the code pages, for ten minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from flask import g, session

from survey_app import db
from survey_app.store.models import utcnow

# After this long a member signs in again, however active they were.
SESSION_LIMIT = dt.timedelta(hours=10)
PENDING_SECONDS = 600
Member = TypeVar("Member")


def now() -> float:
    return utcnow().timestamp()


class AccountSessions(Generic[Member]):
    """The sessions of one kind of account, kept under ``key`` in the cookie."""

    def __init__(self, model: type[Member], key: str, idle_seconds: Callable[[], float]) -> None:
        self.model, self.key, self.pending_key = model, key, f"{key}_pending"
        self.idle_seconds, self.cached = idle_seconds, f"current_{key}"

    def begin(self, member: Any) -> None:
        """Sign a member in fully (password and code both checked)."""
        session.pop(self.pending_key, None)
        started = now()
        session[self.key] = {
            "id": member.id,
            "epoch": member.session_epoch,
            "since": started,
            "seen": started,
        }
        g.pop(self.cached, None)

    def end(self) -> None:
        """Forget this kind of member in this browser (only this kind's keys of the session)."""
        session.pop(self.key, None)
        session.pop(self.pending_key, None)
        g.pop(self.cached, None)

    def begin_pending(self, member: Any, stage: str) -> None:
        """Password checked (or set), code not yet: the member may only reach the code pages."""
        session.pop(self.key, None)
        session[self.pending_key] = {
            "id": member.id,
            "epoch": member.session_epoch,
            "stage": stage,
            "at": now(),
        }

    def pending_member(self, stage: str) -> Member | None:
        """The member half-way through signing in at ``stage`` (``code`` or ``setup``)."""
        pending = session.get(self.pending_key)
        if not pending or pending.get("stage") != stage or now() - pending.get("at", 0) > PENDING_SECONDS:
            return None
        member = db.session().get(self.model, pending["id"])
        if member is None or not member.active or member.session_epoch != pending.get("epoch"):
            return None
        return member

    def current(self) -> Member | None:
        """The fully signed-in member of this request, or None. Refreshes the idle timer."""
        if self.cached not in g:
            setattr(g, self.cached, self._load())
        return getattr(g, self.cached)

    def _load(self) -> Member | None:
        state = session.get(self.key)
        if not state:
            return None
        moment = now()
        if (
            moment - state.get("seen", 0) > self.idle_seconds()
            or moment - state.get("since", 0) > SESSION_LIMIT.total_seconds()
        ):
            session.pop(self.key, None)
            return None
        member = db.session().get(self.model, state.get("id"))
        if (
            member is None
            or not member.active
            or not member.totp_confirmed
            or member.session_epoch != state["epoch"]
        ):
            session.pop(self.key, None)
            return None
        # Write the cookie back once a minute at most: the idle timer kept without a new cookie each request.
        if moment - state["seen"] > 60:
            session[self.key] = state | {"seen": moment}
        return member
