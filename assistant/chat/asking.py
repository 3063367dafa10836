"""Confident, or ask: one pointed question when the diagnosis is unsure of what breaks.

When the reading of a manager's words is unsure (a problem below the diagnosis's sure mark, or
only a process named), the chat says what it understood and offers its top readings as choices,
plus "something else", shown as buttons. The choice picked (clicked, typed, or its number) becomes
the challenge: the client's words, with the reading named, so the plan reads what was confirmed.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..diagnosis import Diagnosis
from ..knowledge import load_knowledge
from ..reading.diagnosis import SURE
from ..terms import Language
from ..words.phrasebook import Phrasebook
from ..words.text import fold, fold_aligned, stem_hits
from .replies import safe

say = Phrasebook(Path(__file__).with_name("chat_texts.yaml"))
CHOICES = 3  # the readings offered, "something else" included


def offer(reading: Diagnosis, lang: Language) -> tuple[str, dict[str, str]] | None:
    """The pointed question for an unsure reading and its choices (each the text shown, mapped to the
    challenge it stands for; "something else" to ""); None when the reading is sure or reads nothing."""
    if reading.confident:
        return None
    kb = load_knowledge()
    choices: dict[str, str] = {}
    question = None
    if reading.process:
        spec = next(p for p in kb.processes if p.key == reading.process.key)
        name, words = spec.name(lang), naming(reading.process.evidence, spec.words)
        choices[say("choice_process", lang, process=name)] = words
        question = say("ask_process", lang, process=name, words=safe(words))
    inferred = reading.process.evidence if reading.process else None  # the process's own problem: one choice
    unsure = [p for p in reading.problems if p.confidence < SURE and p.evidence != inferred]
    for problem in unsure[: CHOICES - 1 - len(choices)]:
        label = next(c for c in kb.challenges if c.key == problem.key).name(lang)
        choices[label] = f"{problem.evidence} ({label.lower()})"
        question = question or say("ask_problem", lang, problem=label.lower(), words=safe(problem.evidence))
    if question is None:
        return None
    if len(choices) < CHOICES - 1:  # room left: that nothing breaks, and the plan starts with a diagnosis
        choices[say("choice_none", lang)] = say("choice_none", lang)
    return question, {**choices, say("choice_other", lang): ""}


def naming(clause: str, words: list[str]) -> str:
    """The clause from the comma-separated piece that first names the process ("a clinic chain, bookings
    via Booksy, patients double-booked" → "bookings via Booksy, patients double-booked")."""
    folded = fold_aligned(clause)
    named = [start for start, _, _ in stem_hits(folded, words)]
    if not named:
        return clause
    cut = max([0, *(m.end() for m in re.finditer(r"[,;:]\s*", folded[: min(named)]))])
    return clause[cut:]


def pick(message: str, choices: dict[str, str]) -> str | None:
    """The challenge the message picks among the choices: a choice's text or its number ("2");
    None when it picks none ("" is "something else")."""
    said = fold(message).strip(" .!)")
    for number, (shown, challenge) in enumerate(choices.items(), 1):
        if said in (fold(shown), str(number)):
            return challenge
    return None
