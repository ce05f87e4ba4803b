"""The fake Bot API refuses calls the way Telegram does, before any state is involved."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.fakeapi import validate
from bot.fakeapi.common import utf16_len
from bot.fakeapi.html import HtmlError, parse_html


def keyboard(*buttons: dict[str, object]) -> str:
    return json.dumps({"inline_keyboard": [list(buttons)]})


def test_a_plain_send_message_is_accepted() -> None:
    assert validate("sendMessage", {"chat_id": "42", "text": "Xin chào"}) is None


def test_method_names_match_without_regard_to_case() -> None:
    assert validate("sendmessage", {"chat_id": 42, "text": "hi"}) is None


def test_unknown_method_is_not_found() -> None:
    assert validate("sendMessages", {"chat_id": 1, "text": "hi"}) == "Not Found"


def test_unknown_parameter_is_refused() -> None:
    error = validate("sendMessage", {"chat_id": 1, "text": "hi", "colour": "red"})
    assert error == 'Bad Request: unknown parameter "colour" for method sendMessage'


def test_missing_required_parameter_is_refused() -> None:
    assert validate("sendMessage", {"chat_id": 1}) == "Bad Request: message text is empty"
    assert validate("sendMessage", {"text": "hi"}) == "Bad Request: chat_id is empty"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"chat_id": 1, "text": "hi", "disable_notification": "maybe"}, "disable_notification"),
        ({"chat_id": 1, "text": "hi", "message_thread_id": "12a"}, "message_thread_id"),
        ({"chat_id": 1, "text": ["a"]}, "text"),
        ({"chat_id": 1, "text": "hi", "reply_markup": "[1, 2]"}, "reply_markup"),
    ],
)
def test_wrong_type_is_refused(params: dict[str, object], field: str) -> None:
    error = validate("sendMessage", params)
    assert error is not None and error.startswith("Bad Request:") and field in error


def test_form_strings_are_coerced_like_telegram() -> None:
    params = {"chat_id": "-100123", "text": "hi", "disable_notification": "true"}
    assert validate("sendMessage", params) is None
    assert validate("getUpdates", {"offset": "5", "timeout": "10", "limit": "100"}) is None


def test_unknown_field_in_a_button_is_refused() -> None:
    markup = keyboard({"text": "Ok", "callback_data": "x", "colour": "red"})
    error = validate("sendMessage", {"chat_id": 1, "text": "hi", "reply_markup": markup})
    assert error is not None and '"colour"' in error and "InlineKeyboardButton" in error


def test_unknown_field_in_a_command_scope_is_refused() -> None:
    commands = json.dumps([{"command": "start", "description": "Bắt đầu"}])
    scope = json.dumps({"type": "chat", "chat_id": 5, "user": 1})
    assert validate("setMyCommands", {"commands": commands, "scope": scope}) is not None
    scope = json.dumps({"type": "all_private_chats"})
    assert validate("setMyCommands", {"commands": commands, "scope": scope}) is None


def test_text_length_counts_utf16_after_parsing() -> None:
    assert validate("sendMessage", {"chat_id": 1, "text": "a" * 4096}) is None
    too_long = validate("sendMessage", {"chat_id": 1, "text": "a" * 4097})
    assert too_long == "Bad Request: message is too long"
    # Tags do not count, an emoji outside the BMP counts twice.
    tagged = "<b>" + "a" * 4096 + "</b>"
    assert validate("sendMessage", {"chat_id": 1, "text": tagged, "parse_mode": "HTML"}) is None
    emoji = "😀" * 2049
    assert validate("sendMessage", {"chat_id": 1, "text": emoji}) is not None


def test_blank_text_is_empty() -> None:
    error = validate("sendMessage", {"chat_id": 1, "text": "<b> </b>", "parse_mode": "HTML"})
    assert error == "Bad Request: message text is empty"


def test_caption_limit() -> None:
    params = {"chat_id": 1, "document": "BQACfile", "caption": "x" * 1025}
    assert validate("sendDocument", params) == "Bad Request: message caption is too long"


@pytest.mark.parametrize(
    "text",
    [
        "1 < 2",
        "<p>hi</p>",
        "<b>bold",
        "<b>x</i>",
        "</b>",
        "Tom & Jerry",
        '<span class="x">a</span>',
    ],
)
def test_bad_html_cannot_be_parsed(text: str) -> None:
    error = validate("sendMessage", {"chat_id": 1, "text": text, "parse_mode": "HTML"})
    assert error is not None and error.startswith("Bad Request: can't parse entities: ")


def test_html_error_wording_matches_telegram() -> None:
    with pytest.raises(HtmlError, match='Unsupported start tag "p" at byte offset 3'):
        parse_html("Hi <p>")
    with pytest.raises(HtmlError, match='Can\'t find end tag corresponding to start tag "b"'):
        parse_html("<b>x")


def test_allowed_html_becomes_entities() -> None:
    text, entities = parse_html(
        '<b>Đậm</b> <a href="https://t.me/x">link</a> &lt;3 &#128512; <tg-spoiler>s</tg-spoiler>'
        '<blockquote expandable>q</blockquote><pre><code class="language-py">x</code></pre>'
    )
    assert text == "Đậm link <3 😀 sqx"
    kinds = [e["type"] for e in entities]
    assert kinds == ["bold", "text_link", "spoiler", "expandable_blockquote", "pre", "code"]
    assert entities[1]["url"] == "https://t.me/x"


@given(st.text(max_size=60))
def test_escaped_text_always_parses_back(text: str) -> None:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    plain, entities = parse_html(f"<i>{escaped}</i>")
    assert plain == text
    assert all(e["length"] == utf16_len(text) for e in entities)


def test_callback_data_is_limited_to_64_bytes() -> None:
    ok = keyboard({"text": "Ok", "callback_data": "x" * 64})
    assert validate("sendMessage", {"chat_id": 1, "text": "hi", "reply_markup": ok}) is None
    # 22 Vietnamese letters of 3 bytes each: 66 bytes, though only 22 characters.
    long = keyboard({"text": "Ok", "callback_data": "ệ" * 22})
    error = validate("sendMessage", {"chat_id": 1, "text": "hi", "reply_markup": long})
    assert error == "Bad Request: BUTTON_DATA_INVALID"
    empty = keyboard({"text": "Ok", "callback_data": ""})
    assert validate("sendMessage", {"chat_id": 1, "text": "hi", "reply_markup": empty}) is not None


def test_inline_button_needs_text_and_an_action() -> None:
    no_text = keyboard({"text": " ", "callback_data": "x"})
    assert validate("sendMessage", {"chat_id": 1, "text": "hi", "reply_markup": no_text})
    no_action = keyboard({"text": "Ok"})
    assert validate("sendMessage", {"chat_id": 1, "text": "hi", "reply_markup": no_action})


@pytest.mark.parametrize(
    ("command", "description", "expected"),
    [
        ("Start", "Bắt đầu", "Bad Request: BOT_COMMAND_INVALID"),
        ("bắt_đầu", "Bắt đầu", "Bad Request: BOT_COMMAND_INVALID"),
        ("a" * 33, "x", "Bad Request: command length must not exceed 32"),
        ("", "x", "Bad Request: command must be non-empty"),
        ("start", " ", "Bad Request: command description must be non-empty"),
        ("start", "x" * 257, "Bad Request: command description length must not exceed 256"),
        ("/start", "Bắt đầu", None),
        ("report_2024", "Báo cáo", None),
    ],
)
def test_command_names_and_descriptions(
    command: str, description: str, expected: str | None
) -> None:
    commands = json.dumps([{"command": command, "description": description}])
    assert validate("setMyCommands", {"commands": commands}) == expected


def test_language_code_of_commands() -> None:
    commands = json.dumps([{"command": "start", "description": "x"}])
    assert validate("setMyCommands", {"commands": commands, "language_code": "vi"}) is None
    error = validate("setMyCommands", {"commands": commands, "language_code": "vie"})
    assert error == "Bad Request: invalid language code specified"


def test_callback_answer_text_limit() -> None:
    assert validate("answerCallbackQuery", {"callback_query_id": "1", "text": "x" * 200}) is None
    assert validate("answerCallbackQuery", {"callback_query_id": "1", "text": "x" * 201})


def test_unsupported_parse_mode() -> None:
    error = validate("sendMessage", {"chat_id": 1, "text": "hi", "parse_mode": "XML"})
    assert error == "Bad Request: unsupported parse_mode"
