"""Scores of the chat's reading of first messages: per field, and the questions it would ask.

Cases live in `evals/chat/*.yaml`: a manager's opening message and what it states (language,
head count, sector, channels, challenges; null where a fact is missing or vague). The chat
reads each message as it would in a conversation, and every field is scored: read right, read
when it should have asked (a guess), and asked although it was given (a needless question).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..chat.extract import Extraction, extract, missing_fields
from ..reading.challenges import read_challenges
from ..resources import resource_dir
from ..words.text import fold
from ..words.vocab import ALL_CHANNELS, Sector, match_sector

FIELDS = ("employees", "industry", "channels", "challenge")


class Expected(BaseModel):
    """What an opening message states."""

    model_config = ConfigDict(extra="forbid")

    language: str
    employees: int | None = None
    sector: Sector | None = None
    industry: str | None = Field(None, description="A lowercase substring of the industry, with sector other.")
    channels: list[str] | None = None
    all_channels: bool = False
    challenges: list[str] = Field(default_factory=list)


class Opening(BaseModel):
    """One chat opening and its expected reading."""

    model_config = ConfigDict(extra="forbid")

    id: str
    message: str
    expect: Expected


def load_openings(directory: Path | str | None = None) -> list[Opening]:
    """Every opening in the YAML files of `directory` (default: the shipped `evals/chat`)."""
    import yaml

    folder = Path(directory) if directory else resource_dir("evals/chat")
    return [
        Opening.model_validate(item)
        for path in sorted(folder.glob("*.yaml"))
        if path.stem != "blind"  # the blind set has its own loader (assistant.evals.blind)
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []
    ]


@dataclass
class Reading:
    """How one opening was read: each field right or wrong, and the questions the chat would ask."""

    opening: Opening
    found: Extraction
    right: dict[str, bool] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    @property
    def needless(self) -> list[str]:
        """Questions about facts the message gave."""
        return [name for name in self.asked if self._given(name)]

    @property
    def unasked(self) -> list[str]:
        """Missing or vague facts the chat did not ask about (it guessed instead)."""
        return [name for name in FIELDS if not self._given(name) and name not in self.asked]

    def _given(self, name: str) -> bool:
        e = self.opening.expect
        return {
            "employees": e.employees is not None,
            "industry": e.sector is not None,
            "channels": e.channels is not None or e.all_channels,
            "challenge": bool(e.challenges),
        }[name]


def read_opening(opening: Opening) -> Reading:
    """Read one opening as the chat does on a first message, and score it."""
    found = extract(opening.message)
    e = opening.expect
    known = {**found.fields, "channels": found.add_channels}
    reading = Reading(opening, found, asked=missing_fields(known))
    industry = found.fields.get("industry")
    sector = match_sector(industry) if industry else None
    read = [f.key for f in read_challenges(found.fields.get("challenge") or "")]
    channels = {c.value for c in found.add_channels}
    reading.right = {
        "language": (found.language or "en") == e.language,  # a message without a language gets English
        "employees": found.fields.get("employees") == e.employees,
        "industry": (sector is None)
        if e.sector is None
        else (sector == e.sector and (not e.industry or fold(e.industry) in fold(industry or ""))),
        "channels": (channels == {c.value for c in ALL_CHANNELS})
        if e.all_channels
        else (not channels if e.channels is None else channels == set(e.channels)),
        "challenge": (not found.fields.get("challenge"))
        if not e.challenges
        else bool(read) and read[0] == e.challenges[0],
        "both": set(e.challenges) <= set(read) if len(e.challenges) > 1 else True,
    }
    return reading


def score(readings: list[Reading]) -> dict[str, Any]:
    """Per-field accuracy, both problems found, needless questions and guesses, over all readings."""

    def share(flags: list[bool]) -> float:
        return sum(flags) / len(flags) if flags else 1.0

    two = [r for r in readings if len(r.opening.expect.challenges) > 1]
    return {
        "cases": len(readings),
        **{
            name: share([r.right[name] for r in readings])
            for name in ("language", "employees", "industry", "channels", "challenge")
        },
        "both_problems": share([r.right["both"] for r in two]),
        "needless_questions": sum(bool(r.needless) for r in readings),
        "asked_when_missing": share([not r.unasked for r in readings]),
    }
