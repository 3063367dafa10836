"""The fix's moves for one company: which of a process's moves its own words call for, and when it breaks.

A consultant told "cancellations made on Booksy after 6pm are missed" does not start by tracing twenty
cases: the client has said where it breaks. Each process lists its moves (`practice/processes.yaml`);
a move is taken when its cues (the mechanism: a shortage, two answers that differ, a duplicate, a case
that starts again, a dispute over who acts) stand in one of the client's sentences, and its {window}
is the time that sentence names ("after 6pm", "w piątki"). Where no move's cues stand, the cause is
not known yet, and the first action traces recent cases instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..knowledge.practice import MoveSpec, Practice, ProcessSpec
from ..terms import Language
from ..words.text import fold, has_stem

_DAYS_PL = "poniedziałki|wtorki|środy|czwartki|piątki|soboty|niedziele|weekendy|święta"
_DAYS_EN = "mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekends"
# When a thing breaks, as a sentence of the client names it: a time of day, a weekday, the night. A sync's
# rhythm ("every 4 hours", "z rana") says how it runs today, not when it breaks, and is left out.
_WINDOWS: dict[Language, re.Pattern[str]] = {
    "pl": re.compile(
        rf"\b(?:po|przed|od)\s+(?:godz(?:inie|\.)?\s*\d{{1,2}}(?::\d{{2}})?|\d{{1,2}}:\d{{2}}|\d{{1,2}}(?=\s*(?:h\b|[,.;]|$)))"
        rf"|\bw\s+(?:{_DAYS_PL})\b|\b(?:w nocy|nocą|wieczorem|wieczorami|w weekend)\b",
        re.I,
    ),
    "en": re.compile(
        rf"\b(?:after|before|from)\s+\d{{1,2}}(?::\d{{2}})?\s?(?:am|pm)\b|\b(?:on|at)\s+(?:{_DAYS_EN}|the weekend)\b"
        r"|\bat night\b|\bovernight\b|\bin the evenings?\b|\bout of hours\b|\bafter hours\b",
        re.I,
    ),
}
_SENTENCE = re.compile(r"[^.!?\n]+")


@dataclass(frozen=True)
class Move:
    """A move the client's words call for, with the time its sentence names (" after 6pm", or "")."""

    spec: MoveSpec
    window: str


def time_window(sentence: str, lang: Language) -> str:
    """The time a sentence names for when things break, as the client wrote it, with a space before it; else ""."""
    found = _WINDOWS[lang].search(sentence)
    return f" {found.group(0)[:1].lower()}{found.group(0)[1:]}" if found else ""


def chosen_moves(process: ProcessSpec, practice: Practice, challenge: str, lang: Language) -> list[Move]:
    """The process's moves whose cues stand in the client's text, in the process's order, each with the time
    named in the first sentence its cues stand in."""
    sentences = [s for s in _SENTENCE.findall(challenge) if s.strip()]
    folded = [fold(s) for s in sentences]
    found = []
    for key in process.moves:
        spec = practice.move(key)
        cues = tuple(spec.cues)
        hit = next((i for i, f in enumerate(folded) if has_stem(f, cues)), None)
        if hit is not None:
            found.append(Move(spec, time_window(sentences[hit], lang)))
    return found
