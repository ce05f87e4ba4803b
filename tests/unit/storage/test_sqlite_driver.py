"""SQLite through the one-trip driver: what SQLAlchemy reads back is what was written."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from storage.db import Database


async def test_statements_read_write_and_roll_back(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'driver.sqlite3'}")
    try:
        async with db.engine.begin() as conn:
            await conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
            many = await conn.execute(
                text("INSERT INTO notes (body) VALUES (:body)"), [{"body": "một"}, {"body": "hai"}]
            )
            assert many.rowcount == 2
            one = await conn.execute(text("INSERT INTO notes (body) VALUES ('ba')"))
            assert one.lastrowid == 3
        async with db.engine.connect() as conn:
            await conn.execute(text("DELETE FROM notes"))
            await conn.rollback()  # the delete is undone
            await conn.commit()  # nothing open: nothing happens
            rows = (await conn.execute(text("SELECT id, body FROM notes ORDER BY id"))).all()
            assert [tuple(row) for row in rows] == [(1, "một"), (2, "hai"), (3, "ba")]
            streamed = await conn.stream(text("SELECT body FROM notes ORDER BY id"))
            batches = [[row.body for row in batch] async for batch in streamed.partitions(2)]
            assert batches == [["một", "hai"], ["ba"]]
    finally:
        await db.dispose()
