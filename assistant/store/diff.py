"""What changed between two plans: the company's head count, channels and goal, operating model, roles and
their FTE, the first actions, the Top 3.

A version keeps its `PlanDiff` from the version before (the page shows it, `omniteam plans diff`
prints it). Roles are matched by title as the scenario comparison matches them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..planners.scenarios import Comparison
from ..plans import PlanBundle
from ..words.vocab import CHANNEL_LABELS


class RoleChange(BaseModel):
    """A role added (no FTE before), removed (none after) or resized."""

    title: str
    fte_before: float | None = None
    fte_after: float | None = None


class ActionChange(BaseModel):
    """A first-90-days action that differs at the same position."""

    number: int
    before: str
    after: str


class PlanDiff(BaseModel):
    """The differences that matter to a manager, from plan A to plan B; empty when none."""

    employees_before: int | None = None
    employees_after: int | None = None
    channels_added: list[str] = Field(default_factory=list)
    channels_removed: list[str] = Field(default_factory=list)
    goal_before: str | None = None
    goal_after: str | None = None
    model_before: str | None = None
    model_after: str | None = None
    roles: list[RoleChange] = Field(default_factory=list)
    fte_before: float | None = None
    fte_after: float | None = None
    actions: list[ActionChange] = Field(default_factory=list)
    top3_before: list[str] = Field(default_factory=list)
    top3_after: list[str] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing of the above changed."""
        return self == PlanDiff()

    def lines(self) -> list[str]:
        """The changes as short lines, for a terminal or a log."""
        lines = (
            [f"head count: {_count(self.employees_before)} → {_count(self.employees_after)}"]
            if self.employees_before != self.employees_after
            else []
        )
        lines += [f"channel added: {name}" for name in self.channels_added]
        lines += [f"channel removed: {name}" for name in self.channels_removed]
        lines += _goal_lines(self.goal_before, self.goal_after)
        if self.model_before != self.model_after:
            lines.append(f"operating model: {self.model_before or '-'} → {self.model_after or '-'}")
        for role in self.roles:
            if role.fte_before is None:
                lines.append(f"role added: {role.title} ({role.fte_after:g} FTE)")
            elif role.fte_after is None:
                lines.append(f"role removed: {role.title} ({role.fte_before:g} FTE)")
            else:
                lines.append(f"FTE of {role.title}: {role.fte_before:g} → {role.fte_after:g}")
        if self.fte_before != self.fte_after:
            lines.append(f"total FTE: {_fte(self.fte_before)} → {_fte(self.fte_after)}")
        lines += [f"action {a.number}: {a.before} → {a.after}" for a in self.actions]
        if self.top3_before != self.top3_after:
            lines.append(f"Top 3 skills: {', '.join(self.top3_before) or '-'} → {', '.join(self.top3_after) or '-'}")
        return lines


def _goal_lines(before: str | None, after: str | None) -> list[str]:
    if before == after:
        return []
    if after is None:
        return [f"goal dropped: {before}"]
    return [f"goal added: {after}"] if before is None else [f"goal: {before} → {after}"]


def _channels(bundle: PlanBundle) -> list[str]:
    """The profile's channels by name: the known ones as the plan names them in English, then the others."""
    profile = bundle.plans[0].profile if bundle.plans else None
    if profile is None:
        return []
    return [CHANNEL_LABELS[channel]["en"] for channel in profile.channels] + profile.other_channels


def _goal(bundle: PlanBundle) -> str | None:
    return bundle.plans[0].profile.quarterly_goal if bundle.plans else None


def _employees(bundle: PlanBundle) -> int | None:
    return bundle.plans[0].profile.employees if bundle.plans else None


def _count(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _fte(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def diff_bundles(a: PlanBundle, b: PlanBundle) -> PlanDiff:
    """What changed from `a` to `b`."""
    channels_a, channels_b = _channels(a), _channels(b)
    diff = PlanDiff(
        employees_before=_employees(a),
        employees_after=_employees(b),
        channels_added=[name for name in channels_b if name not in channels_a],
        channels_removed=[name for name in channels_a if name not in channels_b],
        goal_before=_goal(a),
        goal_after=_goal(b),
        top3_before=[p.skill.value for p in a.skills.top3] if a.skills else [],
        top3_after=[p.skill.value for p in b.skills.top3] if b.skills else [],
    )
    if a.team:
        diff.model_before, diff.fte_before = a.team.operating_model.model.value, Comparison.total_fte(a.team)
    if b.team:
        diff.model_after, diff.fte_after = b.team.operating_model.model.value, Comparison.total_fte(b.team)
    if a.team and b.team:
        both = Comparison(a.team, b.team, "", "")
        diff.roles = [
            RoleChange(title=r.title, fte_before=r.fte_a, fte_after=r.fte_b) for r in both.roles() if r.changed
        ]
        diff.actions = [
            ActionChange(number=n, before=x, after=y)
            for n, (x, y) in enumerate(both.actions(), 1)
            if x != y and x and y
        ]
    return diff
