"""Typed shape of the knowledge base: the two articles' method as bilingual data.

Every sentence a plan may quote is stored in English and Polish (`Text`, `Texts`). Keywords
are stored folded (lowercase ASCII, see `assistant.words.text.fold`) and match at word starts.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..terms import Language, Level, OperatingModel, Process, SkillKey
from ..words.phrasebook import Text, Texts
from ..words.text import fold
from ..words.vocab import Channel, Sector

# The kinds of clause that state no problem beside `none`: what is in place, a limit the plan must
# respect, what the customer suffers (its cause is stated elsewhere, or is the failing process).
STATEMENT_KINDS = ("in_place", "reassurance", "constraint", "consequence")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoleSpec(_Data):
    """A role of the cross-department team (article 1: 6 core roles + Product Owner)."""

    key: str
    title: Text
    mission: Text
    responsibilities: Texts
    core: bool = Field(description="One of the article's 6 core roles.")
    skills: list[SkillKey] = Field(description="Skills of article 2 this role relies on most.")


class SectorNames(_Data):
    """What sectors that name a channel otherwise call it: a bank's website is its online banking."""

    sectors: list[Sector] = Field(min_length=1)
    label: Text = Field(description="The channel's name in a sentence: 'online banking'.")
    department: Text = Field(description="Its team, in a list of departments.")
    system: Text = Field(description="Its system, in a list of systems: 'the online banking platform'.")
    manager_title: Text


class ChannelSpec(_Data):
    """A channel: who manages it, what it brings to the team, its response SLA."""

    channel: Channel
    manager_title: Text
    contribution: Text = Field(description="What this channel's manager brings to team decisions.")
    digital: bool = Field(description="Digital channels iterate fast; traditional ones need lead time.")
    sla: Text | None = Field(None, description="Response-time standard, where the article gives one.")
    touch: Text = Field(description="A customer's step in this channel, for journeys: 'called the helpline'.")
    buy: Text = Field(description="Buying goods in this channel: 'bought in a {outlet}'.")
    book: Text = Field(description="Buying a service in this channel: 'booked on your website'.")
    in_sectors: list[SectorNames] = Field(default_factory=list, description="Its names where a sector's differ.")

    def names_in(self, sector: Sector) -> SectorNames | None:
        """The channel's own names in this sector, where it has them."""
        return next((n for n in self.in_sectors if sector in n.sectors), None)


class OperatingModelSpec(_Data):
    """One column of the article's operating-model table (hybrid from its guidance)."""

    key: OperatingModel
    name: Text
    structure: Text
    decisions: Text
    budget: Text
    strengths: Text
    challenges: Text
    best_for: Text


class KPISpec(_Data):
    """A cross-department KPI."""

    key: str
    name: Text
    definition: Text
    shared: bool = Field(description="One of the article's 4 shared KPIs.")


class PhaseSpec(_Data):
    """A rollout phase with its duration in weeks."""

    number: int = Field(ge=1, le=4)
    name: Text
    weeks_min: int
    weeks_max: int
    goals: Texts


class PilotSpec(_Data):
    """The pilot team of phase 2: how many people and what share of their time."""

    size_min: int = Field(ge=1)
    size_max: int = Field(ge=1)
    time_share_min: int = Field(ge=1, le=100, description="Percent of each member's time.")
    time_share_max: int = Field(ge=1, le=100)

    @property
    def time_share(self) -> str:
        """The share as people write it, e.g. '50-70%'."""
        return f"{self.time_share_min}–{self.time_share_max}%"


class ConflictSpec(_Data):
    """A channel conflict and its resolution (article 1: attribution, budgets, pace)."""

    key: Literal["attribution", "budgets", "pace_of_change"]
    name: Text
    scenario: Text
    resolution: Text


class When(_Data):
    """When a piece of advice applies to a company; every condition given must hold."""

    offer: Literal["goods", "services"] | None = Field(None, description="Only for companies selling this.")
    physical: bool | None = Field(None, description="Only with (True) or without (False) physical outlets.")
    channels_any: list[Channel] = Field(default_factory=list, description="Only with at least one of these channels.")
    min_employees: int = Field(1, ge=1, description="Only from this head count up.")
    max_employees: int | None = Field(None, description="Only up to this head count.")
    not_in_place: list[str] = Field(
        default_factory=list, description="Moot where the company already runs one of these."
    )
    b2b: bool | None = Field(None, description="Only for (True) or not for (False) companies selling to businesses.")
    b2c: bool | None = Field(None, description="Only for (True) or not for (False) companies selling to consumers.")
    made_to_order: bool | None = Field(None, description="Only for (True) or not for (False) made-to-order goods.")
    regulated: bool | None = Field(None, description="Only in (True) or outside (False) a regulated sector.")
    minors: bool | None = Field(None, description="Only for (True) or not for (False) companies serving children.")
    countries: list[str] = Field(
        default_factory=list, description="Only where the salary table places the company (its law differs)."
    )

    def holds(
        self,
        offer: str,
        channels: set[Channel],
        employees: int,
        in_place: set[str],
        model: frozenset[str] = frozenset(),
        country: str = "",
    ) -> bool:
        """True when the advice fits a company with these traits; `model` names its business model's traits
        (b2b, b2c, made_to_order, regulated, minors) that hold, `country` the salary table's key of its country."""
        physical = Channel.stores in channels
        business = (
            ("b2b", self.b2b),
            ("b2c", self.b2c),
            ("made_to_order", self.made_to_order),
            ("regulated", self.regulated),
            ("minors", self.minors),
        )
        return (
            (self.offer is None or self.offer == offer)
            and (self.physical is None or self.physical == physical)
            and (not self.channels_any or bool(channels & set(self.channels_any)))
            and employees >= self.min_employees
            and (self.max_employees is None or employees <= self.max_employees)
            and not in_place & set(self.not_in_place)
            and all(wanted is None or (trait in model) == wanted for trait, wanted in business)
            and self.holds_in(country)
        )

    def holds_in(self, country: str) -> bool:
        """Whether the advice applies under this country's law (the salary table's key)."""
        return not self.countries or country in self.countries


class QuickWinSpec(_Data):
    """A quick-win project and the channels it needs."""

    key: str
    name: Text
    description: Text
    needs_any: list[Channel] = Field(description="Fits when the company has any of these channels.")
    needs_all: list[Channel] = Field(default_factory=list, description="And all of these.")
    owner_role: str
    months: str = "2–4"
    when: When = Field(default_factory=When)
    processes: list[Process] = Field(
        min_length=1, description="The processes it helps: a plan whose diagnosis names another does not carry it."
    )


class ToolCategory(_Data):
    """A category of the collaboration tool stack."""

    key: str
    name: Text
    purpose: Text
    examples: list[str]


class CompetencyGroup(_Data):
    """A group of the T-shaped competency profile."""

    key: Literal["technical", "analytical", "soft"]
    name: Text
    items: Texts


class MaturityLevelSpec(_Data):
    """A level of the 4-level maturity model."""

    level: int = Field(ge=1, le=4)
    name: Text
    description: Text


class SkillPractice(_Data):
    """How a team practises a skill on the process that breaks, as the brief's action states it. Templates
    name the client's object ({object}, Polish {object_gen} ...) and take the level's sizes ({gain}, {floor},
    {step})."""

    action: Text = Field(description="The action's title, an imperative that names the object.")
    deliverable: Text = Field(description="What the practice produces: a noun phrase, never an instruction.")
    metric: Text = Field(description="What is measured, on the object.")
    target: Text = Field(description="The quarter's target, sized by the team's level.")
    not_for: list[str] = Field(
        default_factory=list,
        description="Processes whose case the sentence does not fit ('add-ons to delays'): the practice is then on "
        "the business's own cases (`practice_objects`).",
    )


class SkillSpec(_Data):
    """One of the 10 omnichannel skills of article 2."""

    key: SkillKey
    number: int = Field(ge=1, le=10)
    name: Text
    essence: Text
    covers: Texts
    keywords: list[str] = Field(description="The article's keywords for the skill.")
    cx_impact: int = Field(ge=1, le=5, description="Base impact on customer experience.")
    roi_impact: int = Field(ge=1, le=5, description="Base impact on ROI.")
    progress_indicator: Text
    practice: SkillPractice
    tip: Text | None = None


class ActionTemplate(_Data):
    """A first-90-days action a challenge calls for."""

    key: str
    title: Text
    owner_role: str = Field(description="Key of a RoleSpec.")
    start_week: int = Field(ge=1, le=13)
    end_week: int = Field(ge=1, le=13)
    deliverable: Text
    kpi: Text
    when: When = Field(default_factory=When)


class RiskTemplate(_Data):
    """A risk a challenge or a profile trait brings, with its mitigation."""

    key: str
    risk: Text
    likelihood: Level
    impact: Level
    mitigation: Text
    owner_role: str = Field(description="Key of a RoleSpec.")
    when: When = Field(default_factory=When)
    stated: bool = Field(
        False,
        description="Only where the process that breaks is one of `processes` or, where no process is read, the "
        "client states the challenge surely.",
    )
    processes: list[str] = Field(default_factory=list, description="Processes that call for it though not stated.")


class ChallengeSpec(_Data):
    """A collaboration challenge, how to recognise it, and what it calls for."""

    key: str
    name: Text
    level: int = Field(1, ge=1, le=4, description="Maturity level at which the challenge typically shows.")
    entrenched: bool = Field(False, description="A sign of settled structures that the hybrid model counters.")
    data: bool = Field(False, description="A data problem first: it calls for extra analyst capacity.")
    signals: list[str] = Field(default_factory=list, description="Folded stems that state the problem by themselves.")
    topics: list[str] = Field(default_factory=list, description="Folded stems that state it only beside a trouble cue.")
    patterns: list[str] = Field(default_factory=list, description="Regular expressions for idioms, on folded text.")
    defers: list[str] = Field(
        default_factory=list,
        description="Signals that yield to another challenge named in the "
        "same clause: a fight over budgets is a budget problem, not silos.",
    )
    conflict: str | None = Field(None, description="Key of the channel conflict it is, if any.")
    actions: list[ActionTemplate] = Field(min_length=2)
    risks: list[RiskTemplate] = Field(min_length=1)
    kpis: list[str] = Field(description="KPI keys that matter most for it.")
    quick_wins: list[str] = Field(description="Quick-win keys that answer it, best first.")
    skills: list[SkillKey] = Field(description="Skills it makes urgent.")


class ProcessSpec(_Data):
    """A business process that can fail between channels, with the words and sentences that name it."""

    key: Process
    name: Text
    words: list[str] = Field(min_length=1, description="Folded stems of the things it moves: 'zamowien', 'refund'.")
    examples: Texts = Field(description="How clients describe it failing; matched by meaning.")
    problem: str = Field(
        description="The challenge its failing most likely states when no clause names one surely: "
        "orders not seen across channels → no_shared_data."
    )


class MicrolearningStep(_Data):
    """A stage of the 30-60-90 microlearning plan; several variants per day, the first that fits is used."""

    day: Literal[30, 60, 90]
    case: Text
    tool: Text
    metric: Text
    when: When = Field(default_factory=When)
    processes: list[Process] = Field(
        default_factory=list, description="Only when the diagnosis names one of these processes (any when empty)."
    )


class PracticeRisk(_Data):
    """A risk to the team's practice and how to prevent it; per topic, the first that fits the company is used."""

    key: str
    topic: Literal["time", "cases", "habits"] = Field(
        description="What it threatens: the practice hours, the real cases it uses, or its reach into daily work."
    )
    risk: Text
    mitigation: Text
    when: When = Field(default_factory=When)


class OutletWords(_Data):
    """What a sector calls its physical points, in the forms plan text needs."""

    en: dict[Literal["one", "many"], str]
    pl: dict[Literal["one", "nom", "gen", "loc", "loc1"], str]


class SizeBand(_Data):
    """A size band by head count."""

    below: int = Field(ge=2, description="Head counts under this are in the band.")
    name: Literal["micro", "small", "medium", "large"]


class CompanyRules(_Data):
    """What kind of company it is, as the rules tell it: size bands, regulation, services or goods."""

    size_bands: list[SizeBand] = Field(min_length=1, description="Ascending bounds; from the last one up, enterprise.")
    regulated: list[Sector] = Field(description="Sectors whose rules slow every change down.")
    service_words: list[str] = Field(description="Folded stems: a service named in the industry.")
    goods_words: list[str] = Field(description="Folded stems: goods named there too (then the offer stays goods).")

    @model_validator(mode="after")
    def _ordered(self) -> CompanyRules:
        bounds = [band.below for band in self.size_bands]
        if bounds != sorted(set(bounds)):
            raise ValueError(f"size_bands must rise: {bounds}")
        unfolded = [w for w in [*self.service_words, *self.goods_words] if w != fold(w)]
        if unfolded:
            raise ValueError(f"service and goods words must be folded: {unfolded}")
        return self

    def size_band(self, employees: int) -> str:
        """The band of a head count (micro, small, medium, large, enterprise)."""
        return next((band.name for band in self.size_bands if employees < band.below), "enterprise")


class OperatingModelRules(_Data):
    """The head counts and words that choose an operating model (see `assistant.planners.offline`)."""

    centralized_below: int = Field(ge=2, description="Under this head count: the centralized model.")
    midsize_below: int = Field(ge=2, description="Under this: centralized, unless many channels with outlets.")
    many_channels: int = Field(
        ge=2, description="This many channels or more, with outlets, make a mid-size firm hybrid."
    )
    autonomy: list[str] = Field(description="Folded stems: units that run on their own (franchises, regions, brands).")

    @model_validator(mode="after")
    def _ordered(self) -> OperatingModelRules:
        if self.centralized_below >= self.midsize_below:
            raise ValueError("centralized_below must be under midsize_below")
        if any(w != fold(w) for w in self.autonomy):
            raise ValueError("autonomy words must be folded")
        return self


class Knowledge(_Data):
    """The whole method."""

    roles: list[RoleSpec]
    channels: list[ChannelSpec]
    operating_models: list[OperatingModelSpec]
    hybrid_principles: Texts
    kpis: list[KPISpec]
    phases: list[PhaseSpec]
    pilot: PilotSpec
    conflicts: list[ConflictSpec]
    quick_wins: list[QuickWinSpec]
    tools: list[ToolCategory]
    competencies: list[CompetencyGroup]
    maturity: list[MaturityLevelSpec]
    skills: list[SkillSpec]
    challenges: list[ChallengeSpec]
    challenge_examples: dict[str, Texts] = Field(
        description="By challenge key, plus `none`: how clients state it, in their words; matched by meaning."
    )
    statement_examples: dict[str, Texts] = Field(
        description="Clauses that state no problem, by kind (in_place, reassurance, constraint, consequence); by meaning."
    )
    processes: list[ProcessSpec] = Field(description="The catalogue of processes that break between channels.")
    generic_risks: list[RiskTemplate]
    outlets: dict[str, OutletWords] = Field(description="By sector key, plus default and services.")
    microlearning: list[MicrolearningStep]
    practice_objects: dict[str, Text] = Field(
        description="What a team practises on when no process is named: its customers' orders or requests."
    )
    practice_risks: list[PracticeRisk] = Field(
        min_length=1,
        description="Risks to the practice, most specific first per topic; the last on time fits every company.",
    )
    company: CompanyRules
    operating_model_rules: OperatingModelRules
    labels: dict[str, Text] = Field(description="UI and rendering labels by key.")

    @model_validator(mode="after")
    def _consistent(self) -> Knowledge:
        role_keys = {r.key for r in self.roles}
        owners = [a.owner_role for c in self.challenges for a in c.actions]
        owners += [r.owner_role for c in self.challenges for r in c.risks]
        owners += [r.owner_role for r in self.generic_risks] + [q.owner_role for q in self.quick_wins]
        unknown = sorted(set(owners) - role_keys)
        if unknown:
            raise ValueError(f"owner roles not in the role catalogue: {unknown}")
        if sorted(s.key for s in self.skills) != sorted(SkillKey):
            raise ValueError("the knowledge base must describe each of the 10 skills exactly once")
        if sorted(p.number for p in self.phases) != [1, 2, 3, 4]:
            raise ValueError("the knowledge base must describe phases 1-4")
        if sorted(m.level for m in self.maturity) != [1, 2, 3, 4]:
            raise ValueError("the knowledge base must describe maturity levels 1-4")
        if {m.key for m in self.operating_models} != set(OperatingModel):
            raise ValueError("the knowledge base must describe all three operating models")
        if sorted(c.channel for c in self.channels) != sorted(Channel):
            raise ValueError("the knowledge base must describe each channel exactly once")
        conflict_keys = {c.key for c in self.conflicts}
        for challenge in self.challenges:
            if challenge.conflict and challenge.conflict not in conflict_keys:
                raise ValueError(f"challenge {challenge.key} names an unknown conflict {challenge.conflict!r}")
            if any(a.start_week > a.end_week for a in challenge.actions):
                raise ValueError(f"challenge {challenge.key} has an action that ends before it starts")
        stated = {c.key for c in self.challenges if c.signals or c.topics or c.patterns} | {"none"}
        if set(self.challenge_examples) != stated:
            raise ValueError(f"challenge_examples must describe exactly {sorted(stated)}")
        if set(self.statement_examples) != set(STATEMENT_KINDS):
            raise ValueError(f"statement_examples must describe exactly {list(STATEMENT_KINDS)}")
        if set(self.practice_objects) != {"goods", "services"}:
            raise ValueError("practice_objects must name what goods and services firms practise on")
        if sorted(p.key for p in self.processes) != sorted(p for p in Process if p is not Process.other):
            raise ValueError("the knowledge base must describe each process but other exactly once")
        unknown = sorted({p.problem for p in self.processes} - {c.key for c in self.challenges})
        if unknown:
            raise ValueError(f"processes name unknown problems: {unknown}")
        kpi_keys = {k.key for k in self.kpis}
        win_keys = {q.key for q in self.quick_wins}
        for challenge in self.challenges:
            if set(challenge.kpis) - kpi_keys or set(challenge.quick_wins) - win_keys:
                raise ValueError(f"challenge {challenge.key} names unknown KPIs or quick wins")
        return self

    def role(self, key: str) -> RoleSpec:
        """The role with this key."""
        return next(r for r in self.roles if r.key == key)

    def channel(self, channel: Channel) -> ChannelSpec:
        """The spec of a known channel."""
        return next(c for c in self.channels if c.channel == channel)

    def operating_model(self, key: OperatingModel) -> OperatingModelSpec:
        """The table column of an operating model."""
        return next(m for m in self.operating_models if m.key == key)

    def kpi(self, key: str) -> KPISpec:
        """The KPI with this key."""
        return next(k for k in self.kpis if k.key == key)

    def challenge(self, key: str) -> ChallengeSpec:
        """The challenge with this key."""
        return next(c for c in self.challenges if c.key == key)

    def skill(self, key: SkillKey) -> SkillSpec:
        """The skill with this key."""
        return next(s for s in self.skills if s.key == key)

    def level(self, number: int) -> MaturityLevelSpec:
        """The maturity level with this number."""
        return next(m for m in self.maturity if m.level == number)

    def label(self, key: str, lang: Language) -> str:
        """A UI or rendering label."""
        return self.labels[key](lang)
