"""Where the shipped data lives: inside the wheel, or at the repository root when developing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def read_yaml(path: Path) -> Any:
    """A shipped YAML file, parsed with libyaml's C loader when PyYAML has it (ten times faster)."""
    import yaml

    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def resource_dir(name: str) -> Path:
    """The folder `name` ("prompts", "evals/cases"): packaged copy first, then the source tree."""
    packaged = _PACKAGE / "_data" / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name
