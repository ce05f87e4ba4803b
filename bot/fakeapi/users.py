"""Simulated people and group chats that talk to the bot through the fake Bot API.

Every action builds the update Telegram would send and, unless `wait=False`, returns once
the bot has finished handling it (see `FakeTelegram.wait_idle`), so a test can assert on
`user.seen` right away.
"""

from __future__ import annotations

import itertools
import time
from typing import Protocol

from bot.fakeapi.chats import Chat
from bot.fakeapi.common import BOT_USER, JSON, utf16_len
from bot.fakeapi.seen import SeenMessage
from bot.fakeapi.world import World


class Telegram(Protocol):
    """What a simulated person needs of the fake server (`FakeTelegram`)."""

    world: World

    def push_update(self, kind: str, payload: JSON) -> JSON: ...

    async def wait_idle(self, timeout: float | None = None, quiet: float | None = None) -> None: ...


_query_ids = itertools.count(4_000_000_000_000_000_001)


def _text(text: str) -> JSON:
    content: JSON = {"text": text}
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
    return content


class SimChat(Chat):
    """A chat with the bot that can post to it through the fake server."""

    def __init__(self, fake: Telegram, chat: JSON) -> None:
        super().__init__(chat)
        self.fake = fake

    def _post(self, sender: JSON, content: JSON) -> JSON:
        message = {
            "message_id": self.next_message_id(),
            "from": sender,
            "chat": self.chat,
            "date": int(time.time()),
            **content,
        }
        self.messages[message["message_id"]] = message
        return message


class SimGroup(SimChat):
    """A group or supergroup the bot is a member of."""

    def __init__(self, fake: Telegram, chat_id: int, title: str) -> None:
        kind = "supergroup" if chat_id < -1_000_000_000_000 else "group"
        super().__init__(fake, {"id": chat_id, "type": kind, "title": title})
        self.title = title


class SimUser(SimChat):
    """A person in a private chat with the bot; the chat id is the user id, as in Telegram."""

    def __init__(
        self,
        fake: Telegram,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
    ) -> None:
        names = {"first_name": first_name, "last_name": last_name, "username": username}
        names = {k: v for k, v in names.items() if v is not None}
        super().__init__(fake, {"id": user_id, "type": "private", **names})
        self.user: JSON = {"id": user_id, "is_bot": False, **names}
        if language_code:
            self.user["language_code"] = language_code
        self.first_name = first_name
        self.callback_answers: list[str] = []

    async def _deliver(self, kind: str, payload: JSON, wait: bool) -> JSON:
        update = self.fake.push_update(kind, payload)
        if wait:
            await self.fake.wait_idle()
        return update

    async def _message(self, content: JSON, chat: SimChat | None, wait: bool) -> JSON:
        if self.blocked:
            # Writing to a blocked bot is only possible after unblocking it.
            await self.unblock(wait=False)
        self.started = True
        return await self._deliver("message", (chat or self)._post(self.user, content), wait)

    async def send(
        self, text: str, *, reply_to: SeenMessage | int | None = None, wait: bool = True
    ) -> JSON:
        """Write a text; a leading /command (also /start payload) is marked as Telegram does."""
        content = _text(text)
        if reply_to is not None:
            reply_id = reply_to if isinstance(reply_to, int) else reply_to.message_id
            content["reply_to_message"] = self.messages[reply_id]
        return await self._message(content, None, wait)

    async def send_in(self, group: SimGroup, text: str, *, wait: bool = True) -> JSON:
        """Write a text in a group the bot is in."""
        return await self._message(_text(text), group, wait)

    async def share_contact(
        self,
        phone_number: str,
        user_id: int | None = None,
        *,
        group: SimGroup | None = None,
        wait: bool = True,
    ) -> JSON:
        """Share a phone number; by default one's own, as the request_contact button does,
        in the private chat with the bot unless a `group` is named."""
        contact: JSON = {"phone_number": phone_number, "first_name": self.first_name}
        contact["user_id"] = self.id if user_id is None else user_id
        if "last_name" in self.user:
            contact["last_name"] = self.user["last_name"]
        return await self._message({"contact": contact}, group, wait)

    async def send_document(
        self,
        filename: str,
        content: bytes,
        caption: str | None = None,
        mime_type: str = "application/octet-stream",
        *,
        wait: bool = True,
    ) -> JSON:
        stored = self.fake.world.add_file(content, filename, mime_type, "documents")
        message: JSON = {"document": stored.document()}
        if caption is not None:
            message["caption"] = caption
        return await self._message(message, None, wait)

    async def send_photo(
        self, content: bytes, caption: str | None = None, *, wait: bool = True
    ) -> JSON:
        stored = self.fake.world.add_file(content, "photo.jpg", "image/jpeg", "photos")
        message: JSON = {"photo": stored.photo()}
        if caption is not None:
            message["caption"] = caption
        return await self._message(message, None, wait)

    async def forward(
        self,
        text: str | None = None,
        *,
        photo: bytes | None = None,
        caption: str | None = None,
        sender_name: str = "Hội Trường Sơn",
        wait: bool = True,
    ) -> JSON:
        """Forward someone else's message to the bot: a text, or a photo with its caption."""
        origin = {"type": "hidden_user", "sender_user_name": sender_name, "date": int(time.time())}
        message: JSON = {"forward_origin": origin}
        if photo is not None:
            message["photo"] = self.fake.world.add_file(
                photo, "photo.jpg", "image/jpeg", "photos"
            ).photo()
            if caption is not None:
                message["caption"] = caption
        else:
            message["text"] = text or ""
        return await self._message(message, None, wait)

    async def press(
        self,
        label_or_index: str | int = 0,
        message: SeenMessage | None = None,
        *,
        wait: bool = True,
    ) -> JSON:
        """Press an inline button of `message`, by default of the latest message with one."""
        target = message or self._latest_keyboard()
        if target.deleted:
            raise AssertionError(f"message {target.message_id} was deleted; nothing to press")
        index = target.button_index(label_or_index)
        rows = target.raw.get("reply_markup", {}).get("inline_keyboard", [])
        button: JSON = [b for row in rows for b in row][index]
        if "callback_data" not in button:
            raise AssertionError(f"button {button['text']!r} sends no callback query: {button}")
        return await self.press_data(button["callback_data"], target, wait=wait)

    async def press_data(
        self, data: str, message: SeenMessage | None = None, *, wait: bool = True
    ) -> JSON:
        """Send a callback query with any data, as a modified client could (forged buttons)."""
        target = message or self._latest_keyboard()
        query_id = str(next(_query_ids))
        self.fake.world.callbacks[query_id] = self.callback_answers
        query: JSON = {
            "id": query_id,
            "from": self.user,
            "message": dict(target.raw),
            "chat_instance": str(self.id * 7919),
            "data": data,
        }
        return await self._deliver("callback_query", query, wait)

    @property
    def unanswered_presses(self) -> int:
        """Presses the bot never answered with answerCallbackQuery (a spinner on Telegram)."""
        return sum(
            1 for answers in self.fake.world.callbacks.values() if answers is self.callback_answers
        )

    def _latest_keyboard(self) -> SeenMessage:
        for seen in reversed(self.seen):
            if seen.buttons and not seen.deleted:
                return seen
        raise AssertionError(f"no message with inline buttons in chat {self.id}: {self.texts()}")

    async def block(self, *, wait: bool = True) -> None:
        """Block the bot: later sends here fail with 403, and the bot is told it was kicked."""
        self.blocked = True
        await self._member_update("member", "kicked", wait)

    async def unblock(self, *, wait: bool = True) -> None:
        self.blocked = False
        await self._member_update("kicked", "member", wait)

    async def _member_update(self, old: str, new: str, wait: bool) -> None:
        def member(status: str) -> JSON:
            state: JSON = {"status": status, "user": BOT_USER}
            if status == "kicked":
                state["until_date"] = 0
            return state

        change = {
            "chat": self.chat,
            "from": self.user,
            "date": int(time.time()),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }
        await self._deliver("my_chat_member", change, wait)
