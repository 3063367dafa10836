"""The installed wheel works on its own: data files, prompts and eval cases ship inside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from assistant.evals.cases import load_cases
from assistant.evals.chat_reading import load_openings

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


SHIPPED = {
    "prompts": "assistant/_data/prompts",
    "evals/cases": "assistant/_data/evals/cases",
    "evals/chat": "assistant/_data/evals/chat",
}


def _data_files() -> set[str]:
    """Where every data file of the source tree must be in the wheel: the packages' own non-Python
    files, and the prompts, eval cases and chat openings copied under assistant/_data."""
    found = {
        str(path.relative_to(ROOT))
        for package in ("assistant", "ui")
        for path in (ROOT / package).rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }
    for source, target in SHIPPED.items():
        found |= {f"{target}/{p.relative_to(ROOT / source)}" for p in (ROOT / source).rglob("*") if p.is_file()}
    return found


@pytest.mark.slow
def test_wheel_holds_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert sorted(_data_files() - names) == []
    assert {"assistant/_data/evals/chat/openings.yaml", "assistant/words/cues.yaml", "assistant/py.typed"} <= names


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
        "from assistant.evals.chat_reading import load_openings, read_opening; "
        "p = build_profile({'employees': 300, 'industry': 'moda', 'channels': 'sklepy, e-commerce', "
        "'challenge': 'silosy', 'language': 'pl'}); "
        "openings = load_openings(); "
        "print(json.dumps([assistant.__file__, str(resource_dir('prompts')), str(resource_dir('evals/chat')), "
        "OfflinePlanner().team_plan(p).language, len(openings), "
        "sum(all(read_opening(o).right.values()) for o in openings)]))"
    )
    # The source tree must not be importable: run elsewhere, with the wheel's folder first.
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    module_file, prompts, openings, language, count, read_right = json.loads(result.stdout)
    assert module_file.startswith(str(site)) and prompts.startswith(str(site)) and openings.startswith(str(site))
    assert language == "pl" and count == len(load_openings(ROOT / "evals" / "chat")) and read_right > count // 2
    # The eval gate from the installed wheel, on the shipped cases it carries.
    report = tmp_path / "eval.json"
    gate = [
        sys.executable,
        "-m",
        "assistant",
        "eval",
        "--planner",
        "offline",
        "--min-pass",
        "0.9",
        "--json",
        str(report),
    ]
    evaluated = subprocess.run(gate, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert evaluated.returncode == 0, evaluated.stderr
    assert len(json.loads(report.read_text())["cases"]) == len(load_cases(ROOT / "evals" / "cases"))
