"""A lead's calendar flow in progress: the draft row, and the bot's wait for its answers.

Every change of step goes through here, so that what the bot waits for (bot.conversation)
always names the draft's current step.
"""

from __future__ import annotations

from typing import Any

from bot.app.scope import HoiContext
from handlers.conversation.waiting import expect, stop
from storage import schedule
from storage.models import DraftKind, ScheduleDraft

# The name of this feature in what the bot waits for.
FEATURE = "schedule"
# The steps of adding an item that take typed text, in the order they are asked.
TEXT_STEPS = ("title", "period", "place", "resp", "note")
# Steps that wait for typed text (or, for an import, a document).
WAITING_STEPS = frozenset({*TEXT_STEPS, "wait"})


async def start_draft(
    context: HoiContext,
    member_id: int,
    kind: DraftKind,
    step: str,
    payload: dict[str, Any],
    item_id: int | None = None,
) -> ScheduleDraft:
    """A new flow for the member, replacing any flow they left unfinished."""
    draft = await schedule.start_draft(context.session, member_id, kind, step, payload, item_id)
    await expect(context, member_id, FEATURE, step, draft.id)
    return draft


async def save_draft(
    context: HoiContext, draft: ScheduleDraft, step: str, payload: dict[str, Any]
) -> None:
    schedule.save_draft(draft, step, payload)
    await expect(context, draft.member_id, FEATURE, step, draft.id)


async def drop_draft(context: HoiContext, member_id: int) -> None:
    await schedule.drop_draft(context.session, member_id)
    await stop(context, member_id, FEATURE)
