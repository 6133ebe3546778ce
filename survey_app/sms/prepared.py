"""The fast lane's statements, compiled once and run on the driver's own cursor on PostgreSQL.

Every text runs a handful of statements (store, lock, read, write), and SQLAlchemy's Core spends more CPU on
each (execution context, parameters, result set-up: 90-145 us) than psycopg and PostgreSQL spend together.
So on PostgreSQL a ``Prepared`` statement is compiled to SQL once and run on the psycopg cursor, inside the
connection's own transaction, with the same type conversions as Core (UTC datetimes, say). It is still
announced to ``before_cursor_execute`` listeners (the statement counts of the tests and benchmarks see it),
and a driver error becomes SQLAlchemy's, exactly as Core makes it (the connection invalidated on a
disconnect, parameters never shown), so ``inbound.DATABASE_DOWN`` still applies. psycopg prepares a
statement on the server after a few runs, as it does under Core.

SQLite (and any other driver) goes through Core as before.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import Executable

CURSOR = "sms_prepared_cursor"


@dataclass(frozen=True)
class _Compiled:
    sql: str
    carried: dict[str, Any]  # values the statement holds itself (``withheld=False``, say)
    to_database: tuple[tuple[str, Callable], ...]  # parameters whose type converts them
    from_database: tuple[Callable | None, ...]  # per result column, its type's conversion if any
    converts: bool  # any of them

    @classmethod
    def of(cls, statement: Executable, dialect: Dialect) -> _Compiled:
        compiled = statement.compile(dialect=dialect)
        carried, to_database = {}, {}
        for bind, name in compiled.bind_names.items():
            if not bind.required:
                carried[name] = bind.value
            if (convert := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None:
                to_database[name] = convert  # once per name, however often the statement uses it
        columns = getattr(statement, "exported_columns", ())
        from_database = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        )
        return cls(str(compiled), carried, tuple(to_database.items()), from_database, any(from_database))


class Prepared:
    """One Core statement; ``rows``, ``first``, ``scalar`` and ``run`` execute it with named parameters.
    Types that convert values (aware UTC datetimes) must be given on the statement's bind parameters."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}
        self._row_type: type | None = None

    def rows(self, connection: Connection, values: dict[str, Any]) -> list:
        if not on_the_driver(connection):
            return list(connection.execute(self.statement, values))
        cursor, compiled = self._execute(connection, values)
        return [self._row(cursor, compiled, found) for found in cursor.fetchall()]

    def first(self, connection: Connection, values: dict[str, Any]):
        if not on_the_driver(connection):
            return connection.execute(self.statement, values).first()
        cursor, compiled = self._execute(connection, values)
        found = cursor.fetchone()
        return None if found is None else self._row(cursor, compiled, found)

    def scalar(self, connection: Connection, values: dict[str, Any]):
        if not on_the_driver(connection):
            return connection.execute(self.statement, values).scalar()
        found = self.first(connection, values)
        return None if found is None else found[0]

    def run(self, connection: Connection, values: dict[str, Any]) -> int:
        """Execute it; returns how many rows it changed."""
        if not on_the_driver(connection):
            return connection.execute(self.statement, values).rowcount
        return self._execute(connection, values)[0].rowcount

    def _execute(self, connection: Connection, values: dict[str, Any]):
        dialect = connection.dialect
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = _Compiled.of(self.statement, dialect)
        parameters = compiled.carried | values
        for name, convert in compiled.to_database:
            parameters[name] = convert(parameters[name])
        cursor = _cursor(connection)
        if connection.dispatch.before_cursor_execute:
            connection.dispatch.before_cursor_execute(
                connection, cursor, compiled.sql, parameters, None, False
            )
        try:
            cursor.execute(compiled.sql, parameters)
        except dialect.loaded_dbapi.Error as error:
            # What Core does with a driver error: wrapped, parameters hidden (the engine's hide_parameters),
            # the connection invalidated if it is gone. It always raises.
            connection._handle_dbapi_exception(error, compiled.sql, parameters, cursor, None)
        return cursor, compiled

    def _row(self, cursor, compiled: _Compiled, found: tuple):
        """A row whose columns read as attributes, like Core's, converted as Core converts them."""
        if self._row_type is None:
            self._row_type = namedtuple("Row", [column.name for column in cursor.description])  # noqa: PYI024
        if compiled.converts:
            found = [
                value if convert is None else convert(value)
                for convert, value in zip(compiled.from_database, found, strict=True)
            ]
        return self._row_type._make(found)


def on_the_driver(connection: Connection) -> bool:
    """True where statements run on the driver's cursor: PostgreSQL through psycopg (3)."""
    return connection.dialect.driver == "psycopg"


def driver_connection(connection: Connection):
    """psycopg's connection under this SQLAlchemy connection."""
    return connection.connection.dbapi_connection


def _cursor(connection: Connection):
    """One cursor per driver connection, kept with it in the pool: opening one per statement cost more
    than a tenth of the statement."""
    driver = driver_connection(connection)
    info = connection.connection.info
    kept = info.get(CURSOR)
    if kept is None or kept.connection is not driver or kept.closed:
        kept = info[CURSOR] = driver.cursor()
    return kept
