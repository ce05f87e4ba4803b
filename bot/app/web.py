"""The process's one web server (aiohttp): the Telegram webhook at the path of
HOIBOT_WEBHOOK_URL (when this process serves updates), `GET /healthz` (200 when the database
answers and its schema is current, 503 otherwise) and `GET /metrics` (Prometheus). The
office's dashboard (bot/web/) joins them through `mounts`, given by the code that wires the
process (bot/app/application.py, bot/cli/web.py).

An update is answered 200 once it is handled and its transaction committed (503 when that
fails, so that Telegram sends it again); a request without the secret token gets 403; a
body that is not an update (malformed JSON, empty, over 1 MB, not an object) gets 400 and
one line in the log, never a traceback. Once the process is stopping (`stop_taking`), new
updates get 503 and /healthz says so, while the updates in hand are finished.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Callable, Sequence
from typing import Any

from aiohttp import web
from telegram import Update

from bot.app.metrics import OUTBOX, exposition
from bot.app.transport import without_nul
from storage.db import Database, head_revision, newer_than_code
from storage.delivery import count_waiting

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024
# How long a stopping process waits for the updates in hand (a /toi takes milliseconds).
STOP_GRACE = 5.0
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebServer:
    """Serves /healthz and /metrics, and the webhook for `application` when given one."""

    def __init__(
        self,
        db: Database,
        application: Any = None,
        path: str = "",
        mounts: Sequence[Callable[[web.Application], None]] = (),
    ) -> None:
        self.db, self.application = db, application
        self.path = "/" + path.lstrip("/")
        self.mounts = mounts
        self._runner: web.AppRunner | None = None
        self.stopping = False
        self._in_hand = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def app(self) -> web.Application:
        # A little over the limit, so that a body over it is read and refused with 400.
        app = web.Application(client_max_size=MAX_BODY + 1)
        app.router.add_get("/healthz", self.health)
        app.router.add_get("/metrics", self.metrics)
        if self.application is not None:
            app.router.add_post(self.path, self.receive)
        # Other parts of the process (the dashboard) add their routes to this one app.
        for mount in self.mounts:
            mount(app)
        return app

    async def health(self, request: web.Request) -> web.Response:
        """200 when the database answers and its schema is the code's, or newer (a rolling
        upgrade ran `hoibot db upgrade` first); 503 otherwise."""
        if self.stopping:
            return web.Response(status=503, text="stopping\n")
        try:
            current = await self.db.current_revision()
        except Exception as error:
            log.warning("health: the database does not answer (%s)", type(error).__name__)
            return web.Response(status=503, text="database unreachable\n")
        if current != head_revision() and (current is None or not newer_than_code(current)):
            return web.Response(status=503, text="schema out of date\n")
        return web.Response(text="ok\n")

    async def metrics(self, request: web.Request) -> web.Response:
        try:
            async with self.db.session() as session:
                depth = await count_waiting(session)
        except Exception as error:
            log.warning("metrics: the outbox could not be counted (%s)", type(error).__name__)
        else:
            OUTBOX.clear()
            for (paid, state), count in depth.items():
                OUTBOX.labels(lane="paid" if paid else "free", state=state).set(count)
        body, content_type = exposition()
        response = web.Response(body=body)
        response.headers["Content-Type"] = content_type
        return response

    async def start(self, listen: str, port: int) -> None:
        self._runner = web.AppRunner(self.app(), access_log=None, shutdown_timeout=STOP_GRACE)
        await self._runner.setup()
        await web.TCPSite(self._runner, listen, port).start()

    async def stop_taking(self, grace: float = STOP_GRACE) -> None:
        """Answer new updates 503 (Telegram sends them again, to another process) and wait,
        up to `grace` seconds, for the updates in hand to be handled and acknowledged."""
        self.stopping = True
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except TimeoutError:
            log.warning("stopping with %d updates still in hand", self._in_hand)

    async def listen_also(self, listen: str, port: int) -> None:
        """Serve the same app on a second address (the dashboard on its own port)."""
        assert self._runner is not None, "start first"
        await web.TCPSite(self._runner, listen, port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def receive(self, request: web.Request) -> web.Response:
        """One update from Telegram."""
        secret = self.application.bot_data.settings.webhook_secret
        given = request.headers.get(SECRET_HEADER, "")
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403)
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return _refuse("a body over 1 MB")
        if len(body) > MAX_BODY:
            return _refuse("a body over 1 MB")
        try:
            data = json.loads(without_nul(body))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return _refuse("a body that is not JSON" if body else "an empty body")
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return _refuse("JSON that is not an update")
        try:
            update = Update.de_json(data, self.application.bot)
        except (KeyError, TypeError, ValueError):
            return _refuse("an update that does not parse")
        if self.stopping:
            return web.Response(status=503)
        self._in_hand += 1
        self._idle.clear()
        try:
            return await self._take(update)
        finally:
            self._in_hand -= 1
            if not self._in_hand:
                self._idle.set()

    async def _take(self, update: Update) -> web.Response:
        application = self.application
        try:
            # Handled and committed before Telegram hears 200: a process killed now loses
            # nothing it acknowledged, and an update sent again is recognised (processor).
            await application.update_processor.process_update(
                update, application.process_update(update)
            )
        except Exception as error:  # the database is away, or the process is stopping
            log.warning(
                "update %s not taken (%s); Telegram will send it again",
                update.update_id,
                type(error).__name__,
            )
            return web.Response(status=503)
        return web.Response(status=200)


def _refuse(what: str) -> web.Response:
    log.info("webhook refused %s", what)
    return web.Response(status=400)
