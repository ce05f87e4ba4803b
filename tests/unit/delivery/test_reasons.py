"""What a failed delivery says happened: kind, method, Telegram's words, never a token."""

from __future__ import annotations

import logging

from telegram.error import Forbidden, NetworkError, TimedOut

from bot.app.logsafe import mask_records
from bot.delivery.attempt import MAX_REASON, reason
from bot.delivery.calls import Part, UnusableRow, method_of

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_a_reason_names_the_kind_and_the_method() -> None:
    assert reason(Forbidden("Forbidden: bot was blocked by the user"), "sendMessage") == (
        "Forbidden on sendMessage: bot was blocked by the user"
    )
    assert reason(TimedOut(), "sendDocument") == "TimedOut on sendDocument: Timed out"
    assert reason(UnusableRow("document is not JSON"), None) == "unusable: document is not JSON"
    assert [method_of(Part("x")), method_of(Part("", {"file_id": "f"}))] == [
        "sendMessage",
        "sendDocument",
    ]
    assert method_of(Part("", {"file_id": "f", "type": "photo"})) == "sendPhoto"


def test_no_token_survives_whatever_the_words() -> None:
    url = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    said = reason(NetworkError(f"aiohttp.ClientHttpProxyError: 403, url='{url}'"), "sendMessage")
    assert TOKEN not in said and "AAHdq" not in said
    assert said.startswith("NetworkError on sendMessage: aiohttp.ClientHttpProxyError: 403")
    # The bot's own token, whatever its shape; and anything shaped like one in a URL.
    assert "TEST" not in reason(NetworkError("at 123456:TEST"), "getMe", secrets=("123456:TEST",))
    assert "s3cr3t" not in reason(NetworkError("GET http://x/bot42:s3cr3t/getMe"), "getMe")


def test_a_long_answer_is_cut_short() -> None:
    page = "<html>" + "x" * 5000 + "</html>"
    said = reason(NetworkError(f"Bad Gateway (502). Parsing {page} failed"), "sendMessage")
    assert len(said) <= len("NetworkError on sendMessage: ") + MAX_REASON
    assert said.endswith("…")


def test_log_records_are_masked_as_they_are_made() -> None:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger, keep = logging.getLogger("tests.unit.delivery.masked"), Keep()
    logger.addHandler(keep)
    logger.propagate = False
    restore = mask_records(("my-webhook-secret",))
    try:
        logger.warning("calling %s with my-webhook-secret", f"https://x/bot{TOKEN}/getMe")
        try:
            raise RuntimeError(f"failed for {TOKEN}")
        except RuntimeError:
            logger.exception("oops")
        logger.warning("nothing to hide in %s", "Hà Nội")
    finally:
        restore()
        logger.removeHandler(keep)
    shown = [logging.Formatter().format(record) for record in records]
    assert not any(TOKEN in text or "my-webhook-secret" in text for text in shown)
    assert "failed for <token>" in shown[1], "the traceback is kept, masked"
    assert records[2].args == ("Hà Nội",), "a record with nothing to mask is left as it was"
