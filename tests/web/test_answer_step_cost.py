"""The web answer step's cost: SQL statements and commits, and pages shown without SQLite's write lock."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event, make_url

from tests.conftest import POSTGRES_URL


def _count(app, step) -> tuple[list[str], int]:
    """The statements (BEGIN left out: psycopg sends its own outside the cursor) and commits of ``step``."""
    statements: list[str] = []
    commits: list[int] = []

    def statement(_conn, _cursor, sql, _params, _context, _many):
        if not sql.lstrip().upper().startswith("BEGIN"):
            statements.append(" ".join(sql.split()[:4]))

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", lambda _conn: commits.append(1))
    try:
        step()
    finally:
        event.remove(engine, "before_cursor_execute", statement)
    return statements, len(commits)


def _at_second_question(respondent) -> None:
    respondent.consent()
    respondent.answer("19")
    assert respondent.page.question_id == "care_now"


def test_an_answer_step_makes_at_most_four_statements_reading_the_run_with_its_answers_in_one(
    app, respondent, stored
):
    _at_second_question(respondent)
    form = respondent.page.post_form()

    posted: list = []
    post, post_commits = _count(
        app,
        lambda: posted.append(
            respondent.client.post(
                form.action, data=form.fields | {"action": "continue", "answer": "moved_on"}
            )
        ),
    )
    page, page_commits = _count(app, lambda: respondent.open(posted[0].headers["Location"]))

    assert respondent.page.question_id == "where_live"
    assert stored.answers()["care_now"] == ("answered", "moved_on")
    # the run with its questionnaire's dates and its answers, the answer's upsert, the run
    assert len(post) <= 3 and post_commits == 1, post
    # the run with its dates and answers; whether a rejected answer waits to be shown is in the visit's cookie
    assert len(page) <= 1 and page_commits <= 1, page
    assert not any(s.startswith("SELECT questionnaire_dates") for s in post + page), post + page
    assert not any("rejected_answer" in s for s in page), page
    assert not any(s.startswith("SELECT answer.") for s in post + page), post + page


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's write lock")
def test_a_question_page_opens_while_another_connection_holds_the_write_lock(app, respondent):
    _at_second_question(respondent)
    engine = app.extensions["db_engine"]
    # Waiting for the lock would fail fast rather than after the app's usual 30 seconds.
    event.listen(engine, "connect", lambda connection, _record: connection.execute("PRAGMA busy_timeout=100"))
    engine.dispose()
    writer = sqlite3.connect(make_url(app.config["SQLALCHEMY_DATABASE_URL"]).database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        page = respondent.open(respondent.page.path)
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert page.status == 200 and page.question_id == "care_now"
