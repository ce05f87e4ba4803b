"""How updates are run: in order per person, concurrently across people, one transaction each."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.app.interaction_log import describe_update
from bot.app.jobs import JobContext, PeriodicJob
from bot.app.metrics import UPDATE_SECONDS, UPDATES
from bot.app.scope import UpdateScope, enter_scope, leave_scope
from bot.app.settings import Settings
from bot.people.access import principal_from_rows
from bot.text.i18n import set_locale
from storage.db import Database
from storage.interaction_log import claim_update, forget_handled_before
from storage.people.members import set_reachable
from storage.polled import forget_polled_before
from storage.updates import UpdateFrame

log = logging.getLogger(__name__)


class MemberOrderedProcessor(BaseUpdateProcessor):
    """Runs each update inside an `UpdateScope`.

    Updates of one person wait for each other (a second tap must not overtake the first);
    different people run concurrently. The scope's session commits once at the end; if a
    handler failed, its work is rolled back but the interaction log is still written. Each
    update_id is claimed in the same transaction, so an update Telegram sends again (to this
    process or another, before or after a restart) is handled once.
    """

    def __init__(self, db: Database, settings: Settings, max_concurrent_updates: int = 64):
        super().__init__(max_concurrent_updates)
        self.db = db
        self.settings = settings
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    async def initialize(self) -> None:
        """Nothing to open: the database belongs to the application."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _person_of(update)
        lock, waiting = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, waiting + 1)
        try:
            async with lock:
                await self._run(update, coroutine)
        finally:
            lock, waiting = self._locks[key]
            if waiting == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, waiting - 1)

    async def _run(self, update: object, coroutine: Awaitable[Any]) -> None:
        if not isinstance(update, Update):
            await coroutine
            return
        try:
            await self._handle(update, coroutine)
        finally:
            # Not run (handled before, or the database failed first): closed, not leaked.
            _close(coroutine)

    async def _handle(self, update: Update, coroutine: Awaitable[Any]) -> None:
        began = time.perf_counter()
        incoming = describe_update(update)
        outcome = "error"
        try:
            outcome = await self._in_transaction(update, coroutine, incoming)
        finally:
            UPDATES.labels(kind=incoming.get("kind") or "other", outcome=outcome).inc()
            UPDATE_SECONDS.observe(time.perf_counter() - began)

    async def _in_transaction(
        self, update: Update, coroutine: Awaitable[Any], incoming: dict[str, Any]
    ) -> str:
        """Handle the update in one transaction; what became of it (ok, refused, repeat)."""
        frame = UpdateFrame(self.db)
        try:
            user = update.effective_user
            claimed, member_rows = await frame.begin(
                update.update_id, datetime.now(UTC), user.id if user else None
            )
            if not claimed:
                # Handled before (Telegram redelivered it, maybe to another process).
                log.info("update %s was handled before; not again", update.update_id)
                return "repeat"
            principal = principal_from_rows(member_rows)
            if principal is not None:
                member = principal.member
                incoming["member_id"] = member.id
                incoming["unit_id"] = principal.posts[0].unit_id if principal.posts else None
                if not member.reachable and update.my_chat_member is None and user is not None:
                    await set_reachable(frame.session, user.id, True)  # they wrote: they are back
            locale = _locale_for(principal, user.language_code if user else None, self.settings)
            set_locale(locale)
            scope = UpdateScope(frame, principal, locale, interactions=[incoming])
            pressed = update.callback_query.message if update.callback_query else None
            if pressed is not None and getattr(pressed, "text", None) is None:
                scope.textless_message_id = pressed.message_id
            token = enter_scope(scope)
            try:
                await coroutine
            finally:
                leave_scope(token)
            if scope.failed:
                await frame.rollback()
                # Answered all the same: the update is handled, its effects are not.
                await claim_update(frame.session, update.update_id, datetime.now(UTC))
            await frame.finish(scope.interactions)
        finally:
            await frame.close()
        return "refused" if scope.failed else "ok"


def _close(coroutine: Awaitable[Any]) -> None:
    """Close a handling that did not run, so Python does not warn it was never awaited
    (closing one that ran does nothing)."""
    close = getattr(coroutine, "close", None)
    if close is not None:
        close()


def _person_of(update: object) -> int:
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return 0


def _locale_for(principal: Any, telegram_language: str | None, settings: Settings) -> str:
    if principal is not None and principal.member.language:
        return str(principal.member.language)
    if telegram_language and telegram_language.startswith("en"):
        return "en"
    return settings.default_locale


async def _forget_old_updates(ctx: JobContext) -> None:
    async with ctx.db.session() as session:
        await forget_handled_before(session, ctx.now - HANDLED_KEPT)
        await forget_polled_before(session, ctx.now - HANDLED_KEPT)
        await session.commit()


# Telegram redelivers an update for about a day; the ids are kept a little longer.
HANDLED_KEPT = timedelta(days=2)
FORGET_HANDLED_JOB = PeriodicJob("handled-updates", 3600, _forget_old_updates)
