"""`hoibot db`: the schema (`upgrade`, `current`) and a copy of the data (`backup FILE`).

SQLite is copied with SQLite's online backup API, safe while the bot runs: the copy is one
consistent moment of the database, and the bot's writes go on meanwhile (WAL). PostgreSQL
is copied by pg_dump (its custom format, for pg_restore) when it is installed; otherwise the
command says how.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import URL, make_url

from bot.app.settings import Settings
from bot.text.i18n import _
from storage.db import Database


def add_commands(commands: Any) -> None:
    db = commands.add_parser("db", help=_("database: schema and backups"))
    actions = db.add_subparsers(dest="action", required=True)
    upgrade = actions.add_parser("upgrade", help=_("bring the schema up to date"))
    upgrade.set_defaults(handler=upgrade_schema)
    current = actions.add_parser("current", help=_("show the schema's revision"))
    current.set_defaults(handler=show_revision)
    backup = actions.add_parser(
        "backup", help=_("copy the database to a file, safely while the bot runs")
    )
    backup.add_argument("file", help=_("where to write the copy"))
    backup.set_defaults(handler=back_up)


async def upgrade_schema(_settings: Settings, db: Database, _args: argparse.Namespace) -> int:
    await db.upgrade()
    return await show_revision(_settings, db, _args)


async def show_revision(_settings: Settings, db: Database, _args: argparse.Namespace) -> int:
    print(_("Schema revision: {revision}").format(revision=await db.current_revision()))
    return 0


async def back_up(_settings: Settings, db: Database, args: argparse.Namespace) -> int:
    target = Path(args.file).resolve()
    url = make_url(db.url)
    if db.is_sqlite:
        source = Path(url.database or "").resolve()
        if not url.database or url.database == ":memory:" or not source.exists():
            print(_("There is no SQLite file to copy: {url}").format(url=db.url))
            return 1
        if target == source:
            print(_("The copy cannot replace the database itself."))
            return 1
        await asyncio.to_thread(copy_sqlite, source, target)
    elif shutil.which("pg_dump") is None:
        print(
            _(
                "pg_dump is not installed here. Install the PostgreSQL client (Debian: "
                "apt-get install postgresql-client, the server's version or newer), then run "
                "this again, or on the database server: pg_dump --format=custom --file={file} "
                "{database}"
            ).format(file=target, database=url.database)
        )
        return 1
    elif not await dump_postgresql(url, target):
        return 1
    size = target.stat().st_size / 1024 / 1024
    print(_("Backup written: {file} ({size:.1f} MB)").format(file=target, size=size))
    return 0


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy with SQLite's backup API into a file beside the target, then move it into place:
    an interrupted copy never leaves a half file under the target's name."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    live = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    with closing(live), closing(sqlite3.connect(partial)) as copy:
        live.backup(copy)  # all pages in one step: one consistent moment
        copy.execute("PRAGMA journal_mode=DELETE")  # one file, nothing beside it
    os.replace(partial, target)


async def dump_postgresql(url: URL, target: Path) -> bool:
    """Run pg_dump; the password goes in its environment, never on its command line."""
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[variable] = str(value)
    process = await asyncio.create_subprocess_exec(
        "pg_dump", "--format=custom", "--no-owner", f"--file={target}",
        env=env, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _out, error = await process.communicate()
    if process.returncode != 0:
        print(_("pg_dump failed: {error}").format(error=error.decode(errors="replace").strip()))
        return False
    return True
