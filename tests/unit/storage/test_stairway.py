"""Every Alembic revision upgrades, downgrades and upgrades again (the stairway test)."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory

from storage.db import Database, alembic_config
from tests.conftest import database_url

REVISIONS = list(reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions())))


@pytest.mark.parametrize("revision", REVISIONS, ids=[r.revision for r in REVISIONS])
async def test_revision_upgrades_downgrades_and_upgrades_again(revision) -> None:  # type: ignore[no-untyped-def]
    db = Database(database_url())
    try:
        await db.drop_everything()
        await db.upgrade(revision.revision)
        await db.downgrade(revision.down_revision or "base")
        await db.upgrade(revision.revision)
        assert await db.current_revision() == revision.revision
    finally:
        # Leave the schema at head: on PostgreSQL the rest of the suite shares this database.
        await db.drop_everything()
        await db.upgrade()
        await db.dispose()
