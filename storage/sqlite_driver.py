"""aiosqlite with one trip to its thread per statement, not four.

aiosqlite runs every call of a cursor in the connection's own thread and hands the answer
back to the event loop: opening the cursor, running the statement, fetching its rows and
closing it are four such trips, and each costs more CPU than SQLite's own work for the
statements of an update (a trip wakes a thread and passes the GIL twice). Here a statement
is opened, run, read and closed in one trip, and a commit or rollback with no transaction
open (a read-only update, the pool's reset of a returned connection) makes none. Used by
`storage.db.Database` through SQLAlchemy's `async_creator_fn` hook of its aiosqlite dialect,
which keeps everything else (pooling, types, isolation) as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar, cast

import aiosqlite

T = TypeVar("T")


class OneTripCursor:
    """The part of an aiosqlite cursor SQLAlchemy's adapter uses, with the rows read at once."""

    arraysize = 1

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self._rows: list[Any] = []

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        """Nothing to close: the statement's cursor closed in its own trip."""

    async def execute(self, sql: str, parameters: Any = ()) -> OneTripCursor:
        await self._connection.call(self._run, "execute", sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Sequence[Any]) -> OneTripCursor:
        await self._connection.call(self._run, "executemany", sql, parameters)
        return self

    def _run(self, sqlite: sqlite3.Connection, method: str, sql: str, parameters: Any) -> None:
        """In the connection's thread: run, read everything, close."""
        cursor = sqlite.cursor()
        try:
            getattr(cursor, method)(sql, parameters)
            self.description = cursor.description
            self._rows = cursor.fetchall() if cursor.description else []
            self.rowcount, self.lastrowid = cursor.rowcount, cursor.lastrowid
        finally:
            cursor.close()

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = size or self.arraysize
        rows, self._rows = self._rows[:count], self._rows[count:]
        return rows

    async def close(self) -> None:
        """Closed already, in the statement's trip."""


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors make one trip a statement."""

    busy_milliseconds = 5000  # sqlite3.connect's default timeout; `connect` sets the one asked

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """`function(sqlite3_connection, *args)` in one trip to the connection's thread."""
        return cast(T, await self._execute(partial(function, self._conn, *args)))  # type: ignore[no-untyped-call]

    async def call_here(self, function: Callable[..., T], *args: Any) -> T:
        """`function(sqlite3_connection, *args)` on the calling thread, the event loop's,
        when SQLite can run it without waiting for another connection's lock: a small
        statement costs microseconds there, a trip to the connection's thread more than
        its work. When SQLite would have to wait (another connection writes), it runs in
        the connection's thread after all, waiting as long as the busy timeout allows; so
        `function` must be safe to run again after SQLITE_BUSY, which undoes the failing
        statement, not the transaction's earlier ones. Only for short statements: a long
        one here would stop every other update while it runs.
        """
        sqlite = self._conn
        sqlite.execute("PRAGMA busy_timeout=0")
        try:
            return function(sqlite, *args)
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                raise
        finally:
            sqlite.execute(f"PRAGMA busy_timeout={self.busy_milliseconds}")
        return await self.call(function, *args)

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    async def commit(self) -> None:
        # SQLAlchemy connects with check_same_thread=False, and no statement of this
        # connection is running now: its flag can be read here without a trip.
        if self._conn.in_transaction:
            await super().commit()

    async def rollback(self) -> None:
        if self._conn.in_transaction:
            await super().rollback()


def connect(database: str, **options: Any) -> OneTripConnection:
    """What `aiosqlite.connect` does, with the one-trip connection (awaited by SQLAlchemy)."""
    connection = OneTripConnection(partial(sqlite3.connect, database, **options), 64)
    connection.busy_milliseconds = int(options.get("timeout", 5.0) * 1000)
    # Like SQLAlchemy's own dialect: a connection left open must not keep the process alive.
    connection._thread.daemon = True
    return connection
