"""The aiohttp transport every Telegram call goes through: bodies, proxies, errors."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import pytest
from aiohttp import web
from telegram.error import ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.app.transport import AiohttpRequest

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Handler], Awaitable[str]]]:
    """Start a local HTTP server answering with `handler`; yields its base URL."""
    runners: list[web.AppRunner] = []

    async def start(handler: Handler) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handler)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        port = runner.addresses[0][1]
        return f"http://127.0.0.1:{port}"

    yield start
    for runner in runners:
        await runner.cleanup()


def _params(**values: object) -> RequestData:
    return RequestData([RequestParameter.from_input(name, value) for name, value in values.items()])


async def test_a_call_goes_out_as_one_json_body(serve: Callable[[Handler], Awaitable[str]]) -> None:
    seen: list[tuple[str, str, object]] = []

    async def answer(request: web.Request) -> web.Response:
        seen.append((request.path, request.content_type, json.loads(await request.read())))
        return web.json_response({"ok": True, "result": True})

    base = await serve(answer)
    transport = AiohttpRequest()
    await transport.initialize()
    try:
        status, body = await transport.do_request(
            f"{base}/botTOKEN/sendMessage", "POST", _params(chat_id=5, text="Xin chào Hội")
        )
    finally:
        await transport.shutdown()
    assert (status, json.loads(body)) == (200, {"ok": True, "result": True})
    assert seen == [
        ("/botTOKEN/sendMessage", "application/json", {"chat_id": 5, "text": "Xin chào Hội"})
    ]


async def test_the_proxy_the_environment_names_carries_the_calls(
    serve: Callable[[Handler], Awaitable[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where Telegram is reachable only through a proxy, HTTP(S)_PROXY is enough."""
    through_proxy: list[str] = []

    async def proxy(request: web.Request) -> web.Response:
        through_proxy.append(f"{request.host}{request.path}")
        return web.json_response({"ok": True, "result": True})

    proxy_url = await serve(proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", proxy_url)
    transport = AiohttpRequest()
    await transport.initialize()
    try:
        status, _body = await transport.do_request(
            "http://api.telegram.example/botTOKEN/getMe", "POST"
        )
    finally:
        await transport.shutdown()
    assert status == 200
    assert through_proxy == ["api.telegram.example/botTOKEN/getMe"]


async def test_a_refused_connection_is_a_network_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    transport = AiohttpRequest()
    await transport.initialize()
    try:
        with pytest.raises(NetworkError, match="aiohttp"):
            await transport.do_request(f"http://127.0.0.1:{port}/botTOKEN/getMe", "POST")
    finally:
        await transport.shutdown()


async def test_a_server_that_does_not_answer_in_time_is_a_timeout(
    serve: Callable[[Handler], Awaitable[str]],
) -> None:
    async def stall(request: web.Request) -> web.Response:
        await asyncio.sleep(1)
        return web.json_response({"ok": True, "result": True})

    base = await serve(stall)
    transport = AiohttpRequest(read_timeout=0.1)
    await transport.initialize()
    try:
        with pytest.raises(TimedOut):
            await transport.do_request(f"{base}/botTOKEN/getMe", "POST")
    finally:
        await transport.shutdown()


async def test_a_json_call_returns_its_result_or_raises_what_ptb_raises(
    serve: Callable[[Handler], Awaitable[str]],
) -> None:
    """The sender's direct calls: Telegram's answers read as PTB's own calls read them."""
    answers = {
        "ok": (200, {"ok": True, "result": {"message_id": 42}}),
        "slow": (429, {"ok": False, "description": "Too Many Requests: retry after 7",
                       "parameters": {"retry_after": 7}}),
        "blocked": (403, {"ok": False, "description": "Forbidden: bot was blocked by the user"}),
        "moved": (400, {"ok": False, "description": "Bad Request: group chat was upgraded",
                        "parameters": {"migrate_to_chat_id": -1001}}),
        "gateway": (502, {"ok": False, "description": "Bad Gateway"}),
    }  # fmt: skip
    seen: list[object] = []

    async def answer(request: web.Request) -> web.Response:
        seen.append(json.loads(await request.read()))
        status, body = answers[request.path.rsplit("/", 1)[1]]
        return web.json_response(body, status=status)

    base = await serve(answer)
    transport = AiohttpRequest()
    await transport.initialize()
    try:
        fields = {"chat_id": 5, "text": "Thông báo", "reply_markup": {"inline_keyboard": []}}
        assert await transport.post_json(f"{base}/ok", fields) == {"message_id": 42}
        with pytest.raises(RetryAfter) as waited:
            await transport.post_json(f"{base}/slow", fields)
        assert waited.value.retry_after in (7, timedelta(seconds=7))
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await transport.post_json(f"{base}/blocked", fields)
        with pytest.raises(ChatMigrated) as moved:
            await transport.post_json(f"{base}/moved", fields)
        assert moved.value.new_chat_id == -1001
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await transport.post_json(f"{base}/gateway", fields)
    finally:
        await transport.shutdown()
    assert seen == [fields] * 5, "the fields as one JSON body, the keyboard as an object"


async def test_a_json_call_after_shutdown_is_a_network_error_as_in_ptb() -> None:
    """A process stopping shuts its transport while the sender may still call: the row is
    tried again later, as after any network error, and no traceback reaches the log."""
    transport = AiohttpRequest()
    await transport.initialize()
    await transport.shutdown()
    with pytest.raises(NetworkError, match="not initialized"):
        await transport.post_json("http://127.0.0.1:9/botTOKEN/sendMessage", {"chat_id": 5})
