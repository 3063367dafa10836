"""How a team practises one skill on the process that breaks: the action, what it produces, its KPI.

The skills plan states it as each Top 3 skill's target, the board brief as its three actions; both
read the skill's `practice` in the knowledge base, on the client's own object (the diagnosis's
words, in the case each sentence needs) and sized by the team's level: a junior team gains more
points, as it starts lower, and sets itself a lower floor. When the diagnosis names no process,
the team practises on what the business is made of: its customers' orders, or their requests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..diagnosis import ProcessReading
from ..knowledge import Knowledge, SkillSpec
from ..knowledge.practice import load_practice
from ..terms import Language, Process, TeamLevel
from ..words.inflect import Case, inflect
from ..words.text import lower_first
from ..words.wording import fill_map

SIZES: dict[str, dict[str, int]] = {
    "junior": {"gain": 30, "floor": 80, "step": 3},
    "mixed": {"gain": 20, "floor": 85, "step": 4},
    "senior": {"gain": 15, "floor": 90, "step": 5},
}


@dataclass(frozen=True)
class Practised:
    """One skill practised on the company's process: the action's title, its deliverable, metric and target."""

    action: str
    deliverable: str
    metric: str
    target: str


_CASES: tuple[Case, ...] = ("gen", "dat", "acc", "inst", "loc")
# A client's phrase that opens with one of these points at a thing ("the same case") rather than naming it.
_POINTERS = frozenset("ta ten to te tej tego tych tym sama samo same sam the this that these those same such".split())


def practice_facts(
    facts: Mapping[str, object], read: ProcessReading | None, offer: str, kb: Knowledge, lang: Language
) -> dict:
    """The facts the practice is filled with: the client's object when the diagnosis reads the process that
    breaks (the client's words, or the catalogue's for a known process), else the business's own
    (`practice_objects`: orders for goods, requests for services), never "hand-offs between channels" nor a
    phrase that only points at a thing ("the same case"). A process whose object is not handled case by case
    practises on its `case` ("stany magazynowe": "zamówienia bez pokrycia"); {record} keeps the object for a tool."""
    named = str(facts.get("object", "")).split()[:1]
    thing = kb.practice_objects[offer](lang)
    if read is not None and (read.objects or read.key is not Process.other) and not _POINTERS & set(named):
        process = load_practice().process(read.key.value)
        own = {
            **_forms("record", str(facts["object"]), lang),
            **_forms("usual", thing, lang),
            "process": read.key.value,
        }
        if process is None or process.case is None:
            return {**facts, **own}
        return {**facts, **_forms("object", fill_map(process.case(lang), lang, facts), lang), **own}
    return {**facts, **_forms("object", thing, lang), **_forms("record", thing, lang)}


def _forms(name: str, thing: str, lang: Language) -> dict[str, str]:
    """A thing under this name and its Polish cases (`name_gen` ...); English has one form."""
    return {name: thing, **{f"{name}_{case}": inflect(thing, case) if lang == "pl" else thing for case in _CASES}}


def practised(spec: SkillSpec, lang: Language, facts: Mapping[str, object], level: TeamLevel | None) -> Practised:
    """The skill's practice filled with the company's object (`facts`) and sized by the team's level."""
    sized = {**facts, **SIZES[level.value if level else "mixed"]}
    practice = spec.practice
    if facts.get("process") in practice.not_for:  # "add-ons to delays": the business's own cases instead
        sized.update(
            {key.replace("usual", "object", 1): value for key, value in facts.items() if key.startswith("usual")}
        )
    return Practised(
        *(
            fill_map(text(lang), lang, sized)
            for text in (practice.action, practice.deliverable, practice.metric, practice.target)
        )
    )


def as_object(name: str, lang: Language) -> str:
    """A skill's name as a verb's object mid-sentence: Polish in the accusative, each coordinated part
    ("ciągłe uczenie się i adaptację"); English as it is."""
    name = lower_first(name)
    if lang != "pl":
        return name
    return " i ".join(inflect(part, "acc") for part in name.split(" i "))
