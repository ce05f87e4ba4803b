"""Stored times are UTC, and every time read back is an aware UTC datetime.

PostgreSQL keeps `timestamptz` and hands back aware values; SQLite keeps text without an
offset and hands back naive ones, and would store an aware non-UTC time as its local wall
clock. `UtcDateTime` makes both behave alike at the column: what goes in is converted to
UTC (a naive value is taken as UTC), what comes out is aware UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def to_utc(moment: datetime) -> datetime:
    """The same moment, aware, in UTC; a naive value is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else to_utc(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else to_utc(value)
