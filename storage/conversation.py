"""What the bot waits for each member to answer. Repositories never commit."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Prompt


async def ask(session: AsyncSession, member_id: int, purpose: str, subject_id: int) -> None:
    """Remember that the member's next message answers `purpose` about `subject_id`."""
    await session.merge(
        Prompt(
            member_id=member_id, purpose=purpose, subject_id=subject_id, asked_at=datetime.now(UTC)
        )
    )


async def get_prompt(session: AsyncSession, member_id: int) -> Prompt | None:
    return await session.get(Prompt, member_id)


async def forget(session: AsyncSession, member_id: int, subject: str | None = None) -> None:
    """Stop waiting: for anything, or only for questions whose purpose starts with `subject`."""
    query = delete(Prompt).where(Prompt.member_id == member_id)
    if subject is not None:
        query = query.where(Prompt.purpose.startswith(subject))
    await session.execute(query)
