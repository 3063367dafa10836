"""The company's `Diagnosis`, for the planner and the brief: the reader's, with the profile's goal.

One small module in front of the reader (`assistant.reading.diagnosis`): it reads the challenge
once per text (the same text reads the same), adds what the reader leaves to the profile (the
quarter's goal, never invented, with its numbers where the client wrote them: "from 21 to 10
days by end of Q3", "z 6 do 4 tygodni do końca Q1"), says what the plan assumes where the reading
is unsure, and gives the planner the diagnosis's problems as the findings its rules work on.
"""

from __future__ import annotations

from pathlib import Path

from ..diagnosis import Diagnosis
from ..knowledge import Knowledge
from ..profile import CompanyProfile
from ..reading import diagnose_text
from ..reading.challenges import Finding
from ..reading.goal import read_goal
from ..terms import Language
from ..words.phrasebook import Phrasebook

say = Phrasebook(Path(__file__).with_name("diagnosed_texts.yaml"))


def diagnose(profile: CompanyProfile, kb: Knowledge) -> Diagnosis:
    """What breaks at this company: the reader's diagnosis of its challenge, with its quarterly goal."""
    read = diagnose_text(profile.challenge, kb)
    goal = read_goal(profile.quarterly_goal) if profile.quarterly_goal else None
    return read.model_copy(
        update={"goal": goal or read.goal, "assumptions": read.assumptions + assumed(read, kb, profile.language)}
    )  # the profile's goal, else the one the text states


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
