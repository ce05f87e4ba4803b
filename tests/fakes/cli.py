"""The operator's `hoibot` command run as a real process (`python -m bot.cli`) against the
test database, in a folder of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from storage.db import Database


class Hoibot:
    def __init__(self, db: Database, folder: Path) -> None:
        self.folder = folder
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("HOIBOT_", "TELEGRAM_"))
        }
        self.env.update({"HOIBOT_DATABASE_URL": db.url, "HOIBOT_BOT_USERNAME": "hoibot_test_bot"})

    def __call__(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            cwd=self.folder,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def file(self, name: str, text: str) -> str:
        """A UTF-8 file in the command's folder; its name, to pass as an argument."""
        (self.folder / name).write_text(text, encoding="utf-8")
        return name

    def raw_file(self, name: str, content: bytes) -> str:
        """A file of exactly these bytes (another encoding, or no text at all)."""
        (self.folder / name).write_bytes(content)
        return name
