"""Revision 0007 carries what members were in the middle of into `waits`, and back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from storage.db import Database
from tests.conftest import database_url

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


async def test_open_questions_and_drafts_become_waits_and_come_back() -> None:
    db = Database(database_url())
    try:
        await db.drop_everything()
        await db.upgrade("0006")
        async with db.engine.begin() as conn:
            for member_id in (1, 2, 3):
                await conn.execute(
                    text("INSERT INTO members (id, name, reachable) VALUES (:id, :name, :yes)"),
                    {"id": member_id, "name": f"Hội viên {member_id}", "yes": True},
                )
            await conn.execute(
                text("INSERT INTO prompts VALUES (1, 'directive.number', 41, :at)"),
                {"at": NOW},
            )
            drafts = [
                ("schedule_drafts", "kind, step, payload", "'add', 'period', '{}'", 2, NOW),
                ("figure_drafts", "step, data", "'ask', '{}'", 3, NOW - timedelta(hours=1)),
                # Older than member 1's question: the question is what they did last.
                ("figure_drafts", "step, data", "'ask', '{}'", 1, NOW - timedelta(days=1)),
            ]
            for table, columns, values, member_id, at in drafts:
                await conn.execute(
                    text(
                        f"INSERT INTO {table} (member_id, {columns}, updated_at) "
                        f"VALUES (:member, {values}, :at)"
                    ),
                    {"member": member_id, "at": at},
                )
        await db.upgrade("0007")
        async with db.engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT member_id, feature, step, draft_id FROM waits ORDER BY member_id")
            )
            waits = [tuple(row) for row in rows]
        assert [w[:3] for w in waits] == [
            (1, "directive", "number"),
            (2, "schedule", "period"),
            (3, "figures", "ask"),
        ]
        assert waits[0][3] == 41

        await db.downgrade("0006")
        async with db.engine.connect() as conn:
            back = [tuple(r) for r in await conn.execute(text("SELECT * FROM prompts"))]
        assert [row[:3] for row in back] == [(1, "directive.number", 41)]
    finally:
        await db.drop_everything()
        await db.upgrade()
        await db.dispose()
