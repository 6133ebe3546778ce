"""The audit log: who did what, when. Logins, downloads, role changes, destruction, opening sealed records.

The detail is for identifiers and counts ("questionnaire=leaving-care format=csv"), never for answer text or
contact details: the log is read by admins who must not see what young people wrote.
"""

from __future__ import annotations

from sqlmodel import Session, select

from survey_app.staff.models import AuditEntry

DETAIL_LIMIT = 500


def record(
    session: Session, actor_id: int | None, action: str, detail: str = "", *, commit: bool = True
) -> None:
    """Add an entry to the audit log and commit it (with whatever the caller changed just before).

    ``actor_id`` is the staff member's id, or None for the system (the daily purge, a failed login for an
    address nobody has). ``action`` is a short dotted name such as ``login``, ``export.download``,
    ``staff.role``, ``concern.open``. Pass ``commit=False`` to leave committing to the caller's transaction.
    """
    session.add(AuditEntry(actor_id=actor_id, action=action[:64], detail=detail[:DETAIL_LIMIT]))
    if commit:
        session.commit()


def recent(session: Session, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).offset(offset).limit(limit)
    return list(session.exec(query).all())
