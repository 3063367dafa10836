"""The model reads the diagnosis: one small structured call, each field backed by a quote that is checked.

With a model configured, `read_diagnosis` asks it (prompts/diagnose) what breaks at the
company, with the client's own words for every part. A part whose quote is not in the client's
text, or whose key is not in the catalogue, is dropped and logged; numbers of a goal stay only
when its quote holds them. What is left is the same `Diagnosis` the rules and the meaning
reader give (`reader="model"`).
"""

from __future__ import annotations

import logging
import re

from ..diagnosis import Diagnosis, Goal, ProblemReading, Process, ProcessReading
from ..knowledge import load_knowledge
from ..profile import CompanyProfile
from ..settings import Settings
from ..words.text import fold
from .chain import ChainResult, PlanChain, PlanRequest, request_for
from .prompts import load_prompt
from .reading import ModelReading

log = logging.getLogger(__name__)

MODEL_CONFIDENCE = 0.9  # a quoted, checked reading; the chat still asks when nothing is found
MIN_QUOTE_CHARS = 3


def _quoted(quote: str, folded: str) -> bool:
    """The quote is the client's: its folded words stand in the folded text."""
    words = fold(quote).strip(" .,;:!?\"'„”“«»")
    return len(words) >= MIN_QUOTE_CHARS and words in folded


def _number_in(value: float | None, quote: str) -> float | None:
    """A goal's number, only when the client's quote holds it."""
    if value is None:
        return None
    numbers = {float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", quote)}
    return value if value in numbers else None


def checked(reading: ModelReading, text: str) -> tuple[Diagnosis, list[str]]:
    """The diagnosis a model's reading supports, and what was dropped (unquoted or unknown)."""
    folded, keys = fold(text), {c.key for c in load_knowledge().challenges}
    dropped: list[str] = []
    problems = []
    for problem in reading.problems:
        if problem.key in keys and _quoted(problem.quote, folded):
            problems.append(ProblemReading(key=problem.key, confidence=MODEL_CONFIDENCE, evidence=problem.quote))
        else:
            dropped.append(f"problem {problem.key}: {problem.quote!r}")
    process = None
    if reading.process is not None:
        if _quoted(reading.process.quote, folded) and reading.process.key is not Process.other:
            objects = [o for o in reading.process.objects if _quoted(o, folded)]
            process = ProcessReading(
                key=reading.process.key, confidence=MODEL_CONFIDENCE, evidence=reading.process.quote, objects=objects
            )
        else:
            dropped.append(f"process {reading.process.key.value}: {reading.process.quote!r}")
    goal = None
    if reading.goal is not None:
        g = reading.goal
        if _quoted(g.quote, folded):
            goal = Goal(
                text=g.quote,
                metric=g.metric,
                baseline=_number_in(g.baseline, g.quote),
                target=_number_in(g.target, g.quote),
                unit=g.unit,
            )
        else:
            dropped.append(f"goal: {g.quote!r}")
    kept = {name: [q for q in getattr(reading, name) if _quoted(q, folded)] for name in ("involved", "in_place")}
    dropped += [f"{name}: {q!r}" for name in kept for q in getattr(reading, name) if q not in kept[name]]
    diagnosis = Diagnosis(
        problems=problems, process=process, goal=goal, confident=bool(problems), reader="model", **kept
    )
    return diagnosis, dropped


def client_text(profile: CompanyProfile) -> str:
    """What the model reads: the profile's own words (challenge and goal)."""
    return " ".join(filter(None, (profile.challenge, profile.quarterly_goal)))


def diagnose_request(profile: CompanyProfile, settings: Settings) -> PlanRequest:
    """The diagnosis call for a profile: its words and the catalogue of problems and processes."""
    kb = load_knowledge()
    catalogue = {
        "problems": {c.key: c.name(profile.language) for c in kb.challenges if c.key != "none"},
        "processes": [p.value for p in Process if p is not Process.other],
    }
    prompt = load_prompt("diagnose", settings.prompt_version, profile.language)
    return request_for("diagnose", prompt, prompt.render(text=client_text(profile), catalogue=catalogue), settings)


def read_diagnosis(chain: PlanChain, profile: CompanyProfile) -> Diagnosis:
    """The model's diagnosis of the profile's own words (challenge and goal); a `ModelError` when it cannot answer."""
    return model_reading(chain, profile)[0]


def model_reading(chain: PlanChain, profile: CompanyProfile) -> tuple[Diagnosis, ChainResult]:
    """`read_diagnosis`, with what the call took (its tokens and the model that answered)."""
    result = chain.invoke(diagnose_request(profile, chain.settings))
    assert isinstance(result.content, ModelReading)  # the diagnose prompt's output model
    diagnosis, dropped = checked(result.content, client_text(profile))
    if dropped:
        log.info("the model's diagnosis dropped what the client's text does not say: %s", "; ".join(dropped))
    return diagnosis, result


def over(reader: Diagnosis, model: Diagnosis) -> Diagnosis:
    """The model's diagnosis over the reader's: its problems, process, goal and names where it found them, the
    reader's for the rest (what the goal's quote leaves out, the markets, the partners); the reader's alone when
    the model found no problem."""
    if not model.problems:
        return reader
    goal = model.goal or reader.goal
    if model.goal is not None and reader.goal is not None:  # what the model's quote leaves out, the reader's gives
        goal = reader.goal.model_copy(update={k: v for k, v in model.goal.model_dump().items() if v is not None})
    return reader.model_copy(
        update={
            "problems": model.problems,
            "process": model.process or reader.process,
            "goal": goal,
            "involved": model.involved or reader.involved,
            "in_place": model.in_place or reader.in_place,
            "confident": True,
            "reader": "model",
        }
    )
