"""Where the shipped data lives: inside the wheel, or at the repository root when developing."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder `name` ("prompts", "evals/cases"): packaged copy first, then the source tree."""
    packaged = _PACKAGE / "_data" / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name
