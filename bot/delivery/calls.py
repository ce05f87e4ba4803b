"""One row's calls to the Bot API: its parts (long texts split), its buttons, its file.

A row's `document` is JSON: {"file_id": ...} or {"url": ...} or {"path": "/local/file"},
with an optional "filename" and "type" ("document", the default, or "photo"). A local file
is uploaded once per bot; later rows reuse the file_id Telegram gave it.

Every message sent goes in the interaction log, written by the recorder with the row's
outcome, its member and unit taken from the row. A text goes straight to the transport,
which hands back Telegram's JSON, and its log row is made here; a file goes through the
bot, around which the sender opens a scope of its own, as an update's handler has, so the
bot hands it the log row instead of writing it alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from telegram import InputFile, Message
from telegram.constants import ParseMode
from telegram.error import RetryAfter

from bot.app.interaction_log import describe_call
from bot.app.scope import UpdateScope, enter_scope, leave_scope
from bot.delivery.split import MAX_CAPTION, MAX_TEXT, split_html
from storage.delivery import OutboxItem

_uploaded: dict[tuple[str, str], str] = {}


class UnusableRow(Exception):
    """A row that can never be sent as it is (malformed JSON, a missing file)."""


@dataclass(frozen=True, slots=True)
class Part:
    text: str
    document: dict[str, Any] | None = None


@lru_cache(maxsize=64)
def plan(text: str, document: str | None) -> tuple[Part, ...]:
    """The messages a row becomes; a broadcast's rows share one plan."""
    if document:
        try:
            file = json.loads(document)
        except ValueError as error:
            raise UnusableRow(f"document is not JSON: {error}") from None
        if not isinstance(file, dict) or not file.keys() & {"file_id", "url", "path"}:
            raise UnusableRow(f"a document needs a file_id, url or path: {document}")
        pieces = split_html(text, MAX_CAPTION, MAX_TEXT) if text.strip() else [""]
        return (Part(pieces[0], file), *(Part(piece) for piece in pieces[1:]))
    return tuple(Part(piece) for piece in split_html(text, MAX_TEXT))


@lru_cache(maxsize=256)
def markup(raw: str | None) -> dict[str, Any] | None:
    """A row's keyboard as Telegram takes it. Handed to the bot as this dict, it goes out as
    the same JSON without a round trip through PTB's objects (a third of a broadcast's CPU);
    a broadcast's rows share it, and nothing changes it."""
    if not raw:
        return None
    try:
        keyboard = json.loads(raw)
    except ValueError as error:
        raise UnusableRow(f"reply_markup is not JSON: {error}") from None
    if not isinstance(keyboard, dict):
        raise UnusableRow(f"reply_markup is not an object: {raw}")
    return cast(dict[str, Any], keyboard)


def method_of(part: Part) -> str:
    """The Bot API method that sends this part (failure reasons name it)."""
    if part.document is None:
        return "sendMessage"
    return "sendPhoto" if part.document.get("type") == "photo" else "sendDocument"


def retry_seconds(error: RetryAfter) -> float:
    wait = error.retry_after  # a timedelta (bot/__init__.py asks PTB for it), else seconds
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class Calls:
    def __init__(self, bot: Any, paid: bool, read_timeout: float) -> None:
        self.bot = bot
        # What no stored failure reason may show: the token is in every request's URL.
        token = getattr(bot, "token", None)
        self.secrets: tuple[str, ...] = (str(token),) if token else ()
        self.read_timeout = read_timeout
        self.url = f"{bot.base_url}/sendMessage"
        self.fields: dict[str, Any] = {"parse_mode": ParseMode.HTML}
        if paid:
            self.fields["allow_paid_broadcast"] = True

    def parts(self, item: OutboxItem) -> tuple[Part, ...]:
        return plan(item.text, item.document)

    async def send(
        self, item: OutboxItem, parts: tuple[Part, ...], index: int, logs: list[dict[str, Any]]
    ) -> int:
        """Send part `index` of the row (buttons go on the last); return its message id."""
        part = parts[index]
        buttons = markup(item.reply_markup) if index == len(parts) - 1 else None
        if part.document is None:
            fields = {"chat_id": item.chat_id, "text": part.text} | self.fields
            if buttons is not None:
                fields["reply_markup"] = buttons
            # Straight to the transport: the sent message's id is all a broadcast needs,
            # and PTB's bot around the call was a tenth of the worker's CPU.
            sent = await self.bot.request.post_json(self.url, fields, self.read_timeout)
            rows = [describe_call("sendMessage", fields)]
            message_id = sent["message_id"]
        else:
            scope = UpdateScope(frame=None, principal=None, locale="")
            token = enter_scope(scope)  # the bot hands the scope its log row
            try:
                message_id = (await self._send_file(item.chat_id, part, buttons)).message_id
            finally:
                leave_scope(token)
            rows = scope.interactions
        for row in rows:
            row["member_id"], row["unit_id"] = item.member_id, item.unit_id
        logs.extend(rows)
        return int(message_id)

    async def _send_file(self, chat_id: int, part: Part, buttons: Any) -> Message:
        file = part.document or {}
        caption = part.text or None
        path = Path(file.get("path") or "")
        key = (str(self.bot.base_url), str(path))
        source: Any = file.get("file_id") or file.get("url") or _uploaded.get(key)
        if source is None:
            try:
                content = path.read_bytes()
            except OSError as error:
                raise UnusableRow(f"cannot read {path}: {error.strerror}") from None
            source = InputFile(content, filename=file.get("filename") or path.name)
        if method_of(part) == "sendPhoto":
            message = await self.bot.send_photo(
                chat_id,
                source,
                caption=caption,
                reply_markup=buttons,
                read_timeout=self.read_timeout,
                **self.fields,
            )
            uploaded = message.photo[-1].file_id if message.photo else None
        else:
            message = await self.bot.send_document(
                chat_id,
                source,
                caption=caption,
                reply_markup=buttons,
                read_timeout=self.read_timeout,
                **self.fields,
            )
            uploaded = message.document.file_id if message.document else None
        if "path" in file and uploaded:
            _uploaded[key] = uploaded
        return cast(Message, message)
