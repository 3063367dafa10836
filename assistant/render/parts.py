"""What every renderer shows of a plan, whatever the medium: its tables and its provenance.

Markdown, DOCX and the web page lay these out in their own way; the rows and facts are made
once, here, from the plan and the knowledge base's labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..plans import KPI, Provenance, Risk, Role, SkillsPlan, TeamPlan
from ..terms import Language
from ..words.phrasebook import Phrasebook
from ..words.text import fold
from ..words.wording import number

Label = Callable[[str], str]
Table = tuple[list[str], list[list[object]]]
render_text = Phrasebook(Path(__file__).with_name("texts.yaml"))  # words of the pictures and documents


def boss_of(role: Role) -> str:
    """Whom a role reports to, as a table shows it: "—" for a role its boss holds himself
    ("Omnichannel lead (owner)" reports to nobody but the owner, who is the lead)."""
    boss = fold(role.reports_to).strip()
    held = boss and re.search(rf"\((?:the )?{re.escape(boss)}\)", fold(role.title))
    return "—" if held else role.reports_to


def sentences(parts: list[str]) -> str:
    """Sentences or phrases (a model's "Set the shared KPIs") as one text that does not run together:
    sentences joined by spaces, phrases by semicolons, and the last one closed."""
    text = " ".join(p.strip() if p.rstrip().endswith((".", "!", "?")) else p.strip() + ";" for p in parts)
    return text[:-1] + "." if text.endswith(";") else text


def made_by(provenance: Provenance, lang: Language) -> str:
    """Who made the plan, in one plain sentence (a fallback said as such, no internal details)."""
    if provenance.fallback:
        return render_text(f"made_fallback_{provenance.fallback_kind or 'unusable'}", lang)
    if provenance.model and provenance.planner != "offline":
        return render_text("made_by_model", lang, model=provenance.model)
    return render_text("made_offline", lang)


def provenance_facts(provenance: Provenance, t: Label) -> list[tuple[str, str]]:
    """(label, value) pairs: who made the plan, with which prompt, the fallback, tokens, cost, cache, trimming."""
    p = provenance
    facts = [(t("planner"), f"{p.planner} ({p.model})" if p.model else p.planner)]
    if p.prompt_version:
        facts.append((t("prompt"), p.prompt_version))
    if p.fallback:
        facts.append((t("fallback").upper(), p.fallback_reason or "-"))
    facts.append((t("tokens"), f"{'~' if p.tokens_approximate else ''}{p.prompt_tokens}+{p.completion_tokens}"))
    facts.append((t("cost"), f"${p.cost_usd:.4f}" if p.cost_known else t("cost_unknown")))
    if p.cached:
        facts.append((t("cached"), ""))
    if p.trimmed:
        facts.append((t("trimmed"), ", ".join(p.trimmed)))
    return facts


def roles_table(plan: TeamPlan, t: Label) -> Table:
    return (
        [t("role"), t("fte"), t("reports_to"), t("mission"), t("why")],
        [[r.title, number(r.fte, plan.language, 2), boss_of(r), r.mission, r.why] for r in plan.roles],
    )


def risks_table(risks: list[Risk], t: Label) -> Table:
    return (
        [t("risk"), t("likelihood"), t("impact"), t("mitigation"), t("owner")],
        [[r.risk, t(f"likelihood_{r.likelihood}"), t(f"level_{r.impact}"), r.mitigation, r.owner_role] for r in risks],
    )


def kpis_table(kpis: list[KPI], t: Label) -> Table:
    return [t("kpi"), t("target"), t("why")], [[k.name, k.target, k.why] for k in kpis]


def rollout_table(plan: TeamPlan, t: Label) -> Table:
    return (
        [t("phase"), t("duration"), t("focus")],
        [[f"{p.number}. {p.name}", f"{p.weeks_min}–{p.weeks_max} {t('weeks_unit')}", p.focus] for p in plan.rollout],
    )


def skills_table(plan: SkillsPlan, t: Label) -> Table:
    return (
        ["#", t("skill"), t("cx_impact"), t("roi_impact"), t("progress_indicator"), t("focus")],
        [[i, s.name, s.cx_impact, s.roi_impact, s.progress_indicator, s.focus] for i, s in enumerate(plan.skills, 1)],
    )


def microlearning_table(plan: SkillsPlan, t: Label) -> Table:
    return [t("day"), t("case"), t("tool"), t("metric")], [
        [m.day, m.case, m.tool, m.metric] for m in plan.microlearning
    ]


def rationale_table(plan: TeamPlan | SkillsPlan, t: Label) -> Table:
    """The rationale in words (decision, because); rule ids stay in the JSON."""
    return [t("decision"), t("because")], [[d.decision, d.because] for d in plan.rationale]
