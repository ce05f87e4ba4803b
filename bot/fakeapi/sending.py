"""Simulated methods that put new messages into chats: send*, copyMessage, forwardMessage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.fakeapi import limits
from bot.fakeapi.chats import Chat
from bot.fakeapi.common import JSON, bad_request
from bot.fakeapi.seen import SeenFile, SeenMessage, apply_markup
from bot.fakeapi.world import World

Params = dict[str, Any]
Handler = Callable[[World, Params], object]
_CONTENT = ("text", "entities", "caption", "caption_entities", "document", "photo", "contact")
_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def inline_markup(markup: object) -> JSON | None:
    """The part of a reply_markup that Telegram keeps on the message: inline keyboards only."""
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return markup
    return None


def record(world: World, chat: Chat, message: JSON, params: Params, html: object) -> SeenMessage:
    """Add the bot's new message to what the chat's people saw; html is the text as sent."""
    kind = next((k for k in ("document", "photo", "contact") if k in message), "text")
    seen = SeenMessage(
        message_id=message["message_id"],
        chat_id=chat.id,
        kind=kind,
        text=message.get("text"),
        html=None if html is None else str(html),
        parse_mode=params.get("parse_mode"),
        caption=message.get("caption"),
        raw=message,
    )
    if kind in ("document", "photo"):
        info = message["document"] if kind == "document" else message["photo"][-1]
        stored = world.files[info["file_id"]]
        shown = SeenFile(stored.file_id, stored.filename, stored.content, stored.mime_type)
        seen.document, seen.photo = (shown, None) if kind == "document" else (None, shown)
    apply_markup(seen, params.get("reply_markup"))
    chat.seen.append(seen)
    chat.seen_by_id[seen.message_id] = seen
    world.show(seen)
    return seen


def _deliver(world: World, params: Params, content: JSON, html: object) -> JSON:
    limits.reply_markup(params.get("reply_markup"))
    chat = world.recipient(params["chat_id"])
    reply = params.get("reply_parameters") or {}
    if reply:
        replied = chat.messages.get(int(reply.get("message_id", 0)))
        if replied is not None:
            content["reply_to_message"] = replied
        elif not reply.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
    markup = inline_markup(params.get("reply_markup"))
    if markup is not None:
        content["reply_markup"] = markup
    message = world.new_message(chat, content)
    record(world, chat, message, params, html)
    return message


def _caption(params: Params, content: JSON) -> JSON:
    caption, entities = limits.caption(params)
    if caption is not None:
        content["caption"] = caption
    if entities:
        content["caption_entities"] = entities
    return content


def send_message(world: World, params: Params) -> object:
    text, entities = limits.message_text(params)
    content: JSON = {"text": text}
    if entities:
        content["entities"] = entities
    return _deliver(world, params, content, params["text"])


def send_document(world: World, params: Params) -> object:
    content = _caption(params, {})
    content["document"] = world.file(params["document"], "documents").document()
    return _deliver(world, params, content, params.get("caption"))


def send_photo(world: World, params: Params) -> object:
    content = _caption(params, {})
    content["photo"] = world.file(params["photo"], "photos").photo()
    return _deliver(world, params, content, params.get("caption"))


def send_media_group(world: World, params: Params) -> object:
    media = params["media"]
    if not 2 <= len(media) <= 10:
        raise bad_request("media group must contain 2-10 items")
    group_id = str(10_000_000 + len(world.files))
    sent = []
    for item in media:
        kind = item.get("type")
        if kind not in ("photo", "document"):
            raise bad_request(f"fake does not simulate {kind} items in sendMediaGroup")
        ref = str(item.get("media", ""))
        source = (
            params.get(ref.removeprefix("attach://"), ref) if ref.startswith("attach://") else ref
        )
        stored = world.file(source, f"{kind}s")
        content = _caption(item, {"media_group_id": group_id})
        content[kind] = stored.photo() if kind == "photo" else stored.document()
        shown = {**params, **item, "reply_markup": None}
        sent.append(_deliver(world, shown, content, item.get("caption")))
    return sent


def send_chat_action(world: World, params: Params) -> object:
    world.recipient(params["chat_id"])
    if params["action"] not in _ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def _source(world: World, params: Params, verb: str) -> JSON:
    source = world.chat(params["from_chat_id"]).messages.get(params["message_id"])
    if source is None:
        raise bad_request(f"message to {verb} not found")
    return source


def copy_message(world: World, params: Params) -> object:
    source = _source(world, params, "copy")
    content = {k: v for k, v in source.items() if k in _CONTENT}
    if "caption" in params:
        content.pop("caption_entities", None)
        _caption(params, content)
    html = params.get("caption", source.get("text", source.get("caption")))
    message = _deliver(world, params, content, html)
    return {"message_id": message["message_id"]}


def forward_message(world: World, params: Params) -> object:
    source = _source(world, params, "forward")
    content = {k: v for k, v in source.items() if k in _CONTENT}
    sender = source.get("from", {})
    origin: JSON = {"type": "user", "sender_user": sender, "date": source["date"]}
    if source["chat"]["type"] != "private":
        origin = {"type": "chat", "sender_chat": source["chat"], "date": source["date"]}
    content["forward_origin"] = origin
    html = source.get("text", source.get("caption"))
    return _deliver(world, {"chat_id": params["chat_id"]}, content, html)


HANDLERS: dict[str, Handler] = {
    "sendMessage": send_message,
    "sendDocument": send_document,
    "sendPhoto": send_photo,
    "sendMediaGroup": send_media_group,
    "sendChatAction": send_chat_action,
    "copyMessage": copy_message,
    "forwardMessage": forward_message,
}
