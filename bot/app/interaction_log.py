"""Turning updates received and API calls made into rows of the interaction log."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from telegram import Update

from storage.models import Direction, Interaction

# Methods whose call is something a person sees; the rest (getUpdates, setMyCommands…)
# are plumbing and are not part of the association's record.
SENDING_METHODS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
        "answerCallbackQuery",
        "deleteMessage",
    }
)


def mask_phone(phone: str) -> str:
    """Keep the last three digits: enough to tell numbers apart, not enough to call."""
    digits = [c for c in phone if c.isdigit()]
    return "*" * max(len(digits) - 3, 0) + "".join(digits[-3:])


# A Vietnamese phone number as people type it: 0… or +84… with 9 to 10 more digits,
# maybe grouped by spaces, dots or dashes.
_PHONE = re.compile(r"(?<![\d+])(?:\+84|84|0)(?:[ .-]?\d){8,10}(?!\d)")


def mask_phones(text: str) -> str:
    """Every phone number in a text masked as `mask_phone` masks one."""
    return _PHONE.sub(lambda match: mask_phone(match.group()), text)


# The columns of the log's CSV export (`hoibot log export`, the dashboard's page 6).
LOG_COLUMNS = [
    "id",
    "at",
    "direction",
    "kind",
    "member_id",
    "unit_id",
    "telegram_user_id",
    "chat_id",
    "command",
    "related",
    "text",
    "payload",
]


def csv_row(row: Interaction, *, masked: bool = False) -> list[str]:
    """One interaction as CSV cells; `masked` hides phone numbers in its text and payload."""
    cells = [_cell(getattr(row, column)) for column in LOG_COLUMNS]
    if masked:
        cells = [
            mask_phones(cell) if column in ("text", "payload") else cell
            for column, cell in zip(LOG_COLUMNS, cells, strict=True)
        ]
    return cells


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()  # UtcDateTime columns are aware UTC: "…+00:00"
    return str(value)


def describe_update(update: Update) -> dict[str, Any]:
    """The log row of an incoming update (who, which chat, what kind, what it said)."""
    user, chat = update.effective_user, update.effective_chat
    row: dict[str, Any] = {
        "at": datetime.now(UTC),
        "direction": Direction.IN,
        "telegram_user_id": user.id if user else None,
        "chat_id": chat.id if chat else None,
        "kind": "other",
        "text": None,
        "payload": None,
        "command": None,
    }
    message = update.effective_message if update.callback_query is None else None
    if update.callback_query is not None:
        row["kind"] = "callback"
        row["payload"] = update.callback_query.data
    elif message is not None and message.contact is not None:
        row["kind"] = "contact"
        row["text"] = mask_phone(message.contact.phone_number)
    elif message is not None and message.document is not None:
        row["kind"] = "document"
        row["text"] = message.caption
        row["payload"] = json.dumps({"file_name": message.document.file_name})
    elif message is not None and message.text is not None:
        row["text"] = message.text
        if message.text.startswith("/"):
            row["kind"] = "command"
            row["command"] = message.text.split()[0][1:].split("@")[0][:64]
        else:
            row["kind"] = "message"
    elif message is not None:
        row["kind"] = "message"
        row["text"] = message.caption
    elif update.my_chat_member is not None:
        row["kind"] = "chat_member"
        row["payload"] = update.my_chat_member.new_chat_member.status
    return row


def describe_call(method: str, data: dict[str, Any]) -> dict[str, Any]:
    """The log row of a message the bot sent, edited or answered."""
    markup = data.get("reply_markup")
    payload: dict[str, Any] = {}
    if markup is not None:
        payload["reply_markup"] = markup.to_dict() if hasattr(markup, "to_dict") else markup
    for key in ("message_id", "callback_query_id", "document", "photo"):
        if key in data and isinstance(data[key], (int, str)):
            payload[key] = data[key]
    chat_id = data.get("chat_id")
    return {
        "at": datetime.now(UTC),
        "direction": Direction.OUT,
        "kind": method,
        "chat_id": chat_id if isinstance(chat_id, int) else None,
        "telegram_user_id": None,
        "text": data.get("text") or data.get("caption"),
        "payload": json.dumps(payload, ensure_ascii=False) if payload else None,
        "command": None,
    }
