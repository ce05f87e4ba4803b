"""Connections the update frames keep checked out between updates (storage/updates.py).

A checkout and a checkin of the pool cost more Python than an update's own statements, and
under load a pool smaller than the number of updates in hand closes and opens connections
all the time (it closes those over its size on checkin). So a frame that ends keeps its
connection here for the next one: up to `limit` of them (SQLite: one, as updates take
turns; PostgreSQL: the pool's size, so its overflow stays free for everything else), each
for a short while only (idle at most IDLE_SECONDS, out of the pool at most HELD_SECONDS),
so the pool still recycles them as configured; and none after a database error, when they
may all be dead (a PostgreSQL restart).
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

IDLE_SECONDS = 30.0
HELD_SECONDS = 300.0


class KeptConnections:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        # (connection, when it left the pool, since when it waits here), latest last
        self._kept: list[tuple[Connection, float, float]] = []

    def take(self, now: float) -> tuple[tuple[Connection, float] | None, list[Connection]]:
        """The connection kept last, if still fresh, with when it left the pool; and the
        stale ones found before it, to be closed (given back to the pool)."""
        stale: list[Connection] = []
        while self._kept:
            connection, taken_at, idle_since = self._kept.pop()
            if now - idle_since <= IDLE_SECONDS and now - taken_at <= HELD_SECONDS:
                return (connection, taken_at), stale
            stale.append(connection)
        return None, stale

    def keep(self, connection: Connection, taken_at: float, now: float) -> bool:
        """Keep a connection for the next update; False if it must go back to the pool."""
        if len(self._kept) >= self.limit or now - taken_at > HELD_SECONDS:
            return False
        self._kept.append((connection, taken_at, now))
        return True

    def release(self) -> list[Connection]:
        """Every kept connection, to be closed: after a database error, or at the end."""
        kept, self._kept = self._kept, []
        return [connection for connection, _, _ in kept]
