"""The web server's answers, without a bot or a database: /healthz, /metrics, the webhook's
403 and 503, and a stopping process."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from types import SimpleNamespace
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from telegram import Update

from bot.app.metrics import SENDS, UPDATES
from bot.app.web import SECRET_HEADER, WebServer
from storage.db import head_revision

SECRET = "unit-Secret_1"
UPDATE = {
    "update_id": 41,
    "message": {
        "message_id": 1,
        "date": 0,
        "text": "/toi",
        "chat": {"id": 5, "type": "private"},
        "from": {"id": 5, "is_bot": False, "first_name": "Lan"},
    },
}


class FakeDatabase:
    """Answers with a schema revision, or not at all."""

    def __init__(self, revision: str | None = None, *, down: bool = False) -> None:
        self.revision, self.down = revision, down

    async def current_revision(self) -> str | None:
        if self.down:
            raise ConnectionRefusedError("the database does not answer")
        return self.revision

    def session(self) -> Any:
        raise ConnectionRefusedError("the database does not answer")


class FakeApplication:
    """What the webhook needs of the Application: the secret, and handling an update."""

    def __init__(self, *, database_down: bool = False) -> None:
        self.bot = None
        self.bot_data = SimpleNamespace(settings=SimpleNamespace(webhook_secret=SECRET))
        self.update_processor = self
        self.database_down = database_down
        self.handled: list[int] = []

    async def process_update(self, update: Update, coroutine: Awaitable[None] | None = None) -> Any:
        if coroutine is not None:  # the processor's call, around the application's
            return await coroutine
        if self.database_down:
            raise ConnectionRefusedError("the database does not answer")
        self.handled.append(update.update_id)
        return None


Client = Callable[[WebServer], Awaitable[TestClient[Any, Any]]]


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    clients: list[TestClient[Any, Any]] = []

    async def start(server: WebServer) -> TestClient[Any, Any]:
        started: TestClient[Any, Any] = TestClient(TestServer(server.app()))
        await started.start_server()
        clients.append(started)
        return started

    yield start
    for started in clients:
        await started.close()


async def health(client: Client, db: FakeDatabase) -> int:
    answer = await (await client(WebServer(db))).get("/healthz")  # type: ignore[arg-type]
    return answer.status


async def test_health_is_200_only_when_the_database_answers_with_the_current_schema(
    client: Client,
) -> None:
    assert await health(client, FakeDatabase(head_revision())) == 200
    assert await health(client, FakeDatabase(down=True)) == 503
    assert await health(client, FakeDatabase("0001")) == 503, "schema behind the code"
    assert await health(client, FakeDatabase(None)) == 503, "no schema at all"
    assert await health(client, FakeDatabase("0999_next")) == 200, "upgraded for a newer release"


async def test_metrics_name_updates_latency_sends_outbox_pace_and_leader(client: Client) -> None:
    UPDATES.labels(kind="command", outcome="ok").inc()
    SENDS.labels(result="429").inc()
    server = WebServer(FakeDatabase(head_revision()))  # type: ignore[arg-type]
    answer = await (await client(server)).get("/metrics")
    assert answer.status == 200, "the counters are served even when the outbox cannot be counted"
    assert answer.headers["Content-Type"].startswith("text/plain; version=")
    text = await answer.text()
    for name in (
        'hoibot_updates_total{kind="command",outcome="ok"}',
        "hoibot_update_seconds_bucket{le=",
        'hoibot_sends_total{result="429"}',
        "hoibot_outbox_rows",
        "hoibot_send_pace ",
        "hoibot_sender_leader ",
        "hoibot_process_info{host=",
    ):
        assert name in text, name


async def post(client: Client, application: FakeApplication, headers: dict[str, str]) -> int:
    server = WebServer(FakeDatabase(head_revision()), application, "hook")  # type: ignore[arg-type]
    answer = await (await client(server)).post("/hook", json=UPDATE, headers=headers)
    return answer.status


async def test_the_webhook_refuses_a_missing_or_wrong_secret_with_403(client: Client) -> None:
    application = FakeApplication()
    assert await post(client, application, {}) == 403
    assert await post(client, application, {SECRET_HEADER: "guess"}) == 403
    assert await post(client, application, {SECRET_HEADER: SECRET.upper()}) == 403
    assert application.handled == [], "nothing forged was handled"
    assert await post(client, application, {SECRET_HEADER: SECRET}) == 200
    assert application.handled == [41]


async def test_the_webhook_answers_503_while_the_database_is_down(client: Client) -> None:
    application = FakeApplication(database_down=True)
    assert await post(client, application, {SECRET_HEADER: SECRET}) == 503, "sent again later"


async def test_a_stopping_server_answers_503_to_updates_and_to_health_checks(
    client: Client,
) -> None:
    application = FakeApplication()
    server = WebServer(FakeDatabase(head_revision()), application, "hook")  # type: ignore[arg-type]
    started = await client(server)
    await server.stop_taking(grace=0.1)
    update = await started.post("/hook", json=UPDATE, headers={SECRET_HEADER: SECRET})
    assert (update.status, (await started.get("/healthz")).status) == (503, 503)
    assert application.handled == []
