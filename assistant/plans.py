"""The plans omniteam produces: `TeamPlan`, `SkillsPlan` and their parts.

Each plan is split in two: the *content* a planner decides (`TeamPlanContent`,
`SkillsPlanContent`, also the schema an LLM fills through structured output) and the
envelope omniteam adds (the profile it was made for, the language, the provenance).
The schema holds the structure (exactly 3 first actions, 10 skills, a bound on every list, so
a model cannot run on); the method's softer
rules (pilot of 5-8 people, KPIs from the shared set) are checked by the eval graders.
"""

from __future__ import annotations

from enum import Enum
from functools import cache
from typing import Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from .brief import Brief
from .diagnosis import Diagnosis
from .profile import CompanyProfile
from .terms import Language, Level, OperatingModel, SkillKey, Spelling
from .words.spelling import own_words, spell

T = TypeVar("T")
_AS_WRITTEN = frozenset({"profile", "provenance", "key", "rule", "topic"})  # the client's words and the machinery


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Role(_Part):
    """One role in the omnichannel team."""

    key: str = Field(description="Catalogue id of the role, e.g. omnichannel_manager, or a new snake_case id.")
    title: str = Field(description="Job title as it would appear on an org chart.")
    mission: str = Field(description="One sentence: why the role exists.")
    responsibilities: list[str] = Field(min_length=2, max_length=8, description="What the role does.")
    reports_to: str = Field(description="Title of the role or body this role reports to.")
    fte: float = Field(gt=0, le=50, description="Full-time equivalents; below 1 means a share of someone's time.")
    why: str = Field(description="Why this company needs the role, tied to its profile.")


class OperatingModelChoice(_Part):
    """The chosen operating model and the reasons for it."""

    model: OperatingModel = Field(description="centralized, decentralized or hybrid.")
    reasons: list[str] = Field(min_length=2, max_length=6, description="Reasons tied to the company's profile.")
    decision_rights: str = Field(description="Who decides what, and how fast.")
    budget_model: str = Field(description="How the omnichannel work is funded.")
    coordination: str = Field(description="Meetings and bodies that keep the departments aligned.")


class Action(_Part):
    """A priority action for the first 90 days."""

    title: str = Field(description="What will be done.")
    owner_role: str = Field(description="Title of the role accountable for it.")
    start_week: int = Field(ge=1, le=13, description="Week it starts (1-13).")
    end_week: int = Field(ge=1, le=13, description="Week it ends (1-13).")
    deliverable: str = Field(description="The tangible result at the end.")
    kpi: str = Field(description="How success is measured.")
    addresses: str = Field(description="How the action answers the company's stated challenge.")


class Risk(_Part):
    """A risk to the rollout, with its mitigation."""

    risk: str = Field(description="What could go wrong.")
    likelihood: Level = Field(description="low, medium or high.")
    impact: Level = Field(description="low, medium or high.")
    mitigation: str = Field(description="What prevents or limits it.")
    owner_role: str = Field(description="Title of the role that watches it.")


class KPI(_Part):
    """A shared, cross-department indicator."""

    key: str = Field(description="clv, nps, cross_channel_conversion, customer_effort_score, or another snake_case id.")
    name: str = Field(description="Name of the indicator.")
    why: str = Field(description="Why it matters for this company.")
    target: str = Field(description="Target or direction for the first year.")


class Maturity(_Part):
    """Where the company stands on the 4-level maturity model and where it aims."""

    current: int = Field(ge=1, le=4, description="Level now (1-4).")
    target: int = Field(ge=1, le=4, description="Level targeted in 12-24 months (1-4).")
    current_name: str = Field(description="Name of the current level.")
    target_name: str = Field(description="Name of the target level.")
    reasons: list[str] = Field(min_length=1, max_length=5, description="Why this assessment.")


class Pilot(_Part):
    """The pilot team of phase 2."""

    scope: str = Field(description="Customer segment, category or project the pilot covers.")
    team_size: int = Field(ge=1, le=20, description="People in the pilot team (the method says 5-8).")
    time_share: str = Field(description="Share of their time the members give (the method says 50-70%).")
    members: list[str] = Field(min_length=1, max_length=12, description="Role titles in the pilot team.")
    success_criteria: list[str] = Field(min_length=1, max_length=6, description="What proves the pilot worked.")


class Phase(_Part):
    """A rollout phase with its duration."""

    number: int = Field(ge=1, le=4, description="Phase number (1-4).")
    name: str = Field(description="Name of the phase.")
    weeks_min: int = Field(ge=1, description="Shortest duration in weeks.")
    weeks_max: int = Field(ge=1, description="Longest duration in weeks.")
    focus: str = Field(description="What this company does in the phase.")


class QuickWin(_Part):
    """A high-value, easy project to build credibility."""

    title: str = Field(description="The quick win.")
    why: str = Field(description="Why it fits this company.")
    owner_role: str = Field(description="Title of the role that leads it.")
    horizon: str = Field(description="When it shows results, e.g. '2-4 months' or 'day 30'.")


class Decision(_Part):
    """One step of the rationale trail: which rule produced which decision, and why."""

    topic: str = Field(description="What was decided, e.g. operating_model, role:data_analyst.")
    rule: str = Field(description="Id of the rule or method element behind it.")
    decision: str = Field(description="The decision.")
    because: str = Field(description="The facts of the profile that triggered it.")


FallbackKind = Literal["gone", "busy", "unusable"]  # unreachable / no answer in time / an unusable answer


class Provenance(_Part):
    """How a plan was made: planner, model, prompt, tokens, cost, fallback."""

    planner: str = Field(description="offline or llm.")
    model: str | None = Field(None, description="Model name, for an LLM planner.")
    prompt_version: str | None = Field(None, description="Prompt version used, for an LLM planner.")
    fallback: bool = Field(False, description="True when the LLM failed and the offline plan stands in.")
    fallback_reason: str | None = Field(None, description="Why it fell back.")
    fallback_kind: FallbackKind | None = Field(
        None, description="What failed: the model was unreachable, busy or too slow, or answered unusably."
    )
    repaired: bool = Field(False, description="True when a malformed answer was repaired.")
    cached: bool = Field(False, description="True when the answer came from the on-disk cache.")
    trimmed: list[str] = Field(
        default_factory=list, description="Grounding sections left out to fit the context budget."
    )
    prompt_tokens: int = Field(0, ge=0, description="Input tokens.")
    completion_tokens: int = Field(0, ge=0, description="Output tokens.")
    tokens_approximate: bool = Field(False, description="True when tokens were counted with a stand-in encoding.")
    cost_usd: float = Field(0.0, ge=0, description="Estimated cost in USD.")
    cost_known: bool = Field(True, description="False when the price table does not list the model (cost unknown).")


class TeamPlanContent(_Part):
    """What a planner decides for the team: the part an LLM fills."""

    summary: str = Field(description="Three to five sentences a manager reads first.")
    roles: list[Role] = Field(min_length=3, max_length=20, description="The team, most senior first.")
    operating_model: OperatingModelChoice
    first_90_days: list[Action] = Field(min_length=3, max_length=3, description="Exactly 3 priority actions.")
    risks: list[Risk] = Field(min_length=3, max_length=10, description="Risks with mitigations.")
    kpis: list[KPI] = Field(min_length=3, max_length=8, description="Shared KPIs across departments.")
    maturity: Maturity
    pilot: Pilot
    rollout: list[Phase] = Field(min_length=4, max_length=4, description="The 4 rollout phases.")
    quick_wins: list[QuickWin] = Field(min_length=1, max_length=5, description="Quick wins to build momentum.")
    rationale: list[Decision] = Field(min_length=1, max_length=32, description="Which rule produced each decision.")


class SkillPriority(_Part):
    """One of the 10 skills, placed in the plan's order of impact."""

    skill: SkillKey = Field(description="Which of the 10 skills.")
    name: str = Field(description="Name of the skill.")
    cx_impact: int = Field(ge=1, le=5, description="Impact on customer experience, 1-5.")
    roi_impact: int = Field(ge=1, le=5, description="Impact on ROI, 1-5.")
    progress_indicator: str = Field(description="How progress in this skill is measured.")
    focus: str = Field(description="What to develop first, for this team.")


class TopPriority(_Part):
    """One of the Top 3 skills to develop this quarter."""

    skill: SkillKey = Field(description="Which of the 10 skills.")
    reason: str = Field(description="Why it is a top priority for this team and goal.")
    target: str = Field(description="Measurable target for the quarter.")


class MicrolearningStage(_Part):
    """One stage of the 30-60-90 microlearning plan."""

    day: Literal[30, 60, 90] = Field(description="End day of the stage.")
    case: str = Field(description="The weekly case topic.")
    tool: str = Field(description="The tool to learn.")
    metric: str = Field(description="The metric to master.")


class SkillsPlanContent(_Part):
    """What a planner decides for team skills: the part an LLM fills."""

    summary: str = Field(description="Three to five sentences a manager reads first.")
    skills: list[SkillPriority] = Field(
        min_length=10, max_length=10, description="All 10 skills, ordered by impact on CX and ROI."
    )
    top3: list[TopPriority] = Field(min_length=3, max_length=3, description="The Top 3 priorities.")
    quick_wins_30d: list[QuickWin] = Field(min_length=2, max_length=6, description="Quick wins for the first 30 days.")
    risks: list[Risk] = Field(min_length=2, max_length=8, description="Risks and preventive actions.")
    microlearning: list[MicrolearningStage] = Field(min_length=3, max_length=3, description="The 30-60-90 plan.")
    rationale: list[Decision] = Field(min_length=1, max_length=12, description="Which rule produced each decision.")


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: Language
    profile: CompanyProfile
    provenance: Provenance
    brief: Brief | None = Field(None, description="What the board reads first; every renderer opens with it.")
    spelling: Spelling = Field("british", description="How its English is spelled, as the client's country spells.")

    def spelled(self, spelling: Spelling) -> Self:
        """The plan with its English text in the spelling (a Polish plan as it is); the client's words and
        the machinery (ids, provenance) as they stand."""
        if self.language != "en":
            return self
        p = self.profile
        texts = [p.industry, p.channel_words or "", *p.other_channels, p.challenge, p.quarterly_goal or ""]
        keep = own_words(p.company or "", texts, spelling)
        return _spelled(self, spelling, keep).model_copy(update={"spelling": spelling})


def _spelled(value: T, spelling: Spelling, keep: frozenset[str]) -> T:
    """Every text in a value (a model, a list, a string) in the spelling; ids and the client's words kept."""
    if type(value) is str:  # most values: tried first
        return spell(value, spelling, keep)  # type: ignore[return-value]
    if isinstance(value, list):
        items = [_spelled(item, spelling, keep) for item in value]
        return value if all(new is old for new, old in zip(items, value, strict=True)) else items  # type: ignore[return-value]
    if isinstance(value, BaseModel):
        changed = {}
        for name in _text_fields(type(value)):
            old = getattr(value, name)
            if (new := _spelled(old, spelling, keep)) is not old:
                changed[name] = new
        return value.model_copy(update=changed) if changed else value  # copied only where a text changed
    if isinstance(value, str) and not isinstance(value, Enum):
        return spell(value, spelling, keep)  # type: ignore[return-value]
    return value


@cache
def _text_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """A model's fields that may hold text to respell: all but the ids and the client's own words."""
    return tuple(name for name in model.model_fields if name not in _AS_WRITTEN)


class TeamPlan(_Envelope, TeamPlanContent):
    """A complete team plan: structure, operating model, 90 days, risks, KPIs, pilot."""

    kind: Literal["team"] = "team"


class SkillsPlan(_Envelope, SkillsPlanContent):
    """A complete skills-development plan for the 10 omnichannel skills."""

    kind: Literal["skills"] = "skills"


class PlanBundle(BaseModel):
    """What one request returns: a team plan, a skills plan, or both."""

    model_config = ConfigDict(extra="forbid")

    team: TeamPlan | None = None
    skills: SkillsPlan | None = None
    diagnosis: Diagnosis | None = Field(None, description="What breaks at the company, as the plans read it.")

    @property
    def plans(self) -> list[TeamPlan | SkillsPlan]:
        """The plans present, team first."""
        return [p for p in (self.team, self.skills) if p is not None]


OUTPUT_MODELS: dict[str, type[BaseModel]] = {
    "team_plan": TeamPlan,
    "skills_plan": SkillsPlan,
    "team_plan_content": TeamPlanContent,
    "skills_plan_content": SkillsPlanContent,
}


def json_schemas() -> dict[str, dict]:
    """JSON Schema of every output model, by name."""
    return {name: model.model_json_schema() for name, model in OUTPUT_MODELS.items()}
