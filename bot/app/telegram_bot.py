"""The bot's API client: python-telegram-bot's ExtBot, recording what it sends."""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram.error import BadRequest
from telegram.ext import ExtBot

from bot.app.interaction_log import SENDING_METHODS, describe_call
from bot.app.scope import current_scope
from storage.db import Database
from storage.interaction_log import add_interactions, get_member_for_chat

log = logging.getLogger(__name__)
_NOT_MODIFIED = "message is not modified"
_UNEDITABLE = "there is no text in the message to edit"


class RecordingBot(ExtBot[None]):
    """Every message sent lands in the interaction log.

    Inside an update it joins the update's transaction; outside one (deliveries, error
    reports) it is written at once in its own.
    """

    def __init__(self, *args: Any, database: Database | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._database = database
        self._fetched: dict[int, str] = {}

    async def _do_post(self, endpoint: str, data: dict[str, Any], **kwargs: Any) -> Any:
        if endpoint == "editMessageReplyMarkup":
            # PTB adds the default parse_mode to this method too; it takes none.
            data.pop("parse_mode", None)
        scope = current_scope()
        if (
            endpoint == "editMessageText"
            and scope is not None
            and data.get("message_id") == scope.textless_message_id
            and "chat_id" in data
        ):
            # A button under a file or a photo has no text to replace: say it anew.
            endpoint, data = "sendMessage", {k: v for k, v in data.items() if k != "message_id"}
        try:
            result = await super()._do_post(endpoint, data, **kwargs)
        except BadRequest as error:
            words = str(error).lower()
            if endpoint.startswith("editMessage") and _NOT_MODIFIED in words:
                # The message already reads so (a button pressed twice): the edit is done.
                return True
            if endpoint == "editMessageText" and "chat_id" in data and _UNEDITABLE in words:
                # A file's message the update did not show us: say it anew all the same.
                again = {k: v for k, v in data.items() if k != "message_id"}
                return await self._do_post("sendMessage", again, **kwargs)
            raise
        if endpoint == "getUpdates" and isinstance(result, list):
            self._fetched = {
                item["update_id"]: json.dumps(item, ensure_ascii=False) for item in result
            }
        if endpoint == "answerCallbackQuery" and scope is not None:
            scope.answered = True
        if endpoint in SENDING_METHODS:
            await self._record(endpoint, data)
        return result

    @property
    def fetched(self) -> dict[int, str]:
        """The updates of the last getUpdates as Telegram sent them (JSON by update id), for
        the poller to keep: writing them out again from the parsed updates costs more."""
        return self._fetched

    async def _record(self, endpoint: str, data: dict[str, Any]) -> None:
        row = describe_call(endpoint, data)
        scope = current_scope()
        if scope is not None:
            if scope.principal is not None:
                row["member_id"] = scope.principal.member.id
                posts = scope.principal.posts
                row["unit_id"] = posts[0].unit_id if posts else None
            scope.interactions.append(row)
            return
        if self._database is None:
            return
        try:
            async with self._database.session() as session:
                if row["chat_id"] is not None:
                    owner = await get_member_for_chat(session, row["chat_id"])
                    if owner is not None:
                        row["member_id"], row["unit_id"] = owner
                await add_interactions(session, [row])
                await session.commit()
        except Exception:
            # The message is already out; losing its log row must not turn into a resend.
            log.exception("could not record a %s call in the interaction log", endpoint)
