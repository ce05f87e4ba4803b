"""How a feature's handler says what the bot now waits for from a member, and stops."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app.scope import HoiContext
from storage import conversation


async def expect(
    context: HoiContext, member_id: int, feature: str, step: str, draft_id: int | None
) -> None:
    """The member's next message answers `feature`'s `step` about draft `draft_id`; it goes
    stale after HOIBOT_DRAFT_DAYS."""
    now = datetime.now(UTC)
    stale_at = now + timedelta(days=context.settings.draft_days)
    await conversation.wait_for(
        context.session, member_id, feature, step, draft_id, now=now, stale_at=stale_at
    )


async def stop(context: HoiContext, member_id: int, feature: str | None = None) -> None:
    """Stop waiting for the member: for anything, or only if `feature` is what waits."""
    await conversation.stop_waiting(context.session, member_id, feature)
