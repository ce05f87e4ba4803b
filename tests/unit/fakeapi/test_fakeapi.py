"""A real python-telegram-bot Application against the fake Bot API, over loopback HTTP."""

from __future__ import annotations

import asyncio
import html
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.fakeapi import FakeTelegram

Context = ContextTypes.DEFAULT_TYPE
# RetryAfter itself warns about its future timedelta type while being built; not our concern.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


async def start(update: Update, context: Context) -> None:
    assert update.message and update.effective_user
    name = html.escape(update.effective_user.first_name)
    buttons = [[InlineKeyboardButton("Ping", callback_data="ping")]]
    buttons.append([InlineKeyboardButton("Web", url="https://example.org")])
    await update.message.reply_html(
        f"Chào <b>{name}</b> {' '.join(context.args or [])}".strip(),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def ask_phone(update: Update, context: Context) -> None:
    assert update.message
    button = KeyboardButton("Gửi số điện thoại", request_contact=True)
    await update.message.reply_text("Số của bạn?", reply_markup=ReplyKeyboardMarkup([[button]]))


async def echo(update: Update, context: Context) -> None:
    assert update.message and update.message.text
    await update.message.reply_html(html.escape(update.message.text))


async def pressed(update: Update, context: Context) -> None:
    assert update.callback_query
    await update.callback_query.answer("pong")
    await update.callback_query.edit_message_text("Đã bấm")


async def contact(update: Update, context: Context) -> None:
    assert update.message and update.message.contact
    phone = update.message.contact.phone_number
    await update.message.reply_text(f"Cảm ơn {phone}", reply_markup=ReplyKeyboardRemove())


async def document(update: Update, context: Context) -> None:
    assert update.message and update.message.document
    data = await (await update.message.document.get_file()).download_as_bytearray()
    await update.message.reply_document(bytes(data).upper(), filename="REPLY.TXT", caption="ok")


async def member(update: Update, context: Context) -> None:
    assert update.my_chat_member
    context.bot_data.setdefault("status", []).append(update.my_chat_member.new_chat_member.status)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def app(fake: FakeTelegram) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    builder = ApplicationBuilder().token(fake.token).base_url(fake.base_url)
    application = builder.base_file_url(fake.base_file_url).build()
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("phone", ask_phone))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.add_handler(MessageHandler(filters.CONTACT, contact))
    application.add_handler(MessageHandler(filters.Document.ALL, document))
    application.add_handler(CallbackQueryHandler(pressed))
    application.add_handler(ChatMemberHandler(member))
    await application.initialize()
    assert application.updater
    await application.updater.start_polling(timeout=5, allowed_updates=Update.ALL_TYPES)
    await application.start()
    fake.attach(application)
    yield application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def test_conversation_through_a_real_bot(fake: FakeTelegram, app: Application) -> None:  # type: ignore[type-arg]
    lan = fake.user(1001, "Lan <3")
    await lan.send("/start ref_42")
    assert lan.last.text == "Chào Lan <3 ref_42"
    assert lan.last.html == "Chào <b>Lan &lt;3</b> ref_42"
    assert lan.last.buttons == [[("Ping", "ping")], [("Web", "https://example.org")]]

    await lan.press("Ping")
    assert lan.callback_answers == ["pong"]
    assert lan.last.text == "Đã bấm" and lan.last.edits == ["Chào Lan <3 ref_42"]
    assert lan.last.buttons == []
    with pytest.raises(AssertionError, match="no message with inline buttons"):
        await lan.press("Ping")

    await lan.send("/phone")
    assert lan.last.request_contact == ["Gửi số điện thoại"]
    await lan.share_contact("84901234567")
    assert lan.last.text == "Cảm ơn 84901234567" and lan.last.remove_keyboard
    await lan.send("a < b & c")
    assert lan.texts()[-1] == "a < b & c"
    assert fake.rejected == []


async def test_files_go_both_ways(fake: FakeTelegram, app: Application) -> None:  # type: ignore[type-arg]
    minh = fake.user(1002, "Minh")
    await minh.send_document("list.txt", b"hoi vien", caption="danh sach")
    assert minh.last.document is not None
    assert (minh.last.document.filename, minh.last.document.content) == ("REPLY.TXT", b"HOI VIEN")
    assert minh.last.caption == "ok"


async def test_flood_and_blocked_behave_like_telegram(
    fake: FakeTelegram,
    app: Application,  # type: ignore[type-arg]
) -> None:
    hoa = fake.user(1003, "Hoa")
    fake.fail("sendMessage", retry_after=3, chat_id=1003)
    with pytest.raises(RetryAfter, match="3"):
        await app.bot.send_message(1003, "một")
    await app.bot.send_message(1003, "hai")
    assert hoa.texts() == ["hai"] and fake.stats.too_many_requests == 1

    await hoa.block()
    assert app.bot_data["status"] == ["kicked"]
    with pytest.raises(Forbidden, match="blocked by the user"):
        await app.bot.send_message(1003, "ba")
    await hoa.send("xin lỗi")
    assert app.bot_data["status"] == ["kicked", "member"] and hoa.texts()[-1] == "xin lỗi"

    fake.fail(status=403, description="Forbidden: user is deactivated", method=None)
    with pytest.raises(Forbidden, match="deactivated"):
        await app.bot.send_message(1003, "bốn")
    fake.fail("sendMessage", status=502, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await app.bot.send_message(1003, "năm")


async def test_bad_requests_raise_bad_request(fake: FakeTelegram, app: Application) -> None:  # type: ignore[type-arg]
    fake.user(1004, "Tú")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await app.bot.send_message(1004, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await app.bot.send_message(1004, "<p>hi</p>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await app.bot.send_message(999, "hi")
    sent = await app.bot.send_message(1004, "same")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await app.bot.edit_message_text("same", chat_id=1004, message_id=sent.message_id)


async def test_slow_answer_still_delivers(fake: FakeTelegram, app: Application) -> None:  # type: ignore[type-arg]
    vy = fake.user(1005, "Vy")
    fake.fail("sendMessage", delay=0.5)
    with pytest.raises(TimedOut):
        await app.bot.send_message(1005, "chậm", read_timeout=0.1)
    assert vy.texts() == ["chậm"]


async def test_rate_limits_and_commands(fake: FakeTelegram, app: Application) -> None:  # type: ignore[type-arg]
    fake.user(1006, "Nam")
    fake.enforce_limits(per_chat_per_second=1)
    await app.bot.send_message(1006, "1")
    with pytest.raises(RetryAfter):
        await app.bot.send_message(1006, "2")
    fake.relax_limits()

    commands = [BotCommand("start", "Bắt đầu"), BotCommand("report", "Báo cáo")]
    await app.bot.set_my_commands(commands, language_code="vi")
    await app.bot.set_my_commands(commands[:1], scope=BotCommandScopeChat(1006))
    assert [c["command"] for c in fake.commands(language_code="vi")] == ["start", "report"]
    assert fake.commands("chat", chat_id=1006) == [{"command": "start", "description": "Bắt đầu"}]
    assert await app.bot.get_my_commands(language_code="vi") == tuple(commands)
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await app.bot.set_my_commands([BotCommand("Start", "x")])


async def test_http_level_answers(fake: FakeTelegram) -> None:
    api = f"{fake.base_url}{fake.token}"
    async with httpx.AsyncClient() as client:
        wrong = await client.post(f"{fake.base_url}999:WRONG/getMe")
        assert wrong.status_code == 401
        missing = await client.post(f"{api}/sendMessages", data={"chat_id": 1})
        assert missing.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        unsimulated = await client.post(f"{api}/getStarTransactions")
        assert "fake does not simulate getStarTransactions" in unsimulated.json()["description"]
        assert (await client.post(f"{api}/setMyDescription")).json()["result"] is True


async def test_get_updates_confirms_by_offset(fake: FakeTelegram) -> None:
    user = fake.user(1007, "An")
    first = await user.send("một", wait=False)
    await user.send("hai", wait=False)
    url = f"{fake.base_url}{fake.token}/getUpdates"
    async with httpx.AsyncClient() as client:
        batch = (await client.post(url, data={"limit": "1"})).json()["result"]
        assert [u["message"]["text"] for u in batch] == ["một"] and fake.undelivered == 1
        again = (await client.post(url)).json()["result"]
        assert len(again) == 2 and fake.undelivered == 0
        await fake.delivered()
        offset = first["update_id"] + 2
        poll = asyncio.ensure_future(client.post(url, data={"offset": offset, "timeout": 5}))
        await asyncio.sleep(0.05)
        await user.send("ba", wait=False)
        assert [u["message"]["text"] for u in (await poll).json()["result"]] == ["ba"]


async def test_webhook_delivery_with_secret(fake: FakeTelegram) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response()

    receiver = web.Application()
    receiver.router.add_post("/hook", hook)
    runner = web.AppRunner(receiver)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    bot = ApplicationBuilder().token(fake.token).base_url(fake.base_url).build().bot
    async with bot:
        await bot.set_webhook(url, secret_token="s3cret")
        await fake.user(1008, "Bình").send("qua webhook")
        assert [(s, u["message"]["text"]) for s, u in received] == [("s3cret", "qua webhook")]  # type: ignore[index]
        assert (await bot.get_webhook_info()).url == url
        with pytest.raises(Conflict):
            await bot.get_updates()
        await bot.delete_webhook()
    await runner.cleanup()


async def test_groups_albums_copies_and_deletions(
    fake: FakeTelegram,
    app: Application,  # type: ignore[type-arg]
) -> None:
    shown: list[str] = []
    fake.on_seen(lambda seen: shown.append(seen.shown))
    chi = fake.user(1009, "Chi")
    group = fake.group(-100200300, "Chi hội Quận 1")
    await chi.send_in(group, "hello group")
    assert group.last.text == "hello group" and group.last.chat_id == -100200300

    album = [
        InputMediaPhoto(b"one", caption="<b>1</b>", parse_mode="HTML"),
        InputMediaPhoto(b"two"),
    ]
    sent = await app.bot.send_media_group(1009, album)
    assert [m.media_group_id for m in sent] == [sent[0].media_group_id] * 2
    assert chi.seen[-2].caption == "1" and chi.seen[-1].photo is not None
    assert chi.seen[-1].photo.content == b"two"

    copy = await app.bot.copy_message(-100200300, 1009, sent[0].message_id)
    assert group.seen_by_id[copy.message_id].caption == "1"
    await app.bot.forward_message(1009, -100200300, group.messages[1]["message_id"])
    assert chi.last.text == "hello group"
    assert chi.last.raw["forward_origin"]["type"] == "chat"

    await app.bot.delete_message(1009, chi.last.message_id)
    assert chi.seen[-1].deleted and chi.last.message_id == sent[1].message_id
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await app.bot.delete_message(1009, chi.seen[-1].message_id)
    assert shown[-1] == "hello group"

    stranger = fake.user(1010, "Lạ", started=False)
    with pytest.raises(Forbidden, match="initiate conversation"):
        await app.bot.send_message(1010, "chào")
    await stranger.send("/start")
    assert stranger.last.shown.startswith("Chào")
