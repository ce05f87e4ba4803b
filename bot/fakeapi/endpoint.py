"""The HTTP side of the fake Bot API: routing, decoding, faults, limits and dispatch.

`Endpoint` holds the state every request touches; `FakeTelegram` adds the public test API.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, NamedTuple, Protocol

from aiohttp import web

from bot.fakeapi import managing, sending, spec
from bot.fakeapi.common import JSON, ApiError, Signal, Upload
from bot.fakeapi.faults import FaultPlan, RateLimits, Stats, is_sending
from bot.fakeapi.updates import UpdateQueue
from bot.fakeapi.webhook import Webhook
from bot.fakeapi.world import World

_log = logging.getLogger(__name__)
_HANDLERS = {**sending.HANDLERS, **managing.HANDLERS}
_UNAUTHORIZED = ApiError(401, "Unauthorized")


class Call(NamedTuple):
    method: str
    params: dict[str, Any]


class Rejected(NamedTuple):
    method: str
    status: int
    description: str


class HasUpdateQueue(Protocol):
    """What `attach` needs of a python-telegram-bot Application."""

    @property
    def update_queue(self) -> asyncio.Queue[Any]: ...


class Endpoint:
    """Answers Bot API requests against the simulated world."""

    def __init__(self, token: str, idle_timeout: float) -> None:
        self.token = token
        self.idle_timeout = idle_timeout
        self.world = World()
        self.updates = UpdateQueue()
        self.webhook = Webhook(self.updates)
        self.calls: list[Call] = []
        self.rejected: list[Rejected] = []
        self.stats = Stats()
        self.activity = Signal()
        self._faults = FaultPlan()
        self._limits: RateLimits | None = None
        self._app: HasUpdateQueue | None = None
        self._in_flight = 0
        self._quiet_since = 0.0
        self._runner: web.AppRunner | None = None
        self.host, self.port = "127.0.0.1", 0

    def routes(self) -> web.Application:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        return app

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _answer(_UNAUTHORIZED.payload(), 401)
        loop = asyncio.get_running_loop()
        method = request.match_info["method"]
        polling = method == "getUpdates"
        if not polling:
            self._in_flight += 1
        try:
            name, params = spec.check(method, await _read(request))
            if not polling:
                self.calls.append(Call(name, params))
            result = await self._dispatch(name, params)
        except ApiError as error:
            return self._refuse(method, error)
        except Exception as exc:
            # A bug in the fake must fail the test that hit it, not pass as a network error.
            _log.exception("fake Bot API crashed on %s", method)
            return self._refuse(
                method, ApiError(500, f"Internal Server Error: fake crashed: {exc!r}")
            )
        finally:
            if not polling:
                self._in_flight -= 1
                self._quiet_since = loop.time()
                self.activity.bump()
        self.stats.ok[name] += 1
        return _answer({"ok": True, "result": result}, 200)

    def _refuse(self, method: str, error: ApiError) -> web.Response:
        self.stats.errors[error.status] += 1
        # A long poll ended by the next one answers a client that has already gone.
        if not (method == "getUpdates" and error.status == 409):
            self.rejected.append(Rejected(method, error.status, error.description))
        return _answer(error.payload(), error.status)

    async def _dispatch(self, name: str, params: dict[str, Any]) -> object:
        fault = self._faults.take(name, params) if self._faults.faults else None
        if fault is not None and (error := fault.error()) is not None:
            await asyncio.sleep(fault.delay)
            raise error
        if self._limits is not None and is_sending(name):
            self._limits.admit(params.get("chat_id"))
        handler = _HANDLERS.get(name)
        if handler is not None:
            result = handler(self.world, params)
        elif name == "getUpdates":
            if self.webhook.url:
                raise ApiError(409, _WEBHOOK_ACTIVE)
            result = await self.updates.get_updates(params)
        elif name in ("setWebhook", "deleteWebhook", "getWebhookInfo"):
            result = self.webhook.handle(name, params)
        elif spec.returns(name) == ("Boolean",):
            result = True
        else:
            raise ApiError(400, f"Bad Request: fake does not simulate {name}")
        if fault is not None and fault.delay:
            await asyncio.sleep(fault.delay)
        return result

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _answer(_UNAUTHORIZED.payload(), 401)
        stored = self.world.paths.get(request.match_info["path"])
        if stored is None:
            return _answer(ApiError(404, "Not Found").payload(), 404)
        return web.Response(body=stored.content, content_type="application/octet-stream")


_WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


def _answer(body: JSON, status: int) -> web.Response:
    return web.Response(text=json.dumps(body), status=status, content_type="application/json")


async def _read(request: web.Request) -> dict[str, object]:
    """Parameters from the query string and a form, multipart or JSON body."""
    params: dict[str, object] = dict(request.query)
    if request.content_type == "application/json":
        body = await request.json() if request.can_read_body else {}
        if isinstance(body, dict):
            params.update(body)
        return params
    if request.can_read_body:
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                data = value.file.read()
                params[key] = Upload(value.filename, data, value.content_type)
            else:
                params[key] = value
    return params
