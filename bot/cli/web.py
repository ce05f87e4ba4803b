"""`hoibot web`: serve the office's dashboard alone (with /healthz and /metrics), without
taking updates: for a machine that only shows the pages while the bot runs elsewhere."""

from __future__ import annotations

import argparse
import asyncio
import signal
from typing import Any

from bot.app.settings import Settings
from bot.app.web import WebServer
from bot.text.i18n import _
from bot.web.server import Dashboard
from storage.db import Database

DEFAULT_PORT = 8080


def add_commands(commands: Any) -> None:
    parser = commands.add_parser(
        "web", help=_("serve the dashboard alone (HOIBOT_WEB_PORT, default 8080)")
    )
    parser.set_defaults(handler=serve)


async def serve(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    """Serve until SIGTERM or SIGINT."""
    server = WebServer(db, mounts=[Dashboard(db, settings).mount])
    port = settings.web_port if settings.web_port is not None else DEFAULT_PORT
    await server.start(settings.web_listen, port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    print(_("Dashboard at {address}").format(address=f"http://{settings.web_listen}:{port}/app/"))
    try:
        await stop.wait()
    finally:
        await server.stop()
    return 0
