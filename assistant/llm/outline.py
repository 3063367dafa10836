"""The method's draft for a prompt: a compact outline of the offline plan the model writes over.

A prompt that declares the `draft` variable (team_structure v5) is given the offline
planner's plan for this company, read from the diagnosis the plan was made on (the model's,
when it read one): what breaks, the process and its objects, the client's goal as the KPI,
the team within the staffing cap, the operating model, the three actions, the pilot, the
phases and the maturity. Only keys, titles, numbers and the brief's own lines go in, so
the outline stays short in both languages; the prompt says how to use it. The outline is
part of the answer's cache key: a changed draft is never served an old answer.
"""

from __future__ import annotations

from ..diagnosis import Diagnosis
from ..plans import SkillsPlan, TeamPlan

DIAGNOSIS_CHARS = 400  # the brief's diagnosis is a few sentences; a runaway one is cut


def _fte(value: float) -> str:
    return f"{value:g}"


def team_outline(plan: TeamPlan, diagnosis: Diagnosis) -> dict:
    """The outline of a team plan (with its brief), as plain data for the prompt's `draft` block."""
    brief = plan.brief
    assert brief is not None and brief.staffing is not None  # the offline planner briefs every team plan
    outline: dict = {"diagnosis": brief.diagnosis[:DIAGNOSIS_CHARS]}
    if problems := [p.key for p in diagnosis.problems if p.key != "none"][:2]:
        outline["problems"] = problems  # the brief quotes a second problem; the model is told its key
    if diagnosis.process is not None:
        outline["process"] = {"key": diagnosis.process.key.value, "objects": diagnosis.process.objects}
    if brief.headline is not None:
        goal = brief.headline
        outline["goal_kpi"] = f"{goal.metric}: {goal.baseline} → {goal.target}, {goal.due}"
    outline |= {
        "fte_total": brief.staffing.fte,
        "fte_cap": brief.staffing.cap,
        "hires": brief.staffing.hires,
        "roles": [f"{r.key}: {r.title}, {_fte(r.fte)} FTE, → {r.reports_to}" for r in plan.roles],
        "operating_model": plan.operating_model.model.value,
        "actions": [
            f"{a.title} ({a.owner}, w{a.start_week}-{a.end_week}; KPI: {a.measure.metric})" for a in brief.actions
        ],
        "kpis": [k.name for k in plan.kpis],
        "pilot": f"{plan.pilot.team_size}, {plan.pilot.time_share}",
        "phases": [f"{p.number}. {p.weeks_min}-{p.weeks_max}" for p in plan.rollout],
        "maturity": f"{plan.maturity.current} → {plan.maturity.target}",
    }
    return outline


def outline_of(plan: TeamPlan | SkillsPlan, diagnosis: Diagnosis | None) -> dict | None:
    """The outline of a draft plan, for the prompts that write over one (team plans); None for the others."""
    return team_outline(plan, diagnosis or Diagnosis()) if isinstance(plan, TeamPlan) else None
