"""Markdown a manager would paste into a document: headings, tables, numbered actions."""

from __future__ import annotations

from collections.abc import Callable

from ..knowledge import load_knowledge
from ..plans import PlanBundle, Provenance, SkillsPlan, TeamPlan
from ..profile import Language


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
    """Which planner made the plan, tokens and cost; a fallback is stated loudly."""
    t = _labeller(lang)
    made_by = provenance.planner if not provenance.model else f"{provenance.planner} ({provenance.model})"
    parts = [f"{t('planner')}: {made_by}"]
    if provenance.prompt_version:
        parts.append(f"prompt {provenance.prompt_version}")
    if provenance.fallback:
        parts.append(f"**{t('fallback').upper()}**: {provenance.fallback_reason or '-'}")
    if provenance.prompt_tokens or provenance.completion_tokens:
        approx = "~" if provenance.tokens_approximate else ""
        parts.append(f"{t('tokens')}: {approx}{provenance.prompt_tokens}+{provenance.completion_tokens}")
        parts.append(f"{t('cost')}: ${provenance.cost_usd:.4f}")
    if provenance.cached:
        parts.append("cache")
    if provenance.trimmed:
        parts.append(f"{t('trimmed')}: {', '.join(provenance.trimmed)}")
    return "_" + " · ".join(parts) + "_"


def team_markdown(plan: TeamPlan, provenance: bool = True) -> str:
    """The team plan as Markdown; provenance=False leaves out who made it (to compare plans' content)."""
    t = _labeller(plan.language)
    level = lambda v: t(f"level_{v}")  # noqa: E731
    company = plan.profile.company or plan.profile.industry
    om = plan.operating_model
    out = [
        f"# {t('plan_title_team')}: {company}",
        provenance_line(plan.provenance, plan.language) if provenance else "",
        f"## {t('summary')}\n\n{plan.summary}",
        f"## {t('roles')}",
        table([t("role"), t("fte"), t("reports_to"), t("mission"), t("why")],
              [[r.title, f"{r.fte:g}", r.reports_to, r.mission, r.why] for r in plan.roles]),
        f"**{t('responsibilities')}**\n\n" + "\n".join(
            f"- **{r.title}**: " + " ".join(r.responsibilities) for r in plan.roles),
        f"## {t('operating_model')}: {t('model_' + om.model.value)}",
        "\n".join(f"- {reason}" for reason in om.reasons),
        f"- **{t('decision_rights')}**: {om.decision_rights}\n- **{t('budget_model')}**: {om.budget_model}\n"
        f"- **{t('coordination')}**: {om.coordination}",
        f"## {t('first_90_days')}",
        "\n".join(
            f"{i}. **{a.title}** ({t('weeks')} {a.start_week}-{a.end_week}, {t('owner')}: {a.owner_role})\n"
            f"   - {t('deliverable')}: {a.deliverable}\n   - {t('kpi')}: {a.kpi}\n   - {a.addresses}"
            for i, a in enumerate(plan.first_90_days, 1)),
        f"## {t('risks')}",
        table([t("risk"), t("likelihood"), t("impact"), t("mitigation"), t("owner")],
              [[r.risk, level(r.likelihood), level(r.impact), r.mitigation, r.owner_role] for r in plan.risks]),
        f"## {t('kpis')}",
        table([t("kpi"), t("target"), t("why")], [[k.name, k.target, k.why] for k in plan.kpis]),
        f"## {t('maturity')}",
        f"{t('current_level')}: **{plan.maturity.current} — {plan.maturity.current_name}** → "
        f"{t('target_level')}: **{plan.maturity.target} — {plan.maturity.target_name}**\n\n"
        + "\n".join(f"- {r}" for r in plan.maturity.reasons),
        f"## {t('pilot')}",
        f"- **{t('scope')}**: {plan.pilot.scope}\n- **{t('team_size')}**: {plan.pilot.team_size}"
        f" ({t('time_share')}: {plan.pilot.time_share})\n- **{t('members')}**: {', '.join(plan.pilot.members)}\n"
        f"- **{t('success_criteria')}**: " + "; ".join(plan.pilot.success_criteria),
        f"## {t('rollout')}",
        table([t("phase"), t("duration"), t("focus")],
              [[f"{p.number}. {p.name}", f"{p.weeks_min}-{p.weeks_max} {t('weeks_unit')}", p.focus]
               for p in plan.rollout]),
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
        "\n".join(f"{i}. **{names[p.skill]}**: {p.reason}\n   - {t('target')}: {p.target}"
                  for i, p in enumerate(plan.top3, 1)),
        f"## {t('skills')}",
        table(["#", t("skill"), t("cx_impact"), t("roi_impact"), t("progress_indicator"), t("focus")],
              [[i, s.name, s.cx_impact, s.roi_impact, s.progress_indicator, s.focus]
               for i, s in enumerate(plan.skills, 1)]),
        f"## {t('quick_wins_30d')}",
        "\n".join(f"- **{w.title}** ({w.owner_role}): {w.why}" for w in plan.quick_wins_30d),
        f"## {t('risks')}",
        table([t("risk"), t("mitigation"), t("owner")], [[r.risk, r.mitigation, r.owner_role] for r in plan.risks]),
        f"## {t('microlearning')}",
        table([t("day"), t("case"), t("tool"), t("metric")],
              [[m.day, m.case, m.tool, m.metric] for m in plan.microlearning]),
        _rationale(plan, t),
    ]
    return "\n\n".join(part for part in out if part) + "\n"


def _rationale(plan: TeamPlan | SkillsPlan, t: Callable[[str], str]) -> str:
    return f"## {t('rationale')}\n\n" + table(
        [t("decision"), t("rule"), t("because")],
        [[f"{d.topic}: {d.decision}", d.rule, d.because] for d in plan.rationale])


def bundle_markdown(bundle: PlanBundle, provenance: bool = True) -> str:
    """Every plan in the bundle, separated by a rule."""
    parts = [team_markdown(p, provenance) if isinstance(p, TeamPlan) else skills_markdown(p, provenance)
             for p in bundle.plans]
    return "\n---\n\n".join(parts)
