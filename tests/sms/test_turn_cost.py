"""The usual text, an answer, costs at most 8 SQL statements and no savepoints."""

from __future__ import annotations

from sqlalchemy import event


def _statements_for(app, send) -> list[str]:
    seen: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many):
        # BEGIN (IMMEDIATE) is SQLite's transaction start; psycopg sends its own BEGIN outside the cursor.
        if not statement.lstrip().upper().startswith("BEGIN"):
            seen.append(statement.split()[0].upper())

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        send()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return seen


def _at_first_question(phone):
    for body in ("CARE", "yes", "yes", "yes", "yes"):
        phone.send(body)


def test_an_answer_turn_makes_at_most_eight_statements_and_no_savepoints(app, phone, stored):
    _at_first_question(phone)
    phone.send("19")

    statements = _statements_for(app, lambda: phone.send("3"))

    assert len(statements) <= 8, statements
    assert "SAVEPOINT" not in statements and "RELEASE" not in statements
    assert stored.answers()["care_now"] == ("answered", "moved_on")


def test_an_invalid_answer_turn_is_cheaper_still(app, phone):
    _at_first_question(phone)

    statements = _statements_for(app, lambda: phone.send("banana"))

    assert len(statements) <= 6, statements
