"""The method's detail after the brief: what a board may look up, never a repeat of the brief.

The team with each role's mission and reporting line (the channel heads on one line), why the
team has this size, the operating model, the KPIs that fit the business with baselines and targets, the pilot
and the four phases, the risks the brief did not name, the maturity step and the quick wins;
for the skills plan the ten skills and the 30-60-90 plan. The actions, the top risks, the costs
and the decisions are in the brief and are not said again.
"""

from __future__ import annotations

from collections.abc import Callable

from ..consistency import time_shares
from ..knowledge import load_knowledge
from ..knowledge.practice import load_practice
from ..planners.fit import business_model, kpi_fits
from ..plans import KPI, Risk, SkillsPlan, TeamPlan
from ..reading import read_traits
from ..words.spelling import spell
from ..words.text import first_sentence
from ..words.wording import number
from .blocks import Block, Bullets, Figure, Heading, Paragraph, Table
from .brief import aside, assumptions_block, brief_text
from .charts import gantt_picture, org_picture
from .parts import boss_of

OWN_KPIS = ("quarterly_goal", "process")  # the client's goal and the process's own KPI
KPI_ROWS = 3  # the board's KPI table: the client's goal and the process's KPI first, at least one of the method's
OTHER_RISKS = 2  # the brief names the three most specific; the appendix at most two more,
OTHER_RISKS_FROM = 100  # and only from this head count: a small firm's board reads three risks, not five


def _labels(plan: TeamPlan | SkillsPlan) -> tuple[Callable[..., str], Callable[[str], str]]:
    """The appendix's sentences and labels, spelled as the plan is ("Centralized" for an American client)."""
    kb, lang = load_knowledge(), plan.language
    spelled = (lambda text: spell(text, plan.spelling)) if lang == "en" else str
    return (lambda key, **facts: spelled(brief_text(key, lang, **facts))), (lambda key: spelled(kb.label(key, lang)))


def _not_in_brief(plan: TeamPlan | SkillsPlan) -> list[Risk]:
    """The plan's risks the brief did not name, as many as the appendix shows at this size."""
    if plan.profile.employees < OTHER_RISKS_FROM:
        return []
    named = {r.risk for r in plan.brief.risks} if plan.brief else set()
    return [r for r in plan.risks if r.risk not in named][:OTHER_RISKS]


def _kpi_blocks(plan: TeamPlan, b: Callable[..., str], t: Callable[[str], str]) -> list[Block]:
    """The KPI table; a baseline every KPI shares ("measured by action 1") is said once, above it."""
    rows = [(k.name, *_baseline_target(k.target)) for k in shown_kpis(plan)]
    baselines = {baseline for _, baseline, _ in rows}
    if len(rows) < 2 or len(baselines) > 1:
        return [Table((t("kpi"), b("baseline"), t("target")), tuple(rows))]
    said = Paragraph(b("every_baseline", baseline=baselines.pop()))
    return [said, Table((t("kpi"), t("target")), tuple((name, target) for name, _, target in rows))]


def _pilot_line(share: str) -> str:
    """The pilot's line: a percentage is a share "of their time"; hours a week name their own time."""
    return "pilot_line" if time_shares(share) else "pilot_line_own_time"


def team_appendix(plan: TeamPlan, level: int = 2, figures: bool = False) -> list[Block]:
    """The team plan's appendix under headings of this level; `figures` adds the org chart and the timeline."""
    b, t = _labels(plan)
    lang, om, pilot = plan.language, plan.operating_model, plan.pilot
    sub = level + 1
    blocks: list[Block] = [Heading(b("appendix"), level), *assumptions_block(plan), Heading(b("team"), sub)]
    if figures:
        blocks.append(Figure(org_picture(plan)))
    blocks.append(
        Table(
            (t("role"), t("fte"), t("reports_to"), t("mission")),
            tuple((r.title, number(r.fte, lang, 2), boss_of(r), lead_clause(r.mission)) for r in plan.roles),
        )
    )
    if plan.brief and plan.brief.staffing:
        blocks += [Heading(b("staffing_reasoning"), sub), Paragraph(plan.brief.staffing.reasoning)]
    blocks += [
        Heading(f"{t('operating_model')}: {t('model_' + om.model.value)}", sub),
        Bullets(tuple(("", reason) for reason in om.reasons[:2])),
        Paragraph(om.coordination, lead=f"{t('coordination')}: "),
        Heading(t("kpis"), sub),
        *_kpi_blocks(plan, b, t),
        Heading(b("pilot_rollout"), sub),
        Paragraph(b(_pilot_line(pilot.time_share), scope=pilot.scope, size=pilot.team_size, share=pilot.time_share)),
        Bullets(
            tuple((f"{p.number}. {p.name}", f"{p.weeks_min}–{p.weeks_max} {t('weeks_unit')}") for p in plan.rollout)
        ),
    ]
    if figures:
        blocks += [Heading(b("timeline"), sub), Figure(gantt_picture(plan))]
    rest = _not_in_brief(plan)
    if rest:
        blocks += [Heading(b("other_risks"), sub), _risks(rest)]
    m = plan.maturity
    blocks += [
        Heading(t("maturity"), sub),
        Paragraph(
            b(
                "maturity_line",
                current=m.current,
                current_name=m.current_name,
                target=m.target,
                target_name=m.target_name,
                reason=m.reasons[0],
            )
        ),
        Heading(t("quick_wins"), sub),
        Bullets(
            tuple(
                (w.title, f"{first_sentence(w.why).rstrip('.')}{aside(f'{w.horizon}, {w.owner_role}')}.")
                for w in plan.quick_wins[:2]
            )
        ),
    ]
    return blocks


def shown_kpis(plan: TeamPlan) -> list[KPI]:
    """The KPIs the board reads, at most `KPI_ROWS`: the client's goal and the process's KPI, then the method's
    KPIs that fit the business model (`kpi_fit` in business_models.yaml), in the planner's order."""
    practice = load_practice()
    model = business_model(plan.profile, traits := read_traits(plan.profile), practice)
    have = frozenset({*model.traits(), model.offer, *(["physical"] if traits.physical else [])})
    channels = {c.value for c in plan.profile.channels}
    own = [k for k in plan.kpis if k.key in OWN_KPIS]
    fitting = [
        k
        for k in plan.kpis
        if k.key not in OWN_KPIS and kpi_fits(practice.business_models.kpi_fit.get(k.key), have, channels)
    ]
    return own + fitting[: max(1, KPI_ROWS - len(own))]


def lead_clause(text: str) -> str:
    """A mission's leading clause, for a table cell: up to its colon, or its whole first sentence."""
    head, colon, _ = text.partition(": ")
    return head + "." if colon and len(head) <= 60 else first_sentence(text)


def _baseline_target(target: str) -> tuple[str, str]:
    """A KPI's target as the planner wrote it, "baseline → target" when it says both."""
    baseline, arrow, goal = target.partition(" → ")
    return (baseline, goal) if arrow else ("", target)


def skills_appendix(plan: SkillsPlan, level: int = 2) -> list[Block]:
    """The skills plan's appendix: the ten skills, the 30-60-90 plan, the risks the brief did not name."""
    b, t = _labels(plan)
    sub = level + 1
    blocks: list[Block] = [
        Heading(b("appendix_skills"), level),
        *assumptions_block(plan),
        Heading(t("skills"), sub),
        Table(
            ("#", t("skill"), t("cx_impact"), t("roi_impact")),
            tuple((str(i), s.name, str(s.cx_impact), str(s.roi_impact)) for i, s in enumerate(plan.skills, 1)),
        ),
        Heading(t("microlearning"), sub),
        Table(
            (t("day"), t("case"), t("tool"), t("metric")),
            tuple((str(m.day), m.case, m.tool, m.metric) for m in plan.microlearning),
        ),
    ]
    rest = _not_in_brief(plan)
    if rest:
        blocks += [Heading(b("other_risks"), sub), _risks(rest)]
    return blocks


def _risks(risks: list[Risk]) -> Bullets:
    return Bullets(tuple((r.risk.rstrip("."), f"{r.mitigation.rstrip('.')}{aside(r.owner_role)}.") for r in risks))
