"""One sender at a time: the process that holds the lead drains the outbox, the others wait.

PostgreSQL: a session advisory lock (`pg_try_advisory_lock`) on a connection kept for it.
SQLite: an exclusive `flock` on a file beside the database. Either goes with its process,
even one killed by SIGKILL, and another process takes the lead on its next try.

Each time the lock is taken it gets a new `lease` (host, process id, a random part), which
the sender writes on the rows it claims: whoever takes the lead next knows that every row
claimed under another lease lost its sender, and sends it again at once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows, where one process is assumed
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)
# "hoibot.sender" as a number: any 64-bit key other applications are unlikely to use.
ADVISORY_KEY = 0x686F69626F740001


class LeaderLock:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.lease: str | None = None  # while held: this holding's name, new each time
        self._connection: AsyncConnection | None = None
        self._fd: int | None = None

    async def hold(self) -> bool:
        """Take the lead if it is free, or check it is still ours; True if we lead."""
        held = await self._hold()
        if not held:
            self.lease = None
        elif self.lease is None:
            self.lease = new_lease()
        return held

    async def still_held(self) -> bool:
        """Whether the lock taken before is still ours (never takes it anew)."""
        if self._fd is not None:
            return True
        if self._connection is None:
            return self.lease is not None  # held without a lock (SQLite in memory)
        try:
            await self._connection.execute(text("SELECT 1"))
        except Exception:
            log.warning("lost the connection that held the sender's lead")
            await self._drop_connection()
            self.lease = None
            return False
        return True

    async def _hold(self) -> bool:
        if self.db.is_sqlite:
            return self._hold_file()
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT 1"))
                return True
            except Exception:
                log.warning("lost the connection that held the sender's lead")
                await self._drop_connection()
                self.lease = None  # taken again below, it is a new holding
        connection = await self.db.engine.connect()
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        try:
            query = text("SELECT pg_try_advisory_lock(:key)")
            taken = bool((await connection.execute(query, {"key": ADVISORY_KEY})).scalar())
        except Exception:
            await connection.close()
            raise
        if not taken:
            await connection.close()
            return False
        self._connection = connection
        return True

    async def release(self) -> None:
        self.lease = None
        if self._connection is not None:
            with contextlib.suppress(Exception):
                query = text("SELECT pg_advisory_unlock(:key)")
                await self._connection.execute(query, {"key": ADVISORY_KEY})
            await self._drop_connection()
        if self._fd is not None:
            os.close(self._fd)  # closing the file releases its lock
            self._fd = None

    async def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()

    def _hold_file(self) -> bool:
        if self._fd is not None:
            return True
        database = make_url(self.db.url).database
        if fcntl is None or not database or database == ":memory:":
            return True
        fd = os.open(f"{database}-sender.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True


def new_lease() -> str:
    """A name for one holding of the lead, readable in the outbox: host:pid:random."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"
