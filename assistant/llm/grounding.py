"""Grounding: the slices of the knowledge base a prompt carries, in the plan's language.

Sections come in priority order; when the prompt is over budget the chain drops them from
the end (see `chain.build_request`), so the most relevant method stays and the user's own
inputs are never cut. A *lean* grounding (prompts that declare `grounding: lean`) keeps every
section but only what a plan needs of each: keys, names, numbers and rules, no prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..knowledge import ChallengeSpec, Knowledge, load_knowledge
from ..profile import CompanyProfile
from ..reading import read_challenges, read_company
from ..terms import Language

TITLES = {
    "challenge": ("The company's challenge in the method", "Wyzwanie firmy w metodzie"),
    "operating_models": (
        "Operating models (structure, decisions, budget => best for)",
        "Modele operacyjne (struktura, decyzje, budżet => dla kogo)",
    ),
    "roles": (
        "Role catalogue (key: title - mission of the core roles)",
        "Katalog ról (klucz: nazwa - misja ról podstawowych)",
    ),
    "channels": ("The company's channels", "Kanały firmy"),
    "phases": ("Rollout phases", "Fazy wdrożenia"),
    "kpis": ("Shared KPIs", "Wspólne KPI"),
    "conflicts": ("Channel conflicts and their resolution", "Konflikty kanałów i ich rozwiązanie"),
    "quick_wins": ("Quick wins", "Quick wins"),
    "maturity": ("Maturity levels", "Poziomy dojrzałości"),
    "skills": (
        "The 10 omnichannel skills (key: name; base CX/ROI impact; progress indicator)",
        "10 umiejętności omnichannel (klucz: nazwa; bazowy wpływ CX/ROI; wskaźnik postępu)",
    ),
    "microlearning": ("Microlearning 30-60-90", "Microlearning 30-60-90"),
}
_SOURCE = re.compile(r"\s*\((?:propozycja|przykład z artykułu|suggested|article's example)\)")  # an SLA's source
LEAN_TITLES = {
    "operating_models": ("Operating models (budget => best for)", "Modele operacyjne (budżet => dla kogo)"),
    "roles": ("Role catalogue (key: title)", "Katalog ról (klucz: nazwa)"),
    "skills": (
        "The 10 omnichannel skills (key: name; base CX/ROI impact)",
        "10 umiejętności omnichannel (klucz: nazwa; bazowy wpływ CX/ROI)",
    ),
    "microlearning": (
        "Microlearning 30-60-90 (day: tool; metric)",
        "Microlearning 30-60-90 (dzień: narzędzie; metryka)",
    ),
}
ORDER = {
    "team": (
        "challenge",
        "operating_models",
        "roles",
        "phases",
        "kpis",
        "maturity",
        "channels",
        "conflicts",
        "quick_wins",
    ),
    "skills": ("skills", "challenge", "channels", "microlearning", "quick_wins"),
}


@dataclass(frozen=True)
class Section:
    """One titled slice of the method, rendered as text."""

    name: str
    text: str


def _challenges(profile: CompanyProfile) -> list[ChallengeSpec]:
    """The challenges the reader finds in the profile (the same reading for both planners)."""
    return [f.spec for f in read_challenges(profile.challenge)] or [load_knowledge().challenge("none")]


def _challenge_lines(profile: CompanyProfile, lang: Language, lean: bool) -> list[str]:
    """The stated challenges with their actions, and the first one's risks; lean: no keys, mitigations or links
    (the first challenge's KPIs only)."""
    lines = []
    for rank, spec in enumerate(_challenges(profile)):
        lines.append(f"{spec.key}: {spec.name(lang)}" + (f"; KPI: {', '.join(spec.kpis)}" if lean and not rank else ""))
        lines += [
            f"- {'' if lean else f'{a.key}: '}{a.title(lang)} (w{a.start_week}-{a.end_week}, {a.owner_role})"
            for a in spec.actions
        ]
        lines += [
            f"- ! {r.risk(lang)}" if lean else f"- {r.key}: {r.risk(lang)} -> {r.mitigation(lang)}"
            for r in spec.risks
            if rank == 0
        ]
        if not lean:
            lines.append(
                f"- KPI: {', '.join(spec.kpis)}; quick wins: {', '.join(spec.quick_wins)}; "
                f"skills: {', '.join(s.value for s in spec.skills)}"
            )
    return lines


def _lines(name: str, profile: CompanyProfile, kb: Knowledge, lang: Language) -> list[str]:
    if name == "challenge":
        return _challenge_lines(profile, lang, lean=False)
    if name == "operating_models":
        return [
            f"{m.key.value}: {m.structure(lang)} {m.decisions(lang)} {m.budget(lang)} => {m.best_for(lang)}"
            for m in kb.operating_models
        ]
    if name == "roles":
        return [f"{r.key}: {r.title(lang)}" + (f" - {r.mission(lang)}" if r.core else "") for r in kb.roles]
    if name == "channels":
        return [
            f"{c.channel.value}: {c.manager_title(lang)} - {c.contribution(lang)}"
            + (f" SLA: {c.sla(lang)}" if c.sla else "")
            for c in kb.channels
            if c.channel in profile.channels
        ]
    if name == "phases":
        return [f"{p.number}. {p.name(lang)} ({p.weeks_min}-{p.weeks_max} w): {p.goals(lang)[0]}" for p in kb.phases]
    if name == "kpis":
        return [f"{k.key}: {k.name(lang)}" for k in kb.kpis if k.shared]
    if name == "conflicts":
        return [f"{c.key}: {c.name(lang)} - {c.resolution(lang)}" for c in kb.conflicts]
    if name == "quick_wins":
        return [
            f"{q.key}: {q.name(lang)} ({q.months})"
            for q in kb.quick_wins
            if set(q.needs_any) & set(profile.channels) and set(q.needs_all) <= set(profile.channels)
        ]
    if name == "maturity":
        return [f"{m.level}. {m.name(lang)}" for m in kb.maturity]
    if name == "skills":
        return [
            f"{s.key.value}: {s.name(lang)}; {s.cx_impact}/{s.roi_impact}; {s.progress_indicator(lang)}"
            for s in kb.skills
        ]
    return [f"{m.day}: {m.case(lang)}; {m.tool(lang)}; {m.metric(lang)}" for m in kb.microlearning]


def _lean_lines(name: str, profile: CompanyProfile, kb: Knowledge, lang: Language) -> list[str]:
    """A section without its prose: the same keys, names, numbers and rules, in fewer tokens."""
    if name == "challenge":
        return _challenge_lines(profile, lang, lean=True)
    if name == "operating_models":
        return [f"{m.key.value}: {m.budget(lang)} => {m.best_for(lang)}" for m in kb.operating_models]
    if name == "roles":
        return ["; ".join(f"{r.key}: {r.title(lang)}" for r in kb.roles)]
    if name == "channels":
        return [
            f"{c.channel.value}: {c.manager_title(lang)}" + (f"; SLA: {_SOURCE.sub('', c.sla(lang))}" if c.sla else "")
            for c in kb.channels
            if c.channel in profile.channels
        ]
    if name == "conflicts":  # the rule, up to its first comma or colon
        return [f"{c.key}: {c.name(lang)} - {re.split(r'[,:]', c.resolution(lang))[0]}" for c in kb.conflicts]
    if name == "phases":
        return ["; ".join(f"{p.number}. {p.name(lang)} ({p.weeks_min}-{p.weeks_max} w)" for p in kb.phases)]
    if name in ("kpis", "maturity"):
        return ["; ".join(_lines(name, profile, kb, lang))]
    if name == "skills":
        return [f"{s.key.value}: {s.name(lang)}; {s.cx_impact}/{s.roi_impact}" for s in kb.skills]
    if name == "microlearning":
        return [f"{m.day}: {m.tool(lang)}; {m.metric(lang)}" for m in kb.microlearning]
    return _lines(name, profile, kb, lang)


def grounding_sections(
    profile: CompanyProfile, kind: str, lang: Language | None = None, lean: bool = False
) -> list[Section]:
    """The method's slices for a "team" or "skills" prompt, most relevant first; empty ones left out."""
    kb, lang = load_knowledge(), lang or profile.language
    facts = _facts(profile, lang)
    sections = []
    for name in ORDER[kind]:
        lines = (_lean_lines if lean else _lines)(name, profile, kb, lang)
        if lines:
            title = ((lean and LEAN_TITLES.get(name)) or TITLES[name])[lang == "pl"]
            text = _FIELD.sub(lambda m: str(facts.get(m.group(1), m.group(0))), "\n".join(lines))
            sections.append(Section(name, f"## {title}\n{text}"))
    return sections


_FIELD = re.compile(r"\{(\w+)(?::\w+)?\}")


# Long facts (lists, paths) are named, not spelled out: the model has the profile itself, and the budget is tight.
_NAMED = {
    "channels": ("the company's channels", "kanały firmy"),
    "departments": ("the departments", "działy"),
    "systems": ("the company's systems", "systemy firmy"),
    "contact_channels": ("the contact channels", "kanały kontaktu"),
    "journey": ("moved between the channels", "przechodził między kanałami"),
    "shadow_example": ("e.g. a day in another channel", "np. dzień w innym kanale"),
}


def _facts(profile: CompanyProfile, lang: Language) -> dict[str, object]:
    """What the method's templates name ({outlets}, {governing}…) for this company, from its reading (as the
    offline planner fills them)."""
    context = read_company(profile.model_copy(update={"language": lang}))
    return {**context.known(), **{key: names[lang == "pl"] for key, names in _NAMED.items()}}


def render_grounding(sections: list[Section]) -> str:
    """The sections as one text for the prompt's `grounding` variable."""
    return "\n\n".join(section.text for section in sections)
