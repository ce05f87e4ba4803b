"""One attempt at one row: its calls, and what became of it (an `Outcome`).

Telegram's answers decide: sent; a 429 pauses every send and puts the row back at no cost;
a 403 fails it and marks its member unreachable; a 400 fails it at once; network errors,
timeouts and 5xx put it back after a growing wait, and fail it after the last attempt.

What a row says happened is made in one place, `reason`: the kind of error, the Bot API
method and Telegram's words, never the bot's token (see its docstring).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.app.logsafe import redact
from bot.app.metrics import SENDS
from bot.delivery.calls import Calls, UnusableRow, method_of, retry_seconds
from bot.delivery.pacer import Pacer, Ticket
from bot.delivery.policy import DeliveryPolicy
from bot.delivery.recorder import Outcome
from storage.delivery import OutboxItem
from storage.models import DeliveryState

log = logging.getLogger(__name__)
Logs = list[dict[str, Any]]


class Attempts:
    def __init__(
        self,
        calls: Calls,
        pacer: Pacer,
        policy: DeliveryPolicy,
        paid: bool,
        utcnow: Callable[[], datetime],
    ) -> None:
        self.calls, self.pacer, self.policy, self.paid = calls, pacer, policy, paid
        self.utcnow = utcnow

    async def run(self, item: OutboxItem, ticket: Ticket | None) -> Outcome:
        """Send the row's parts not sent yet; `ticket` paces the first, the pacer the rest."""
        logs: Logs = []
        index, message_id, method = item.parts_sent, None, None
        try:
            parts = self.calls.parts(item)
            while index < len(parts):
                if ticket is None:
                    ticket = await self.pacer.acquire(item.chat_id, self.paid)
                method = method_of(parts[index])
                try:
                    message_id = await self.calls.send(item, parts, index, logs)
                    self.pacer.succeeded(ticket)
                finally:
                    self.pacer.answered(ticket)
                    ticket = None
                index += 1
            SENDS.labels(result="ok").inc()
            return Outcome(
                item, DeliveryState.SENT, item.attempts + 1, index, self.utcnow(),
                message_id=message_id, logs=logs,
            )  # fmt: skip
        except RetryAfter as error:
            seconds = retry_seconds(error)
            self.pacer.pause(seconds)  # first of all: every other send waits from now on
            SENDS.labels(result="429").inc()
            log.warning("Telegram asked to wait %.0f s (429); every send waits", seconds)
            return again(item, index, logs, self.utcnow(), seconds)
        except ChatMigrated as error:
            return again(item, index, logs, self.utcnow(), 0.0, chat_id=error.new_chat_id)
        except Exception as error:
            SENDS.labels(result=_result_of(error)).inc()
            why = reason(error, method, self.calls.secrets)
            if isinstance(error, UnusableRow):
                return failed(item, why, item.attempts, index, logs, self.utcnow())
            if isinstance(error, (Forbidden, BadRequest)):
                outcome = failed(item, why, item.attempts + 1, index, logs, self.utcnow())
                outcome.unreachable = isinstance(error, Forbidden)
                return outcome
            if not isinstance(error, TelegramError):
                log.exception("unexpected error while sending delivery %d", item.id)
            return self._transient(item, index, logs, why)
        finally:
            if ticket is not None:
                self.pacer.answered(ticket)

    def _transient(self, item: OutboxItem, index: int, logs: Logs, reason: str) -> Outcome:
        attempts, now = item.attempts + 1, self.utcnow()
        if attempts >= self.policy.max_attempts:
            reason = f"{reason} (after {attempts} attempts)"
            return failed(item, reason, attempts, index, logs, now)
        moment = now + timedelta(seconds=self.policy.backoff(attempts))
        return Outcome(
            item, DeliveryState.PENDING, attempts, index, now,
            error=reason, next_attempt_at=moment, logs=logs,
        )  # fmt: skip


def _result_of(error: BaseException) -> str:
    """How /metrics counts a failed send."""
    if isinstance(error, Forbidden):
        return "403"
    if isinstance(error, BadRequest | UnusableRow):
        return "400"
    if isinstance(error, TimedOut | TimeoutError):
        return "timeout"
    return "5xx"


def again(
    item: OutboxItem,
    index: int,
    logs: Logs,
    now: datetime,
    after: float,
    chat_id: int | None = None,
) -> Outcome:
    """Back to the queue in `after` seconds, with no attempt counted."""
    moment = now + timedelta(seconds=after)
    return Outcome(
        item, DeliveryState.PENDING, item.attempts, index, now,
        next_attempt_at=moment, chat_id=chat_id, logs=logs,
    )  # fmt: skip


def failed(
    item: OutboxItem, reason: str, attempts: int, index: int, logs: Logs, now: datetime
) -> Outcome:
    return Outcome(
        item, DeliveryState.FAILED, attempts, index, now, error=reason, logs=logs
    )  # fmt: skip


MAX_REASON = 500


def reason(error: BaseException, method: str | None, secrets: tuple[str, ...] = ()) -> str:
    """What a failed row says happened, as it is stored and shown (progress views, exports):
    "Forbidden on sendMessage: bot was blocked by the user", "NetworkError on sendDocument:
    aiohttp.ClientConnectorError: Cannot connect to host api.telegram.org:443 ...",
    "unusable: document is not JSON: ...".

    An exception's text may carry the request URL, and with it the bot's token: a proxy that
    refuses the connection names it, an error page of a gateway can echo it, PTB quotes an
    unreadable answer whole. So whatever the words, the token (`secrets`) and anything shaped
    like one are masked as the logs mask them (bot.app.logsafe), and the text is cut short.
    """
    name, text = type(error).__name__, str(error).strip()
    if isinstance(error, UnusableRow):
        head = "unusable"
    else:
        head = f"{name} on {method}" if method else name
        if text.startswith(f"{name}: "):  # PTB words a 403 "Forbidden: bot was blocked..."
            text = text[len(name) + 2 :]
    text = redact(text, secrets) or "(no details)"
    if len(text) > MAX_REASON:
        text = text[: MAX_REASON - 1] + "…"
    return f"{head}: {text}"
