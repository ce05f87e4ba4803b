"""An update's own statements: claimed and its member read at its start, logged and committed
at its end, each in one pass through SQLAlchemy's greenlet.

Every update runs these, so they are written for CPU: each call into SQLAlchemy's async
layer starts a greenlet and passes through the event loop, and the claim, the member and
the log rows were five such calls (a sixth to commit). Here the start is one call and the
end is one; the statements, their order and the transaction are the same as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from storage.interaction_log import CLAIM, INSERT_LOG, full_rows
from storage.people.members import MEMBER_WITH_ROLES, MemberRow


async def begin_update(
    session: AsyncSession, update_id: int, now: datetime, telegram_user_id: int | None
) -> tuple[bool, list[MemberRow]]:
    """Claim the update (False: handled before) and read who sent it, with their roles."""

    def run(sync: Session) -> tuple[bool, list[MemberRow]]:
        connection = sync.connection()
        claim = CLAIM[connection.dialect.name]
        if connection.execute(claim, {"update_id": update_id, "at": now}).first() is None:
            return False, []
        if telegram_user_id is None:
            return True, []
        result = sync.execute(MEMBER_WITH_ROLES, {"telegram_user_id": telegram_user_id})
        return True, [tuple(row) for row in result.all()]  # type: ignore[misc]

    return await session.run_sync(run)


async def finish_update(session: AsyncSession, log_rows: Sequence[dict[str, Any]]) -> None:
    """Write the update's log rows and commit everything it did."""
    full = full_rows(log_rows)

    def run(sync: Session) -> None:
        if full:
            sync.connection().execute(INSERT_LOG, full)
        sync.commit()

    await session.run_sync(run)
