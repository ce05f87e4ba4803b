"""initData validation as Telegram documents it (core.telegram.org/bots/webapps,
"Validating data received via the Mini App").

Telegram's page gives the algorithm but no example signed with a published token. The
community's Mini Apps documentation (docs.telegram-mini-apps.com, "Validating", of the
init-data packages) publishes one, with its token and hash: it is the first test. The others
compute the expected hash independently, step by step as Telegram's page words it, with
hashlib and hmac, not with the code under test.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.web.initdata import InitDataRefused, validate

TOKEN = "5768337691:AAH5YkoiEuPk8-FZa32hStHTqXiLPtAEhx8"
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
DAY = timedelta(hours=24)
USER = '{"id":279058397,"first_name":"Vladislav","last_name":"Kibenko","language_code":"ru"}'


def telegram_hash(fields: dict[str, str], token: str = TOKEN) -> str:
    """The documented steps: data_check_string is every field but hash, as key=value, sorted
    by key, joined by newlines; secret_key = HMAC_SHA256(<bot_token>, "WebAppData");
    hash = hex(HMAC_SHA256(data_check_string, secret_key))."""
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(key=b"WebAppData", msg=token.encode(), digestmod=hashlib.sha256).digest()
    return hmac.new(key=secret, msg=check.encode(), digestmod=hashlib.sha256).hexdigest()


def raw(fields: dict[str, str], hash_: str) -> str:
    """As the Telegram client puts it in the fragment: each value URL-encoded."""
    pairs = [*fields.items(), ("hash", hash_)]
    return "&".join(f"{k}={quote(v, safe='')}" for k, v in pairs)


def example(auth_date: datetime = NOW) -> dict[str, str]:
    return {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": USER,
        "auth_date": str(int(auth_date.timestamp())),
    }


PUBLISHED = (
    "query_id=AAHdF6IQAAAAAN0XohDhrOrc"
    "&user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Vladislav%22%2C%22last_name%22"
    "%3A%22Kibenko%22%2C%22username%22%3A%22vdkfrost%22%2C%22language_code%22%3A%22ru%22"
    "%2C%22is_premium%22%3Atrue%7D"
    "&auth_date=1662771648"
    "&hash=c501b71e775f74ce10e377dea85a7ea24ecd640b223ea86dfe453e0eaed2e2b2"
)


def test_the_published_example_is_valid_when_fresh_and_refused_a_day_later() -> None:
    signed_at = datetime.fromtimestamp(1662771648, UTC)
    login = validate(PUBLISHED, TOKEN, now=signed_at + timedelta(minutes=1), max_age=DAY)
    assert login.user_id == 279058397
    with pytest.raises(InitDataRefused):
        validate(PUBLISHED, TOKEN, now=signed_at + DAY + timedelta(seconds=1), max_age=DAY)
    with pytest.raises(InitDataRefused):
        validate(PUBLISHED.replace("vdkfrost", "vdkfrosT"), TOKEN, now=signed_at, max_age=DAY)


def test_initdata_signed_as_documented_names_its_user() -> None:
    fields = example()
    login = validate(raw(fields, telegram_hash(fields)), TOKEN, now=NOW, max_age=DAY)
    assert login.user_id == 279058397
    assert login.language == "ru"
    assert login.auth_date == NOW


def test_a_changed_field_is_refused() -> None:
    fields = example()
    signed = telegram_hash(fields)
    fields["user"] = fields["user"].replace("279058397", "279058398")
    with pytest.raises(InitDataRefused):
        validate(raw(fields, signed), TOKEN, now=NOW, max_age=DAY)


def test_another_bots_initdata_is_refused() -> None:
    fields = example()
    with pytest.raises(InitDataRefused):
        validate(raw(fields, telegram_hash(fields, "1:other")), TOKEN, now=NOW, max_age=DAY)


def test_an_old_login_is_refused_even_when_genuine() -> None:
    fields = example(NOW - DAY - timedelta(seconds=1))
    with pytest.raises(InitDataRefused):
        validate(raw(fields, telegram_hash(fields)), TOKEN, now=NOW, max_age=DAY)
    fields = example(NOW - DAY + timedelta(seconds=1))
    assert validate(raw(fields, telegram_hash(fields)), TOKEN, now=NOW, max_age=DAY)


def test_a_login_from_the_future_is_refused() -> None:
    fields = example(NOW + timedelta(hours=1))
    with pytest.raises(InitDataRefused):
        validate(raw(fields, telegram_hash(fields)), TOKEN, now=NOW, max_age=DAY)


def test_without_a_user_or_with_a_field_twice_is_refused() -> None:
    fields = {"auth_date": str(int(NOW.timestamp()))}
    with pytest.raises(InitDataRefused):
        validate(raw(fields, telegram_hash(fields)), TOKEN, now=NOW, max_age=DAY)
    fields = example()
    doubled = raw(fields, telegram_hash(fields)) + "&auth_date=1"
    with pytest.raises(InitDataRefused):
        validate(doubled, TOKEN, now=NOW, max_age=DAY)


@given(st.text(max_size=300))
def test_any_string_is_refused_or_read_never_crashes(text: str) -> None:
    try:
        validate(text, TOKEN, now=NOW, max_age=DAY)
    except InitDataRefused:
        return
    raise AssertionError("an unsigned string was taken")
