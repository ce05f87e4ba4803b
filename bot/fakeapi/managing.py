"""Simulated methods that change or read existing state: edits, deletions, callback answers,
commands, menu buttons, chats, files and the bot's own identity."""

from __future__ import annotations

import time

from bot.fakeapi import limits
from bot.fakeapi.common import BOT_USER, JSON, bad_request
from bot.fakeapi.seen import SeenMessage, apply_markup
from bot.fakeapi.sending import Handler, Params, inline_markup
from bot.fakeapi.world import World

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"


def get_me(world: World, params: Params) -> object:
    return {
        **BOT_USER,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def _editable(world: World, params: Params) -> tuple[JSON, SeenMessage]:
    """The bot's message an edit refers to, and what its chat saw of it."""
    if "inline_message_id" in params:
        raise bad_request("fake does not simulate inline messages")
    if "chat_id" not in params:
        raise bad_request("chat_id is empty")
    if "message_id" not in params:
        raise bad_request("message identifier is not specified")
    chat = world.recipient(params["chat_id"])
    message = chat.messages.get(params["message_id"])
    if message is None:
        raise bad_request("message to edit not found")
    seen = chat.seen_by_id.get(params["message_id"])
    if seen is None:
        raise bad_request("message can't be edited")
    return message, seen


def _apply(world: World, seen: SeenMessage, changes: JSON, params: Params) -> JSON:
    message, markup = seen.raw, inline_markup(params.get("reply_markup"))
    current = {k: message.get(k) for k in changes}
    if current == changes and message.get("reply_markup") == markup:
        raise bad_request(_NOT_MODIFIED)
    seen.edits.append(seen.shown)
    for key, value in changes.items():
        if value:
            message[key] = value
        else:
            message.pop(key, None)
    if markup is None:
        message.pop("reply_markup", None)
    else:
        message["reply_markup"] = markup
    message["edit_date"] = int(time.time())
    seen.text, seen.caption = message.get("text"), message.get("caption")
    apply_markup(seen, markup)
    world.show(seen)
    return message


def edit_message_text(world: World, params: Params) -> object:
    message, seen = _editable(world, params)
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    text, entities = limits.message_text(params)
    limits.reply_markup(params.get("reply_markup"))
    result = _apply(world, seen, {"text": text, "entities": entities or None}, params)
    seen.html, seen.parse_mode = str(params["text"]), params.get("parse_mode")
    return result


def edit_message_caption(world: World, params: Params) -> object:
    message, seen = _editable(world, params)
    if "text" in message or "contact" in message:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = limits.caption(params)
    limits.reply_markup(params.get("reply_markup"))
    changes = {"caption": caption, "caption_entities": entities or None}
    result = _apply(world, seen, changes, params)
    seen.html, seen.parse_mode = params.get("caption"), params.get("parse_mode")
    return result


def edit_message_reply_markup(world: World, params: Params) -> object:
    _, seen = _editable(world, params)
    limits.reply_markup(params.get("reply_markup"))
    return _apply(world, seen, {}, params)


def delete_message(world: World, params: Params) -> object:
    chat = world.chat(params["chat_id"])
    if chat.messages.pop(params["message_id"], None) is None:
        raise bad_request("message to delete not found")
    seen = chat.seen_by_id.get(params["message_id"])
    if seen is not None:
        seen.deleted = True
    return True


def answer_callback_query(world: World, params: Params) -> object:
    text = limits.callback_answer(params.get("text"))
    answers = world.callbacks.pop(params["callback_query_id"], None)
    if answers is None:
        raise bad_request(_QUERY_TOO_OLD)
    answers.append(text)
    return True


def _commands_key(world: World, params: Params) -> tuple[str, int | None, int | None, str]:
    return world.command_key(params.get("scope"), limits.language_code(params.get("language_code")))


def set_my_commands(world: World, params: Params) -> object:
    world.commands[_commands_key(world, params)] = limits.commands(params["commands"])
    return True


def get_my_commands(world: World, params: Params) -> object:
    return world.commands.get(_commands_key(world, params), [])


def delete_my_commands(world: World, params: Params) -> object:
    world.commands.pop(_commands_key(world, params), None)
    return True


def set_chat_menu_button(world: World, params: Params) -> object:
    chat_id = params.get("chat_id")
    if chat_id is not None:
        world.chat(chat_id)
    world.menu_buttons[chat_id] = params.get("menu_button") or {"type": "default"}
    return True


def get_chat_menu_button(world: World, params: Params) -> object:
    buttons = world.menu_buttons
    return buttons.get(params.get("chat_id"), buttons.get(None, {"type": "default"}))


def get_chat(world: World, params: Params) -> object:
    chat = world.chat(params["chat_id"])
    gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
    return {
        **chat.chat,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {**dict.fromkeys(gifts, True), "gifts_from_channels": True},
    }


def get_file(world: World, params: Params) -> object:
    stored = world.files.get(params["file_id"])
    if stored is None:
        raise bad_request("wrong file_id or the file is temporarily unavailable")
    return stored.file()


def log_out(world: World, params: Params) -> object:
    return True


HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setChatMenuButton": set_chat_menu_button,
    "getChatMenuButton": get_chat_menu_button,
    "getChat": get_chat,
    "getFile": get_file,
    "logOut": log_out,
    "close": log_out,
}
