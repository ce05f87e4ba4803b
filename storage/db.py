"""The engine, the session factory, and the schema's lifecycle (Alembic owns it)."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path
from typing import Any

from alembic import command, util
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, event, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import QueuePool
from sqlalchemy.util import greenlet_spawn

from storage.kept import KeptConnections
from storage.sqlite_driver import connect

MIGRATIONS = Path(__file__).with_name("migrations")


class SchemaOutOfDate(Exception):
    """The database is behind the code; `hoibot db upgrade` brings it up to date."""


def alembic_config(url: str = "") -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@functools.cache
def newer_than_code(revision: str) -> bool:
    """Whether a database's revision is one this code does not know: a newer release
    upgraded the schema (its changes are additive, so this code still works on it)."""
    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except util.CommandError:
        return True
    return False


class Database:
    """One engine per process; sessions are opened per update and never shared."""

    def __init__(self, url: str, *, pool_size: int = 10, **engine_options: Any) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            # One trip to aiosqlite's thread per statement (storage/sqlite_driver.py).
            engine_options.setdefault("connect_args", {"timeout": 30, "async_creator_fn": connect})
        else:
            engine_options.setdefault("pool_size", pool_size)
            # The overflow is for everything but updates: the poller, pages, jobs.
            engine_options.setdefault("max_overflow", 20)
            # Optimistic disconnect handling: no ping round trip on every update. After a
            # database restart the first statement fails (that update gets an apology) and
            # SQLAlchemy invalidates the whole pool, so the next updates reconnect.
            engine_options.setdefault("pool_recycle", 1800)
        self.engine: AsyncEngine = create_async_engine(url, **engine_options)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Updates take turns for a connection (storage/updates.py), each holding one from its
        # claim to its commit: on SQLite one at a time, as SQLite lets one transaction write
        # at a time and every update writes its claim (waiting here, in the event loop, costs
        # less than SQLite's busy handler, which sleeps and retries in each connection's
        # thread); on PostgreSQL as many as the pool's size, whose connections the updates
        # keep (storage/kept.py). More at once would only take the overflow: a connection
        # opened and closed per update, and the poller and the pages left waiting.
        pool = self.engine.sync_engine.pool
        at_once = 1 if self.is_sqlite else pool.size() if isinstance(pool, QueuePool) else 0
        self.update_turns = asyncio.Semaphore(at_once) if at_once else None
        self.update_connections = KeptConnections(at_once)

    def session(self) -> AsyncSession:
        return self.sessions()

    async def current_revision(self) -> str | None:
        async with self.engine.connect() as conn:
            return await conn.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )

    async def upgrade(self, revision: str = "head") -> None:
        async with self.engine.begin() as conn:
            await conn.run_sync(_run_alembic, "upgrade", revision)

    async def downgrade(self, revision: str) -> None:
        async with self.engine.begin() as conn:
            await conn.run_sync(_run_alembic, "downgrade", revision)

    async def ensure_schema(self, *, migrate: bool) -> None:
        """Create or upgrade the schema, or refuse to start against an old one."""
        if await self.current_revision() == head_revision():
            return
        if not migrate:
            raise SchemaOutOfDate(
                "The database schema is out of date. Run `hoibot db upgrade` first."
            )
        await self.upgrade()

    async def drop_everything(self) -> None:
        """Drop every table and Alembic's record of them: tests and benchmarks start from nothing.

        Never called by the bot or its CLI.
        """
        async with self.engine.begin() as conn:
            if self.is_sqlite:
                # Reflected, not the models' metadata: an old revision's tables go too.
                await conn.run_sync(_drop_reflected)
            else:
                await conn.execute(text("DROP SCHEMA public CASCADE"))
                await conn.execute(text("CREATE SCHEMA public"))

    async def analyze(self, *tables: str) -> None:
        """Refresh PostgreSQL's statistics of `tables` (all, if none) after a mass write.

        Autovacuum does it in its own time; until then a table that grew from nothing to
        millions of rows is planned as the empty table it was (a lookup of 2,000 members by id
        ran as a scan of ten million memberships, 0.8 s). Outside any transaction: statistics
        written inside one that is rolled back are lost. SQLite plans without them.
        """
        if self.is_sqlite:
            return
        async with self.engine.connect() as conn:
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.exec_driver_sql(f"ANALYZE {', '.join(tables)}".strip())

    async def dispose(self) -> None:
        for connection in self.update_connections.release():
            await greenlet_spawn(connection.close)
        await self.engine.dispose()


def _drop_reflected(connection: Connection) -> None:
    existing = MetaData()
    existing.reflect(connection)
    existing.drop_all(connection)


def _run_alembic(connection: Connection, action: str, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    getattr(command, action)(config, revision)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while one writer commits; NORMAL is durable across app crashes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
