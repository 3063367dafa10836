"""Markdown a manager would paste into a document: headings, tables, numbered actions."""

from __future__ import annotations

from collections.abc import Callable

from ..knowledge import load_knowledge
from ..plans import PlanBundle, Provenance, SkillsPlan, TeamPlan
from ..terms import Language
from .appendix import skills_appendix, team_appendix
from .brief import blocks_markdown, brief_blocks
from .document import company_title, profile_line
from .parts import made_by, provenance_facts


def cell(text: object) -> str:
    """Text made safe for one Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _labeller(lang: Language) -> Callable[[str], str]:
    kb = load_knowledge()
    return lambda key: kb.label(key, lang)


def provenance_line(provenance: Provenance, lang: Language) -> str:
    """Who made the plan in one plain sentence, in italics, as the page and the documents say it; when
    a model was asked, a second line with its prompt, tokens and cost (for whoever accounts for it).
    A fallback's technical reason (it may name a server or a setting) and the grounding left out stay
    in the JSON and the log: this file is passed on to people."""
    t = _labeller(lang)
    lines = [f"_{made_by(provenance, lang)}_"]
    if provenance.prompt_tokens or provenance.completion_tokens:
        internal = {t("fallback").upper(), t("trimmed")}
        facts = [
            f"{label}: {value}" if value else label
            for label, value in provenance_facts(provenance, t)
            if label not in internal
        ]
        lines.append("_" + " · ".join(facts) + "_")
    return "  \n".join(lines)


def plan_markdown(plan: TeamPlan | SkillsPlan, provenance: bool = True, diagnosis: bool = True) -> str:
    """A plan as Markdown: its title and company, who made it in one short line under them (provenance=False
    leaves it out, to compare plans' content), the board brief, then the method's detail as an appendix."""
    t = _labeller(plan.language)
    company = company_title(plan.profile)
    appendix = team_appendix(plan) if isinstance(plan, TeamPlan) else skills_appendix(plan)
    out = [
        f"# {company}: {t('plan_title_' + plan.kind)}",
        f"_{profile_line(plan)}_",
        provenance_line(plan.provenance, plan.language) if provenance else "",
        blocks_markdown(brief_blocks(plan, diagnosis=diagnosis), cell),
        blocks_markdown(appendix, cell),
    ]
    return "\n\n".join(part for part in out if part) + "\n"


def team_markdown(plan: TeamPlan, provenance: bool = True) -> str:
    """The team plan as Markdown (see `plan_markdown`)."""
    return plan_markdown(plan, provenance)


def skills_markdown(plan: SkillsPlan, provenance: bool = True, diagnosis: bool = True) -> str:
    """The skills plan as Markdown (see `plan_markdown`); diagnosis=False when a team plan above said it."""
    return plan_markdown(plan, provenance, diagnosis)


def bundle_markdown(bundle: PlanBundle, provenance: bool = True) -> str:
    """Every plan in the bundle, separated by a rule. Plan text is as written (a model's, maybe):
    escape it where it is shown, or export with `render_bundle(bundle, "markdown")` (inert)."""
    team = bundle.team is not None
    parts = [plan_markdown(p, provenance, diagnosis=not (team and p.kind == "skills")) for p in bundle.plans]
    return "\n---\n\n".join(parts)
