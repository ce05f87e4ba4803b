"""Building the application: one place that wires settings, database and handlers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

from bot.app.commands import publish_default_menus
from bot.app.error_handler import handle_error
from bot.app.error_reports import ReportLimiter
from bot.app.jobs import JobRunner, register_job
from bot.app.polling import Poller
from bot.app.processor import FORGET_HANDLED_JOB, MemberOrderedProcessor
from bot.app.scope import BotData, HoiContext
from bot.app.settings import Settings
from bot.app.telegram_bot import RecordingBot
from bot.app.transport import AiohttpRequest
from bot.app.web import WebServer
from bot.delivery.loop import SEND_JOB, stop_sending
from bot.delivery.policy import DeliveryPolicy
from bot.web.server import Dashboard
from handlers import announcements, buttons, conversation, directives, figures, people, schedule
from handlers import web as dashboard
from storage.db import Database

# Connections for replies and other direct calls, beside the sender's.
REPLY_CONNECTIONS = 128

HoiApplication = Application[RecordingBot, HoiContext, dict[Any, Any], dict[Any, Any], BotData, Any]


def build_application(settings: Settings, db: Database) -> HoiApplication:
    """The real bot, pointed at Telegram or at any Bot API server the settings name."""
    defaults = Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz)
    bot = RecordingBot(
        token=settings.require_token(),
        base_url=settings.telegram_api_url,
        base_file_url=settings.file_url,
        defaults=defaults,
        # aiohttp, not PTB's default httpx: a quarter of the CPU per call (bot/app/transport.py).
        # Replies keep their connections when this process leads the sender.
        request=AiohttpRequest(
            REPLY_CONNECTIONS + DeliveryPolicy.from_settings(settings).connections()
        ),
        get_updates_request=AiohttpRequest(connection_pool_size=1),
        database=db,
    )
    application: HoiApplication = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=HoiContext, bot_data=BotData))
        .concurrent_updates(MemberOrderedProcessor(db, settings))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data.settings = settings
    application.bot_data.db = db
    application.bot_data.reports = ReportLimiter()

    register_job(SEND_JOB)
    register_job(FORGET_HANDLED_JOB)
    # Note: order matters. Within a group the first handler that matches takes the update,
    # so each feature comes before what would also match it. `conversation` comes last: its
    # answers to the bot's own questions run in an earlier group than every feature's, and
    # its fallback catches, after them all, what no feature took. `buttons` puts the guard
    # that refuses forged and stale buttons in the first group of all.
    buttons.register(application)
    people.register(application)
    figures.register(application)
    schedule.register(application)
    directives.register(application)
    announcements.register(application)
    dashboard.register(application)
    conversation.register(application)
    application.add_error_handler(handle_error)
    return application


async def _post_init(application: HoiApplication) -> None:
    settings, db = application.bot_data.settings, application.bot_data.db
    await db.ensure_schema(migrate=settings.auto_migrate)
    await publish_default_menus(application.bot, settings.default_locale)
    application.bot_data.jobs = JobRunner(db, application.bot, settings)
    if settings.run_jobs:
        application.bot_data.jobs.start()
    if settings.web_port is not None and application.bot_data.web is None:
        # Long polling has no web server of its own: the dashboard brings one, which also
        # answers /healthz and /metrics.
        server = WebServer(db, mounts=dashboard_mounts(settings, db))
        await server.start(settings.web_listen, settings.web_port)
        application.bot_data.web = server


def dashboard_mounts(settings: Settings, db: Database) -> list[Callable[[web.Application], None]]:
    """The dashboard's routes, when HOIBOT_WEB_PORT asks for it."""
    return [Dashboard(db, settings).mount] if settings.web_port is not None else []


async def _post_shutdown(application: HoiApplication) -> None:
    if application.bot_data.web is not None:
        await application.bot_data.web.stop()
        application.bot_data.web = None
    db = application.bot_data.db
    await application.bot_data.jobs.stop()
    await stop_sending(db)  # another process may take the lead now, not when this one ends
    await db.dispose()


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]


async def start_polling(application: HoiApplication, *, poll_timeout: int = 10) -> None:
    """Start the bot inside a running event loop: `hoibot run`, tests, `hoibot try`,
    benchmarks. Updates are confirmed to Telegram only once handled (bot/app/polling.py)."""
    await application.initialize()
    await _post_init(application)
    await application.start()
    poller = Poller(application, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES)
    application.bot_data.poller = poller
    poller.start()


async def start_webhook(application: HoiApplication, url_path: str) -> None:
    """Serve updates over HTTP inside a running event loop; the secret token is required."""
    settings = application.bot_data.settings
    await application.initialize()
    db = application.bot_data.db
    server = WebServer(db, application, url_path, mounts=dashboard_mounts(settings, db))
    application.bot_data.web = server
    await _post_init(application)
    await server.start(settings.webhook_listen, settings.webhook_port)
    if settings.web_port is not None and settings.web_port != settings.webhook_port:
        await server.listen_also(settings.web_listen, settings.web_port)
    await application.bot.set_webhook(
        settings.webhook_url, secret_token=settings.webhook_secret, allowed_updates=ALLOWED_UPDATES
    )
    await application.start()


async def stop_polling(application: HoiApplication) -> None:
    """Stop what start_polling or start_webhook started."""
    if application.bot_data.poller is not None:
        await application.bot_data.poller.stop()
        application.bot_data.poller = None
    if application.bot_data.web is not None:
        await application.bot_data.web.stop()
        application.bot_data.web = None
    await application.stop()
    await application.shutdown()
    await _post_shutdown(application)
