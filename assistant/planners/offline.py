"""The offline planner: deterministic rules over the profile, the reader and the knowledge base.

The reader (`assistant.reading`) says which challenges the company states, in whose words, and
what kind of company it is; the rules then decide: size and structure choose the operating
model, the team grows continuously with head count and channels (a micro firm gets hats, an
enterprise coordinators per region, brand or business unit), the challenges choose the first
actions, risks, KPIs and quick wins, and only advice that fits the company is used (no click &
collect for a bank). Every sentence is a knowledge-base template filled with the company's own
facts. Every decision is recorded in the rationale, with the id of the rule behind it.
"""

from __future__ import annotations

import math
from typing import TypeVar, cast

from ..brief import Brief, BriefAction
from ..diagnosis import Diagnosis, ProcessReading
from ..knowledge import ActionTemplate, ChallengeSpec, Knowledge, RiskTemplate, load_knowledge
from ..knowledge.practice import load_practice
from ..plans import (
    KPI,
    Action,
    Decision,
    Maturity,
    OperatingModelChoice,
    Phase,
    Pilot,
    Provenance,
    QuickWin,
    Risk,
    Role,
    SkillsPlan,
    TeamPlan,
)
from ..profile import CompanyProfile
from ..reading import read_company
from ..reading.challenges import states_no_problem
from ..reading.context import Context, say
from ..reading.diagnosis import SURE
from ..terms import OperatingModel
from ..words.inflect import inflect
from ..words.text import fold, lower_first, stem_hits
from ..words.vocab import Channel
from ..words.wording import fill_map
from .base import Planner
from .brief import Words, as_action, as_written, brief_say, headline, process_actions, skills_brief, team_brief
from .diagnosed import diagnose, findings
from .fit import business_model, hiring_closed, sector_risks
from .skills import skills_plan
from .staffing import (
    Fitted,
    Scope,
    company_words,
    country_of,
    first_quarter_of,
    fit_team,
    outlets_of,
    size_reasoning,
)

Plan = TypeVar("Plan", bound=TeamPlan | SkillsPlan)
KEY_PERSON_BELOW = 60  # from this head count no one person holds several of the team's roles


def _fte(value: float) -> float:
    """FTE as plans state it: a twentieth of a person below one, a tenth above, at least 0.05."""
    return max(0.05, round(value * 20) / 20 if value < 1 else round(value, 1))


def capacity(employees: int) -> float:
    """How much of a core role a company of this size needs: grows with the log of head count, no steps."""
    return 0.5 + 0.85 * math.log10(max(employees, 10) / 10)


class OfflinePlanner(Planner):
    """Rules over the knowledge base: complete, sensible and deterministic, with no network."""

    name = "offline"

    def __init__(self, force_model: OperatingModel | str | None = None, knowledge: Knowledge | None = None):
        self.force_model = OperatingModel(force_model) if force_model else None
        self.kb = knowledge or load_knowledge()
        self.practice = load_practice()

    def context(self, profile: CompanyProfile, diagnosis: Diagnosis | None = None) -> Context:
        """The reading of a profile: its challenges, traits and facts, and its diagnosis (the one given, e.g. a
        model's, else the reader's)."""
        diagnosis = diagnosis or diagnose(profile, self.kb)
        ctx = read_company(profile, self.kb, findings(diagnosis, self.kb))
        ctx.diagnosis = diagnosis
        ctx.business = business_model(profile, ctx.traits, self.practice).traits()
        ctx.country = country_of(diagnosis.markets, company_words(profile), self.practice, profile.language)
        ctx.sector_risks = sector_risks(profile, diagnosis, self.practice, ctx.country.key)
        ctx.closed = hiring_closed(profile, diagnosis, self.practice, ctx.sector_risks)
        if diagnosis.process and not ctx.findings:
            _process_is_the_challenge(ctx, diagnosis.process)
        return ctx

    # -- team plan -------------------------------------------------------------------------

    def team_plan(self, profile: CompanyProfile) -> TeamPlan:
        """Roles, operating model, first 90 days, risks, KPIs, maturity, pilot and rollout."""
        return self.team_plan_on(profile, None)

    def team_plan_on(self, profile: CompanyProfile, diagnosis: Diagnosis | None) -> TeamPlan:
        """`team_plan` on a diagnosis read elsewhere (a model's), or the reader's when None."""
        ctx = self.context(profile, diagnosis)
        model = self._operating_model(ctx)
        scope = self._scope(ctx)
        fitted = self._roles(ctx, model.model, scope)
        roles = fitted.roles
        titles = self._titles(ctx, roles)
        wins = self._quick_wins(ctx, titles)
        words = Words(ctx, ctx.diagnosis, self.practice)
        pilot = self._pilot(ctx, roles, wins[0], words, scope)
        around = self._process_actions(ctx, words, titles, roles)
        actions = (
            [as_action(a, ctx.diagnosis, ctx.lang) for a in around]
            if around
            else self._actions(ctx, titles, wins[0], pilot)
        )
        risks = self._risks(ctx, model.model, titles)
        kpis = self._kpis(ctx, words)
        maturity = self._maturity(ctx)
        plan = dict(
            roles=roles,
            operating_model=model,
            first_90_days=actions,
            risks=risks,
            kpis=kpis,
            maturity=maturity,
            pilot=pilot,
            rollout=self._rollout(ctx, model.model, pilot, kpis),
            quick_wins=wins,
        )
        plan["summary"] = self._team_summary(ctx, model.model, roles, actions, maturity)
        made = TeamPlan(
            **plan, rationale=ctx.trail, language=ctx.lang, profile=profile, provenance=Provenance(planner=self.name)
        )
        brief = team_brief(made, ctx, ctx.diagnosis, self.practice, around or None, fitted.staffed, words)
        return self._finished(made, ctx, brief)

    def skills_plan(self, profile: CompanyProfile) -> SkillsPlan:
        """The 10 skills ordered by impact, Top 3, 30-day quick wins, risks, 30-60-90 plan."""
        ctx = self.context(profile)
        words = Words(ctx, ctx.diagnosis, self.practice)
        plan = skills_plan(ctx, self.name, words)
        return self._finished(plan, ctx, skills_brief(plan, ctx, ctx.diagnosis, self.practice, words))

    def briefed(self, plan: Plan, diagnosis: Diagnosis | None = None) -> Plan:
        """Another planner's plan finished as this one's are: with the board brief over it (`brief_for`) and
        its English spelled as the client's country spells it."""
        ctx = self.context(plan.profile, diagnosis)
        return self._finished(plan, ctx, self._brief_on(plan, ctx))

    def _finished(self, plan: Plan, ctx: Context, brief: Brief) -> Plan:
        """The one place a plan is finished: its brief on it, its English in the spelling of the client's country
        (every renderer and the JSON show the plan as it leaves here)."""
        spelling = self.practice.salaries.countries[ctx.country.key].spelling
        return cast(Plan, plan.model_copy(update={"brief": brief}).spelled(spelling))

    def brief_for(self, plan: TeamPlan | SkillsPlan, diagnosis: Diagnosis | None = None) -> Brief:
        """The board brief over another planner's plan: its actions as written with what each answers, its hires
        read from its roles (on `diagnosis`, if given)."""
        return self._brief_on(plan, self.context(plan.profile, diagnosis))

    def _brief_on(self, plan: TeamPlan | SkillsPlan, ctx: Context) -> Brief:
        """`brief_for` on the plan's reading."""
        if isinstance(plan, TeamPlan):
            actions = as_written(plan.first_90_days, ctx.lang, plan.profile.challenge)
            return team_brief(plan, ctx, ctx.diagnosis, self.practice, actions)
        return skills_brief(plan, ctx, ctx.diagnosis, self.practice)

    def _process_actions(
        self, ctx: Context, words: Words, titles: dict[str, str], roles: list[Role]
    ) -> list[BriefAction]:
        """The three actions around the process that breaks, when the diagnosis names one."""
        if words.read is None or ctx.diagnosis.process is None:
            return []
        actions = process_actions(
            words, titles, headline(ctx.diagnosis, ctx.lang, titles["omnichannel_manager"], traced=words.traced)
        )
        process = _process_name(ctx, ctx.diagnosis.process)
        ctx.decide("first_90_days", "R-AC-2", listing_of(a.title for a in actions), process)
        return actions

    @staticmethod
    def _titles(ctx: Context, roles: list[Role]) -> dict[str, str]:
        """Role key → title in this plan; a role the team does not have falls to the lead."""
        titles = {role.key: role.title for role in reversed(roles)}
        titles.setdefault("omnichannel_manager", roles[0].title)
        return titles

    # -- operating model -------------------------------------------------------------------

    def _operating_model(self, ctx: Context) -> OperatingModelChoice:
        chosen, rule, reasons = self._model_by_rules(ctx)
        if self.force_model and self.force_model != chosen:
            reasons = [ctx.say("om_forced"), ctx.say("om_forced_note", model=ctx.say(f"model_name_{chosen.value}"))]
            chosen, rule = self.force_model, "R-OM-forced"
        ctx.steering = chosen != OperatingModel.centralized or ("budgets" in ctx.keys and ctx.n >= 50)
        spec = ctx.kb.operating_model(chosen)
        ctx.decide("operating_model", rule, spec.name(ctx.lang), " ".join(reasons))
        coordination = f"coordination_{chosen.value}" + ("_small" if ctx.n < 50 else "")
        if chosen == OperatingModel.centralized and ctx.steering and ctx.n >= 50:
            coordination = "coordination_centralized_steering"
        return OperatingModelChoice(
            model=chosen,
            reasons=reasons,
            decision_rights=spec.decisions(ctx.lang),
            budget_model=spec.budget(ctx.lang),
            coordination=ctx.say(coordination),
        )

    def _model_by_rules(self, ctx: Context) -> tuple[OperatingModel, str, list[str]]:
        n, k, say_, rules = ctx.n, ctx.channel_count, ctx.say, ctx.kb.operating_model_rules
        entrenched = any(c.entrenched for c in ctx.challenges)
        autonomy = list(
            dict.fromkeys(
                hit
                for *_, hit in sorted(
                    stem_hits(fold(f"{ctx.profile.industry} {ctx.profile.challenge}"), rules.autonomy)
                )
            )
        )
        if ctx.traits.micro:
            return OperatingModel.centralized, "R-OM-1", [say_("om_micro", n=n), say_("om_one_budget_micro")]
        if n < rules.centralized_below:
            return (
                OperatingModel.centralized,
                "R-OM-1",
                [say_("om_small", n=n), say_("om_one_budget")],
            )
        if n < rules.midsize_below:
            if k >= rules.many_channels and Channel.stores in ctx.profile.channels:
                return (
                    OperatingModel.hybrid,
                    "R-OM-3",
                    [say_("om_mid_many_channels", k=k), brief_say("om_hybrid_why", ctx.lang)],
                )
            return (
                OperatingModel.centralized,
                "R-OM-2",
                [say_("om_small", n=n), say_("om_few_channels", k=k), say_("om_one_budget")],
            )
        if autonomy and not entrenched:
            return (
                OperatingModel.decentralized,
                "R-OM-5",
                [say_("om_autonomy", words=", ".join(autonomy)), say_("om_steering")],
            )
        if entrenched:
            return (
                OperatingModel.hybrid,
                "R-OM-4",
                [
                    say_("om_entrenched", n=n, challenge=ctx.stated_problem()),
                    say_("om_steering"),
                ],
            )
        return (
            OperatingModel.hybrid,
            "R-OM-6",
            [say_("om_large_default", n=n, k=k), brief_say("om_hybrid_why", ctx.lang)],
        )

    # -- roles -----------------------------------------------------------------------------

    def _role(
        self, ctx: Context, key: str, fte: float, reports_to: str, why: str, title: str | None = None, hat: bool = False
    ) -> Role:
        spec = ctx.kb.role(key)
        if hat:  # a micro firm's hat: what one person does for a few hours a week, not a department's mandate
            mission, duties = ctx.say(f"hat_mission_{key}"), [ctx.say(f"hat_duty_{key}_{i}") for i in (1, 2)]
        else:
            mission, duties = (
                ctx.text(spec.mission),
                [fill_map(d, ctx.lang, ctx.known()) for d in spec.responsibilities(ctx.lang)],
            )
        return Role(
            key=key,
            title=title or spec.title(ctx.lang),
            mission=mission,
            responsibilities=duties,
            reports_to=reports_to,
            fte=_fte(fte),
            why=why,
        )

    def _roles(self, ctx: Context, model: OperatingModel, scope: Scope) -> Fitted:
        """The team, sized by the staffing table for the first quarter's `scope`: each role's reason and the size's
        reasoning go into the rationale."""
        table = self.practice.staffing
        if ctx.traits.micro:
            roles = self._hats(ctx, first_quarter_of(ctx.n, table, scope))
            fitted = Fitted(roles, ["existing"] * len(roles))
        else:
            needed = frozenset(
                [
                    *(["learning_partner"] if "skills_gap" in ctx.keys else []),
                    *(["data_analyst"] if self._data(ctx) else []),
                ]
            )
            fitted = fit_team(self._team(ctx, model), ctx.n, ctx.channel_count, table, scope, needed=needed)
        for role in fitted.roles:
            ctx.decide(f"role:{role.key}", "R-RL", ctx.say("decided_role", title=role.title, fte=role.fte), role.why)
        total = round(sum(r.fte for r in fitted.roles), 2)
        reasoning = size_reasoning(ctx.n, total, table, ctx.closed, ctx.lang)
        ctx.decide("team_size", "R-RL-9", ctx.say("decided_hats", fte=total), reasoning)
        return fitted

    def _scope(self, ctx: Context) -> Scope:
        """What the first quarter's process reaches: the channels, the stores the client counts (in the challenge or
        the channel field), the sector, and whether hiring is closed."""
        return Scope(
            channels=ctx.channel_count,
            outlets=outlets_of(ctx.profile, ctx.diagnosis.counts),
            sector=ctx.profile.sector.value,
            closed=ctx.closed is not None,
        )

    def _team(self, ctx: Context, model: OperatingModel) -> list[Role]:
        """The roles the method gives a company of this size and structure, before the staffing table sizes them."""
        n, k, cap = ctx.n, ctx.channel_count, capacity(ctx.n)
        top = ctx.say(f"reports_{ctx.top}")
        manager = ctx.kb.role("omnichannel_manager").title(ctx.lang)
        data = self._data(ctx)
        roles = [
            self._role(
                ctx,
                "omnichannel_manager",
                min(1.0, 0.3 + 0.7 * (n - 10) / 140),
                top,
                ctx.say("why_manager_small" if n < 150 else "why_manager"),
            )
        ]
        if (k >= 3 and n >= 100) or n >= 500:
            roles.append(self._role(ctx, "product_owner", max(0.5, cap / 2), manager, ctx.say("why_po", k=k)))
        data_why = ctx.say("why_data", k=k) + (
            " " + ctx.say("why_data_challenge", challenge=ctx.name_of(next(c for c in ctx.challenges if c.data)))
            if data
            else ""
        )
        roles += [
            self._role(ctx, "cx_specialist", cap * (0.6 + 0.1 * k), manager, ctx.say("why_cx")),
            self._role(ctx, "data_analyst", cap * (0.4 + 0.1 * k) * (1.5 if data else 1.0), manager, data_why),
            self._role(ctx, "tech_integration_lead", cap * (0.3 + 0.1 * k), manager, ctx.say("why_tech")),
        ]
        if set(ctx.profile.channels) - {Channel.stores, Channel.b2b_sales, Channel.call_centre}:
            roles.append(self._role(ctx, "marketing_automation", cap * 0.5, manager, ctx.say("why_marketing")))
        if k >= 2:
            roles.append(self._channel_heads(ctx, manager))
        if model != OperatingModel.centralized:
            roles.append(self._coordinators(ctx, model, manager))
        if "skills_gap" in ctx.keys or n >= 1000:
            roles.append(self._role(ctx, "learning_partner", max(0.5, cap * 0.3), manager, ctx.say("why_learning")))
        return roles

    @staticmethod
    def _data(ctx: Context) -> bool:
        """Whether the stated problem is a data problem first: it calls for more analyst time."""
        return any(c.data for c in ctx.challenges)

    def _hats(self, ctx: Context, total: float) -> list[Role]:
        """A micro firm: three hats worn by the people it has, reporting to the owner, `total` FTE in all."""
        owner = ctx.say("reports_owner")
        lead = ctx.say("hat_lead_title")
        hats = [
            ("omnichannel_manager", 0.45, owner, lead),
            ("cx_specialist", 0.3, lead, ctx.say("hat_cx_title")),
            ("data_analyst", 0.25, lead, ctx.say("hat_data_title")),
        ]
        return [
            self._role(
                ctx,
                key,
                max(0.05, math.floor(total * share / 0.05 + 1e-9) * 0.05),
                boss,
                ctx.say(f"why_hat_{key}"),
                title=title,
                hat=True,
            )
            for key, share, boss, title in hats
        ]

    def _channel_heads(self, ctx: Context, manager: str) -> Role:
        """The heads of the channels, on one line: their time, not new roles."""
        return self._role(
            ctx,
            "channel_manager",
            0.1 * ctx.channel_count,
            manager,
            ctx.say("why_channel_heads"),
            title=ctx.say("channel_heads_title"),
        )

    def _coordinators(self, ctx: Context, model: OperatingModel, manager: str) -> Role:
        """Coordinators per region, brand or business unit when stated, else per main department of a firm this size."""
        n = ctx.n
        title = None
        if ctx.traits.units >= 2:
            count, why, title = min(ctx.traits.units, 20), "why_coordinator_units", ctx.say("coordinator_units_title")
        else:
            count, why = min(12, max(2, round(2 + math.log2(n / 1000)))), "why_coordinator_size"
        each = min(1.0, 0.3 + 0.7 * math.log10(max(n, 1000) / 1000) / math.log10(20))
        model_name = ctx.say(f"model_name_{model.value}")
        return self._role(
            ctx,
            "department_coordinator",
            each * count,
            manager,
            ctx.say(why, model=model_name, count=count),
            title=title,
        )

    # -- quick wins, pilot, actions ----------------------------------------------------------

    def _quick_wins(self, ctx: Context, titles: dict[str, str]) -> list[QuickWin]:
        """Quick wins that fit the company and its channels, help the process that breaks where one is read, and
        answer its stated problems (else the first that fits)."""
        have = set(ctx.profile.channels)
        fitting = [
            w
            for w in ctx.kb.quick_wins
            if (not w.needs_any or have & set(w.needs_any)) and set(w.needs_all) <= have and ctx.fits(w.when)
        ]
        process = ctx.diagnosis.process
        if process is not None:  # a win that helps none of the process that breaks is filler, whatever the problem
            fitting = [w for w in fitting if process.key in w.processes] or fitting[:1]
        wanted = [key for c in ctx.challenges for key in c.quick_wins]
        fitting.sort(key=lambda w: wanted.index(w.key) if w.key in wanted else len(wanted))
        # only those the stated problems call for: another fitting win is filler for this board
        chosen = [w for w in fitting if w.key in wanted][:3] or fitting[:1] or ctx.kb.quick_wins[:1]
        wins = [
            QuickWin(
                title=w.name(ctx.lang),
                why=ctx.text(w.description),
                owner_role=titles.get(w.owner_role, titles["omnichannel_manager"]),
                horizon=f"{w.months} {ctx.kb.label('months_unit', ctx.lang)}",
            )
            for w in chosen
        ]
        ctx.decide("quick_wins", "R-QW-1", listing_of(w.title for w in wins), ctx.say("win_why_plain"))
        return wins

    def _pilot(self, ctx: Context, roles: list[Role], win: QuickWin, words: Words, reach: Scope) -> Pilot:
        """The method's 5-8 people at 50-70% of their time where the first quarter (staffed for `reach`) can carry it; else the
        team itself at its own shares of the week; a micro firm pilots with everyone, a few hours a week.
        Where the actions are the process's, the pilot is action 3: its scope is the one the brief names."""
        method, n, k = ctx.kb.pilot, ctx.n, ctx.channel_count
        if ctx.traits.micro:
            size, share, rule = n, ctx.say("micro_time_share"), "R-PI-3"
        elif first_quarter_of(n, self.practice.staffing, reach) >= method.size_min * method.time_share_min / 100:
            size = min(method.size_max, method.size_min + (k >= 3) + (n >= 1000) + (n >= 5000))
            share, rule = method.time_share, "R-PI-1"
        else:
            size, share, rule = self._team_pilot(ctx, roles)
        if words.read is not None:
            scope = words.say("pilot_scope_process")
        elif ctx.traits.micro:
            scope = ctx.say("pilot_scope_micro")
        elif ctx.traits.physical:
            places = 1 if n < 1000 else 2
            kind = "services" if ctx.traits.services else "stores"
            scope = ctx.say(f"pilot_scope_{kind}" + ("_one" if places == 1 else ""), places=places)
        else:
            scope = ctx.say("pilot_scope_online")
        titles = list(dict.fromkeys(r.title for r in roles if r.key != "department_coordinator"))
        members = (
            titles[:size]
            if len(titles) >= size or ctx.traits.micro or rule == "R-PI-2"
            else [*titles, ctx.say("pilot_more_members", more=size - len(titles))]
        )
        kpi = ctx.kb.kpi(ctx.primary.kpis[0]).name(ctx.lang)
        ctx.decide("pilot", rule, ctx.say("decided_pilot", size=size, share=share), scope)
        success = [
            ctx.say("pilot_success_1", kpi=kpi),
            ctx.say("pilot_success_2", share=share),
            ctx.say("pilot_success_3_micro" if ctx.traits.micro else "pilot_success_3"),
        ]
        return Pilot(
            scope=scope if words.read is not None else f"{win.title}: {scope}",
            team_size=size,
            time_share=share,
            members=members,
            success_criteria=success,
        )

    def _team_pilot(self, ctx: Context, roles: list[Role]) -> tuple[int, str, str]:
        """A team too small for the method's pilot pilots itself: its people, at the shares they give."""
        people = [
            (ctx.channel_count, r.fte / ctx.channel_count)
            if r.key == "channel_manager"
            else (math.ceil(r.fte), r.fte / math.ceil(r.fte))
            for r in roles
        ]
        size = min(ctx.n, ctx.kb.pilot.size_max, sum(count for count, _ in people))
        shares = sorted(round(100 * share / 5) * 5 or 5 for _, share in people)
        low, high = shares[0], shares[-1]
        return size, f"{low}%" if low == high else f"{low}–{high}%", "R-PI-2"

    def _action(self, ctx: Context, template: ActionTemplate, titles: dict[str, str], spec: ChallengeSpec) -> Action:
        quote = ctx.quote(spec)
        addresses = (
            ctx.say("addresses_quote", name=ctx.name_of(spec), quote=quote, how=self._how(ctx, spec))
            if quote
            else ctx.say("addresses_none")
        )
        return Action(
            title=ctx.text(template.title),
            owner_role=titles.get(template.owner_role, titles["omnichannel_manager"]),
            start_week=template.start_week,
            end_week=template.end_week,
            deliverable=ctx.text(template.deliverable),
            kpi=ctx.text(template.kpi),
            addresses=addresses,
        )

    @staticmethod
    def _how(ctx: Context, challenge: ChallengeSpec) -> str:
        """How an action answers its challenge: the method's resolution where it is a channel conflict."""
        conflict = next((c for c in ctx.kb.conflicts if c.key == challenge.conflict), None)
        return conflict.resolution(ctx.lang) if conflict else ctx.say("addresses_direct")

    def _actions(self, ctx: Context, titles: dict[str, str], win: QuickWin, pilot: Pilot) -> list[Action]:
        """Two actions answering the challenge(s) that fit the company, then the pilot that proves the model."""
        general = ctx.kb.challenge("none")
        options = [[(t, spec) for t in spec.actions if ctx.fits(t.when)] for spec in ctx.challenges[:2]]
        options[0] += [(t, general) for t in general.actions if general is not ctx.primary]  # when one is not enough
        first = options[0][0]
        second = options[1][0] if len(options) > 1 and options[1] else options[0][1]
        actions = [self._action(ctx, t, titles, spec) for t, spec in (first, second)]
        start = max(a.end_week for a in actions) // 2 + 1
        micro = ctx.traits.micro
        actions.append(
            Action(
                title=ctx.say(
                    "pilot_title_micro" if micro else "pilot_title",
                    win_lower=lower_first(win.title),
                    win_gen=inflect(lower_first(win.title), "gen") if ctx.lang == "pl" else win.title,
                    scope=pilot.scope.split(": ", 1)[-1],
                ),
                owner_role=titles.get("product_owner", titles["omnichannel_manager"]),
                start_week=min(start, 8),
                end_week=13,
                deliverable=ctx.say(
                    "pilot_deliverable_micro" if micro else "pilot_deliverable",
                    size=pilot.team_size,
                    scope=pilot.scope,
                    share=pilot.time_share,
                ),
                kpi=ctx.say("pilot_kpi_micro" if micro else "pilot_kpi"),
                addresses=ctx.say("pilot_addresses", challenge=ctx.challenge_name()),
            )
        )
        ctx.decide("first_90_days", "R-AC-1", listing_of(a.title for a in actions), ctx.challenge_name())
        return actions

    # -- risks, KPIs, maturity, rollout, summary ---------------------------------------------

    def _risks(self, ctx: Context, model: OperatingModel, titles: dict[str, str]) -> list[Risk]:
        """Risks of the stated challenges first, then those the company's traits bring; only those that fit."""
        n, k, data = ctx.n, ctx.channel_count, any(c.data for c in ctx.challenges)
        traits = {
            "no_sponsorship": n >= 250 or "resistance" in ctx.keys,
            "key_person_dependency": n < KEY_PERSON_BELOW,
            "return_to_silos": model != OperatingModel.centralized,
            "loss_of_channel_expertise": model == OperatingModel.centralized and k >= 3 and n >= 50,
            "store_staff_resistance": ctx.traits.physical,
            "integration_overrun": k >= 4 or data,
            "pilot_too_broad": n >= 1000,
            "tool_overload": data or n < 50,
        }
        per_challenge = 2 if len(ctx.challenges) == 1 else 1
        own = self._process_risk(ctx)
        templates: list[RiskTemplate] = [own] if own else []
        templates += [
            r
            for c in ctx.challenges[:2]
            for r in [r for r in c.risks if ctx.fits(r.when) and self._supported(ctx, c.key, r)][:per_challenge]
        ]
        generic = [
            r
            for r in ctx.kb.generic_risks
            if ctx.fits(r.when) and not (r.key == "key_person_dependency" and n >= KEY_PERSON_BELOW)
        ]
        templates += [r for r in generic if traits.get(r.key)]
        templates += [r for r in generic if r not in templates][: max(0, 3 - len(templates))]
        risks = [
            Risk(
                risk=ctx.text(t.risk),
                likelihood=t.likelihood,
                impact=t.impact,
                mitigation=ctx.text(t.mitigation),
                owner_role=titles.get(t.owner_role, titles["omnichannel_manager"]),
            )
            for t in templates[:6]
        ]
        ctx.decide("risks", "R-RK-1", listing_of(r.risk for r in risks[:3]) + " …", ctx.say("risks_because"))
        return risks

    def _process_risk(self, ctx: Context) -> RiskTemplate | None:
        """The risk that most often undoes the fix of the process the client names, if the catalogue has one."""
        reading = ctx.diagnosis.process
        spec = self.practice.process(reading.key) if reading else None
        return spec.risk if spec else None

    @staticmethod
    def _supported(ctx: Context, challenge: str, risk: RiskTemplate) -> bool:
        """Whether the client's text supports a risk that needs its challenge stated (see `RiskTemplate.stated`):
        where a process is read, it is one that calls for the risk (else the process's own risk is the better
        one); where none is, the challenge is read surely."""
        if not risk.stated:
            return True
        process = ctx.diagnosis.process
        if process is not None:
            return process.key in risk.processes
        return any(p.key == challenge and p.confidence >= SURE for p in ctx.diagnosis.problems)

    def _kpis(self, ctx: Context, words: Words) -> list[KPI]:
        """The client's goal first (never invented), the process's own KPI, then the 4 shared KPIs and those of
        the stated challenges, each from its baseline (measured by action 1's trace where the actions trace the
        process, else in weeks 1-4) to a target sized to the company; the method's KPIs that measure the process
        first. The appendix shows those that fit the business."""
        traced = words.traced
        baseline = brief_say("baseline_from_trace", ctx.lang) if traced else ctx.say("kpi_baseline")
        kpis = []
        goal = headline(ctx.diagnosis, ctx.lang, "", traced)
        if goal:
            target = (
                brief_say("target_due", ctx.lang, target=goal.target, due=goal.due)
                if goal.target != goal.metric
                else ctx.say("goal_as_stated")
            )
            kpis.append(
                KPI(
                    key="quarterly_goal",
                    name=goal.metric[:1].upper() + goal.metric[1:],
                    why=ctx.say("kpi_why_goal"),
                    target=f"{goal.baseline} → {target}",
                )
            )
        if words.process:
            metric = words.fill(words.process.metric(ctx.lang))
            kpis.append(
                KPI(
                    key="process",
                    name=metric[:1].upper() + metric[1:],
                    why=ctx.say("kpi_why_process"),
                    target=f"{baseline} → {words.process.target(ctx.lang)}",
                )
            )
        sized = self.practice.kpi_target(ctx.n)
        shared = [k.key for k in ctx.kb.kpis if k.shared]
        extra = [key for c in ctx.challenges for key in c.kpis if key not in shared]
        for key in [*shared, *dict.fromkeys(extra)][: 8 - len(kpis)]:
            spec = ctx.kb.kpi(key)
            why = (
                ctx.say("kpi_why_shared")
                if spec.shared
                else ctx.say(
                    "kpi_why_challenge", challenge=ctx.name_of(next(c for c in ctx.challenges if key in c.kpis))
                )
            )
            facts = dict(gain=sized.gains.get(key, 0), months=sized.months)
            target = ctx.say(f"target_{key}", **facts) if f"target_{key}" in say else ctx.say("target_default")
            kpis.append(
                KPI(
                    key=key,
                    name=spec.name(ctx.lang),
                    why=f"{ctx.text(spec.definition)} {why}",
                    target=f"{baseline} → {target}",
                )
            )
        own = sum(k.key in ("quarterly_goal", "process") for k in kpis)
        kpis[own:] = sorted(kpis[own:], key=lambda k: self._kpi_rank(ctx, k.key))
        ctx.decide("kpis", "R-KP-1", listing_of(k.name for k in kpis), ctx.challenge_name())
        return kpis[:8]

    def _kpi_rank(self, ctx: Context, key: str) -> tuple[int, int]:
        """How early the board reads a method KPI: one that measures the process that breaks first, one that
        measures another last, a general one between (see `processes` in `kpi_fit`); then those the stated
        problems name, in their order."""
        fit, process = self.practice.business_models.kpi_fit.get(key), ctx.diagnosis.process
        named = [k for c in ctx.challenges for k in c.kpis]
        by_problem = named.index(key) if key in named else len(named)
        if process is None or fit is None or not fit.processes:
            return 1, by_problem
        return (0 if process.key in fit.processes else 2), by_problem

    def _maturity(self, ctx: Context) -> Maturity:
        """The level read from what the company said: stated problems and the practices it already runs."""
        practices = sorted(
            set(ctx.traits.in_place) & {"shared_kpis", "single_customer_view", "click_and_collect", "loyalty"}
        )
        lowest = min(c.level for c in ctx.challenges)
        if ctx.channel_count == 1:
            current, reason = 1, ctx.say("maturity_single")
        elif practices:
            current = 2
            reason = ctx.say("maturity_practices", practices=listing_of(ctx.say(f"practice_{p}") for p in practices))
        elif not ctx.findings:
            current, reason = 1, ctx.say("maturity_unknown")
        elif lowest == 1:
            silo = next(c for c in ctx.challenges if c.level == 1)
            key = "maturity_silo_micro" if ctx.traits.micro else "maturity_silo"
            current, reason = 1, ctx.say(key, challenge=ctx.name_of(silo))
        else:
            current, reason = 2, ctx.say("maturity_projects", challenge=ctx.stated_problem())
        target = current + 1
        reasons = [reason, ctx.say("maturity_next", level=target, name=ctx.kb.level(target).name(ctx.lang))]
        if target == 3:
            reasons.append(ctx.say("maturity_target"))
        ctx.decide("maturity", "R-MT-1", ctx.say("decided_maturity", current=current, target=target), reason)
        return Maturity(
            current=current,
            target=target,
            current_name=ctx.kb.level(current).name(ctx.lang),
            target_name=ctx.kb.level(target).name(ctx.lang),
            reasons=reasons,
        )

    def _rollout(self, ctx: Context, model: OperatingModel, pilot: Pilot, kpis: list[KPI]) -> list[Phase]:
        sponsor = ctx.say(f"sponsor_{ctx.top}")
        focus = {
            1: ctx.say("phase1_focus", sponsor=sponsor, challenge=ctx.challenge_name()),
            2: ctx.say("phase2_focus", size=pilot.team_size, scope=pilot.scope),
            3: ctx.say("phase3_focus", kpis=listing_of(k.name for k in kpis[:3])),
            4: ctx.say(
                "phase4_focus_micro" if ctx.traits.micro else "phase4_focus", model=ctx.say(f"model_name_{model.value}")
            ),
        }
        return [
            Phase(
                number=p.number,
                name=p.name(ctx.lang),
                weeks_min=p.weeks_min,
                weeks_max=p.weeks_max,
                focus=focus[p.number],
            )
            for p in sorted(ctx.kb.phases, key=lambda p: p.number)
        ]

    def _team_summary(
        self, ctx: Context, model: OperatingModel, roles: list[Role], actions: list[Action], maturity: Maturity
    ) -> str:
        company = ctx.profile.company or ctx.say("your_company")
        ctx.section()  # the summary is read on its own: it names the company's lists in full
        opening = ctx.say("summary_open", company=company, band=ctx.say(f"band_{ctx.traits.size}"))
        team = ctx.say(
            "summary_team",
            model=ctx.say(f"model_in_{model.value}"),
            roles=len(roles),
            fte=round(sum(r.fte for r in roles), 2),
        )
        no_problem = not ctx.findings and states_no_problem(ctx.profile.challenge)
        process = None if ctx.findings else ctx.diagnosis.process
        focus = ctx.say(
            "summary_focus"
            if ctx.findings or process
            else "summary_focus_no_problem"
            if no_problem
            else "summary_focus_none",
            challenge=_process_name(ctx, process) if process else ctx.stated_problem(),
            a1=actions[0].title,
            a2=actions[1].title,
        )
        closing = ctx.say(
            "summary_close",
            a3=actions[2].title,
            cur=maturity.current,
            cur_name=maturity.current_name,
            target=maturity.target,
            target_name=maturity.target_name,
        )
        return " ".join((opening, team, focus, closing))


def listing_of(items) -> str:
    """Items joined with semicolons, for the rationale trail."""
    return "; ".join(items)


def _process_name(ctx: Context, process: ProcessReading) -> str:
    """The process that breaks, named in the plan's language (never its key)."""
    return next(p for p in ctx.kb.processes if p.key == process.key).name(ctx.lang)


def _process_is_the_challenge(ctx: Context, process: ProcessReading) -> None:
    """With no problem read but a process that breaks, the challenge decision names that process in
    the client's words, so the rationale (JSON) says what the plan's text does."""
    at = next((i for i, d in enumerate(ctx.trail) if d.topic == "challenge"), None)
    if at is not None:
        quoted = f"„{process.evidence}”" if ctx.lang == "pl" else f"“{process.evidence}”"
        because = ctx.say("challenge_found", words=quoted)
        ctx.trail[at] = Decision(
            topic="challenge", rule="R-CH-2", decision=_process_name(ctx, process), because=because
        )
