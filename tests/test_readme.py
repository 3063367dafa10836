"""The README's "Using it" commands run as written, from a folder laid out like the repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def using_it_commands() -> list[str]:
    """The commands of the README's "Using it" block, continuation lines joined, comments cut."""
    section = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("## Using it", 1)[1]
    block = section.split("```bash\n", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    return [re.sub(r"\s+#.*$", "", line).strip() for line in block.splitlines() if line.strip()]


def test_the_block_is_found_and_every_command_calls_omniteam():
    commands = using_it_commands()
    assert len(commands) >= 10 and all(c.startswith(".venv/bin/omniteam ") for c in commands)


@pytest.mark.slow
def test_every_using_it_command_runs_as_written(tmp_path):
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "omniteam").symlink_to(Path(sys.executable).with_name("omniteam"))
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMNITEAM_", "OPENAI_"))}
    env["OMNITEAM_DATABASE_URL"] = f"sqlite:///{tmp_path / 'omniteam.db'}"
    failed = []
    for command in using_it_commands():
        if command.startswith(".venv/bin/omniteam ui"):
            continue  # a server until Ctrl+C: tests/test_ui_cli.py serves it and fetches the page
        done = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            failed.append(f"{command}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
    assert failed == []
    assert (tmp_path / "plan.docx").stat().st_size > 0 and (tmp_path / "plans" / "summary.csv").exists()
