"""The articles' method as typed bilingual data: one source of truth for every planner."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..resources import read_yaml
from .schema import ActionTemplate, ChallengeSpec, Knowledge, RiskTemplate, RoleSpec, SectorNames, SkillSpec, When

DATA_DIR = Path(__file__).parent / "data"

__all__ = [
    "ActionTemplate",
    "ChallengeSpec",
    "Knowledge",
    "RiskTemplate",
    "RoleSpec",
    "SectorNames",
    "SkillSpec",
    "When",
    "load_knowledge",
]


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    """Read and validate every YAML file of the knowledge base (once per process)."""
    merged: dict = {}
    for path in sorted(DATA_DIR.glob("*.yaml")):
        part = read_yaml(path)
        clash = merged.keys() & part.keys()
        if clash:
            raise ValueError(f"{path.name} repeats keys defined elsewhere: {sorted(clash)}")
        merged.update(part)
    return Knowledge.model_validate(merged)
