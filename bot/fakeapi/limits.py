"""Limits Telegram enforces on content, which the spec states only in prose.

Lengths count UTF-16 code units of the text after entity parsing, as Telegram does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.fakeapi.common import bad_request, utf16_len
from bot.fakeapi.html import HtmlError, parse_html, strip

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_CALLBACK_ANSWER = 200
MAX_COMMANDS = 100
_COMMAND = re.compile(r"[a-z0-9_]+")
_URL = re.compile(r"(https?|tg)://\S+", re.IGNORECASE)
_LANGUAGE = re.compile(r"(?:[a-z]{2})?")

Entities = list[dict[str, Any]]


def render(text: str, parse_mode: object, entities: object = None) -> tuple[str, Entities]:
    """Plain text and entities of a text sent with a parse mode (or explicit entities),
    trimmed as Telegram trims."""
    mode = str(parse_mode or "").lower()
    if not mode and isinstance(entities, list):
        return strip(text, entities)
    if mode == "html":
        try:
            plain, entities = parse_html(text)
        except HtmlError as error:
            raise bad_request(f"can't parse entities: {error}") from None
        return strip(plain, entities)
    if mode in ("", "markdown", "markdownv2"):
        # Markdown is not parsed: its text is counted as sent, slightly over-estimating length.
        return text.strip(), []
    raise bad_request("unsupported parse_mode")


def message_text(params: Mapping[str, object]) -> tuple[str, Entities]:
    plain, entities = render(
        str(params.get("text", "")), params.get("parse_mode"), params.get("entities")
    )
    if not plain:
        raise bad_request("message text is empty")
    if utf16_len(plain) > MAX_TEXT:
        raise bad_request("message is too long")
    return plain, entities


def caption(params: Mapping[str, object]) -> tuple[str | None, Entities]:
    if params.get("caption") is None:
        return None, []
    plain, entities = render(
        str(params["caption"]), params.get("parse_mode"), params.get("caption_entities")
    )
    if utf16_len(plain) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return plain or None, entities


def reply_markup(markup: object) -> None:
    """Refuse keyboards Telegram refuses; the spec checker has already vetted their shape."""
    if not isinstance(markup, dict):
        return
    for row in markup.get("inline_keyboard", ()):
        for button in row:
            _inline_button(button)
    for row in markup.get("keyboard", ()):
        for button in row:
            text = button.get("text") if isinstance(button, dict) else button
            if not text:
                raise bad_request("keyboard button text must be non-empty")


def _inline_button(button: Mapping[str, Any]) -> None:
    if not str(button.get("text", "")).strip():
        raise bad_request("BUTTON_TEXT_EMPTY")
    actions = set(button) - {"text", "icon_custom_emoji_id", "style"}
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        size = len(str(button["callback_data"]).encode("utf-8"))
        if not 1 <= size <= MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not _URL.fullmatch(str(button["url"])):
        raise bad_request("BUTTON_URL_INVALID")


def commands(items: object) -> list[dict[str, str]]:
    """Commands as Telegram stores them (trimmed, leading slash dropped), or its refusal."""
    if not isinstance(items, list):
        return []
    if len(items) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    stored = []
    for item in items:
        command = str(item.get("command", "")).strip().removeprefix("/")
        description = str(item.get("description", "")).strip()
        if not command:
            raise bad_request("command must be non-empty")
        if len(command) > 32:
            raise bad_request("command length must not exceed 32")
        if not _COMMAND.fullmatch(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not description:
            raise bad_request("command description must be non-empty")
        if len(description) > 256:
            raise bad_request("command description length must not exceed 256")
        stored.append({"command": command, "description": description})
    return stored


def language_code(value: object) -> str:
    code = str(value or "")
    if not _LANGUAGE.fullmatch(code):
        raise bad_request("invalid language code specified")
    return code


def callback_answer(text: object) -> str:
    answer = str(text or "")
    if utf16_len(answer) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
    return answer


def check_content(method: str, params: Mapping[str, object]) -> None:
    """The checks above that need no state, for a call already vetted against the spec."""
    if "reply_markup" in params:
        reply_markup(params["reply_markup"])
    if method in ("sendMessage", "editMessageText"):
        message_text(params)
    elif "caption" in params:
        caption(params)
    if method == "setMyCommands":
        commands(params.get("commands"))
    if "language_code" in params and method.endswith("MyCommands"):
        language_code(params["language_code"])
    if method == "answerCallbackQuery":
        callback_answer(params.get("text"))
