"""Scenarios: the same company planned under two choices, side by side.

A manager who sees "hybrid" may ask what centralized would have cost, or what changes at
1,200 people instead of 300. `against_plan` sets the plan on screen beside the same company
under one variant; `compare` plans two variants. Variants are planned with the offline planner
(fast and deterministic, so the difference comes from the choice and not from sampling), and
what changed is lined up: roles and their FTE, the team's total FTE, the first actions and the risks.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..plans import TeamPlan
from ..profile import CompanyProfile
from ..terms import OperatingModel
from ..words.text import fold
from .offline import OfflinePlanner


@dataclass(frozen=True)
class Variant:
    """One side of a comparison: an optional head count and an optional forced operating model."""

    employees: int | None = None
    operating_model: OperatingModel | None = None

    def changes_nothing(self, plan: TeamPlan) -> bool:
        """True when the plan already has this head count and operating model."""
        return self.employees in (None, plan.profile.employees) and self.operating_model in (
            None,
            plan.operating_model.model,
        )

    def name(self, profile: CompanyProfile) -> str:
        """Short name of the variant, e.g. 'hybrid · 1,200' or 'rules · 300'."""
        model = self.operating_model.value if self.operating_model else "auto"
        return f"{model} · {self.employees or profile.employees:,}"


@dataclass(frozen=True)
class RoleChange:
    """A role's FTE in each variant; None where the variant has no such role."""

    title: str
    fte_a: float | None
    fte_b: float | None

    @property
    def changed(self) -> bool:
        return self.fte_a != self.fte_b


@dataclass(frozen=True)
class Comparison:
    """Two team plans of one company and what differs between them."""

    a: TeamPlan
    b: TeamPlan
    name_a: str
    name_b: str
    variant: Variant | None = None  # what B changes, when A is the plan itself

    @staticmethod
    def total_fte(plan: TeamPlan) -> float:
        """The team's cost in full-time equivalents."""
        return round(sum(role.fte for role in plan.roles), 2)

    def roles(self) -> list[RoleChange]:
        """Every role of either plan, in A's order then B's new ones, with FTE on each side."""
        fte_a = {fold(r.title): r.fte for r in self.a.roles}
        fte_b = {fold(r.title): r.fte for r in self.b.roles}
        titles = {fold(r.title): r.title for r in [*self.b.roles, *self.a.roles]}
        order = list(dict.fromkeys([*fte_a, *fte_b]))
        return [RoleChange(titles[key], fte_a.get(key), fte_b.get(key)) for key in order]

    def actions(self) -> list[tuple[str | None, str | None]]:
        """The 3 first actions of each plan, paired by position."""
        return [(x.title, y.title) for x, y in zip(self.a.first_90_days, self.b.first_90_days, strict=False)]

    def risks(self) -> tuple[list[str], list[str], list[str]]:
        """Risks only in A, only in B, and in both."""
        in_a = {fold(r.risk): r.risk for r in self.a.risks}
        in_b = {fold(r.risk): r.risk for r in self.b.risks}
        return (
            [v for k, v in in_a.items() if k not in in_b],
            [v for k, v in in_b.items() if k not in in_a],
            [v for k, v in in_a.items() if k in in_b],
        )


def plan_variant(profile: CompanyProfile, variant: Variant) -> TeamPlan:
    """The offline team plan of the profile with the variant's head count and operating model."""
    changed = profile.model_copy(update={"employees": variant.employees}) if variant.employees else profile
    return OfflinePlanner(force_model=variant.operating_model).team_plan(changed)


def compare(profile: CompanyProfile, a: Variant, b: Variant) -> Comparison:
    """Plan the company under both variants and line the plans up."""
    return Comparison(plan_variant(profile, a), plan_variant(profile, b), a.name(profile), b.name(profile))


def against_plan(plan: TeamPlan, variant: Variant) -> Comparison:
    """The plan itself (A) beside the same company under `variant` (B)."""
    return Comparison(plan, plan_variant(plan.profile, variant), "plan", variant.name(plan.profile), variant)


def other_model(model: OperatingModel) -> OperatingModel:
    """The model a plan is first compared with: hybrid beside either pure model, centralized beside hybrid."""
    return OperatingModel.centralized if model == OperatingModel.hybrid else OperatingModel.hybrid
