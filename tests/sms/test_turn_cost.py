"""The usual text, an answer (or SKIP), costs four SQL statements on PostgreSQL and no savepoints.

Storing the text, the sender's lock, one read (text, conversation, run and its answers), and one statement
for every write. SQLite has no data-modifying WITH clauses and takes its lock with BEGIN IMMEDIATE, so
there the writes are four statements of their own: six in all. Each statement costs the app more CPU than
the database spends running it, and the webhook must keep up with hundreds of texts a second."""

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


def _most(app) -> int:
    return 4 if app.extensions["db_engine"].dialect.name == "postgresql" else 6


def test_an_answer_turn_makes_four_statements_and_no_savepoints(app, phone, stored):
    _at_first_question(phone)
    phone.send("19")

    statements = _statements_for(app, lambda: phone.send("3"))

    assert len(statements) <= _most(app), statements
    assert "SAVEPOINT" not in statements and "RELEASE" not in statements
    assert stored.answers()["care_now"] == ("answered", "moved_on")
    assert stored.runs()[0].position == "where_live"


def test_skip_costs_no_more_than_an_answer(app, phone, stored):
    _at_first_question(phone)

    statements = _statements_for(app, lambda: phone.send("skip"))

    assert len(statements) <= _most(app), statements
    assert stored.answers() == {"age": ("skipped", None)}
    assert stored.runs()[0].position == "care_now"


def test_an_invalid_answer_turn_costs_no_more(app, phone, stored):
    _at_first_question(phone)

    statements = _statements_for(app, lambda: phone.send("banana"))

    assert len(statements) <= _most(app), statements
    assert stored.answers() == {}


def test_a_yes_to_a_consent_step_costs_no_more_than_an_answer(app, phone, stored):
    phone.send("CARE")

    statements = _statements_for(app, lambda: phone.send("yes"))

    assert len(statements) <= _most(app), statements
    assert "SAVEPOINT" not in statements
    assert stored.runs() == []  # still consenting: nothing countable exists yet


def test_a_free_text_answer_that_raises_no_concern_costs_no_more_than_an_answer(app, phone, stored):
    from sqlmodel import Session, select

    from survey_app.safeguarding.models import ReadingItem

    _at_first_question(phone)
    for answer in ("19", "3", "1", "4", "2", "2"):
        phone.send(answer)

    statements = _statements_for(app, lambda: phone.send("More say where I lived"))

    # On SQLite its reading-list row is one write more; on PostgreSQL it joins the one write statement.
    sqlite = app.extensions["db_engine"].dialect.name == "sqlite"
    assert len(statements) <= _most(app) + sqlite, statements
    assert "SAVEPOINT" not in statements
    with Session(app.extensions["db_engine"]) as session:
        [item] = session.exec(select(ReadingItem)).all()  # a person still reads it
    assert stored.answers()[item.question_id] == ("answered", "More say where I lived")
    assert (item.words, item.state, item.concern_id) == ("More say where I lived", "unread", None)
