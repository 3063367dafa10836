"""The company's `Diagnosis`, for the planner and the brief: the reader's, with the profile's goal.

One small module in front of the reader (`assistant.reading.diagnosis`): it reads the challenge
once per text (the same text reads the same), adds what the reader leaves to the profile (the
quarter's goal, never invented, with its numbers where the client wrote them: "from 21 to 10
days by end of Q3", "z 6 do 4 tygodni do końca Q1"), says what the plan assumes where the reading
is unsure, and gives the planner the diagnosis's problems as the findings its rules work on.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..diagnosis import Diagnosis, Goal
from ..knowledge import Knowledge, load_knowledge
from ..profile import CompanyProfile
from ..reading.challenges import Finding
from ..reading.diagnosis import diagnose as read_diagnosis
from ..terms import Language
from ..words.phrasebook import Phrasebook
from ..words.text import clean_phrase

say = Phrasebook(Path(__file__).with_name("diagnosed_texts.yaml"))

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_UNIT = r"(%|(?:working\s+|business\s+)?[^\W\d]+(?:\s+roboczych)?)?"
_FROM_TO = re.compile(
    rf"\s(?:from|z|ze|od)\s+(?:ok\.\s*|about\s+|~\s*)?{_NUMBER}\s*{_UNIT}\s+"
    rf"(?:to|do|na)\s+(?:ok\.\s*|about\s+|~\s*)?{_NUMBER}\s*{_UNIT}(?=[\s,.;]|$)",
    re.I,
)
_DUE = re.compile(
    r"\b(?:by|until|before)\s+((?:the\s+)?(?:end\s+of\s+)?(?:Q[1-4]|quarter|[A-Z][a-z]+(?:\s+\d{4})?|\d{4}))"
    r"|\b((?:do|przed)\s+(?:końca\s+)?(?:Q[1-4]|[IV]+\s+kwarta\w+|kwarta\w+|\w+\s+\d{4}|[a-ząćęłńóśźż]+))",
    re.I,
)
_UNITS = {"procent": "%", "percent": "%", "pp": "pp"}


@lru_cache(maxsize=2048)
def _shipped(text: str) -> Diagnosis:
    return _read(text, load_knowledge())


def _read(text: str, kb: Knowledge) -> Diagnosis:
    return read_diagnosis(text, kb)


def read_goal(text: str) -> Goal:
    """The goal as a measurable target: the whole clause, and its metric, numbers, unit and date where given."""
    whole = clean_phrase(text)
    found = _FROM_TO.search(f" {whole}")
    dated = _DUE.search(whole[found.end() - 1 :] if found else whole)
    due = (dated.group(1) or dated.group(2)) if dated else None
    if found is None:
        return Goal(text=whole, due=due)
    low, unit_a, high, unit_b = found.groups()
    unit = (unit_b or unit_a or "").strip()
    return Goal(
        text=whole,
        metric=clean_phrase(whole[: found.start() - 1]) or whole,
        baseline=float(low.replace(",", ".")),
        target=float(high.replace(",", ".")),
        unit=_UNITS.get(unit.lower(), unit) or None,
        due=due,
    )


def diagnose(profile: CompanyProfile, kb: Knowledge) -> Diagnosis:
    """What breaks at this company: the reader's diagnosis of its challenge, with its quarterly goal."""
    read = _shipped(profile.challenge) if kb is load_knowledge() else _read(profile.challenge, kb)
    goal = read_goal(profile.quarterly_goal) if profile.quarterly_goal else None
    return read.model_copy(
        update={"goal": read.goal or goal, "assumptions": read.assumptions + assumed(read, kb, profile.language)}
    )


def assumed(read: Diagnosis, kb: Knowledge, lang: Language) -> list[str]:
    """What the plan assumes when the reading is unsure: the top reading, in the client's words; none when sure."""
    if read.confident:
        return []
    if read.problems:
        top = read.problems[0]
        reading, words = kb.challenge(top.key).name(lang).lower(), top.evidence
    elif read.process:
        reading = next(p for p in kb.processes if p.key == read.process.key).name(lang)
        words = read.process.evidence
    else:
        return []
    return [say("assume_reading", lang, reading=reading, words=words)]


def findings(diagnosis: Diagnosis, kb: Knowledge) -> list[Finding]:
    """The diagnosis's problems as the findings the planner's rules work on, strongest first, in the client's words."""
    known = {c.key for c in kb.challenges}
    return [
        Finding(spec=kb.challenge(p.key), count=2, first=i, words=(p.evidence,), sentences=(p.evidence,))
        for i, p in enumerate(diagnosis.problems)
        if p.key in known and p.key != "none"
    ]
