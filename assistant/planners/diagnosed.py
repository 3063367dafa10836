"""The company's `Diagnosis`, for the planner and the brief.

One small function, so the reader by meaning replaces it in one place: until then it states
what the rule reader finds (the problems with the client's clause, the practices in place, the
client's own question, the goal as written) and leaves the process to the reader that can
tell it.
"""

from __future__ import annotations

import re

from ..diagnosis import Diagnosis, Goal, ProblemReading
from ..profile import CompanyProfile
from ..reading import Finding, Traits

_QUESTION = re.compile(r"[^.!?\n]*\?")


def diagnose(profile: CompanyProfile, findings: list[Finding], traits: Traits) -> Diagnosis:
    """The rule reader's findings as a `Diagnosis`."""
    questions = [q.strip() for q in _QUESTION.findall(profile.challenge) if len(q.split()) >= 3]
    return Diagnosis(
        problems=[
            ProblemReading(key=f.key, confidence=min(1.0, 0.4 + 0.2 * f.count), evidence=(f.sentences or f.words)[0])
            for f in findings[:4]
            if f.sentences or f.words
        ],
        in_place=sorted(traits.in_place)[:8],
        question=questions[0] if questions else None,
        goal=Goal(text=profile.quarterly_goal) if profile.quarterly_goal else None,
        reader="rules",
    )
