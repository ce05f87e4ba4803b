"""The bot's token is in every request's URL, and so in some errors' words; it is never stored.

Sends fail every way a network can make them fail (a gateway's 5xx, a timeout, a proxy that
refuses the connection or answers with its own error page, quoting the URL as squid does),
then every column of every table, every log record and the exported interaction log are
searched for the token.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app.logsafe import mask_records
from bot.app.telegram_bot import RecordingBot
from bot.app.transport import AiohttpRequest
from bot.cli.log import export_log
from bot.delivery import DeliveryPolicy
from storage.models import Base, DeliveryState
from tests.fakes.delivery import queue, rows, send_all
from tests.fakes.rig import TOKEN, Rig

SECRET = TOKEN.split(":", 1)[1]  # what must never show, however the token is written


@pytest.fixture
async def refusing_proxy() -> AsyncIterator[str]:
    """An HTTP proxy that reaches nothing: it refuses to CONNECT (https), and answers other
    requests (http) with a 502 page that quotes the URL asked for."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        method, target, _version = head.split("\r\n", 1)[0].split(" ")
        length = re.search(r"(?im)^content-length: *(\d+)", head)
        await reader.readexactly(int(length[1]) if length else 0)
        page = b"" if method == "CONNECT" else f"<h1>ERROR</h1><p>{target}</p>".encode()
        writer.write(
            b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nConnection: close\r\n"
            + f"Content-Length: {len(page)}\r\n\r\n".encode()
            + page
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"http://127.0.0.1:{port}"


def proxied_bot(rig: Rig, base_url: str) -> RecordingBot:
    return RecordingBot(token=TOKEN, base_url=base_url, request=AiohttpRequest(), database=rig.db)


async def send_through(rig: Rig, proxy: str, bot: RecordingBot, policy: DeliveryPolicy) -> None:
    """Drain the due rows with a bot that reaches Telegram through `proxy` only."""
    with pytest.MonkeyPatch.context() as env:
        for name in ("NO_PROXY", "no_proxy"):
            env.delenv(name, raising=False)
        env.setenv("HTTP_PROXY", proxy)
        env.setenv("HTTPS_PROXY", proxy)
        await bot.request.initialize()  # not bot.initialize(): its getMe could not get through
        try:
            await send_all(rig, bot=bot, policy=policy)
        finally:
            await bot.request.shutdown()


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every record at every level, masked as the bot masks them when it starts."""
    restore = mask_records((TOKEN,))  # what configure_logging does
    caplog.set_level(logging.DEBUG)
    yield caplog
    restore()


async def test_no_failure_stores_logs_or_exports_the_token(
    rig: Rig, refusing_proxy: str, logs: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    rig.expect_rejections = True
    policy = DeliveryPolicy(max_attempts=1, read_timeout=0.3)  # every failure is final
    # The fake: a gateway's 5xx whose words quote the request, a timeout, and a message sent.
    echo = f"Bad Gateway: upstream did not answer POST {rig.fake.base_url}{TOKEN}/sendMessage"
    rig.fake.fail("sendMessage", status=502, times=None, chat_id=1003, description=echo)
    rig.fake.fail("sendMessage", delay=1.0, times=1, chat_id=1004)
    for telegram_id in (1003, 1004, 1005):
        await queue(rig, telegram_id, "Lịch họp chi hội tháng 12")
    await send_all(rig, policy=policy)
    # A proxy: it refuses to CONNECT (https), or answers with its error page (http).
    for telegram_id, scheme in ((1006, "https"), (1007, "http")):
        await queue(rig, telegram_id, "Lịch họp chi hội tháng 12")
        bot = proxied_bot(rig, f"{scheme}://api.telegram.org/bot")
        await send_through(rig, refusing_proxy, bot, policy)
    await rig.settle()

    outcome = {row.chat_id: (row.state, row.error or "") for row in await rows(rig)}
    assert outcome.pop(1005) == (DeliveryState.SENT, "")
    assert {state for state, _ in outcome.values()} == {DeliveryState.FAILED}
    reasons = {chat_id: reason for chat_id, (_, reason) in outcome.items()}
    assert reasons[1003].startswith("NetworkError on sendMessage: Bad Gateway: upstream")
    assert reasons[1004] == "TimedOut on sendMessage: Timed out (after 1 attempts)"
    assert reasons[1006] == (
        "NetworkError on sendMessage: aiohttp.ClientHttpProxyError: "
        "502, message='Bad Gateway' (after 1 attempts)"
    )
    assert reasons[1007].startswith("NetworkError on sendMessage: Bad Gateway (502).")
    assert "api.telegram.org/bot<secret>/sendMessage" in reasons[1007], "the rest is kept"

    async with rig.db.session() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                for column, value in zip(table.columns, row, strict=True):
                    assert SECRET not in str(value), f"the token is in {table.name}.{column.name}"
    export = tmp_path / "log.csv"
    assert await export_log(rig.db, export) > 0
    assert SECRET not in export.read_text(encoding="utf-8")
    assert logs.records
    for record in logs.records:
        assert SECRET not in logs.handler.format(record), record.name  # tracebacks too
