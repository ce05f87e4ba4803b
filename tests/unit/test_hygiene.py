"""A test run leaves nothing behind and says nothing but its result."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.fakes.paths import ROOT


def test_a_run_leaves_no_database_folder_and_prints_only_its_summary(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/unit/storage/test_stairway.py",
            "tests/e2e/people/test_join.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list(tmp_path.glob("hoibot-test-*")), "the SQLite test database was left behind"
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines[-1].split(" in ")[0].endswith("passed"), lines[-1]
    assert "warning" not in result.stdout.lower(), result.stdout
    assert all(set(line.split("[")[0].strip()) <= {"."} for line in lines[:-1]), lines
