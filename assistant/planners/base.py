"""The one interface every planner implements, whatever makes the plan."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator

from ..llm.chain import PlanChain
from ..plans import PlanBundle, SkillsPlan, TeamPlan
from ..profile import CompanyProfile
from ..terms import PlanKind


class Planner(ABC):
    """Maps a validated `CompanyProfile` to validated plans."""

    name: str = "planner"

    @abstractmethod
    def team_plan(self, profile: CompanyProfile) -> TeamPlan:
        """The team structure, operating model, first 90 days and risks."""

    @abstractmethod
    def skills_plan(self, profile: CompanyProfile) -> SkillsPlan:
        """The development plan for the 10 omnichannel skills."""

    def plan(self, profile: CompanyProfile, kind: PlanKind = "team") -> PlanBundle:
        """The plans of the requested kind: team, skills or both."""
        return PlanBundle(
            team=self.team_plan(profile) if kind in ("team", "both") else None,
            skills=self.skills_plan(profile) if kind in ("skills", "both") else None,
        )

    async def aplan(self, profile: CompanyProfile, kind: PlanKind = "team") -> PlanBundle:
        """Async form for batch and evals; planners that call a server override it."""
        return self.plan(profile, kind)

    def stream_plan(self, profile: CompanyProfile, kind: PlanKind = "team") -> Iterator[str | PlanBundle]:
        """Text chunks while the plan is being written, then the finished `PlanBundle` last.

        Planners that stream (the LLM chain) override it; the default yields the bundle only.
        """
        yield self.plan(profile, kind)

    def chat_model(self) -> PlanChain | None:
        """The model the chat may talk to in free text (its chain), or None when the planner has none."""
        return None
