"""Application logs never carry the bot token or a phone number; nor do stored failure reasons
(bot/delivery/attempt.py), masked by the same `redact`.

Records are masked as they are made (`mask_records`), so every handler gets them clean
whoever logged them (python-telegram-bot quotes an unreadable answer whole, and a proxy's
error page can quote the URL, token included); the formatter masks what it writes again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)\d{8,10}(?!\d)")
# A bot token: its id, a colon and a long secret; after "bot" (as in every Bot API URL,
# …/bot<id>:<secret>/sendMessage) a secret of any length.
_TOKEN = re.compile(r"(?<!\d)\d{5,}:[A-Za-z0-9_-]{20,}|(?<=\bbot)\d+:[A-Za-z0-9_-]+")


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "<secret>")
    return _PHONE.sub("<phone>", _TOKEN.sub("<token>", text))


class RedactingFormatter(logging.Formatter):
    """Masks secrets in the whole formatted record, tracebacks included."""

    def __init__(self, fmt: str, secrets: tuple[str, ...] = ()) -> None:
        super().__init__(fmt)
        self.secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


def mask_records(secrets: tuple[str, ...] = ()) -> Callable[[], None]:
    """From now on every log record is made masked: its message, traceback and stack.
    Returns what puts the previous record factory back."""
    previous = logging.getLogRecordFactory()
    plain = logging.Formatter()

    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: logging reports it when the record is shown
            return record
        masked = redact(message, secrets)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info:
            # Formatters show exc_text when it is set, instead of formatting the traceback.
            record.exc_text = redact(plain.formatException(record.exc_info), secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, secrets)
        return record

    logging.setLogRecordFactory(make)
    return lambda: logging.setLogRecordFactory(previous)


def configure_logging(level: int = logging.INFO, secrets: tuple[str, ...] = ()) -> None:
    mask_records(secrets)
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL, and Telegram's URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
