"""The installed wheel works on its own: data files, prompts and eval cases ship inside it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(out.glob("omniteam-*.whl"))


@pytest.mark.slow
def test_wheel_holds_the_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("assistant/knowledge/data/") and n.endswith(".yaml") for n in names)
    assert any(n.startswith("assistant/_data/prompts/") for n in names)
    assert any(n.startswith("assistant/_data/evals/cases/") for n in names)
    assert {
        "ui/texts.yaml",
        "ui/store_texts.yaml",
        "assistant/store/migrations/env.py",
        "assistant/store/migrations/versions/v0001_plans.py",
        "assistant/chat/chat_texts.yaml",
        "assistant/words/cues.yaml",
        "assistant/llm/prices.toml",
        "assistant/py.typed",
        "assistant/evals/applicability.yaml",
        "assistant/evals/report.html.j2",
    } <= set(names)


@pytest.mark.slow
def test_installed_wheel_plans_from_anywhere(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    script = (
        "import assistant, json; from assistant.resources import resource_dir; "
        "from assistant.planners import OfflinePlanner; from assistant.profile import build_profile; "
        "p = build_profile({'employees': 300, 'industry': 'moda', 'channels': 'sklepy, e-commerce', "
        "'challenge': 'silosy', 'language': 'pl'}); "
        "print(json.dumps([assistant.__file__, str(resource_dir('prompts')), "
        "any(resource_dir('evals/cases').iterdir()), OfflinePlanner().team_plan(p).language]))"
    )
    # The source tree must not be importable: run elsewhere, with the wheel's folder first.
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    module_file, prompts, has_cases, language = __import__("json").loads(result.stdout)
    assert module_file.startswith(str(site)) and prompts.startswith(str(site))
    assert has_cases and language == "pl"
