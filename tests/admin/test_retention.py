"""Destruction at the end of a review: nothing of the questionnaire remains, and the log says so."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func
from sqlmodel import SQLModel, select

from survey_app.admin import retention
from survey_app.admin.models import DestructionEntry, RetentionOverride
from survey_app.staff.models import AuditEntry
from survey_app.store.models import Answer, Run


def held(db, questionnaire_id: str) -> dict[str, int]:
    """Rows held for the questionnaire in every table that names one (other parts' too), and answers."""
    db.expire_all()
    counts = {
        table.name: db.exec(
            select(func.count()).select_from(table).where(table.c.questionnaire_id == questionnaire_id)
        ).one()
        for table in SQLModel.metadata.sorted_tables
        if "questionnaire_id" in table.c and table.name not in retention.KEPT_TABLES
    }
    counts["answer"] = db.exec(select(func.count()).select_from(Answer)).one()
    return counts


def purge(app, today: str):
    result = app.test_cli_runner().invoke(args=["retention", "purge", "--today", today])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def seeded_with_export(app, seed, tmp_path):
    seed(120)
    out = tmp_path / "kept.xlsx"
    result = app.test_cli_runner().invoke(
        args=["export", "--questionnaire", "leaving-care", "--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_nothing_is_destroyed_on_or_before_the_destruction_date(app, seeded_with_export, db):
    destroy_after = app.extensions["questionnaires"].get("leaving-care").destroy_after
    purge(app, destroy_after.isoformat())
    assert held(db, "leaving-care")["run"] == 120 and seeded_with_export.exists()


def test_after_the_date_nothing_of_the_questionnaire_remains_and_the_destruction_is_logged(
    app, seeded_with_export, db
):
    destroy_after = app.extensions["questionnaires"].get("leaving-care").destroy_after
    answers = held(db, "leaving-care")["answer"]
    output = purge(app, (destroy_after + dt.timedelta(days=1)).isoformat())
    assert "Destroyed leaving-care: 120 responses" in output
    remaining = held(db, "leaving-care")
    assert {"run", "tally", "questionnaire_version", "stored_export", "concern"} <= set(remaining)
    assert set(remaining.values()) == {0}
    assert not seeded_with_export.exists()
    entry = db.exec(select(DestructionEntry)).one()
    assert (entry.questionnaire_id, entry.runs, entry.answers, entry.exports) == (
        "leaving-care",
        120,
        answers,
        1,
    )
    assert entry.actor_id is None and entry.destroy_after == destroy_after
    audit = db.exec(select(AuditEntry).where(AuditEntry.action == "retention.purge")).one()
    assert "runs=120" in audit.detail


def test_a_second_purge_finds_nothing_and_logs_nothing(app, seeded_with_export, db):
    day = (
        app.extensions["questionnaires"].get("leaving-care").destroy_after + dt.timedelta(days=1)
    ).isoformat()
    purge(app, day)
    assert "Nothing is past" in purge(app, day)
    assert len(db.exec(select(DestructionEntry)).all()) == 1


def test_an_admin_override_brings_the_date_forward_and_other_questionnaires_are_untouched(app, seed, db):
    seed(30)
    db.add(
        Run(token="other-run", questionnaire_id="another-review", questionnaire_version="1", channel="web")
    )
    db.add(RetentionOverride(questionnaire_id="leaving-care", destroy_after=dt.date(2024, 1, 31)))
    db.commit()
    purge(app, "2024-02-01")
    assert held(db, "leaving-care")["run"] == 0
    assert held(db, "another-review")["run"] == 1


def test_registered_purgers_destroy_other_parts_records_and_are_counted(app, seed, db):
    seed(10)
    calls = []

    def purge_concerns(session, questionnaire_id):
        calls.append(questionnaire_id)
        return 3

    retention.register_purger(purge_concerns, "concerns")
    try:
        db.add(RetentionOverride(questionnaire_id="leaving-care", destroy_after=dt.date(2024, 1, 31)))
        db.commit()
        purge(app, "2024-02-01")
    finally:
        retention._purgers.pop("concerns")
    assert calls == ["leaving-care"]
    assert db.exec(select(DestructionEntry)).one().other == "concerns=3"


def test_the_destruction_log_page_shows_counts_to_admins_only(app, client_as, seeded_with_export):
    day = (
        app.extensions["questionnaires"].get("leaving-care").destroy_after + dt.timedelta(days=1)
    ).isoformat()
    purge(app, day)
    page = client_as("admin").get("/admin/destruction").get_data(as_text=True)
    assert "leaving-care" in page and "120" in page
    assert client_as("analyst").get("/admin/destruction").status_code == 403


def test_rows_of_parts_that_registered_no_purger_are_swept_too(app, seed, db):
    from survey_app.sms.models import Conversation

    seed(5)
    run = db.exec(select(Run)).first()
    db.add(Conversation(sender_hash="h" * 64, channel="sms", questionnaire_id="leaving-care", run_id=run.id))
    db.add(RetentionOverride(questionnaire_id="leaving-care", destroy_after=dt.date(2024, 1, 31)))
    db.commit()
    purge(app, "2024-02-01")
    assert db.exec(select(Conversation)).all() == []
    assert "sms_conversation=1" in db.exec(select(DestructionEntry)).one().other
