"""Grounding: the slices of the knowledge base a prompt carries, in the plan's language.

Sections come in priority order; when the prompt is over budget the chain drops them from
the end (see `chain.build_request`), so the most relevant method stays and the user's own
inputs are never cut.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..knowledge import ChallengeSpec, Knowledge, load_knowledge
from ..profile import CompanyProfile, Language

TITLES = {
    "challenge": ("The company's challenge in the method", "Wyzwanie firmy w metodzie"),
    "operating_models": ("Operating models (structure, decisions, budget => best for)",
                         "Modele operacyjne (struktura, decyzje, budżet => dla kogo)"),
    "roles": ("Role catalogue (key: title - mission of the core roles)",
              "Katalog ról (klucz: nazwa - misja ról podstawowych)"),
    "channels": ("The company's channels", "Kanały firmy"),
    "phases": ("Rollout phases", "Fazy wdrożenia"),
    "kpis": ("Shared KPIs", "Wspólne KPI"),
    "conflicts": ("Channel conflicts and their resolution", "Konflikty kanałów i ich rozwiązanie"),
    "quick_wins": ("Quick wins", "Quick wins"),
    "maturity": ("Maturity levels", "Poziomy dojrzałości"),
    "skills": ("The 10 omnichannel skills (key: name; base CX/ROI impact; progress indicator)",
               "10 umiejętności omnichannel (klucz: nazwa; bazowy wpływ CX/ROI; wskaźnik postępu)"),
    "microlearning": ("Microlearning 30-60-90", "Microlearning 30-60-90"),
}
ORDER = {
    "team": ("challenge", "operating_models", "roles", "phases", "kpis", "maturity", "channels", "conflicts",
             "quick_wins"),
    "skills": ("skills", "challenge", "channels", "microlearning", "quick_wins"),
}


@dataclass(frozen=True)
class Section:
    """One titled slice of the method, rendered as text."""

    name: str
    text: str


def _challenges(profile: CompanyProfile) -> list[ChallengeSpec]:
    """The challenges the reader finds in the profile (the same reading for both planners)."""
    from ..reading import read_challenges

    return [f.spec for f in read_challenges(profile.challenge)] or [load_knowledge().challenge("none")]


def _lines(name: str, profile: CompanyProfile, kb: Knowledge, lang: Language) -> list[str]:
    if name == "challenge":
        lines = []
        for rank, spec in enumerate(_challenges(profile)):
            lines.append(f"{spec.key}: {spec.name(lang)}")
            lines += [f"- {a.key}: {a.title(lang)} (w{a.start_week}-{a.end_week}, {a.owner_role})" for a in spec.actions]
            lines += [f"- {r.key}: {r.risk(lang)} -> {r.mitigation(lang)}" for r in spec.risks if rank == 0]
            lines.append(f"- KPI: {', '.join(spec.kpis)}; quick wins: {', '.join(spec.quick_wins)}; "
                         f"skills: {', '.join(s.value for s in spec.skills)}")
        return lines
    if name == "operating_models":
        return [f"{m.key.value}: {m.structure(lang)} {m.decisions(lang)} {m.budget(lang)} => {m.best_for(lang)}"
                for m in kb.operating_models]
    if name == "roles":
        return [f"{r.key}: {r.title(lang)}" + (f" - {r.mission(lang)}" if r.core else "") for r in kb.roles]
    if name == "channels":
        return [f"{c.channel.value}: {c.manager_title(lang)} - {c.contribution(lang)}"
                + (f" SLA: {c.sla(lang)}" if c.sla else "") for c in kb.channels if c.channel in profile.channels]
    if name == "phases":
        return [f"{p.number}. {p.name(lang)} ({p.weeks_min}-{p.weeks_max} w): {p.goals(lang)[0]}" for p in kb.phases]
    if name == "kpis":
        return [f"{k.key}: {k.name(lang)}" for k in kb.kpis if k.shared]
    if name == "conflicts":
        return [f"{c.key}: {c.name(lang)} - {c.resolution(lang)}" for c in kb.conflicts]
    if name == "quick_wins":
        return [f"{q.key}: {q.name(lang)} ({q.months})" for q in kb.quick_wins
                if set(q.needs_any) & set(profile.channels) and set(q.needs_all) <= set(profile.channels)]
    if name == "maturity":
        return [f"{m.level}. {m.name(lang)}" for m in kb.maturity]
    if name == "skills":
        return [f"{s.key.value}: {s.name(lang)}; {s.cx_impact}/{s.roi_impact}; {s.progress_indicator(lang)}"
                for s in kb.skills]
    return [f"{m.day}: {m.case(lang)}; {m.tool(lang)}; {m.metric(lang)}" for m in kb.microlearning]


def grounding_sections(profile: CompanyProfile, kind: str, lang: Language | None = None) -> list[Section]:
    """The method's slices for a "team" or "skills" prompt, most relevant first; empty ones left out."""
    kb, lang = load_knowledge(), lang or profile.language
    sections = []
    for name in ORDER[kind]:
        lines = _lines(name, profile, kb, lang)
        if lines:
            title = TITLES[name][lang == "pl"]
            sections.append(Section(name, f"## {title}\n" + "\n".join(lines)))
    return sections


def render_grounding(sections: list[Section]) -> str:
    """The sections as one text for the prompt's `grounding` variable."""
    return "\n\n".join(section.text for section in sections)
