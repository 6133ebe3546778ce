"""Destruction at the end of a review: the promise "we will destroy what we hold at the end of the review".

Each questionnaire has a destruction date: an admin's override if one is stored, else ``destroy_after`` in
its file (the current file, or the version kept in the database if the file has gone). The day after that
date, ``flask --app survey_app retention purge`` (run daily by the scheduler) destroys its runs, answers,
counts, stored questionnaire text and stored exports, and whatever other parts registered a purger for
(safeguarding concerns). Then, generically, it deletes every row that holds anything from a response: in
any table with a ``questionnaire_id`` column, any table pointing at those rows by a foreign key (however
deep), and any table keyed by a sender's hash that those rows hold (delivery statuses), so a new part's
tables are covered without registering. Once committed, the tables are scrubbed (db.scrub: SQLite's WAL
truncated, PostgreSQL vacuumed), so no copy is left in the database's files. It leaves one destruction
entry, with counts only: what, when, how many.

Production runs it daily, e.g. cron ``15 2 * * * cd /srv/app && .venv/bin/flask --app survey_app retention
purge`` (or the platform scheduler's daily job running ``flask --app survey_app retention purge``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import ColumnElement, Table, delete, or_, union_all
from sqlmodel import Session, SQLModel, select

from survey_app import db, engine
from survey_app.admin.models import DestructionEntry, RetentionOverride
from survey_app.exports.models import StoredExport
from survey_app.staff import audit
from survey_app.store.models import Answer, QuestionnaireVersion, Run, Tally

# What the purge leaves: the log of what was destroyed, and the date it was destroyed by.
KEPT_TABLES = {DestructionEntry.__tablename__, RetentionOverride.__tablename__}
# The column that names a person (a keyed hash of a phone number) in tables without a questionnaire.
PERSON_KEY = "sender_hash"
# Rows of these are counted in the destruction entry's own columns, or are not worth listing.
OWN_TABLES = {StoredExport.__tablename__, Tally.__tablename__, QuestionnaireVersion.__tablename__}

# A purger destroys one questionnaire's records of one kind and returns how many it destroyed.
Purger = Callable[[Session, str], int]
_purgers: dict[str, Purger] = {}


def register_purger(fn: Purger, name: str | None = None) -> Purger:
    """Have the daily purge also destroy another part's records. Usable as a decorator.

    ``fn(session, questionnaire_id)`` deletes (without committing) and returns a count. Purgers run before
    runs and answers are deleted, so they may still look runs up by questionnaire. Registering the same name
    again replaces the earlier function (apps are created many times in tests).
    """
    _purgers[name or fn.__name__] = fn
    return fn


def destruction_date(session: Session, questionnaire_id: str, current: dict) -> dt.date | None:
    override = session.get(RetentionOverride, questionnaire_id)
    if override is not None:
        return override.destroy_after
    if questionnaire_id in current:
        return current[questionnaire_id].destroy_after
    return _stored_date(session, questionnaire_id)


def _stored_date(session: Session, questionnaire_id: str) -> dt.date | None:
    """The file has gone from conversations/: read the date from the last version the database kept."""
    rows = session.exec(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.questionnaire_id == questionnaire_id)
        .order_by(QuestionnaireVersion.id.desc())
    ).all()
    for row in rows:
        try:
            return engine.parse_questionnaire(row.source, row.questionnaire_id).destroy_after
        except engine.QuestionnaireError:
            continue
    return None


def known_questionnaires(session: Session, current: dict) -> list[str]:
    """Every questionnaire id anything is held for, whether or not its file is still deployed."""
    ids = set(current)
    for column in (Run.questionnaire_id, Tally.questionnaire_id, QuestionnaireVersion.questionnaire_id):
        ids.update(session.exec(select(column).distinct()).all())
    ids.update(session.exec(select(StoredExport.questionnaire_id).distinct()).all())
    ids.update(session.exec(select(RetentionOverride.questionnaire_id)).all())
    return sorted(ids)


def schedule(session: Session, current: dict) -> list[tuple[str, dt.date | None]]:
    return [(q, destruction_date(session, q, current)) for q in known_questionnaires(session, current)]


def due(session: Session, current: dict, today: dt.date) -> list[tuple[str, dt.date]]:
    """Questionnaires whose destruction date has passed (the date itself is the last day kept)."""
    return [(q, date) for q, date in schedule(session, current) if date is not None and date < today]


def purge_questionnaire(
    session: Session, questionnaire_id: str, destroy_after: dt.date, actor_id: int | None = None
) -> DestructionEntry | None:
    """Destroy everything held for one questionnaire in one transaction; None if nothing was held.

    Once committed, the tables are scrubbed (db.scrub): no copy is left in the database's files.
    """
    others = {name: fn(session, questionnaire_id) for name, fn in sorted(_purgers.items())}
    exports = session.exec(
        select(StoredExport).where(StoredExport.questionnaire_id == questionnaire_id)
    ).all()
    swept = _sweep(session, questionnaire_id)
    run_count, answers = swept.pop(Run.__tablename__, 0), swept.pop(Answer.__tablename__, 0)
    others |= {name: count for name, count in swept.items() if name not in OWN_TABLES and count}
    if not (run_count or answers or any(swept.values()) or any(others.values())):
        session.rollback()
        return None
    entry = DestructionEntry(
        questionnaire_id=questionnaire_id,
        destroy_after=destroy_after,
        actor_id=actor_id,
        runs=run_count,
        answers=answers,
        exports=sum(1 for e in exports if not e.removed),
        other="; ".join(f"{name}={count}" for name, count in others.items() if count),
    )
    session.add(entry)
    doomed = _doomed(questionnaire_id)
    db.destroyed(session, *(table.name for table in doomed if not _indexes_person(table)))
    # A sender's hash in an index stays in the index page's free space until the index is rebuilt.
    db.destroyed(session, *(table.name for table in doomed if _indexes_person(table)), indexed=True)
    audit.record(session, actor_id, "retention.purge", f"questionnaire={questionnaire_id} runs={run_count}")
    _remove_files(exports)
    return entry


def _doomed(questionnaire_id: str) -> dict[Table, ColumnElement]:
    """Which rows of which tables hold something from this questionnaire's responses, found generically.

    A table with a ``questionnaire_id`` column; a table with a foreign key to such rows (answers of its
    runs, actions on its concerns), however deep; a table keyed by a sender's hash that a doomed row also
    holds (delivery statuses of its text conversations). A new table is covered by having one of these.
    """
    doomed: dict[Table, ColumnElement] = {}
    for table in SQLModel.metadata.sorted_tables:  # parents before children
        if table.name in KEPT_TABLES:
            continue
        if "questionnaire_id" in table.c:
            doomed[table] = table.c.questionnaire_id == questionnaire_id
            continue
        links = [
            key.parent.in_(select(key.column).where(doomed[key.column.table]))
            for key in table.foreign_keys
            if key.column.table in doomed
        ]
        if links:
            doomed[table] = or_(*links)
    holders = [select(t.c[PERSON_KEY]).where(doomed[t]) for t in doomed if PERSON_KEY in t.c]
    for table in SQLModel.metadata.sorted_tables:
        if table not in doomed and PERSON_KEY in table.c and holders and table.name not in KEPT_TABLES:
            doomed[table] = table.c[PERSON_KEY].in_(union_all(*holders))
    return doomed


def _indexes_person(table: Table) -> bool:
    return any(PERSON_KEY in index.columns for index in table.indexes) or any(
        PERSON_KEY in constraint.columns for constraint in table.constraints if hasattr(constraint, "columns")
    )


def _sweep(session: Session, questionnaire_id: str) -> dict[str, int]:
    """Delete every doomed row: those linked by a person's key first (while the links still exist), then
    children before parents."""
    doomed = _doomed(questionnaire_id)
    linked = [
        t
        for t in doomed
        if "questionnaire_id" not in t.c and not any(key.column.table in doomed for key in t.foreign_keys)
    ]
    order = linked + [t for t in reversed(SQLModel.metadata.sorted_tables) if t in doomed and t not in linked]
    return {table.name: session.exec(delete(table).where(doomed[table])).rowcount for table in order}


def _remove_files(exports: list[StoredExport]) -> None:
    """After the commit: a file is only removed once the database agrees it is destroyed."""
    for export in exports:
        Path(export.path).unlink(missing_ok=True)


def purge_due(session: Session, current: dict, today: dt.date, actor_id: int | None = None) -> list:
    entries = []
    for questionnaire_id, date in due(session, current, today):
        entry = purge_questionnaire(session, questionnaire_id, date, actor_id)
        if entry is not None:
            entries.append(entry)
    return entries


def set_override(session: Session, questionnaire_id: str, date: dt.date, actor_id: int | None) -> None:
    override = session.get(RetentionOverride, questionnaire_id) or RetentionOverride(
        questionnaire_id=questionnaire_id, destroy_after=date
    )
    override.destroy_after, override.set_by = date, actor_id
    session.add(override)
    audit.record(
        session, actor_id, "retention.date", f"questionnaire={questionnaire_id} date={date.isoformat()}"
    )


def log(session: Session) -> list[DestructionEntry]:
    return list(session.exec(select(DestructionEntry).order_by(DestructionEntry.id.desc())).all())
