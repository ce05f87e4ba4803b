"""Settings and log redaction."""

from __future__ import annotations

import logging

import pytest

from bot.app.logsafe import RedactingFormatter, redact
from bot.app.settings import ConfigError, load_settings


def test_settings_name_the_bad_variable() -> None:
    with pytest.raises(ConfigError, match="HOIBOT_TIMEZONE"):
        load_settings({"HOIBOT_TIMEZONE": "Mars/Base"})
    with pytest.raises(ConfigError, match="HOIBOT_WEBHOOK_PORT"):
        load_settings({"HOIBOT_WEBHOOK_PORT": "eighty"})
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        load_settings({}).require_token()
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "123456:SECRET-TOKEN-VALUE-abcdefghij"})
    assert "SECRET" not in repr(settings)


def test_logs_never_show_token_or_phone() -> None:
    token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
    assert token not in redact(f"POST https://api.telegram.org/bot{token}/getMe")
    assert "0961071956" not in redact("contact 0961071956 shared")
    assert "+84961071956" not in redact("contact +84961071956 shared")
    formatter = RedactingFormatter("%(message)s", secrets=("my-webhook-secret",))
    try:
        raise RuntimeError(f"failed for {token} with my-webhook-secret")
    except RuntimeError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "oops", None, None)
        import sys

        record.exc_info = sys.exc_info()
    output = formatter.format(record)
    assert token not in output and "my-webhook-secret" not in output
