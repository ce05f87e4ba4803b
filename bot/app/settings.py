"""Configuration read once from the environment, then a `.env` file, then defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from bot.text.i18n import N_, gettext

TELEGRAM_API_URL = "https://api.telegram.org/bot"
LOCALES = ("vi", "en")


class ConfigError(Exception):
    """A configuration value is missing or malformed; the message names the variable.

    The message is a gettext msgid with its fields: it is shown in the CLI's language.
    """

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message, self.params = message, params

    def __str__(self) -> str:
        return gettext(self.message).format(**self.params)


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment. The token is hidden from repr."""

    token: str = field(default="", repr=False)
    database_url: str = "sqlite+aiosqlite:///hoibot.sqlite3"
    # PostgreSQL: connections each process keeps, and so updates it handles at once.
    database_pool_size: int = 10
    telegram_api_url: str = TELEGRAM_API_URL
    telegram_file_url: str = ""
    webhook_url: str = ""
    webhook_secret: str = field(default="", repr=False)
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    # Where `hoibot worker` serves /healthz and /metrics (None: it serves nothing).
    metrics_port: int | None = None
    timezone: str = "Asia/Ho_Chi_Minh"
    default_locale: str = "vi"
    admin_chat_id: int | None = None
    auto_migrate: bool = True
    bot_username: str = ""
    run_jobs: bool = True
    # The delivery engine's pacing (0 lifts a limit), paid lane, retries and crash recovery.
    delivery_per_second: int = 30
    delivery_per_chat_per_second: int = 1
    delivery_per_group_per_minute: int = 20
    paid_broadcast: bool = False
    paid_per_second: int = 1000
    delivery_max_attempts: int = 5
    delivery_stuck_seconds: int = 60
    # Non-urgent sends that fall inside these local hours wait until they end; None: never.
    quiet_hours: tuple[time, time] | None = (time(21, 0), time(6, 0))
    directive_chase_days: int = 3
    # A draft left this many days with the bot waiting for an answer is given up.
    draft_days: int = 7
    # Schedule reminders: the evening before and the morning of an item with a fixed date.
    reminder_day_before: time | None = time(18, 0)
    reminder_morning: time | None = time(6, 30)
    # The office's dashboard (bot/web/): where it listens (None: not served by run/webhook),
    # its public address, and how old a Telegram login (initData) may be.
    web_port: int | None = None
    web_listen: str = "0.0.0.0"
    web_url: str = ""
    web_auth_max_age_hours: int = 24

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def file_url(self) -> str:
        if self.telegram_file_url:
            return self.telegram_file_url
        return self.telegram_api_url.removesuffix("/bot") + "/file/bot"

    @property
    def dashboard_url(self) -> str:
        """Where the dashboard's pages start ("" when HOIBOT_WEB_URL is not set)."""
        return f"{self.web_url}/app/" if self.web_url else ""

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError(
                N_(
                    "TELEGRAM_BOT_TOKEN is not set. Get a token from @BotFather and export "
                    "TELEGRAM_BOT_TOKEN=..., or try the bot offline with `hoibot try`."
                )
            )
        return self.token


def load_settings(env: dict[str, str] | None = None, env_file: Path | None = None) -> Settings:
    """Read settings; a malformed value fails here, naming its variable."""
    source: dict[str, str] = {}
    dotenv_path = env_file or Path(".env")
    if dotenv_path.is_file():
        source.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
    source.update(os.environ if env is None else env)

    def get(name: str, default: str = "") -> str:
        return source.get(name, default).strip()

    timezone = get("HOIBOT_TIMEZONE", "Asia/Ho_Chi_Minh")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            N_("HOIBOT_TIMEZONE: unknown time zone {value!r}"), value=timezone
        ) from exc
    locale = get("HOIBOT_DEFAULT_LOCALE", "vi")
    if locale not in LOCALES:
        raise ConfigError(
            N_("HOIBOT_DEFAULT_LOCALE: must be one of {choices}"), choices=", ".join(LOCALES)
        )
    webhook_url = get("HOIBOT_WEBHOOK_URL")
    if webhook_url and not webhook_url.startswith("https://"):
        raise ConfigError(N_("HOIBOT_WEBHOOK_URL: must start with https://"))
    web_url = _web_url(get("HOIBOT_WEB_URL"))
    return Settings(
        token=get("TELEGRAM_BOT_TOKEN"),
        database_url=get("HOIBOT_DATABASE_URL") or Settings.database_url,
        database_pool_size=_count(
            get("HOIBOT_DATABASE_POOL_SIZE", "10"), "HOIBOT_DATABASE_POOL_SIZE", least=1
        ),
        telegram_api_url=get("HOIBOT_TELEGRAM_API_URL") or TELEGRAM_API_URL,
        telegram_file_url=get("HOIBOT_TELEGRAM_FILE_URL"),
        webhook_url=webhook_url,
        webhook_secret=get("HOIBOT_WEBHOOK_SECRET"),
        webhook_listen=get("HOIBOT_WEBHOOK_LISTEN", "0.0.0.0"),
        webhook_port=_int(get("HOIBOT_WEBHOOK_PORT", "8443"), "HOIBOT_WEBHOOK_PORT"),
        metrics_port=_optional_int(get("HOIBOT_METRICS_PORT"), "HOIBOT_METRICS_PORT"),
        timezone=timezone,
        default_locale=locale,
        admin_chat_id=_optional_int(get("HOIBOT_ADMIN_CHAT_ID"), "HOIBOT_ADMIN_CHAT_ID"),
        auto_migrate=get("HOIBOT_AUTO_MIGRATE", "1") not in ("0", "false", "no"),
        bot_username=get("HOIBOT_BOT_USERNAME").lstrip("@"),
        run_jobs=get("HOIBOT_RUN_JOBS", "1") not in ("0", "false", "no"),
        delivery_per_second=_count(
            get("HOIBOT_DELIVERY_PER_SECOND", "30"), "HOIBOT_DELIVERY_PER_SECOND"
        ),
        delivery_per_chat_per_second=_count(
            get("HOIBOT_DELIVERY_PER_CHAT_PER_SECOND", "1"), "HOIBOT_DELIVERY_PER_CHAT_PER_SECOND"
        ),
        delivery_per_group_per_minute=_count(
            get("HOIBOT_DELIVERY_PER_GROUP_PER_MINUTE", "20"),
            "HOIBOT_DELIVERY_PER_GROUP_PER_MINUTE",
        ),
        paid_broadcast=get("HOIBOT_PAID_BROADCAST", "0") not in ("0", "false", "no"),
        paid_per_second=_count(get("HOIBOT_PAID_PER_SECOND", "1000"), "HOIBOT_PAID_PER_SECOND"),
        delivery_max_attempts=_count(
            get("HOIBOT_DELIVERY_MAX_ATTEMPTS", "5"), "HOIBOT_DELIVERY_MAX_ATTEMPTS", least=1
        ),
        delivery_stuck_seconds=_count(
            get("HOIBOT_DELIVERY_STUCK_SECONDS", "60"), "HOIBOT_DELIVERY_STUCK_SECONDS"
        ),
        quiet_hours=_quiet_hours(get("HOIBOT_QUIET_HOURS", "21:00-06:00")),
        directive_chase_days=_count(
            get("HOIBOT_DIRECTIVE_CHASE_DAYS", "3"), "HOIBOT_DIRECTIVE_CHASE_DAYS", least=1
        ),
        draft_days=_count(get("HOIBOT_DRAFT_DAYS", "7"), "HOIBOT_DRAFT_DAYS", least=1),
        reminder_day_before=_clock(
            get("HOIBOT_REMINDER_DAY_BEFORE", "18:00"), "HOIBOT_REMINDER_DAY_BEFORE"
        ),
        reminder_morning=_clock(get("HOIBOT_REMINDER_MORNING", "06:30"), "HOIBOT_REMINDER_MORNING"),
        web_port=_optional_int(get("HOIBOT_WEB_PORT"), "HOIBOT_WEB_PORT"),
        web_listen=get("HOIBOT_WEB_LISTEN", "0.0.0.0"),
        web_url=web_url,
        web_auth_max_age_hours=_count(
            get("HOIBOT_WEB_AUTH_MAX_AGE_HOURS", "24"), "HOIBOT_WEB_AUTH_MAX_AGE_HOURS", least=1
        ),
    )


def _web_url(value: str) -> str:
    """The dashboard's public address: https, or plain http on this machine only (a login
    cookie must never cross the network in clear)."""
    if not value:
        return ""
    parts = urlsplit(value)
    local = parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost")
    if not parts.hostname or not (parts.scheme == "https" or local):
        raise ConfigError(
            N_(
                "HOIBOT_WEB_URL: must start with https:// (plain http only for 127.0.0.1 or "
                "localhost); got {value!r}"
            ),
            value=value,
        )
    return value.rstrip("/")


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(
            N_("{name}: expected a whole number, got {value!r}"), name=name, value=value
        ) from exc


def _count(value: str, name: str, least: int = 0) -> int:
    number = _int(value, name)
    if number < least:
        raise ConfigError(
            N_("{name}: must be at least {least}, got {number}"),
            name=name,
            least=least,
            number=number,
        )
    return number


def _optional_int(value: str, name: str) -> int | None:
    return _int(value, name) if value else None


def _quiet_hours(value: str) -> tuple[time, time] | None:
    """ "21:00-06:00" → (21:00, 06:00); "off" or empty → no quiet hours."""
    if value.lower() in ("", "off", "0", "no", "none"):
        return None
    try:
        start, end = (time.fromisoformat(part.strip().zfill(5)) for part in value.split("-"))
    except ValueError as exc:
        raise ConfigError(
            N_("HOIBOT_QUIET_HOURS: expected two times like 21:00-06:00, or off; got {value!r}"),
            value=value,
        ) from exc
    if start == end:
        raise ConfigError(N_("HOIBOT_QUIET_HOURS: the start and the end must differ"))
    return start, end


def _clock(value: str, name: str) -> time | None:
    """A local time of day like 18:00; "off" (or empty) turns the reminder off."""
    if value.lower() in ("", "off", "0", "no", "false"):
        return None
    try:
        hour, minute = (int(part) for part in value.split(":"))
        return time(hour, minute)
    except ValueError as exc:
        raise ConfigError(
            N_("{name}: expected a time like 18:00, or off; got {value!r}"), name=name, value=value
        ) from exc
