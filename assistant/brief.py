"""`Brief`: the two pages a board reads first, on top of every plan.

A consultant's deliverable opens with what the board needs to decide: what breaks (in the
client's words), the answer to the client's own question, the recommendation in one
paragraph with its size and its cost, three actions around the process that breaks, the three
risks most specific to this company, and who decides what. The method's detail follows as an
appendix that does not repeat it. The brief is built from the plan and the `Diagnosis` by
`assistant.planners.brief`, whatever planner wrote the plan, so every plan carries one.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Staffed = Literal["existing", "hire"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Estimate(_Part):
    """A cost range, always an estimate: what it is, and what it rests on."""

    low: float = Field(ge=0, description="Lower end, in the currency below.")
    high: float = Field(ge=0, description="Upper end.")
    currency: str = Field(description="ISO code: PLN, EUR ...")
    period: Literal["year", "quarter"] = Field("year", description="What the amount covers.")
    basis: str = Field(description="What the range is made of, e.g. '0.4 FTE × senior band, Poland 2025'.")


class TeamLine(_Part):
    """One line of the recommended team: who gives how much time, and what it costs."""

    role: str = Field(description="Role title, as in the plan's roles.")
    staffed: Staffed = Field(description="existing: time of people the company has; hire: a new person.")
    fte: float = Field(ge=0, description="Full-time equivalents.")
    cost: Estimate | None = Field(None, description="FTE × the salary band; None where no band applies.")


class Staffing(_Part):
    """The size of the team and the reasoning of the staffing table behind it, shown in the plan."""

    fte: float = Field(ge=0, description="Total FTE of the team.")
    cap: float = Field(ge=0, description="What a consultant would staff at this size, at most.")
    hires: int = Field(ge=0, description="New hires in the recommendation.")
    band: str = Field(description="The size band, e.g. 'firm of 50-99 people'.")
    reasoning: str = Field(description="Why this size, in one or two sentences.")
    lines: list[TeamLine] = Field(default_factory=list, description="The team, line by line.")


class Measure(_Part):
    """A KPI as a board reads it: what, from where, to where, by when, and who answers for it."""

    metric: str = Field(description="What is measured.")
    baseline: str = Field(description="Today's value, or when it is measured ('measured in weeks 1–4').")
    target: str = Field(description="The value to reach.")
    due: str = Field(description="By when.")
    owner: str = Field(description="The role that answers for it.")
    client_goal: bool = Field(False, description="True when this is the client's own quarterly goal.")


class BriefAction(_Part):
    """One of three actions, built around the process that breaks."""

    title: str = Field(description="What will be done, naming the thing that breaks in the client's words.")
    owner: str = Field(description="The role accountable for it.")
    start_week: int = Field(ge=1, le=13)
    end_week: int = Field(ge=1, le=13)
    deliverable: str = Field(description="The tangible result.")
    measure: Measure = Field(description="Its KPI with baseline and target.")
    addresses: str | None = Field(
        None,
        description="What it answers, in the words of the planner that wrote it (a model's), when the brief shows it.",
    )


class BriefRisk(_Part):
    """One of the three risks most specific to this company."""

    risk: str
    mitigation: str
    owner: str
    source: Literal["sector", "company", "method"] = Field(description="Where the risk comes from.")
    key: str | None = Field(None, description="Key of the sector risk in the practice data, if it is one.")


class Decision(_Part):
    """One decision and who takes part in it: exactly one accountable (RACI)."""

    decision: str
    accountable: str = Field(description="The one person or body that decides and answers for it.")
    responsible: list[str] = Field(default_factory=list, description="Who prepares it and carries it out.")
    consulted: list[str] = Field(default_factory=list, description="Whose view is heard before.")
    informed: list[str] = Field(default_factory=list, description="Who is told after.")

    @model_validator(mode="after")
    def _one_accountable(self) -> Decision:
        if not self.accountable.strip() or self.accountable in self.responsible + self.consulted + self.informed:
            raise ValueError(f"{self.decision!r}: exactly one accountable, named nowhere else in the row")
        return self


class Brief(_Part):
    """What the board reads first: at most about two pages (700 words)."""

    diagnosis: str = Field(description="What breaks, in the client's own words.")
    answer: str | None = Field(None, description="A direct answer to the client's own question, when there is one.")
    recommendation: str = Field(description="One paragraph: structure, operating model, FTE and cost range.")
    staffing: Staffing | None = Field(None, description="The team and its cost, line by line (team plan).")
    cost: Estimate | None = Field(None, description="The total cost range of the first year (an estimate).")
    tools: Estimate | None = Field(None, description="The tools' cost range in the first year (an estimate).")
    headline: Measure | None = Field(None, description="The client's quarterly goal as the headline KPI.")
    actions: list[BriefAction] = Field(min_length=3, max_length=3, description="Three actions.")
    risks: list[BriefRisk] = Field(min_length=1, max_length=3, description="The three most specific risks.")
    decisions: list[Decision] = Field(min_length=1, max_length=6, description="Who decides what (RACI).")
    assumptions: list[str] = Field(
        default_factory=list, description="What the brief assumed where the text was silent."
    )
    channels: list[str] = Field(
        default_factory=list, description="The company's channels in the words the brief uses (its outlets' word)."
    )
