"""A sender is only a keyed hash: no number, and no message outside answers, in the database or the logs."""

from __future__ import annotations

import hashlib
import hmac
import logging
from pathlib import Path

from sqlalchemy import text
from sqlmodel import SQLModel

from .texting import PHONE_HASH_KEY, Phone, flask_poster

PLANTED_NUMBER = "+447700900472"
PLANTED_WORDS = "Zebra-crossing-secret-4472"  # sent where it is not an answer: must not be kept anywhere


def _everything_stored(app, database_url: str) -> bytes:
    """The database as bytes: the SQLite files themselves, or every row of every PostgreSQL table."""
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        return b"".join(f.read_bytes() for f in files if f.exists())
    with app.extensions["db_engine"].connect() as connection:
        rows = [
            connection.execute(text(f'SELECT * FROM "{t.name}"')).all()
            for t in SQLModel.metadata.sorted_tables
        ]
    return repr(rows).encode()


def _variants(number: str) -> list[bytes]:
    digits = number.removeprefix("+")
    return [v.encode() for v in (number, digits, "0" + digits[2:], digits[2:])]


def test_a_planted_number_and_message_appear_in_neither_the_database_nor_the_logs(
    app, client, database_url, stored, caplog
):
    caplog.set_level(logging.DEBUG)
    phone = Phone(flask_poster(client), number=PLANTED_NUMBER)
    for body in (
        "CARE",
        PLANTED_WORDS,
        "yes",
        "yes",
        "yes",
        "yes",
        PLANTED_WORDS,
        "19",
        "HELP",
        "stop please",
    ):
        phone.send(body)
    whatsapp = Phone(flask_poster(client), number="whatsapp:" + PLANTED_NUMBER)
    whatsapp.send("CARE")

    assert stored.answers() == {"age": ("answered", 19)}
    database = _everything_stored(app, database_url)
    logs = "\n".join(record.getMessage() for record in caplog.records).encode()
    for haystack in (database, logs):
        assert PLANTED_WORDS.encode() not in haystack
        for variant in _variants(PLANTED_NUMBER):
            assert variant not in haystack


def test_the_sender_is_stored_only_as_hmac_sha256_of_the_address(phone, stored):
    phone.send("CARE")

    [conversation] = stored.conversations()
    expected = hmac.new(PHONE_HASH_KEY.encode(), phone.number.encode(), hashlib.sha256).hexdigest()
    assert conversation.sender_hash == expected


def test_database_errors_never_carry_the_values_into_the_logs(app):
    assert app.extensions["db_engine"].hide_parameters
