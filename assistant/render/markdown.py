"""Markdown a manager would paste into a document: headings, tables, numbered actions."""

from __future__ import annotations

from collections.abc import Callable

from ..knowledge import load_knowledge
from ..plans import PlanBundle, Provenance, SkillsPlan, TeamPlan
from ..terms import Language
from .parts import (
    kpis_table,
    made_by,
    microlearning_table,
    provenance_facts,
    risks_table,
    roles_table,
    rollout_table,
    skills_table,
)


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


def team_markdown(plan: TeamPlan, provenance: bool = True) -> str:
    """The team plan as Markdown; provenance=False leaves out who made it (to compare plans' content)."""
    t = _labeller(plan.language)
    company = plan.profile.company or plan.profile.industry
    om = plan.operating_model
    out = [
        f"# {t('plan_title_team')}: {company}",
        provenance_line(plan.provenance, plan.language) if provenance else "",
        f"## {t('summary')}\n\n{plan.summary}",
        f"## {t('roles')}",
        table(*roles_table(plan, t)),
        f"**{t('responsibilities')}**\n\n"
        + "\n".join(f"- **{r.title}**: " + " ".join(r.responsibilities) for r in plan.roles),
        f"## {t('operating_model')}: {t('model_' + om.model.value)}",
        "\n".join(f"- {reason}" for reason in om.reasons),
        f"- **{t('decision_rights')}**: {om.decision_rights}\n- **{t('budget_model')}**: {om.budget_model}\n"
        f"- **{t('coordination')}**: {om.coordination}",
        f"## {t('first_90_days')}",
        "\n".join(
            f"{i}. **{a.title}** ({t('weeks')} {a.start_week}-{a.end_week}, {t('owner')}: {a.owner_role})\n"
            f"   - {t('deliverable')}: {a.deliverable}\n   - {t('kpi')}: {a.kpi}\n   - {a.addresses}"
            for i, a in enumerate(plan.first_90_days, 1)
        ),
        f"## {t('risks')}",
        table(*risks_table(plan.risks, t)),
        f"## {t('kpis')}",
        table(*kpis_table(plan.kpis, t)),
        f"## {t('maturity')}",
        f"{t('current_level')}: **{plan.maturity.current} — {plan.maturity.current_name}** → "
        f"{t('target_level')}: **{plan.maturity.target} — {plan.maturity.target_name}**\n\n"
        + "\n".join(f"- {r}" for r in plan.maturity.reasons),
        f"## {t('pilot')}",
        f"- **{t('scope')}**: {plan.pilot.scope}\n- **{t('team_size')}**: {plan.pilot.team_size}"
        f" ({t('time_share')}: {plan.pilot.time_share})\n- **{t('members')}**: {', '.join(plan.pilot.members)}\n"
        f"- **{t('success_criteria')}**: " + "; ".join(plan.pilot.success_criteria),
        f"## {t('rollout')}",
        table(*rollout_table(plan, t)),
        f"## {t('quick_wins')}",
        "\n".join(f"- **{w.title}** ({w.horizon}, {w.owner_role}): {w.why}" for w in plan.quick_wins),
        _rationale(plan, t),
    ]
    return "\n\n".join(part for part in out if part) + "\n"


def skills_markdown(plan: SkillsPlan, provenance: bool = True) -> str:
    """The skills-development plan as Markdown; provenance as in `team_markdown`."""
    t = _labeller(plan.language)
    names = {s.skill: s.name for s in plan.skills}
    out = [
        f"# {t('plan_title_skills')}: {plan.profile.company or plan.profile.industry}",
        provenance_line(plan.provenance, plan.language) if provenance else "",
        f"## {t('summary')}\n\n{plan.summary}",
        f"## {t('top3')}",
        "\n".join(
            f"{i}. **{names[p.skill]}**: {p.reason}\n   - {t('target')}: {p.target}" for i, p in enumerate(plan.top3, 1)
        ),
        f"## {t('skills')}",
        table(*skills_table(plan, t)),
        f"## {t('quick_wins_30d')}",
        "\n".join(f"- **{w.title}** ({w.owner_role}): {w.why}" for w in plan.quick_wins_30d),
        f"## {t('risks')}",
        table(*risks_table(plan.risks, t)),
        f"## {t('microlearning')}",
        table(*microlearning_table(plan, t)),
        _rationale(plan, t),
    ]
    return "\n\n".join(part for part in out if part) + "\n"


def _rationale(plan: TeamPlan | SkillsPlan, t: Callable[[str], str]) -> str:
    return f"## {t('rationale')}\n\n" + table(
        [t("decision"), t("rule"), t("because")],
        [[f"{d.topic}: {d.decision}", d.rule, d.because] for d in plan.rationale],
    )


def bundle_markdown(bundle: PlanBundle, provenance: bool = True) -> str:
    """Every plan in the bundle, separated by a rule. Plan text is as written (a model's, maybe):
    escape it where it is shown, or export with `render_bundle(bundle, "markdown")` (inert)."""
    parts = [
        team_markdown(p, provenance) if isinstance(p, TeamPlan) else skills_markdown(p, provenance)
        for p in bundle.plans
    ]
    return "\n---\n\n".join(parts)
