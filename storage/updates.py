"""An update's transaction: claimed, its sender read, its log rows written, then committed.

These run for every update, so they are written for CPU: on this kind of machine the
dearest thing is a wait (each trip to aiosqlite's thread or round trip to PostgreSQL wakes
a sleeping thread, about 0.1 ms of CPU), then SQLAlchemy's session bookkeeping and ORM
loading, then the pool's checkout and checkin. So the statements are compiled once per
dialect and run on the driver's connection directly, converted by SQLAlchemy's own type
processors, their errors handled as SQLAlchemy handles them; and the connection is kept
for the next update rather than given back (storage/kept.py):

- SQLite: the claim and the member read in one call, the log rows and the commit in
  another, both on the event loop's thread (`OneTripConnection.call_here`): updates take
  turns, and SQLite's work for them takes microseconds, less than a trip to aiosqlite's
  thread.
- PostgreSQL: the claim and the member read in one statement (the claim is a
  data-modifying CTE); the log rows in one multi-row insert; then the commit.

A handler that needs the session gets one on the same connection and transaction.
The member comes back as `get_member_with_roles` gives it (a `MemberInfo`, not an ORM entity).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy import bindparam, insert, select, true
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util import greenlet_spawn

from storage.db import Database
from storage.interaction_log import CLAIM, INSERT_LOG, LOG_COLUMNS, LOG_TABLE
from storage.people.members import WHO, WHO_COLUMNS, MemberRow, member_rows
from storage.sqlite_driver import OneTripConnection

T = TypeVar("T")


def _claim_and_who() -> Any:
    """PostgreSQL: one row per role (one with NULLs for a stranger) if the claim was made,
    none if the update was handled before."""
    claim = CLAIM["postgresql"].cte("claim")
    who = WHO.subquery("who")
    return (
        select(claim.c.update_id, *(who.c[f"c{i}"] for i in range(len(WHO_COLUMNS))))
        .select_from(claim.outerjoin(who, true()))
        .order_by(who.c[f"c{len(WHO_COLUMNS) - 1}"])
    )


@dataclass(frozen=True)
class Compiled:
    """A statement as its driver takes it: SQL text, and the parameters' order and converters."""

    sql: str
    names: tuple[str, ...]
    converters: tuple[Callable[[Any], Any] | None, ...]

    @classmethod
    def of(
        cls, statement: ClauseElement, dialect: Dialect, keys: Sequence[str] | None = None
    ) -> Compiled:
        compiled = cast(
            SQLCompiler,
            statement.compile(dialect=dialect, column_keys=list(keys) if keys else None),
        )
        names = tuple(compiled.positiontup or ())
        converters = tuple(
            compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in names
        )
        return cls(compiled.string, names, converters)

    def parameters(self, values: dict[str, Any]) -> list[Any]:
        """The values in the statement's order, converted; a name not given is NULL."""
        return [
            values.get(name) if convert is None else convert(values.get(name))
            for name, convert in zip(self.names, self.converters, strict=True)
        ]


@dataclass(frozen=True)
class Statements:
    """The update's statements compiled for one dialect, with the member read's converters."""

    claim: Compiled  # SQLite: the claim alone
    who: Compiled  # SQLite: the member read alone; PostgreSQL: the claim and the read
    log: Compiled  # one log row (SQLite runs it for each)
    results: tuple[Callable[[Any], Any] | None, ...]
    dialect: Dialect
    _logs: dict[int, str] = field(default_factory=dict)

    def logs(self, count: int) -> str:
        """PostgreSQL: `count` log rows in one statement (one round trip, and less Python
        than the driver's `executemany`), which takes the rows' `log.parameters` one after
        the other."""
        sql = self._logs.get(count)
        if sql is None:
            rows = [
                {column: bindparam(f"{column}_{i}", type_=LOG_TABLE.c[column].type)
                 for column in LOG_COLUMNS}
                for i in range(count)
            ]  # fmt: skip
            compiled = Compiled.of(insert(LOG_TABLE).values(rows), self.dialect)
            expected = tuple(f"{name}_{i}" for i in range(count) for name in self.log.names)
            assert compiled.names == expected, "the rows' values go in the single row's order"
            sql = self._logs[count] = compiled.sql
        return sql

    @classmethod
    def of(cls, dialect: Dialect) -> Statements:
        if dialect.name == "sqlite":
            claim, who = Compiled.of(CLAIM["sqlite"], dialect), Compiled.of(WHO, dialect)
        else:
            claim = who = Compiled.of(_claim_and_who(), dialect)
        results = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in WHO_COLUMNS
        )
        log = Compiled.of(INSERT_LOG, dialect, LOG_COLUMNS)
        return cls(claim, who, log, results, dialect)


_STATEMENTS: dict[str, Statements] = {}


def _statements(dialect: Dialect) -> Statements:
    statements = _STATEMENTS.get(dialect.name)
    if statements is None:
        statements = _STATEMENTS[dialect.name] = Statements.of(dialect)
    return statements


class UpdateFrame:
    """One update's transaction, on one connection.

    `begin` claims the update and reads its sender; `session` is made the first time a
    handler asks for it, on the same connection and in the same transaction (most updates,
    a /toi, a /help, never need one, and a session's bookkeeping costs more than the
    update's own statements); `finish` writes the log rows and commits it all; `close`
    keeps the connection for the next update or gives it back. `rollback` undoes a failed
    handler's work, claim included.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._engine = db.engine
        self._turn = db.update_turns
        self._has_turn = False
        self._connection: Connection | None = None
        self._taken_at = 0.0  # when the connection left the pool
        self._failed = False  # a statement failed: the kept connections may all be dead
        self._session: AsyncSession | None = None

    async def begin(
        self, update_id: int, now: datetime, telegram_user_id: int | None
    ) -> tuple[bool, list[MemberRow]]:
        """Claim the update (False: handled before) and read who sent it, with their roles."""
        if self._turn is not None:
            await self._turn.acquire()
            self._has_turn = True
        connection = self._connection = await self._connect()
        try:
            return await self._begin(connection, update_id, now, telegram_user_id)
        except BaseException:
            self._failed = True
            raise

    async def _connect(self) -> Connection:
        now = time.monotonic()
        kept, stale = self._db.update_connections.take(now)
        for connection in stale:
            await greenlet_spawn(connection.close)
        if kept is not None:
            connection, self._taken_at = kept
            return connection
        self._taken_at = now
        return await greenlet_spawn(Connection, self._engine.sync_engine)

    async def _begin(
        self, connection: Connection, update_id: int, now: datetime, telegram_user_id: int | None
    ) -> tuple[bool, list[MemberRow]]:
        statements = _statements(connection.dialect)
        values = {"update_id": update_id, "at": now, "telegram_user_id": telegram_user_id}
        claim, who = statements.claim.parameters(values), statements.who.parameters(values)
        driver = connection.connection.driver_connection
        if isinstance(driver, OneTripConnection):
            read = telegram_user_id is not None
            claimed, raw = await _guarded(
                connection,
                driver.call_here(_sqlite_begin, statements, claim, who, read),
                statements.who.sql,
                who,
            )
        else:
            raw = await greenlet_spawn(_postgres_begin, connection, statements.who.sql, who)
            claimed = bool(raw)
        if not claimed:
            return False, []
        return True, _member_rows(statements, raw)

    @property
    def session(self) -> AsyncSession:
        """The session of the update's transaction (made on first use)."""
        if self._session is None:
            assert self._connection is not None, "begin first"
            connection = AsyncConnection(self._engine, self._connection)
            self._session = AsyncSession(bind=connection, expire_on_commit=False)
        return self._session

    async def rollback(self) -> None:
        """Undo everything since `begin`, the claim too."""
        await self.session.rollback()

    async def finish(self, log_rows: Sequence[dict[str, Any]]) -> None:
        """Write the update's log rows and commit everything it did."""
        try:
            await self._write(log_rows)
        except BaseException:
            self._failed = True
            raise

    async def _write(self, log_rows: Sequence[dict[str, Any]]) -> None:
        connection = self._connection
        assert connection is not None, "begin first"
        driver = connection.connection.driver_connection
        if not isinstance(driver, OneTripConnection):
            await greenlet_spawn(self._postgres_finish, connection, log_rows)
            return
        if self._session is not None:
            await self._session.flush()
        log = _statements(connection.dialect).log
        rows = [log.parameters(row) for row in log_rows]
        await _guarded(connection, driver.call_here(_sqlite_finish, log.sql, rows), log.sql, rows)
        if self._session is not None:
            await self._session.commit()  # committed already, so no trip

    def _postgres_finish(self, connection: Connection, log_rows: Sequence[dict[str, Any]]) -> None:
        session = self._session.sync_session if self._session is not None else None
        if session is not None:
            session.flush()
        statements = _statements(connection.dialect)
        sql = statements.logs(len(log_rows))
        parameters = [value for row in log_rows for value in statements.log.parameters(row)]
        with _as_sqlalchemy_would(connection, sql, parameters):
            if log_rows:
                connection.connection.cursor().execute(sql, parameters)
            if session is None:
                connection.connection.commit()
        if session is not None:
            session.commit()

    async def close(self) -> None:
        """Give the connection back (what was not committed is rolled back), or keep it for
        the next update (storage/kept.py)."""
        connection, self._connection = self._connection, None
        try:
            if connection is not None:
                if self._session is None and self._keep(connection):
                    return
                await greenlet_spawn(self._close, connection)
        finally:
            if self._turn is not None and self._has_turn:
                self._has_turn = False
                self._turn.release()

    def _keep(self, connection: Connection) -> bool:
        """Keep the connection for the next update, if it is sound and holds no transaction."""
        if self._failed or connection.invalidated or connection.in_transaction():
            return False
        driver = connection.connection.driver_connection
        if isinstance(driver, OneTripConnection):
            in_transaction = driver.in_transaction
        else:  # asyncpg's
            in_transaction = driver is None or driver.is_in_transaction()
        kept = self._db.update_connections
        return not in_transaction and kept.keep(connection, self._taken_at, time.monotonic())

    def _close(self, connection: Connection) -> None:
        if self._session is not None:
            self._session.sync_session.close()
        if self._failed:
            for kept in self._db.update_connections.release():
                kept.close()
        elif self._keep(connection):
            return
        connection.close()


async def _guarded(connection: Connection, call: Awaitable[T], sql: str, parameters: Any) -> T:
    """`call` awaited, its driver error handled as SQLAlchemy would (see below)."""
    try:
        return await call
    except Exception as error:
        await greenlet_spawn(_handle_error, connection, error, sql, parameters)
        raise


def _handle_error(connection: Connection, error: Exception, sql: str, parameters: Any) -> None:
    with _as_sqlalchemy_would(connection, sql, parameters):
        raise error


def _postgres_begin(connection: Connection, sql: str, parameters: Any) -> list[Any]:
    with _as_sqlalchemy_would(connection, sql, parameters):
        cursor = connection.connection.cursor()
        cursor.execute(sql, parameters)
        return [row[1:] for row in cursor.fetchall()]


@contextmanager
def _as_sqlalchemy_would(connection: Connection, sql: str, parameters: Any) -> Iterator[None]:
    """A driver's error handled as SQLAlchemy handles it: wrapped in its exception classes,
    and, when the database went away, the pool's connections invalidated, so the next
    update reconnects (after a PostgreSQL restart, say)."""
    try:
        yield
    except Exception as error:
        connection._handle_dbapi_exception(error, sql, parameters, None, None)


def _sqlite_begin(
    connection: Any,
    statements: Statements,
    claim: tuple[Any, ...],
    who: tuple[Any, ...],
    read: bool,
) -> tuple[bool, list[Any]]:
    """In aiosqlite's thread: claim, then read the member if the claim was made."""
    if connection.execute(statements.claim.sql, claim).fetchone() is None:
        return False, []
    return True, connection.execute(statements.who.sql, who).fetchall() if read else []


def _member_rows(statements: Statements, raw: list[Any]) -> list[MemberRow]:
    """The rows with their values converted, as `get_member_with_roles` gives them."""
    if not raw or raw[0][0] is None:  # nobody (PostgreSQL's claim row with no member)
        return []
    converters = statements.results
    return member_rows(
        [
            [
                v if convert is None else convert(v)
                for v, convert in zip(row, converters, strict=True)
            ]
            for row in raw
        ]
    )


def _sqlite_finish(connection: Any, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """In aiosqlite's thread: the log rows and the commit."""
    if rows:
        connection.executemany(sql, rows)
    connection.commit()
