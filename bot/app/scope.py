"""One update, one session, one transaction: the state a handler works within."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import Application, CallbackContext, ExtBot

from bot.app.error_reports import ReportLimiter
from bot.app.jobs import JobRunner
from bot.app.polling import Poller
from bot.app.settings import Settings
from bot.app.web import WebServer
from bot.people.access import Principal
from storage.db import Database
from storage.updates import UpdateFrame


@dataclass
class UpdateScope:
    # The update's transaction; None for a message sent outside an update (the outbox's).
    frame: UpdateFrame | None
    principal: Principal | None
    locale: str
    interactions: list[dict[str, Any]] = field(default_factory=list)
    failed: bool = False
    answered: bool = False  # the button press was answered (answerCallbackQuery) already
    # The pressed button's message when it has no text to edit (a file, a photo).
    textless_message_id: int | None = None

    @property
    def session(self) -> AsyncSession:
        if self.frame is None:
            raise RuntimeError("no update, no session")
        return self.frame.session


_current: ContextVar[UpdateScope | None] = ContextVar("hoibot_scope", default=None)


def current_scope() -> UpdateScope | None:
    return _current.get()


def enter_scope(scope: UpdateScope) -> object:
    return _current.set(scope)


def leave_scope(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


class BotData:
    """What every handler may reach: settings and the database (no user data lives here).

    PTB creates it empty; `build_application` fills it in before the bot starts.
    """

    settings: Settings
    db: Database
    jobs: JobRunner
    reports: ReportLimiter
    web: WebServer | None = None  # the web server, when this process serves the webhook
    poller: Poller | None = None  # long polling, when this process fetches its updates


class HoiContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """A typed context: `context.session`, `context.principal`, `context.settings`."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def scope(self) -> UpdateScope:
        scope = current_scope()
        if scope is None:
            raise RuntimeError("a handler ran outside an update scope")
        return scope

    @property
    def session(self) -> AsyncSession:
        return self.scope.session

    @property
    def principal(self) -> Principal | None:
        return self.scope.principal

    @property
    def settings(self) -> Settings:
        return self.bot_data.settings

    @property
    def db(self) -> Database:
        return self.bot_data.db
