"""The dashboard's settings fail loudly, naming the variable."""

from __future__ import annotations

import pytest

from bot.app.settings import ConfigError, load_settings


def test_the_dashboard_address_must_be_https_or_this_machine() -> None:
    for url in ("http://hoi.example.org", "ftp://x", "hoi.example.org"):
        with pytest.raises(ConfigError, match="HOIBOT_WEB_URL"):
            load_settings({"HOIBOT_WEB_URL": url})
    local = load_settings({"HOIBOT_WEB_URL": "http://127.0.0.1:8080/", "HOIBOT_WEB_PORT": "8080"})
    assert local.dashboard_url == "http://127.0.0.1:8080/app/"
    assert local.web_port == 8080
    assert load_settings({"HOIBOT_WEB_URL": "https://hoi.example.org"}).web_url


def test_a_login_age_below_an_hour_is_refused() -> None:
    with pytest.raises(ConfigError, match="HOIBOT_WEB_AUTH_MAX_AGE_HOURS"):
        load_settings({"HOIBOT_WEB_AUTH_MAX_AGE_HOURS": "0"})
