"""The dashboard under a real headless Chromium, opened the way Telegram opens a Mini App.

`dashboard` serves the dashboard on loopback over the test database (the demo association),
and opens pages in Debian's `chromium` through `chromium-driver` (selenium): with the
person's initData in the address's fragment (`#tgWebAppData=...`), so the page's own script
logs in as it would inside Telegram. Each opened page is saved as a PNG under
tests/artifacts/ (git-ignored) so a person can look at what each role saw.

Selenium blocks; the server runs on the test's event loop; so every browser call runs in a
thread (`asyncio.to_thread`).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote, urlencode

import aiohttp
import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from bot.app.settings import Settings
from bot.app.web import WebServer
from bot.web.initdata import sign
from bot.web.server import Dashboard
from storage.db import Database
from tests.fakes.paths import ROOT
from tests.fakes.rig import TOKEN

ARTIFACTS = ROOT / "tests" / "artifacts"
PHONE_WIDTH, PHONE_HEIGHT = 360, 780
THEME = {"bg_color": "#ffffff", "text_color": "#000000", "button_color": "#2481cc"}


def init_data(
    user_id: int, *, auth_date: int | None = None, token: str = TOKEN, language: str = "vi"
) -> str:
    """initData as Telegram would sign it for `user_id` (the raw query string)."""
    user = json.dumps({"id": user_id, "first_name": "Test", "language_code": language})
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": user,
        "auth_date": str(int(time.time()) if auth_date is None else auth_date),
    }
    fields["hash"] = sign(fields, token)
    return urlencode(fields, quote_via=quote)


def _browser_path(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: apt-get install -y chromium chromium-driver")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[webdriver.Chrome]:
    os.environ.setdefault("SE_AVOID_STATS", "true")  # selenium must not phone home
    options = webdriver.ChromeOptions()
    options.binary_location = _browser_path("chromium")
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={PHONE_WIDTH},{PHONE_HEIGHT}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(_browser_path("chromedriver")), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@dataclass
class Seen:
    """What a person saw: the HTTP status is not visible to the browser, the words are."""

    text: str
    url: str

    @property
    def flat(self) -> str:
        """The words on one line: how a page lays them out varies with its width."""
        return " ".join(self.text.split())


class ClockedDashboard(Dashboard):
    """The dashboard with its clock moved on by `skew`: a login replayed a day later."""

    skew = timedelta()

    def now(self) -> datetime:
        return super().now() + self.skew


@dataclass
class DashboardRig:
    base: str
    db: Database
    settings: Settings
    browser: webdriver.Chrome
    app: ClockedDashboard

    async def open(
        self, path: str, *, login: str | None = None, shot: str = "", fresh: bool = True
    ) -> Seen:
        """Open `path` as Telegram would, with `login` (initData) in the fragment; `fresh`
        forgets the previous person's cookie first."""
        return await asyncio.to_thread(self._open, path, login, shot, fresh)

    def _open(self, path: str, login: str | None, shot: str, fresh: bool) -> Seen:
        driver = self.browser
        if fresh:
            driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
            driver.get(self.base + "/healthz")
            driver.execute_script("window.sessionStorage.clear()")
        fragment = ""
        if login is not None:
            theme = quote(json.dumps(THEME))
            fragment = f"#tgWebAppData={quote(login)}&tgWebAppThemeParams={theme}"
        driver.get(self.base + path + fragment)
        if login is not None:
            self._wait_for_login()
        if shot:
            ARTIFACTS.mkdir(exist_ok=True)
            height = driver.execute_script("return document.body.scrollHeight")
            driver.set_window_size(PHONE_WIDTH, max(PHONE_HEIGHT, min(int(height) + 40, 4000)))
            driver.save_screenshot(str(ARTIFACTS / f"{shot}.png"))
            driver.set_window_size(PHONE_WIDTH, PHONE_HEIGHT)
        return Seen(driver.find_element(By.TAG_NAME, "main").text, driver.current_url)

    def _wait_for_login(self) -> None:
        """Until the page's script has logged in and reloaded, or shown why not."""
        self._wait_until(
            "return document.readyState === 'complete' && !window.hoibotPending"
            " && !document.body.dataset.relogin"
        )

    def _wait_until(self, script: str) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if self.browser.execute_script(script):
                    return
            except WebDriverException:  # the page is being replaced
                pass
            time.sleep(0.05)
        raise AssertionError(f"the page did not get there within 15 s: {script}")

    def press(self, element_id: str) -> Seen:
        """Press a button or link and wait for the page it leads to."""
        # A new document gets a new window object: the mark is gone once the next page is in.
        self.browser.execute_script("window.hoibotOldPage = true")
        self.browser.find_element(By.ID, element_id).click()
        self._wait_until("return !window.hoibotOldPage && document.readyState === 'complete'")
        return Seen(self.browser.find_element(By.TAG_NAME, "main").text, self.browser.current_url)

    async def click(self, element_id: str) -> Seen:
        return await asyncio.to_thread(self.press, element_id)

    async def post_form(self, path: str, form: dict[str, str]) -> int:
        """POST `form` as the browser's current person would, with their cookie; the status."""
        cookies = {c["name"]: c["value"] for c in self.browser.get_cookies()}
        async with (
            aiohttp.ClientSession(cookies=cookies) as client,
            client.post(self.base + path, data=form, allow_redirects=False) as response,
        ):
            return response.status


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def dashboard(demo_db: Database, browser: webdriver.Chrome) -> AsyncIterator[DashboardRig]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(
        token=TOKEN, database_url=demo_db.url, web_port=port, web_url=base, run_jobs=False
    )
    app = ClockedDashboard(demo_db, settings)
    server = WebServer(demo_db, mounts=[app.mount])
    await server.start("127.0.0.1", port)
    try:
        yield DashboardRig(base, demo_db, settings, browser, app)
    finally:
        await server.stop()
