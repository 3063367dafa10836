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
_UNIT = r"(%|(?:a|an|per|na)\s+[^\W\d]+|(?:working\s+|business\s+)?[^\W\d]+(?:\s+roboczych)?)?"
_ABOUT = r"(?:ok\.\s*|about\s+|~\s*)?"
_FROM_TO = re.compile(
    rf"\s(?:from|z|ze|od)\s+{_ABOUT}{_NUMBER}\s*{_UNIT}\s+(?:to|do|na)\s+{_ABOUT}{_NUMBER}\s*{_UNIT}(?=[\s,.;]|$)",
    re.I,
)
# "within 1 day instead of 3 days", "w 1 dzień zamiast 3 dni": the target first, then today's value
_INSTEAD = re.compile(
    rf"\s(?:within|in|under|below|to|w|do|poniżej|w\s+ciągu)?\s*{_NUMBER}\s*{_UNIT}\s+"
    rf"(?:instead\s+of|rather\s+than|zamiast|a\s+nie)\s+{_ABOUT}{_NUMBER}\s*{_UNIT}(?=[\s,.;]|$)",
    re.I,
)
_DUE = re.compile(
    r"\b(?:by|until|before)\s+((?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?(?:Q[1-4]|quarter|[A-Z][a-z]+(?:\s+\d{4})?|\d{4}))"
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
    """The goal as a measurable target: the whole clause, and its metric, numbers, unit and date where given.
    The date is not part of the metric ("do końca marca przepadnięte zamówienia z 6 do 0" measures
    "przepadnięte zamówienia", due "do końca marca"); "within 1 day instead of 3 days" has 3 days as its baseline."""
    whole = clean_phrase(text)
    padded = f" {whole}"
    found = _FROM_TO.search(padded) or _INSTEAD.search(padded)
    numbers = (found.start() - 1, found.end() - 1) if found else (0, 0)
    dated = next((d for d in _DUE.finditer(whole) if d.end() <= numbers[0] or d.start() >= numbers[1]), None)
    due = (dated.group(1) or dated.group(2)) if dated else None
    padded = f" {_without(whole, dated.span())}" if dated else padded
    found, instead = _FROM_TO.search(padded), _INSTEAD.search(padded)
    if found is None and instead is None:
        return Goal(text=whole, due=due)
    if found is not None:
        low, unit_a, high, unit_b = found.groups()
        start = found.start()
    else:
        assert instead is not None
        high, unit_b, low, unit_a = instead.groups()
        start = instead.start()
    unit = (unit_b or unit_a or "").strip()
    metric = clean_phrase(padded[:start]).rstrip(" ,;:-–") or whole
    return Goal(
        text=whole,
        metric=metric,
        baseline=float(low.replace(",", ".")),
        target=float(high.replace(",", ".")),
        unit=_UNITS.get(unit.lower(), unit) or None,
        due=due,
    )


def _without(text: str, span: tuple[int, int]) -> str:
    """The text with one span cut out, its spaces and a dangling comma tidied."""
    cut = f"{text[: span[0]]} {text[span[1] :]}"
    return re.sub(r"\s+([,.;])|\s{2,}", lambda m: m.group(1) or " ", cut).strip(" ,;")


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
