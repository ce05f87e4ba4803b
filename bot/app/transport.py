"""An aiohttp transport for python-telegram-bot: every call the bot and the sender make.

PTB's default transport (httpx) spends most of a call in its connection pool once dozens of
calls are in flight (it scans every pooled connection, asking the socket whether it is
readable, on each request and each response); aiohttp's pool does not. Measured in
bench/updates.py, a call costs about a quarter of the CPU, which is what lets one process
serve updates at the echo bot's pace and send at the paid lane's 1,000 calls a second.
Errors map to PTB's as its own transport's do: TimedOut, NetworkError.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

import aiohttp
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, RequestData

_JSON = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    def __init__(
        self,
        connection_pool_size: int = 128,
        read_timeout: float | None = 15.0,
        connect_timeout: float | None = 5.0,
        media_timeout: float | None = 60.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._media_timeout = media_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[tuple[str, str | None], str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size)
            self._session = aiohttp.ClientSession(connector=connector)

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _proxy(self, url: str) -> str | None:
        """The proxy HTTPS_PROXY / HTTP_PROXY name for this URL, unless NO_PROXY exempts it.

        Read once per host: aiohttp's own trust_env would also look for a .netrc file, in a
        worker thread, on every call.
        """
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname)
        if key not in self._proxies:
            proxy = getproxies().get(parts.scheme)
            bypass = parts.hostname is None or proxy_bypass(parts.hostname)
            self._proxies[key] = None if not proxy or bypass else proxy
        return self._proxies[key]

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        data: aiohttp.FormData | bytes | None = None
        headers = None
        read = read_timeout if isinstance(read_timeout, (int, float)) else self._read_timeout
        if request_data is not None and request_data.contains_files:
            data = aiohttp.FormData()
            for name, value in request_data.json_parameters.items():
                data.add_field(name, value)
            for name, (filename, content, mime) in (request_data.multipart_data or {}).items():
                data.add_field(name, content, filename=filename, content_type=mime)
            read = self._media_timeout
        elif request_data is not None:
            # One JSON body, as the Bot API accepts and PTB suggests for custom encoders: no
            # per-field encoding, no form (aiohttp's FormData builds a multipart writer).
            data = json.dumps(request_data.parameters, ensure_ascii=False).encode()
            headers = _JSON
        return await self._exchange(method, url, data, headers, read)

    async def post_json(
        self, url: str, fields: dict[str, Any], read_timeout: float | None = None
    ) -> Any:
        """Call the Bot API method at `url` with `fields` (JSON) and return its result, as
        `post` does for PTB's bot, but without the bot's five layers of coroutines between
        the caller and the socket, each resumed at every step of the call: the sender's
        sendMessage, a thousand a second on the paid lane (its worker spent a tenth of its
        CPU in them). Telegram's refusals raise what PTB raises for them, read by PTB."""
        body = json.dumps(fields, ensure_ascii=False).encode()
        read = self._read_timeout if read_timeout is None else read_timeout
        try:
            status, answer = await self._exchange("POST", url, body, _JSON, read)
        except TelegramError:
            raise
        except Exception as exc:  # as PTB reports a transport's surprise (shut down, say)
            raise NetworkError(f"Unknown error in HTTP implementation: {exc!r}") from exc
        if 200 <= status <= 299:
            return self.parse_json_payload(answer)["result"]
        return await _Answered(status, answer).post(url)

    async def _exchange(
        self,
        method: str,
        url: str,
        data: aiohttp.FormData | bytes | None,
        headers: dict[str, str] | None,
        read: float | None,
    ) -> tuple[int, bytes]:
        if self._session is None:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        timeout = aiohttp.ClientTimeout(sock_connect=self._connect_timeout, sock_read=read)
        try:
            async with self._session.request(
                method, url, data=data, headers=headers, timeout=timeout, proxy=self._proxy(url)
            ) as answer:
                return answer.status, without_nul(await answer.read())
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            # Not chained: tracebacks reach logs and the admins' chat, and the original may
            # name the request URL, token included; its kind and words are in the message.
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {_without_url(exc)}") from None


class _Answered(BaseRequest):
    """An answer already received, given to PTB to read: `post` raises for a refusal what
    PTB raises for it (RetryAfter, Forbidden, BadRequest, ChatMigrated…)."""

    def __init__(self, status: int, body: bytes) -> None:
        self.status, self.body = status, body

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, *_args: Any, **_kwargs: Any) -> tuple[int, bytes]:
        return self.status, self.body


def _without_url(exc: aiohttp.ClientError) -> str:
    """aiohttp's words for an error, without the URL some of them quote (a proxy refusing
    to CONNECT raises a ClientResponseError naming https://…/bot<token>/method)."""
    if isinstance(exc, aiohttp.ClientResponseError):
        return f"{exc.status}, message={exc.message!r}"
    if isinstance(exc, aiohttp.InvalidURL):
        return "invalid URL"
    return str(exc)


def without_nul(body: bytes) -> bytes:
    """The JSON body with every NUL character removed from its strings.

    A person's text can carry one (U+0000), and no text column of PostgreSQL can hold it: the
    update's transaction would fail, and with it the answer. Cleaned once, where updates
    come in; the check costs one scan of the bytes when there is none.
    """
    if b"\\u0000" not in body:
        return body
    try:
        data = json.loads(body)
    except ValueError:
        return body
    return json.dumps(_clean(data), ensure_ascii=False).encode()


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value
