"""The offline planner: deterministic rules over the profile and the knowledge base.

Size and structure decide the operating model; channels decide the channel managers; the
stated challenge decides the first actions, the risks, the KPIs and the quick wins. Every
decision is recorded in the plan's rationale with the id of the rule that made it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..knowledge import ActionTemplate, ChallengeSpec, Knowledge, RiskTemplate, load_knowledge
from ..knowledge.phrasebook import Phrasebook
from ..plans import (
    KPI,
    Action,
    Decision,
    Maturity,
    MicrolearningStage,
    OperatingModel,
    OperatingModelChoice,
    Phase,
    Pilot,
    Provenance,
    QuickWin,
    Risk,
    Role,
    SkillKey,
    SkillPriority,
    SkillsPlan,
    TeamPlan,
    TopPriority,
)
from ..profile import CompanyProfile, Language
from ..vocab import CHANNEL_LABELS, Channel, fold, stem_hits
from .base import Planner

say = Phrasebook(Path(__file__).with_name("phrases.yaml"))
MICRO_FTE_SHARE = 0.12  # a micro company gives at most this share of its people to the team
BANDS = ((50, "micro"), (250, "small"), (1000, "mid"), (5000, "large"))
AUTONOMY_STEMS = ("franczy", "franchis", "region", "autonom", "spolki zalezn", "subsidiar", "holding",
                  "business unit", "jednostki biznesow", "marki wlasn", "multi-brand", "wielu mark", "country", "krajow")
ENTRENCHED = {"silos", "resistance", "conflicting_goals", "budgets"}
DATA_CHALLENGES = {"no_shared_data", "attribution"}
LEVEL_ONE_CHALLENGES = {"silos", "no_shared_data", "conflicting_goals", "resistance"}
CHANNEL_SKILLS: dict[Channel, tuple[SkillKey, ...]] = {
    Channel.social_media: (SkillKey.active_listening, SkillKey.adaptive_communication, SkillKey.realtime_time_management),
    Channel.call_centre: (SkillKey.active_listening, SkillKey.realtime_time_management, SkillKey.strategic_multitasking),
    Channel.ecommerce: (SkillKey.digital_tools, SkillKey.data_analytics, SkillKey.tech_empathy),
    Channel.mobile_app: (SkillKey.tech_empathy, SkillKey.digital_tools),
    Channel.marketplace: (SkillKey.data_analytics, SkillKey.digital_tools),
    Channel.stores: (SkillKey.cross_upselling, SkillKey.active_listening),
    Channel.b2b_sales: (SkillKey.cross_upselling, SkillKey.systemic_problem_solving),
}
LEVEL_SKILLS = {
    "junior": (SkillKey.adaptive_communication, SkillKey.digital_tools, SkillKey.realtime_time_management),
    "senior": (SkillKey.systemic_problem_solving, SkillKey.data_analytics, SkillKey.continuous_learning),
}
GOAL_THEMES: dict[tuple[str, ...], tuple[SkillKey, ...]] = {
    ("nps", "satysf", "satisf", "obslug", "service", "complain", "reklamac", "experience", "doswiadczen"):
        (SkillKey.active_listening, SkillKey.adaptive_communication),
    ("konwers", "convers", "sprzedaz", "sales", "revenue", "przychod", "koszyk", "basket", "aov", "upsell", "cross-sell"):
        (SkillKey.cross_upselling, SkillKey.data_analytics),
    ("czas odpowiedz", "response time", "sla", "szybk", "faster", "real-time", "kolejk", "queue"):
        (SkillKey.realtime_time_management, SkillKey.strategic_multitasking),
    ("automat", "crm", "cdp", "narzedz", "tool", "system", "wdroz", "implement"):
        (SkillKey.digital_tools, SkillKey.systemic_problem_solving),
    ("retenc", "retention", "churn", "lojal", "loyal", "clv", "powrot", "repeat"):
        (SkillKey.tech_empathy, SkillKey.cross_upselling),
    ("dane", "data", "analit", "analyt", "atrybuc", "attribut", "dashboard", "raport", "report"):
        (SkillKey.data_analytics,),
    ("nowy kanal", "new channel", "trend", "test", "eksperym", "experiment", "launch", "uruchom"):
        (SkillKey.continuous_learning,),
}


def band(employees: int) -> str:
    """Size band: micro, small, mid, large or enterprise."""
    return next((name for limit, name in BANDS if employees < limit), "enterprise")


def _stem_hits(text: str, stems: Iterable[str]) -> list[str]:
    """The stems found in the folded text, in order of first appearance."""
    return list(dict.fromkeys(stem for *_, stem in sorted(stem_hits(text, stems))))


def detect_challenges(text: str, kb: Knowledge | None = None) -> list[tuple[ChallengeSpec, list[str]]]:
    """Up to two known challenges a free-text description names, with the words that gave them away.

    The challenge with the most distinct keyword stems comes first, then the earliest mentioned.
    When none is recognised: silos (the method's biggest barrier) with no words. Both planners
    read the challenge this way, so the LLM is grounded in the same reading.
    """
    kb = kb or load_knowledge()
    folded = fold(text)
    scored = []
    for spec in kb.challenges:
        hits = sorted(stem_hits(folded, spec.keywords))
        if hits:
            words = list(dict.fromkeys(stem for *_, stem in hits))
            scored.append((-len(words), hits[0][0], spec, words))
    scored.sort(key=lambda item: item[:2])
    return [(spec, words) for *_, spec, words in scored[:2]] or [(kb.challenge("silos"), [])]


@dataclass
class _Context:
    """What the rules know about one profile while planning."""

    profile: CompanyProfile
    kb: Knowledge
    lang: Language
    challenges: list[ChallengeSpec]
    challenge_words: list[str]
    trail: list[Decision] = field(default_factory=list)

    @property
    def n(self) -> int:
        return self.profile.employees

    @property
    def band(self) -> str:
        return band(self.n)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.challenges]

    @property
    def primary(self) -> ChallengeSpec:
        return self.challenges[0]

    @property
    def channel_count(self) -> int:
        return self.profile.all_channel_count

    def challenge_name(self) -> str:
        return self.primary.name(self.lang)

    def channel_names(self) -> str:
        names = [CHANNEL_LABELS[c][self.lang] for c in self.profile.channels] + self.profile.other_channels
        return ", ".join(names)

    def decide(self, topic: str, rule: str, decision: str, because: str) -> None:
        self.trail.append(Decision(topic=topic, rule=rule, decision=decision, because=because))


class OfflinePlanner(Planner):
    """Rules over the knowledge base: complete, sensible and deterministic, with no network."""

    name = "offline"

    def __init__(self, force_model: OperatingModel | str | None = None, knowledge: Knowledge | None = None):
        self.force_model = OperatingModel(force_model) if force_model else None
        self.kb = knowledge or load_knowledge()
        self._skill_words = {spec.key: tuple(fold(k) for k in spec.keywords) for spec in self.kb.skills}

    # -- shared analysis -------------------------------------------------------------------

    def _context(self, profile: CompanyProfile) -> _Context:
        found = detect_challenges(profile.challenge, self.kb)
        ctx = _Context(profile, self.kb, profile.language, [spec for spec, _ in found],
                       [w for _, words in found for w in words])
        if ctx.challenge_words:
            ctx.decide("challenge", "R-CH-1", ", ".join(c.name(ctx.lang) for c in ctx.challenges),
                       say("challenge_found", ctx.lang, words=", ".join(ctx.challenge_words)))
        else:
            ctx.decide("challenge", "R-CH-0", ctx.challenge_name(), say("challenge_default", ctx.lang))
        return ctx

    # -- team plan -------------------------------------------------------------------------

    def team_plan(self, profile: CompanyProfile) -> TeamPlan:
        """Roles, operating model, first 90 days, risks, KPIs, maturity, pilot and rollout."""
        ctx = self._context(profile)
        model = self._operating_model(ctx)
        roles = self._fit_to_company(ctx, self._roles(ctx, model.model))
        titles = self._titles(ctx, roles)
        wins = self._quick_wins(ctx, titles)
        pilot = self._pilot(ctx, roles, wins[0])
        actions = self._actions(ctx, titles, wins[0], pilot)
        kpis = self._kpis(ctx)
        maturity = self._maturity(ctx)
        plan = dict(
            roles=roles, operating_model=model, first_90_days=actions, risks=self._risks(ctx, model.model, titles),
            kpis=kpis, maturity=maturity, pilot=pilot, rollout=self._rollout(ctx, model.model, pilot, kpis),
            quick_wins=wins,
        )
        plan["summary"] = self._team_summary(ctx, model.model, roles, actions, maturity)
        return TeamPlan(**plan, rationale=ctx.trail, language=ctx.lang, profile=profile,
                        provenance=Provenance(planner=self.name))

    @staticmethod
    def _titles(ctx: _Context, roles: list[Role]) -> dict[str, str]:
        """Role key → title in this plan; for channel managers, the stores manager if any, else the first."""
        titles: dict[str, str] = {}
        for role in roles:
            titles.setdefault(role.key, role.title)
        if Channel.stores in ctx.profile.channels:
            titles["channel_manager"] = ctx.kb.channel(Channel.stores).manager_title(ctx.lang)
        return titles

    def _operating_model(self, ctx: _Context) -> OperatingModelChoice:
        chosen, rule, reasons = self._model_by_rules(ctx)
        if self.force_model and self.force_model != chosen:
            reasons = [say("om_forced", ctx.lang), say("om_forced_note", ctx.lang, model=chosen.value)]
            chosen, rule = self.force_model, "R-OM-forced"
        spec = ctx.kb.operating_model(chosen)
        ctx.decide("operating_model", rule, spec.name(ctx.lang), " ".join(reasons))
        return OperatingModelChoice(
            model=chosen, reasons=reasons, decision_rights=spec.decisions(ctx.lang),
            budget_model=spec.budget(ctx.lang), coordination=say(f"coordination_{chosen.value}", ctx.lang),
        )

    def _model_by_rules(self, ctx: _Context) -> tuple[OperatingModel, str, list[str]]:
        lang, n, k = ctx.lang, ctx.n, ctx.channel_count
        autonomy = _stem_hits(fold(f"{ctx.profile.industry} {ctx.profile.challenge}"), AUTONOMY_STEMS)
        if n < 250:
            return (OperatingModel.centralized, "R-OM-1",
                    [say("om_small", lang, n=n), say("om_table_central", lang), say("om_one_budget", lang)])
        if n < 1000:
            if k >= 4 and Channel.stores in ctx.profile.channels:
                return (OperatingModel.hybrid, "R-OM-3",
                        [say("om_mid_many_channels", lang, k=k), say("om_hybrid_best", lang)])
            return (OperatingModel.centralized, "R-OM-2",
                    [say("om_table_central", lang), say("om_few_channels", lang, k=k), say("om_one_budget", lang)])
        if autonomy and not set(ctx.keys) & ENTRENCHED:
            return (OperatingModel.decentralized, "R-OM-5",
                    [say("om_autonomy", lang, words=", ".join(autonomy)), say("om_steering", lang)])
        if set(ctx.keys) & ENTRENCHED:
            return (OperatingModel.hybrid, "R-OM-4",
                    [say("om_entrenched", lang, n=n, challenge=ctx.challenge_name()), say("om_hybrid_best", lang),
                     say("om_steering", lang)])
        return (OperatingModel.hybrid, "R-OM-6",
                [say("om_large_default", lang, n=n, k=k), say("om_hybrid_best", lang)])

    def _role(self, ctx: _Context, key: str, fte: float, reports_to: str, why: str, title: str | None = None) -> Role:
        spec = ctx.kb.role(key)
        return Role(key=key, title=title or spec.title(ctx.lang), mission=spec.mission(ctx.lang),
                    responsibilities=spec.responsibilities(ctx.lang), reports_to=reports_to, fte=fte, why=why)

    def _roles(self, ctx: _Context, model: OperatingModel) -> list[Role]:
        lang, n, k, b = ctx.lang, ctx.n, ctx.channel_count, ctx.band
        scale = {"micro": 0.5, "small": 0.5, "mid": 1.0, "large": 2.0, "enterprise": 3.0}[b]
        board = say("reports_board", lang)
        manager_title = ctx.kb.role("omnichannel_manager").title(lang)
        small = b in ("micro", "small")
        roles = [self._role(ctx, "omnichannel_manager", 0.5 if small else 1.0, board,
                            say("why_manager_small", lang, n=n) if small else say("why_manager", lang))]
        ctx.decide("role:omnichannel_manager", "R-RL-1", f"{roles[0].fte} FTE",
                   say("why_manager_small", lang, n=n) if small else say("why_manager", lang))
        if k >= 3 and not small or n >= 1000:
            roles.append(self._role(ctx, "product_owner", 1.0, manager_title, say("why_po", lang, k=k)))
            ctx.decide("role:product_owner", "R-RL-2", "1.0 FTE", say("why_po", lang, k=k))
        data_fte = scale + (1.0 if set(ctx.keys) & DATA_CHALLENGES and not small else 0.0)
        data_why = say("why_data", lang, k=k)
        if set(ctx.keys) & DATA_CHALLENGES:
            data_why += " " + say("why_data_challenge", lang, challenge=ctx.challenge_name())
            ctx.decide("role:data_analyst", "R-RL-3", f"{data_fte} FTE", data_why)
        tech_fte = (0.5 if small else 1.0) + (1.0 if k >= 4 and n >= 1000 else 0.0)
        tech_why = say("why_tech", lang) + (" " + say("why_tech_many", lang, k=k) if tech_fte >= 2 else "")
        roles += [
            self._role(ctx, "cx_specialist", scale, manager_title, say("why_cx", lang, channels=ctx.channel_names())),
            self._role(ctx, "data_analyst", data_fte, manager_title, data_why),
            self._role(ctx, "tech_integration_lead", tech_fte, manager_title, tech_why),
            self._role(ctx, "marketing_automation", {"micro": 0.3}.get(b, scale), manager_title, say("why_marketing", lang)),
        ]
        roles += self._channel_roles(ctx, model, manager_title)
        if model != OperatingModel.centralized:
            departments = max(k, 2)
            model_name = ctx.kb.operating_model(model).name(lang)
            roles.append(self._role(ctx, "department_coordinator", 0.5 * departments, manager_title,
                                    say("why_coordinator", lang, model=model_name, k=departments)))
            roles.append(self._role(ctx, "steering_committee", 0.2, board, say("why_steering", lang)))
            ctx.decide("role:department_coordinator", "R-RL-5", f"{0.5 * departments} FTE",
                       say("why_coordinator", lang, model=model_name, k=departments))
        elif "budgets" in ctx.keys:
            roles.append(self._role(ctx, "steering_committee", 0.1, board, say("why_steering", lang)))
            ctx.decide("role:steering_committee", "R-RL-6", "0.1 FTE", say("why_steering", lang))
        if "skills_gap" in ctx.keys or n >= 1000:
            roles.append(self._role(ctx, "learning_partner", 0.5, manager_title, say("why_learning", lang)))
            ctx.decide("role:learning_partner", "R-RL-7", "0.5 FTE", say("why_learning", lang))
        return roles

    @staticmethod
    def _fit_to_company(ctx: _Context, roles: list[Role]) -> list[Role]:
        """In a micro company the roles are hats worn by existing people: cap the team's FTE."""
        total, cap = sum(r.fte for r in roles), round(MICRO_FTE_SHARE * ctx.n, 2)
        if ctx.band != "micro" or total <= cap:
            return roles
        factor = cap / total
        fitted = [r.model_copy(update={"fte": max(0.05, round(math.floor(r.fte * factor / 0.05 + 1e-9) * 0.05, 2))}) for r in roles]
        share = sum(r.fte for r in fitted)
        ctx.decide("team_size", "R-RL-8", f"{share:.2f} FTE",
                   say("hats", ctx.lang, n=ctx.n, share=f"{share:.2f}", total=f"{total:.1f}"))
        return fitted

    def _channel_roles(self, ctx: _Context, model: OperatingModel, manager_title: str) -> list[Role]:
        """One manager per known channel; their time share depends on size and model."""
        lang = ctx.lang
        share = 0.3 if ctx.band in ("micro", "small") else (1.0 if model == OperatingModel.centralized else 0.5)
        roles = [
            self._role(ctx, "channel_manager", share, manager_title,
                       say("why_channel", lang, channel=CHANNEL_LABELS[c][lang]),
                       title=ctx.kb.channel(c).manager_title(lang))
            for c in ctx.profile.channels
        ]
        if ctx.profile.other_channels:
            roles.append(self._role(ctx, "channel_manager", share, manager_title,
                                    say("why_channel_other", lang, channels=", ".join(ctx.profile.other_channels)),
                                    title=say("other_channels_title", lang)))
        ctx.decide("role:channel_manager", "R-RL-4", f"{len(roles)} × {share} FTE", ctx.channel_names())
        return roles

    def _quick_wins(self, ctx: _Context, titles: dict[str, str]) -> list[QuickWin]:
        """Quick wins that fit the channels, those answering the challenge first."""
        have = set(ctx.profile.channels)
        fitting = [w for w in ctx.kb.quick_wins
                   if (not w.needs_any or have & set(w.needs_any)) and set(w.needs_all) <= have]
        wanted = [key for c in ctx.challenges for key in c.quick_wins]
        fitting.sort(key=lambda w: wanted.index(w.key) if w.key in wanted else len(wanted))
        chosen = fitting[:3] or ctx.kb.quick_wins[:1]
        lang, channels = ctx.lang, ctx.channel_names()
        wins = [QuickWin(
            title=w.name(lang),
            why=(say("win_why", lang, channels=channels, challenge=ctx.challenge_name()) if w.key in wanted
                 else say("win_why_plain", lang, channels=channels)) + " " + w.description(lang),
            owner_role=titles.get(w.owner_role, titles["omnichannel_manager"]),
            horizon=f"{w.months} {ctx.kb.label('months_unit', lang)}",
        ) for w in chosen]
        ctx.decide("quick_wins", "R-QW-1", ", ".join(w.title for w in wins), say("win_why", lang, channels=channels,
                   challenge=ctx.challenge_name()))
        return wins

    def _pilot(self, ctx: _Context, roles: list[Role], win: QuickWin) -> Pilot:
        low, high = ctx.kb.pilot.size_min, ctx.kb.pilot.size_max
        size = min(high, low + (ctx.channel_count >= 3) + (ctx.n >= 1000) + (ctx.n >= 5000), ctx.n)
        lang = ctx.lang
        if Channel.stores in ctx.profile.channels:
            scope = say("pilot_scope_stores", lang, stores=2 if ctx.n < 1000 else 5)
        else:
            scope = say("pilot_scope_online", lang, channels=ctx.channel_names())
        members = [r.title for r in roles if r.key != "steering_committee"]
        members = (members * 2)[:size]
        kpi = ctx.kb.kpi(ctx.primary.kpis[0]).name(lang)
        ctx.decide("pilot", "R-PI-1" if size >= low else "R-PI-2", f"{size}",
                   scope if size >= low else say("pilot_whole_company", lang, n=ctx.n))
        share = ctx.kb.pilot.time_share
        return Pilot(scope=f"{win.title}: {scope}", team_size=size, time_share=share, members=members,
                     success_criteria=[say("pilot_success_1", lang, kpi=kpi), say("pilot_success_2", lang, share=share),
                                       say("pilot_success_3", lang)])

    def _action(self, ctx: _Context, template: ActionTemplate, titles: dict[str, str],
                challenge: ChallengeSpec) -> Action:
        lang = ctx.lang
        return Action(
            title=template.title(lang), owner_role=titles.get(template.owner_role, titles["omnichannel_manager"]),
            start_week=template.start_week, end_week=template.end_week, deliverable=template.deliverable(lang),
            kpi=template.kpi(lang),
            addresses=say("addresses", lang, challenge=challenge.name(lang), how=self._how(ctx, challenge)),
        )

    @staticmethod
    def _how(ctx: _Context, challenge: ChallengeSpec) -> str:
        """How an action answers its challenge: the method's resolution where it is a channel conflict."""
        conflict = next((c for c in ctx.kb.conflicts if c.key == challenge.conflict), None)
        return conflict.resolution(ctx.lang) if conflict else say("addresses_direct", ctx.lang)

    def _actions(self, ctx: _Context, titles: dict[str, str], win: QuickWin, pilot: Pilot) -> list[Action]:
        """Two actions answering the challenge(s), then the pilot that proves the model."""
        first = ctx.primary.actions[0]
        second = ctx.challenges[1].actions[0] if len(ctx.challenges) > 1 else ctx.primary.actions[1]
        lang = ctx.lang
        actions = [self._action(ctx, t, titles, spec) for t, spec in ((first, ctx.primary), (second, ctx.challenges[-1]))]
        start = max(a.end_week for a in actions) // 2 + 1
        actions.append(Action(
            title=say("pilot_title", lang, win=win.title), owner_role=titles.get("product_owner", titles["omnichannel_manager"]),
            start_week=min(start, 8), end_week=13,
            deliverable=say("pilot_deliverable", lang, size=pilot.team_size, scope=pilot.scope, share=pilot.time_share),
            kpi=say("pilot_kpi", lang), addresses=say("addresses", lang, challenge=ctx.challenge_name(),
                                                      how=say("pilot_addresses", lang)),
        ))
        ctx.decide("first_90_days", "R-AC-1", "; ".join(a.title for a in actions),
                   ", ".join(c.name(lang) for c in ctx.challenges))
        return actions

    def _risks(self, ctx: _Context, model: OperatingModel, titles: dict[str, str]) -> list[Risk]:
        """Risks of the stated challenge first, then those the profile's traits bring."""
        traits = {
            "no_sponsorship": ctx.n >= 250 or "resistance" in ctx.keys,
            "key_person_dependency": ctx.n < 250,
            "return_to_silos": model != OperatingModel.centralized,
            "loss_of_channel_expertise": model == OperatingModel.centralized and ctx.channel_count >= 3,
            "store_staff_resistance": Channel.stores in ctx.profile.channels,
            "integration_overrun": ctx.channel_count >= 4 or "no_shared_data" in ctx.keys,
            "pilot_too_broad": ctx.n >= 1000,
            "tool_overload": "no_shared_data" in ctx.keys or ctx.n < 50,
        }
        templates: list[RiskTemplate] = [r for c in ctx.challenges for r in c.risks[: 3 - len(ctx.challenges)]]
        templates += [r for r in ctx.kb.generic_risks if traits.get(r.key)]
        if len(templates) < 3:
            templates += [r for r in ctx.kb.generic_risks if r not in templates][: 3 - len(templates)]
        lang = ctx.lang
        risks = [Risk(risk=t.risk(lang), likelihood=t.likelihood, impact=t.impact, mitigation=t.mitigation(lang),
                      owner_role=titles.get(t.owner_role, titles["omnichannel_manager"])) for t in templates[:7]]
        ctx.decide("risks", "R-RK-1", ", ".join(t.key for t in templates[:7]),
                   ", ".join(key for key, on in traits.items() if on))
        return risks

    def _kpis(self, ctx: _Context) -> list[KPI]:
        """The 4 shared KPIs, plus those that track the stated challenge."""
        lang = ctx.lang
        shared = [k.key for k in ctx.kb.kpis if k.shared]
        extra = [key for c in ctx.challenges for key in c.kpis if key not in shared]
        kpis = []
        for key in [*shared, *dict.fromkeys(extra)][:6]:
            spec = ctx.kb.kpi(key)
            why = say("kpi_why_shared", lang) if spec.shared else say("kpi_why_challenge", lang,
                                                                       challenge=ctx.challenge_name())
            target = say(f"target_{key}", lang) if f"target_{key}" in say else say("target_default", lang)
            kpis.append(KPI(key=key, name=spec.name(lang), why=f"{spec.definition(lang)} {why}", target=target))
        ctx.decide("kpis", "R-KP-1", ", ".join(k.key for k in kpis), ctx.challenge_name())
        return kpis

    def _maturity(self, ctx: _Context) -> Maturity:
        lang = ctx.lang
        if ctx.channel_count == 1:
            current, reason = 1, say("maturity_single", lang)
        elif ctx.primary.key in LEVEL_ONE_CHALLENGES:
            current, reason = 1, say("maturity_silo", lang, challenge=ctx.challenge_name())
        else:
            current, reason = 2, say("maturity_projects", lang, challenge=ctx.challenge_name())
        target = min(current + 1, 3)
        reasons = [reason, say("maturity_next", lang, level=target), say("maturity_target", lang)]
        ctx.decide("maturity", "R-MT-1", f"{current} → {target}", reason)
        return Maturity(current=current, target=target, current_name=ctx.kb.level(current).name(lang),
                        target_name=ctx.kb.level(target).name(lang), reasons=reasons)

    def _rollout(self, ctx: _Context, model: OperatingModel, pilot: Pilot, kpis: list[KPI]) -> list[Phase]:
        lang = ctx.lang
        focus = {
            1: say("phase1_focus", lang, channels=ctx.channel_names(), challenge=ctx.challenge_name()),
            2: say("phase2_focus", lang, size=pilot.team_size, scope=pilot.scope),
            3: say("phase3_focus", lang, kpis=", ".join(k.name for k in kpis[:3])),
            4: say("phase4_focus", lang, model=ctx.kb.operating_model(model).name(lang)),
        }
        return [Phase(number=p.number, name=p.name(lang), weeks_min=p.weeks_min, weeks_max=p.weeks_max,
                      focus=focus[p.number]) for p in sorted(ctx.kb.phases, key=lambda p: p.number)]

    def _team_summary(self, ctx: _Context, model: OperatingModel, roles: list[Role], actions: list[Action],
                      maturity: Maturity) -> str:
        lang = ctx.lang
        return say(
            "summary_team", lang, company=ctx.profile.company or say("your_company", lang),
            band=say(f"band_{ctx.band}", lang, n=ctx.n), industry=ctx.profile.industry, channels=ctx.channel_names(),
            model=ctx.kb.label(f"model_{model.value}", lang).lower(), roles=len(roles),
            fte=f"{sum(r.fte for r in roles):.1f}", challenge=ctx.challenge_name(),
            a1=actions[0].title, a2=actions[1].title, a3=actions[2].title,
            cur=maturity.current, cur_name=maturity.current_name, target=maturity.target,
            target_name=maturity.target_name,
        )

    # -- skills plan -----------------------------------------------------------------------

    def skills_plan(self, profile: CompanyProfile) -> SkillsPlan:
        """The 10 skills ordered by impact, Top 3, 30-day quick wins, risks, 30-60-90 plan."""
        ctx = self._context(profile)
        lang = ctx.lang
        bonus, reasons = self._skill_bonuses(ctx)
        scored = []
        for spec in ctx.kb.skills:
            points = bonus.get(spec.key, 0)
            cx, roi = min(5, spec.cx_impact + (points + 1) // 3), min(5, spec.roi_impact + points // 3)
            scored.append((-(cx + roi), -points, spec.number, spec, cx, roi))
        scored.sort(key=lambda s: s[:3])
        skills = [SkillPriority(
            skill=spec.key, name=spec.name(lang), cx_impact=cx, roi_impact=roi,
            progress_indicator=spec.progress_indicator(lang),
            focus=say("skill_focus_top" if rank < 3 else "skill_focus_later", lang, item=spec.covers(lang)[0]),
        ) for rank, (*_, spec, cx, roi) in enumerate(scored)]
        top3 = [TopPriority(
            skill=s.skill, reason="; ".join(reasons.get(s.skill) or [say("skill_reason_base", lang)]).capitalize(),
            target=say("skill_target", lang, indicator=s.progress_indicator),
        ) for s in skills[:3]]
        ctx.decide("skills_order", "R-SK-1", ", ".join(s.skill.value for s in skills),
                   "; ".join(f"{k.value}+{v}" for k, v in sorted(bonus.items(), key=lambda kv: -kv[1])))
        microlearning = [MicrolearningStage(day=m.day, case=m.case(lang), tool=m.tool(lang), metric=m.metric(lang))
                         for m in ctx.kb.microlearning]
        return SkillsPlan(
            summary=self._skills_summary(ctx, skills), skills=skills, top3=top3,
            quick_wins_30d=self._skill_wins(ctx, skills), risks=self._skill_risks(ctx, skills),
            microlearning=microlearning, rationale=ctx.trail, language=lang, profile=profile,
            provenance=Provenance(planner=self.name),
        )

    def _skill_bonuses(self, ctx: _Context) -> tuple[dict[SkillKey, int], dict[SkillKey, list[str]]]:
        """Extra weight per skill from the challenge, channels, team level and goal, with reasons."""
        lang, profile = ctx.lang, ctx.profile
        bonus: dict[SkillKey, int] = {}
        reasons: dict[SkillKey, list[str]] = {}

        def add(skills, points: int, reason: str) -> None:
            for skill in dict.fromkeys(skills):
                bonus[skill] = bonus.get(skill, 0) + points
                reasons.setdefault(skill, []).append(reason)

        add(ctx.primary.skills, 2, say("skill_reason_challenge", lang, challenge=ctx.challenge_name()))
        by_channel = [s for c in profile.channels for s in CHANNEL_SKILLS[c]]
        for skill in dict.fromkeys(by_channel):
            names = ", ".join(CHANNEL_LABELS[c][lang] for c in profile.channels if skill in CHANNEL_SKILLS[c])
            add([skill], min(2, by_channel.count(skill)), say("skill_reason_channel", lang, channels=names))
        if profile.team_level and profile.team_level.value in LEVEL_SKILLS:
            level = say(f"level_{profile.team_level.value}", lang)
            add(LEVEL_SKILLS[profile.team_level.value], 1, say("skill_reason_level", lang, level=level))
        named = self._themed_skills(profile.challenge)
        add(named, 2, say("skill_reason_named", lang, challenge=ctx.challenge_name()))
        if profile.quarterly_goal:
            add(self._themed_skills(profile.quarterly_goal), 3,
                say("skill_reason_goal", lang, goal=profile.quarterly_goal[:80]))
        return bonus, reasons

    def _themed_skills(self, text: str) -> list[SkillKey]:
        """Skills a free text (a goal, a challenge) asks for: by theme words and by the article's keywords."""
        folded = fold(text)
        themed = [s for stems, skills in GOAL_THEMES.items() if _stem_hits(folded, stems) for s in skills]
        return themed + [key for key, words in self._skill_words.items() if _stem_hits(folded, words)]

    def _skill_wins(self, ctx: _Context, skills: list[SkillPriority]) -> list[QuickWin]:
        lang = ctx.lang
        owner = say("win30_owner", lang)
        wins = []
        tipped = [(p, tip) for p in skills if (tip := ctx.kb.skill(p.skill).tip)]
        for priority, tip in [t for t in tipped if t[0] in skills[:3]] or tipped[:1]:  # the most useful tips
            wins.append(QuickWin(title=tip(lang), why=say("win30_tip_why", lang, skill=priority.name),
                                 owner_role=owner, horizon=say("day30", lang)))
        slas = [f"{CHANNEL_LABELS[c][lang]}: {spec.sla(lang)}" for c in ctx.profile.channels
                if (spec := ctx.kb.channel(c)).sla]
        if slas and SkillKey.realtime_time_management not in {p.skill for p in skills[:3]}:  # its tip sets SLAs
            wins.append(QuickWin(title=say("win30_sla", lang, slas="; ".join(slas)), why=say("win30_sla_why", lang),
                                 owner_role=owner, horizon=say("day30", lang)))
        first_step = ctx.kb.microlearning[0]
        wins.append(QuickWin(title=f"{first_step.case(lang)} — {first_step.tool(lang)}",
                             why=say("win30_tip_why", lang, skill=ctx.kb.skill(SkillKey.continuous_learning).name(lang)),
                             owner_role=say("owner_learning", lang), horizon=say("day30", lang)))
        return wins[:6]

    def _skill_risks(self, ctx: _Context, skills: list[SkillPriority]) -> list[Risk]:
        lang, profile = ctx.lang, ctx.profile
        keys = ["no_time", "no_baseline"]
        top = {s.skill for s in skills[:3]}
        if SkillKey.digital_tools in top:
            keys.append("tools_first")
        if profile.team_level and profile.team_level.value == "junior":
            keys.append("junior_overload")
        if SkillKey.cross_upselling in top:
            keys.append("pushy_selling")
        risks = [Risk(risk=say(f"risk_{k}", lang), likelihood="medium", impact="medium",
                      mitigation=say(f"mit_{k}", lang), owner_role=say("owner_lead", lang)) for k in keys]
        challenge_risk = ctx.primary.risks[0]
        risks.append(Risk(risk=challenge_risk.risk(lang), likelihood=challenge_risk.likelihood,
                          impact=challenge_risk.impact, mitigation=challenge_risk.mitigation(lang),
                          owner_role=say("owner_lead", lang)))
        return risks

    def _skills_summary(self, ctx: _Context, skills: list[SkillPriority]) -> str:
        lang, profile = ctx.lang, ctx.profile
        if profile.team_size and profile.team_level:
            team = say("team_desc", lang, size=profile.team_size, level=say(f"level_{profile.team_level.value}", lang))
        else:
            team = say("team_desc_unknown", lang)
        summary = say("summary_skills", lang, team=team, industry=profile.industry, channels=ctx.channel_names(),
                      top=", ".join(s.name for s in skills[:3]),
                      goal=profile.quarterly_goal or say("goal_default", lang))
        if profile.team_size and profile.team_size > 12:
            summary += " " + say("cohorts", lang, size=profile.team_size)
        return summary

