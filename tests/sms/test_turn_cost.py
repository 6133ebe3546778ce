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


def _sqlite(app) -> bool:
    return app.extensions["db_engine"].dialect.name == "sqlite"


def test_a_first_text_costs_five_statements_and_starts_the_conversation(app, phone, stored):
    statements = _statements_for(app, lambda: phone.send("CARE"))

    # Store, lock, read, the coordinator's dates, and one write (on SQLite, its four writes one by one).
    assert len(statements) <= (7 if _sqlite(app) else 5), statements
    assert "SAVEPOINT" not in statements
    [conversation] = stored.conversations()
    assert (conversation.state, conversation.consent_step, conversation.run_id) == ("consent", 0, None)


def test_the_last_consent_yes_costs_no_more_than_an_answer_and_starts_the_run(app, phone, new_phone, stored):
    from sqlmodel import Session, select

    from survey_app.sms.models import SenderRun

    # The first run of a questionnaire version in a process keeps its text (``registry().remember``).
    _at_first_question(new_phone("+447700900999"))
    for body in ("CARE", "yes", "yes", "yes"):
        phone.send(body)

    statements = _statements_for(app, lambda: phone.send("yes"))

    assert len(statements) <= _most(app), statements
    assert "SAVEPOINT" not in statements
    [_first, run] = stored.runs()
    assert (run.state, run.position, run.channel) == ("in_progress", "age", "sms")
    with Session(app.extensions["db_engine"]) as session:
        assert run.id in session.exec(select(SenderRun.run_id)).all()  # DELETE will still find it


def test_the_last_answer_costs_no_more_than_an_answer_and_finishes(app, phone, stored):
    from .texting import LEAVING_CARE

    for body, _step in LEAVING_CARE[:-1]:
        phone.send(body)

    statements = _statements_for(app, lambda: phone.send("no"))

    # On SQLite the answer, its reading-list row, the run, the forgotten words, the conversation and the
    # replies are six writes of their own.
    assert len(statements) <= (8 if _sqlite(app) else 4), statements
    assert "SAVEPOINT" not in statements
    [run] = stored.runs()
    assert (run.state, run.position) == ("completed", None)
    assert stored.conversations() == []
    assert stored.answers()["feeling_unsafe"] == ("answered", "no")
