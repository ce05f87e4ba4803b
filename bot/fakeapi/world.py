"""The fake Telegram's state: chats, files, pending callback queries, commands, menu buttons."""

from __future__ import annotations

import itertools
import mimetypes
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.fakeapi.chats import Chat
from bot.fakeapi.common import BOT_USER, JSON, ApiError, Upload, bad_request
from bot.fakeapi.seen import SeenMessage

CommandKey = tuple[str, int | None, int | None, str]


@dataclass(slots=True)
class StoredFile:
    file_id: str
    unique_id: str
    content: bytes
    filename: str | None
    mime_type: str | None
    path: str

    def document(self) -> JSON:
        doc: JSON = {
            "file_id": self.file_id,
            "file_unique_id": self.unique_id,
            "file_size": len(self.content),
        }
        if self.filename:
            doc["file_name"] = self.filename
        if self.mime_type:
            doc["mime_type"] = self.mime_type
        return doc

    def photo(self) -> list[JSON]:
        # Images are not decoded; one size with plausible dimensions is enough for bots.
        size = {"width": 800, "height": 600, "file_size": len(self.content)}
        return [{"file_id": self.file_id, "file_unique_id": self.unique_id, **size}]

    def file(self) -> JSON:
        return {**self.document(), "file_path": self.path}


class World:
    """Everything the fake remembers between requests, indexed for constant-time access."""

    def __init__(self) -> None:
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.paths: dict[str, StoredFile] = {}
        # A pending callback query: the list its presser's answers go to.
        self.callbacks: dict[str, list[str]] = {}
        self.commands: dict[CommandKey, list[dict[str, str]]] = {}
        self.menu_buttons: dict[int | None, JSON] = {}
        self.listeners: list[Callable[[SeenMessage], None]] = []
        self._file_numbers = itertools.count(1)

    def show(self, seen: SeenMessage) -> None:
        for listener in self.listeners:
            listener(seen)

    def chat(self, chat_id: object) -> Chat:
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def recipient(self, chat_id: object) -> Chat:
        """The chat a message goes to, refused the way Telegram refuses unreachable people."""
        chat = self.chat(chat_id)
        if chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if not chat.started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat

    def new_message(self, chat: Chat, content: JSON) -> JSON:
        message = {
            "message_id": chat.next_message_id(),
            "from": BOT_USER,
            "chat": chat.chat,
            "date": int(time.time()),
            **content,
        }
        chat.messages[message["message_id"]] = message
        return message

    def add_file(
        self, content: bytes, filename: str | None, mime_type: str | None, folder: str
    ) -> StoredFile:
        number = next(self._file_numbers)
        suffix = ("." + filename.rsplit(".", 1)[-1]) if filename and "." in filename else ""
        stored = StoredFile(
            file_id=f"BQACAgIAAxkBAAI{number:08d}fake",
            unique_id=f"AgAD{number:06d}",
            content=content,
            filename=filename,
            mime_type=mime_type or mimetypes.guess_type(filename or "")[0],
            path=f"{folder}/file_{number}{suffix}",
        )
        self.files[stored.file_id] = stored
        self.paths[stored.path] = stored
        return stored

    def file(self, value: object, folder: str) -> StoredFile:
        """The file a send method refers to: a fresh upload, a known file_id, or a URL."""
        if isinstance(value, Upload):
            return self.add_file(value.content, value.filename, value.content_type, folder)
        text = str(value)
        if text in self.files:
            return self.files[text]
        if text.startswith(("http://", "https://")):
            return self.add_file(b"", text.rstrip("/").rsplit("/", 1)[-1], None, folder)
        raise bad_request("wrong file identifier/HTTP URL specified")

    def command_key(self, scope: object, language_code: str) -> CommandKey:
        scope = scope if isinstance(scope, dict) else {"type": "default"}
        chat_id, user_id = scope.get("chat_id"), scope.get("user_id")
        return (
            str(scope.get("type", "default")),
            chat_id if isinstance(chat_id, int) else None,
            user_id if isinstance(user_id, int) else None,
            language_code,
        )
