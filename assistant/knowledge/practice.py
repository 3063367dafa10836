"""What a consultant adds to the articles' method, as data: staffing norms, salary bands, tool
prices, sector risks, business models, the processes that break, the client's questions, and
who decides what.

The method (`assistant/knowledge/data/`) says which roles a team has; a board also asks how big
it should be at this size, what it costs, what can go wrong in this sector and who signs off.
Each file in `practice/` answers one of these, names its source and year where it quotes
figures, and is checked at load time against the role catalogue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..resources import read_yaml
from ..terms import Language, Process, SkillKey, Spelling
from ..words.phrasebook import Text
from ..words.vocab import Channel, Sector
from . import load_knowledge
from .schema import RiskTemplate

PRACTICE_DIR = Path(__file__).parent / "practice"
SalaryLevel = Literal["lead", "senior", "specialist"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Anchor(_Data):
    """A value at a head count; between anchors the value grows with the log of head count."""

    employees: int = Field(ge=1)
    value: float = Field(ge=0)


def interpolate(anchors: tuple[Anchor, ...] | list[Anchor], employees: int) -> float:
    """The value at this head count, log-linear between anchors, flat beyond the first and the last."""
    points = sorted(anchors, key=lambda a: a.employees)
    if employees <= points[0].employees:
        return points[0].value
    for low, high in zip(points, points[1:], strict=False):
        if employees <= high.employees:
            share = math.log(employees / low.employees) / math.log(high.employees / low.employees)
            return low.value + share * (high.value - low.value)
    return points[-1].value


class SizeBand(_Data):
    """A size band of the staffing table: how many hires, and the reasoning shown in the plan."""

    up_to: int | None = Field(None, description="Largest head count of the band; None for the last.")
    name: Text = Field(description="The band as a sentence names it: 'a firm of 50-99 people'.")
    hires: int = Field(ge=0, description="New hires a consultant would recommend at this size.")
    reasoning: Text = Field(description="Why the team is this size; {cap:fte} is the cap.")


class NoHiring(_Data):
    """What closes hiring for the first quarter, whatever the size: the client's own words (a hiring
    freeze, no budget for new people) or a sector risk (public procurement); and how the brief says it."""

    words: list[str] = Field(description="Folded stems of the challenge that rule out new hires.")
    hiring: list[str] = Field(
        description="Folded stems of hiring; a clause the reader reads as a constraint that names one closes it."
    )
    risks: list[str] = Field(description="Sector risk keys under which the first quarter hires nobody.")
    reasoning: Text = Field(description="Why nobody is hired; {why} the reason, {cap:fte} the cap, {fte:fte} the team.")
    why_words: Text = Field(description="The reason when the client's words close hiring.")
    why_risks: Text = Field(description="The reason when a sector risk closes hiring.")


class FirstQuarter(_Data):
    """What the first quarter staffs for one process: a base by head count, grown by the channels the process
    crosses and the outlets it reaches, and shrunk where the departments lend time instead of hiring."""

    base: list[Anchor] = Field(min_length=2, description="Total FTE at this head count, for three channels.")
    reach: dict[str, float] = Field(
        default_factory=dict, description="Share of the head count that works the channels, by sector (else 1)."
    )
    channels_from: int = Field(ge=1, description="Channels the base assumes; each one more adds per_channel.")
    per_channel: float = Field(ge=0, description="Share added by each channel beyond channels_from.")
    channels_most: float = Field(ge=0, description="At most this share added for channels.")
    per_tenfold_outlets: float = Field(ge=0, description="Share added for each tenfold of outlets (10, 100…).")
    closed: float = Field(gt=0, le=1, description="Share of it staffed where nobody may be hired.")


class StaffingTable(_Data):
    """What a consultant would staff at each size."""

    source: str
    cap: list[Anchor] = Field(min_length=2, description="Total FTE of the team, at most.")
    channel_head: list[Anchor] = Field(min_length=2, description="FTE each existing channel head gives.")
    bands: list[SizeBand] = Field(min_length=1)
    from_employees: dict[str, int] = Field(description="A role key is staffed only from this head count up.")
    hire_order: list[str] = Field(description="Which roles become hires first, as the band allows.")
    hire_min_fte: float = Field(0.8, description="A role smaller than this is someone's time, never a hire.")
    weights: dict[str, float] = Field(description="Share of the time left per role key; 1 when not named.")
    min_role_fte: float = Field(description="A role whose share would fall below this is left out.")
    drop_order: list[str] = Field(description="Which roles are left out first when the time is short.")
    first_quarter: FirstQuarter
    hire_min_team: float = Field(description="A hire needs a team of at least this many FTE around them.")
    meetings: list[str] = Field(description="Role keys that are meetings, not roles with FTE.")
    no_hiring: NoHiring

    def band(self, employees: int) -> SizeBand:
        """The band of this head count."""
        return next(b for b in self.bands if b.up_to is None or employees <= b.up_to)

    @model_validator(mode="after")
    def _last_open(self) -> StaffingTable:
        if self.bands[-1].up_to is not None:
            raise ValueError("the last size band must be open-ended (up_to: null)")
        return self


class Band(_Data):
    """An annual gross salary range."""

    low: int = Field(ge=0)
    high: int = Field(ge=0)
    basis: str = Field(description="The role in the source the band is read from.")


class CountryBands(_Data):
    """Salary bands of one country, by level."""

    name: Text
    currency: str
    on_cost: float = Field(ge=0, le=1, description="Employer's social contributions on top of gross pay.")
    words: list[str] = Field(description="Folded words that name the country in a profile.")
    hints: list[str] = Field(
        default_factory=list, description="Words that suggest the country without naming it (a spelling)."
    )
    stands_for: list[str] = Field(
        default_factory=list,
        description="Words naming a country without bands of its own that is costed at these, as an assumption.",
    )
    spelling: Spelling = Field("british", description="How English plan text is spelled for a company there.")
    source: str | None = Field(None, description="The bands' source, where not the table's.")
    year: int | None = Field(None, description="The source's year, where not the table's.")
    levels: dict[SalaryLevel, Band]


class SalaryTable(_Data):
    """Salary bands by country and level, with their source and year."""

    source: str
    year: int
    default_country: dict[Language, str] = Field(description="The country assumed when none is told, by language.")
    countries: dict[str, CountryBands]
    role_levels: dict[str, SalaryLevel]
    hat_level: SalaryLevel = Field(
        description="The band a micro firm's hats are valued at: its own people's hours, not the roles' full-time jobs."
    )

    @model_validator(mode="after")
    def _default_known(self) -> SalaryTable:
        missing = set(self.default_country.values()) - set(self.countries)
        if missing:
            raise ValueError(f"default countries {sorted(missing)} have no bands")
        return self

    def source_of(self, country: str) -> tuple[str, int]:
        """The source and year of a country's bands."""
        bands = self.countries[country]
        return bands.source or self.source, bands.year or self.year


@dataclass(frozen=True)
class Country:
    """Where the salaries are paid: its key in the salary table and whether it was named or assumed."""

    key: str
    named: bool


class Tool(_Data):
    """A tool category with its price range: per user and month, or per year by size."""

    key: str
    name: Text
    per_user_month: tuple[float, float] | None = None
    per_year: list[Anchor] = Field(default_factory=list, description="Annual low end by size; high = 3 × low.")
    from_employees: int = 1


class ToolPrices(_Data):
    source: str
    year: int
    currency: str
    rates: dict[str, float] = Field(description="Units of each currency per unit of this one.")
    rates_source: str
    tools: list[Tool]


class Match(_Data):
    """When a sector risk applies: any of sectors or words, and every other condition given."""

    sectors: list[Sector] = Field(default_factory=list)
    words: list[str] = Field(
        default_factory=list, description="Folded stems of the industry (of the challenge too: anywhere)."
    )
    anywhere: bool = Field(False, description="Whether the words may stand in the challenge, not only the industry.")
    partners: list[str] = Field(default_factory=list, description="Partner kinds of the diagnosis.")
    min_markets: int | None = Field(None, description="At least this many markets named.")
    min_employees: int = 1
    channels_any: list[Channel] = Field(default_factory=list)
    processes: list[str] = Field(
        default_factory=list, description="Only where the process that breaks is one of these."
    )
    countries: list[str] = Field(default_factory=list, description="Only where the salary table places the company.")
    unless: list[str] = Field(default_factory=list, description="Folded stems of the industry that rule it out.")


class SectorRisk(_Data):
    """A risk a sector or a structure brings, with what a consultant does about it."""

    key: str
    when: Match
    replaces: list[str] = Field(default_factory=list, description="More general risks it stands for where it applies.")
    risk: Text
    mitigation: Text
    unnamed: Text | None = Field(
        None, description="What the risk's {named} says where the client names none of its words (a generic noun)."
    )
    owner_role: str
    likelihood: Literal["low", "medium", "high"] = "medium"
    impact: Literal["low", "medium", "high"] = "high"


class KpiFit(_Data):
    """When one of the method's KPIs belongs in a plan: the business traits it needs and those that rule it out."""

    needs: list[str] = Field(default_factory=list, description="Traits (b2c, b2b, goods, services ...) it needs, all.")
    not_for: list[str] = Field(default_factory=list, description="Traits that rule it out, any.")
    channels_any: list[Channel] = Field(default_factory=list, description="Channels it needs, any one.")
    processes: list[Process] = Field(
        default_factory=list,
        description="The processes it measures best: first for these, last where another process breaks "
        "(a general KPI when empty).",
    )


class BusinessModels(_Data):
    """Words and sectors that tell the business model: B2B, made to order, regulated."""

    b2b_words: list[str]
    made_to_order_words: list[str]
    regulated_sectors: list[Sector]
    regulated_words: list[str]
    minors_words: list[str] = Field(
        default_factory=list, description="Folded stems that tell a company serving children."
    )
    consumer_channels: list[Channel]
    kpi_fit: dict[str, KpiFit] = Field(
        default_factory=dict, description="Which of the method's KPIs fit which business: by KPI key."
    )


class ProcessSpec(_Data):
    """A process that breaks between channels, and the actions and KPI that fix it."""

    key: str
    object: Text = Field(description="Its default object when the client names none: 'orders'.")
    fix: Text = Field(description="Action 2's title: the one record or rule; {object} the client's words.")
    fix_deliverable: Text
    metric: Text = Field(description="The KPI of the process, e.g. 'share of {object} that reach production on time'.")
    target: Text = Field(description="A target a consultant would set for the quarter.")
    owner_role: str = Field("tech_integration_lead", description="Who owns the fix.")
    close: Text | None = Field(
        None, description="Where one case of it ends, after 'to' (Polish: genitive): 'delivery', 'realizacji'."
    )
    skills: list[SkillKey] = Field(
        default_factory=list, max_length=3, description="The skills a team needs first to fix it, most direct first."
    )
    moves: list[str] = Field(
        default_factory=list, description="The fix's further moves (`MoveSpec` keys), each taken when its cues stand."
    )
    case: Text | None = Field(
        None,
        description="What the team handles one by one when it breaks, where the object is not that: 'orders "
        "for items out of stock' for stock levels; the skills practise on it.",
    )

    risk: RiskTemplate | None = Field(None, description="What most often undoes the fix: the plan's first own risk.")


class MoveSpec(_Data):
    """One move of a process's fix, taken when the client's words say the process breaks this way."""

    key: str
    cues: list[str] = Field(description="Folded stems of the mechanism in the client's text: 'brakuje', 'twice'.")
    title: Text = Field(description="The action; {object} the client's word, {window} the time the client names.")
    deliverable: Text
    metric: Text | None = Field(None, description="The move's KPI; the process's own when None.")
    target: Text | None = None
    owner_role: str | None = Field(None, description="Who owns the move; the process's owner when None.")
    needs_item: bool = Field(
        False, description="Taken only where the cue's sentence names a product that runs short: its {item}."
    )


class LeverSpec(_Data):
    """The rule that rewards a process for breaking, when the client states this problem, and the action
    that changes it (see `practice/levers.yaml`)."""

    problem: str
    words: list[str] = Field(description="Folded stems by which the client names the rule: 'commission', 'premi'.")
    title: Text
    deliverable: Text
    metric: Text


class QuestionSpec(_Data):
    """A kind of question clients ask, and how the brief answers it."""

    key: str
    words: list[str] = Field(description="Folded stems that make a question this kind; empty for the default.")
    answer: Text
    answer_hires: Text | None = Field(None, description="The answer when the recommendation hires someone.")
    covers: list[str] = Field(default_factory=list, description="Kinds this answer already answers, left out.")


class DecisionSpec(_Data):
    """A decision of the RACI and who takes which part in it (role keys or bodies)."""

    key: str
    decision: Text
    without_hires: Text | None = Field(None, description="The decision when the plan hires nobody.")
    accountable: str
    responsible: list[str]
    consulted: list[str] = Field(default_factory=list)
    informed: list[str] = Field(default_factory=list)


class KpiTarget(_Data):
    """The gains a first year shows on the shared KPIs at a company size, and how many months it takes."""

    up_to: int | None = None
    months: int = Field(ge=1, le=24)
    gains: dict[str, int]


class Practice(_Data):
    """Everything in `practice/`."""

    staffing: StaffingTable
    salaries: SalaryTable
    tool_prices: ToolPrices
    sector_risks: list[SectorRisk]
    business_models: BusinessModels
    processes: list[ProcessSpec]
    moves: list[MoveSpec]
    levers: list[LeverSpec]
    questions: list[QuestionSpec]
    decisions: list[DecisionSpec]
    kpi_targets: list[KpiTarget]

    def kpi_target(self, employees: int) -> KpiTarget:
        """The KPI targets of this head count's band."""
        return next(t for t in self.kpi_targets if t.up_to is None or employees <= t.up_to)

    def process(self, key: str) -> ProcessSpec | None:
        return next((p for p in self.processes if p.key == key), None)

    def move(self, key: str) -> MoveSpec:
        return next(m for m in self.moves if m.key == key)

    @model_validator(mode="after")
    def _moves_known(self) -> Practice:
        unknown = sorted({k for p in self.processes for k in p.moves} - {m.key for m in self.moves})
        if unknown:
            raise ValueError(f"processes name moves that are not defined: {unknown}")
        return self

    def lever(self, problem: str) -> LeverSpec | None:
        return next((lever for lever in self.levers if lever.problem == problem), None)

    def check_roles(self, role_keys: set[str]) -> None:
        """Fail at load time on a role key the catalogue does not have."""
        staffing = self.staffing
        used = set(staffing.from_employees) | set(staffing.hire_order) | set(staffing.meetings)
        used |= set(staffing.weights) | set(staffing.drop_order)
        used |= set(self.salaries.role_levels) | {r.owner_role for r in self.sector_risks}
        used |= {p.owner_role for p in self.processes} | {m.owner_role for m in self.moves if m.owner_role}
        unknown = sorted(used - role_keys)
        if unknown:
            raise ValueError(f"practice data names roles not in the catalogue: {unknown}")


@lru_cache(maxsize=1)
def load_practice() -> Practice:
    """Read and validate every file of `practice/` (once per process)."""
    merged: dict = {}
    for path in sorted(PRACTICE_DIR.glob("*.yaml")):
        part = read_yaml(path)
        clash = merged.keys() & part.keys()
        if clash:
            raise ValueError(f"{path.name} repeats keys defined elsewhere: {sorted(clash)}")
        merged.update(part)
    practice = Practice.model_validate(merged)
    practice.check_roles({r.key for r in load_knowledge().roles})
    return practice
