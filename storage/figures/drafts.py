"""A lead's submission in progress: one row per member, written at every step of /nop so a
restart of the bot loses nothing."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FigureDraft


async def get_draft(session: AsyncSession, member_id: int) -> FigureDraft | None:
    query = select(FigureDraft).where(FigureDraft.member_id == member_id)
    return (await session.execute(query)).scalar_one_or_none()


async def put_draft(
    session: AsyncSession,
    member_id: int,
    *,
    step: str,
    data: dict[str, Any],
    now: datetime,
    period_id: int | None = None,
    unit_id: int | None = None,
) -> FigureDraft:
    draft = await get_draft(session, member_id)
    if draft is None:
        draft = FigureDraft(member_id=member_id)
        session.add(draft)
    draft.step, draft.updated_at = step, now
    draft.data = json.dumps(data, ensure_ascii=False)
    draft.period_id, draft.unit_id = period_id, unit_id
    await session.flush()
    return draft


async def drop_draft(session: AsyncSession, member_id: int) -> None:
    await session.execute(delete(FigureDraft).where(FigureDraft.member_id == member_id))
