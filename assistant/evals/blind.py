"""Scores of the reader on blind chat openings: messages written by people who never read the code.

`evals/chat/blind.yaml` holds two lists, `dev` (to look at and tune on) and `heldout` (run only to
report figures). Each opening states what a consultant reads in it: the firm's own channels and
their counts, its markets and partners, the problems (first the main one), the process that
breaks and its objects, what is already in place, the client's own question, the goal, and which
facts are missing (`must_ask`). The reader is scored on each, and on the questions it would ask:
none on a complete opening, every missing fact on an incomplete one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..words.text import fold


class ExpectedGoal(BaseModel):
    """The goal as a consultant reads it."""

    model_config = ConfigDict(extra="forbid")

    metric: str | None = None
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None
    due: str | None = None


class Expected(BaseModel):
    """What a blind opening states."""

    model_config = ConfigDict(extra="forbid")

    language: str
    employees: int | None = None
    sector: str | None = None
    channels: list[str] | None = None
    counts: dict[str, int] = Field(default_factory=dict)
    outlet_word: str | None = None
    markets: list[str] = Field(default_factory=list)
    partners: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)
    process: str | None = None
    objects: list[str] = Field(default_factory=list)
    in_place: list[str] = Field(default_factory=list)
    question: str | None = None
    goal: ExpectedGoal | None = None
    must_ask: list[str] = Field(default_factory=list)


class BlindOpening(BaseModel):
    """One blind opening and its reading."""

    model_config = ConfigDict(extra="forbid")

    id: str
    message: str
    expect: Expected


def load_blind(split: str, path: Path | str | None = None) -> list[BlindOpening]:
    """The openings of one split ("dev" or "heldout") of the blind set."""
    from ..resources import read_yaml, resource_dir

    data = read_yaml(Path(path) if path else resource_dir("evals/chat") / "blind.yaml")
    return [BlindOpening.model_validate(item) for item in data[split]]


@dataclass
class Read:
    """What a reader made of one opening, in the blind set's terms."""

    channels: list[str] = field(default_factory=list)
    other_channels: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    outlet_word: str | None = None
    markets: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    process: str | None = None
    objects: list[str] = field(default_factory=list)
    in_place: list[str] = field(default_factory=list)
    question: str | None = None
    goal: dict[str, Any] | None = None
    asks: list[str] = field(default_factory=list)


def _same_text(got: str | None, want: str | None) -> bool:
    """Two phrases are the same when one holds the other, folded ("prowizje" in "problem to prowizje")."""
    if not got or not want:
        return got is None and want is None
    a, b = fold(got), fold(want)
    return a in b or b in a


def _any_overlap(got: list[str], want: list[str]) -> bool:
    return bool(want) and any(_same_text(g, w) for g in got for w in want)


def score_one(opening: BlindOpening, read: Read) -> dict[str, bool | None]:
    """Each metric for one opening: True, False, or None where the metric does not apply."""
    e = opening.expect
    markets = {fold(m) for m in e.markets}
    complete = not e.must_ask
    return {
        "problem": (not read.problems) if not e.problems else read.problems[:1] == e.problems[:1],
        "both_problems": set(e.problems) <= set(read.problems) if len(e.problems) > 1 else None,
        "process": read.process == e.process,
        "channels": set(read.channels) == set(e.channels or []),
        "country_not_channel": not any(fold(c) in markets for c in read.other_channels) if markets else None,
        "markets": {fold(m) for m in read.markets} == markets,
        "partners": set(read.partners) == set(e.partners),
        "counts": {k: v for k, v in read.counts.items() if k in (e.channels or [])} == e.counts,
        "outlet_word": _same_text(read.outlet_word, e.outlet_word) if e.outlet_word else None,
        "objects": _any_overlap(read.objects, e.objects) if e.objects else None,
        "in_place": _any_overlap(read.in_place, e.in_place) if e.in_place else not read.in_place,
        "question": _same_text(read.question, e.question),
        "goal": _goal_right(read.goal, e.goal),
        "no_needless_question": not read.asks if complete else None,
        "asks_when_missing": set(e.must_ask) <= set(read.asks) if not complete else None,
    }


def _goal_right(got: dict[str, Any] | None, want: ExpectedGoal | None) -> bool:
    """A goal is read right when its target and baseline match (none read where none is given)."""
    if want is None:
        return got is None
    return got is not None and got.get("target") == want.target and got.get("baseline") == want.baseline


METRICS = (
    "problem",
    "both_problems",
    "process",
    "channels",
    "country_not_channel",
    "markets",
    "partners",
    "counts",
    "outlet_word",
    "objects",
    "in_place",
    "question",
    "goal",
    "no_needless_question",
    "asks_when_missing",
)


def score(openings: list[BlindOpening], reader: Callable[[str], Read]) -> tuple[dict[str, float], list[str]]:
    """Every metric's share over the openings where it applies, and a line per miss."""
    results = [(o, score_one(o, reader(o.message))) for o in openings]
    shares = {}
    for name in METRICS:
        flags = [bool(r[name]) for _, r in results if r[name] is not None]
        shares[name] = sum(flags) / len(flags) if flags else 1.0
    misses = [f"{o.id}: {[k for k, v in r.items() if v is False]}" for o, r in results if False in r.values()]
    return shares, misses


def read_with(mode: str) -> Callable[[str], Read]:
    """A reader of openings as the chat reads a first message, with the diagnosis read in `mode`."""
    from ..chat.extract import extract, missing_fields
    from ..knowledge import load_knowledge
    from ..reading.diagnosis import diagnose

    ask = {"employees": "employees", "industry": "sector", "channels": "channels", "challenge": "problem"}

    def read(message: str) -> Read:
        found = extract(message)
        d = diagnose(message, load_knowledge(), mode)  # type: ignore[arg-type]
        known = {**found.fields, "channels": found.add_channels, "challenge": d.problems or d.process}
        return Read(
            channels=[c.value for c in found.add_channels],
            counts=d.counts,
            outlet_word=d.outlet_word,
            markets=d.markets,
            partners=d.partners,
            problems=[p.key for p in d.problems],
            process=d.process.key.value if d.process else None,
            objects=d.process.objects if d.process else [],
            in_place=d.in_place,
            question=d.question,
            goal=d.goal.model_dump() if d.goal else None,
            asks=[ask[f] for f in missing_fields(known)],
        )

    return read
