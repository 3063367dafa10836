"""The offline skills plan: the 10 skills ordered for one team, its goal and its channels.

Weights come from the stated challenges, the process that breaks, the channels the team serves,
its level and, most of all, the quarter's goal: a skill the goal names always reaches the Top 3.
Every contact channel gets the article's response SLA; the 30-60-90 microlearning cases work on
the client's own object when the diagnosis names the process, else on the company's channels,
and only the cases that fit its business model are used. The risks are the practice's own: what
takes the team's hours in this kind of company (peaks in the outlets, shift work, a firm of three).
"""

from __future__ import annotations

from ..plans import MicrolearningStage, Provenance, QuickWin, Risk, SkillPriority, SkillsPlan, TopPriority
from ..reading.context import Context
from ..terms import SkillKey
from ..words.text import fold, stem_hits, whole_clause
from ..words.vocab import Channel
from ..words.wording import fill
from .brief import Words
from .practised import practice_facts, practised

CHANNEL_SKILLS: dict[Channel, tuple[SkillKey, ...]] = {
    Channel.social_media: (
        SkillKey.active_listening,
        SkillKey.adaptive_communication,
        SkillKey.realtime_time_management,
    ),
    Channel.call_centre: (
        SkillKey.active_listening,
        SkillKey.realtime_time_management,
        SkillKey.strategic_multitasking,
    ),
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
# Words of a goal or challenge, folded, and the skills they call for, most direct first.
GOAL_THEMES: dict[tuple[str, ...], tuple[SkillKey, ...]] = {
    (
        "czas odpowiedz",
        "czasu odpowiedz",
        "response time",
        "sla",
        "szybk",
        "faster",
        "real-time",
        "kolejk",
        "queue",
        "within",
        "w ciagu",
        "w ciag",
        "hour",
        "godzin",
        "minut",
        "answer every",
        "odpowiad",
        "respond",
        "reply",
        "wait",
        "czekan",
        "oczekiwan",
        "backlog",
        "zaleglo",
        "late",
        "spozni",
        "za pozno",
    ): (SkillKey.realtime_time_management, SkillKey.strategic_multitasking),
    (
        "konwers",
        "convers",
        "sprzedaz",
        "sales",
        "revenue",
        "przychod",
        "koszyk",
        "basket",
        "aov",
        "upsell",
        "cross-sell",
        "cross sell",
        "dosprzeda",
        "wartosc zamowien",
        "order value",
        "average order",
        "srednia wartosc",
    ): (SkillKey.cross_upselling, SkillKey.data_analytics),
    ("nps", "satysf", "satisf", "obslug", "service", "complain", "reklamac", "experience", "doswiadczen", "csat"): (
        SkillKey.active_listening,
        SkillKey.adaptive_communication,
    ),
    ("automat", "crm", "cdp", "narzedz", "tool", "system", "wdroz", "implement", "dashboard"): (
        SkillKey.digital_tools,
        SkillKey.systemic_problem_solving,
    ),
    ("retenc", "retention", "churn", "lojal", "loyal", "clv", "powrot", "repeat"): (
        SkillKey.tech_empathy,
        SkillKey.cross_upselling,
    ),
    ("dane", "data", "analit", "analyt", "atrybuc", "attribut", "raport", "report"): (SkillKey.data_analytics,),
    ("root cause", "przyczyn", "powtarzaj", "repeat contact", "ponown", "first contact resolution", "fcr"): (
        SkillKey.systemic_problem_solving,
    ),
    ("nowy kanal", "new channel", "trend", "eksperym", "experiment", "launch", "uruchom"): (
        SkillKey.continuous_learning,
    ),
    # things lost between channels: the hand-over and its root cause
    ("przepad", "zgubi", "gubi", "utracon", "gina", "lost", "missed", "dropped", "fall through", "falls through"): (
        SkillKey.systemic_problem_solving,
        SkillKey.strategic_multitasking,
    ),
}


def _themed(ctx: Context, text: str) -> list[SkillKey]:
    """Skills a free text (a goal, a challenge) asks for: by theme words and by the article's keywords."""
    folded = fold(text)
    themed = [s for stems, skills in GOAL_THEMES.items() if stem_hits(folded, stems) for s in skills]
    named = [spec.key for spec in ctx.kb.skills if stem_hits(folded, tuple(fold(k) for k in spec.keywords))]
    return list(dict.fromkeys(themed + named))


def _practice_facts(ctx: Context, words: Words) -> dict:
    """The facts the practice is filled with: the client's object, or the business's own (see `practice_facts`)."""
    return practice_facts(words.facts, words.read, ctx.traits.offer, ctx.kb, ctx.lang)


def _bonuses(ctx: Context, words: Words) -> tuple[dict[SkillKey, int], dict[SkillKey, list[str]], list[SkillKey]]:
    """Extra weight per skill from the goal, the challenge, the process that breaks, channels and team level;
    reasons, most specific first."""
    profile = ctx.profile
    bonus: dict[SkillKey, int] = {}
    reasons: dict[SkillKey, list[str]] = {}

    def add(skills, points: int, reason: str) -> None:
        for skill in dict.fromkeys(skills):
            bonus[skill] = bonus.get(skill, 0) + points
            reasons.setdefault(skill, []).append(reason)

    goal_skills = _themed(ctx, profile.quarterly_goal) if profile.quarterly_goal else []
    add(goal_skills, 4, ctx.say("skill_reason_goal", goal=whole_clause(profile.quarterly_goal or "", 120)))
    add(_themed(ctx, profile.challenge), 2, ctx.say("skill_reason_named", challenge=ctx.challenge_name()))
    if words.process is not None:
        add(words.process.skills, 2, ctx.say("skill_reason_process", object=words.facts["object_gen"]))
    by_channel = [s for c in profile.channels for s in CHANNEL_SKILLS[c]]
    for skill in dict.fromkeys(by_channel):
        names = [ctx.channel_label(c) for c in profile.channels if skill in CHANNEL_SKILLS[c]]
        add([skill], min(2, by_channel.count(skill)), ctx.say("skill_reason_channel", names=", ".join(names)))
    if profile.team_level and profile.team_level.value in LEVEL_SKILLS:
        add(
            LEVEL_SKILLS[profile.team_level.value],
            1,
            ctx.say("skill_reason_level", level=ctx.say(f"level_{profile.team_level.value}")),
        )
    add(ctx.primary.skills, 2, ctx.say("skill_reason_challenge", challenge=ctx.stated_problem()))
    return bonus, reasons, goal_skills


def _ordered(ctx: Context, bonus: dict[SkillKey, int], goal_skills: list[SkillKey]) -> list[SkillPriority]:
    """The 10 skills by CX + ROI impact after the bonuses; the goal's first skill always reaches the Top 3.

    A skill the quarter's goal names has at least the impact of the third skill for this team: the
    goal is what the quarter is judged on.
    """
    impact = {}
    for spec in ctx.kb.skills:
        points = bonus.get(spec.key, 0)
        impact[spec.key] = [min(5, spec.cx_impact + (points + 1) // 3), min(5, spec.roi_impact + points // 3)]

    def order() -> list:
        return sorted(
            ctx.kb.skills, key=lambda s: (-sum(impact[s.key]), s.key not in goal_skills, -bonus.get(s.key, 0), s.number)
        )

    ranked = order()
    if goal_skills and not {s.key for s in ranked[:3]} & set(goal_skills):
        needed, scores = sum(impact[ranked[2].key]), impact[goal_skills[0]]
        while sum(scores) < needed:
            scores[scores[0] >= scores[1]] += 1
        ranked = order()
    return [
        SkillPriority(
            skill=spec.key,
            name=spec.name(ctx.lang),
            cx_impact=impact[spec.key][0],
            roi_impact=impact[spec.key][1],
            progress_indicator=ctx.text(spec.progress_indicator),
            focus=ctx.say(
                "skill_focus_top" if rank < 3 else "skill_focus_later",
                item=fill(spec.covers(ctx.lang)[0], ctx.lang, **ctx.facts),
            ),
        )
        for rank, spec in enumerate(ranked)
    ]


def skills_plan(ctx: Context, planner: str, words: Words) -> SkillsPlan:
    """The 10 skills ordered by impact, Top 3, 30-day quick wins, risks, 30-60-90 plan; `words` are the client's
    for the thing that breaks, in the forms the practice's sentences need."""
    bonus, reasons, goal_skills = _bonuses(ctx, words)
    skills = _ordered(ctx, bonus, goal_skills)
    top3 = [
        TopPriority(
            skill=s.skill,
            reason=_sentence("; ".join((reasons.get(s.skill) or [ctx.say("skill_reason_base")])[:2])),
            target=_target(ctx, words, s.skill),
        )
        for s in skills[:3]
    ]
    ctx.decide(
        "skills_order",
        "R-SK-1",
        "; ".join(s.name for s in skills[:3]),
        "; ".join(dict.fromkeys(r for s in skills[:3] for r in reasons.get(s.skill, [])[:1])) or "—",
    )
    return SkillsPlan(
        summary=_summary(ctx, skills),
        skills=skills,
        top3=top3,
        quick_wins_30d=_wins(ctx, skills, words),
        risks=_risks(ctx, skills, words),
        microlearning=_microlearning(ctx, words),
        rationale=ctx.trail,
        language=ctx.lang,
        profile=ctx.profile,
        provenance=Provenance(planner=planner),
    )


def _target(ctx: Context, words: Words, skill: SkillKey) -> str:
    """The quarter's target of a Top 3 skill: its practice's metric on the client's object, sized by level."""
    done = practised(ctx.kb.skill(skill), ctx.lang, _practice_facts(ctx, words), ctx.profile.team_level)
    return _sentence(ctx.say("skill_target", indicator=done.metric, target=done.target))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _microlearning(ctx: Context, words: Words) -> list[MicrolearningStage]:
    """For each of days 30, 60 and 90, the first variant that fits the company and the process that breaks,
    on the client's own object or in its own channels."""
    process = words.read.key if words.read else None
    facts = dict(words.facts)
    if words.process is not None:
        facts["process_metric"] = _sentence(words.fill(words.process.metric(ctx.lang)))
    stages = []
    for day in (30, 60, 90):
        step = next(
            m
            for m in ctx.kb.microlearning
            if m.day == day and ctx.fits(m.when) and (not m.processes or process in m.processes)
        )
        stages.append(
            MicrolearningStage(
                day=day,
                case=ctx.text(step.case, **facts),
                tool=ctx.text(step.tool, **facts),
                metric=ctx.text(step.metric, **facts),
            )
        )
    return stages


def _wins(ctx: Context, skills: list[SkillPriority], words: Words) -> list[QuickWin]:
    """Tips of the Top 3 skills, the SLA of every contact channel, and the first microlearning week."""
    owner, day30 = ctx.say("win30_owner"), ctx.say("day30")
    slas = [
        f"{ctx.channel_label(c)}: {ctx.text(spec.sla)}" for c in ctx.profile.channels if (spec := ctx.kb.channel(c)).sla
    ]
    wins = [
        QuickWin(title=ctx.text(tip), why=ctx.say("win30_tip_why", skill=p.name), owner_role=owner, horizon=day30)
        for p in skills[:3]
        if (tip := ctx.kb.skill(p.skill).tip) and not (slas and p.skill is SkillKey.realtime_time_management)
    ]  # the SLA win below covers its tip
    if slas:
        wins.append(
            QuickWin(
                title=ctx.say("win30_sla", slas="; ".join(slas)),
                why=ctx.say("win30_sla_why"),
                owner_role=owner,
                horizon=day30,
            )
        )
    first = _microlearning(ctx, words)[0]
    wins.append(
        QuickWin(
            title=f"{first.case} — {first.tool}",
            why=ctx.say("win30_tip_why", skill=ctx.kb.skill(SkillKey.continuous_learning).name(ctx.lang)),
            owner_role=ctx.say("owner_learning"),
            horizon=day30,
        )
    )
    return wins[:6]


def _risks(ctx: Context, skills: list[SkillPriority], words: Words) -> list[Risk]:
    """The practice's own risks, most specific first: what takes this team's hours, its real cases in a
    regulated sector, its fall back on old habits, its Top 3 and level, its baseline. The stated problem's
    and the sector's risks are the team plan's."""
    profile = ctx.profile
    owner = ctx.say("owner_lead")
    risks, facts = [], _practice_facts(ctx, words)
    for topic, likelihood, impact in (
        ("time", "high", "medium"),
        ("cases", "medium", "high"),
        ("habits", "medium", "medium"),
    ):
        found = next((r for r in ctx.kb.practice_risks if r.topic == topic and ctx.fits(r.when)), None)
        if found is not None:
            risks.append(
                Risk(
                    risk=ctx.text(found.risk, **facts),
                    likelihood=likelihood,
                    impact=impact,
                    mitigation=ctx.text(found.mitigation, **facts),
                    owner_role=owner,
                )
            )
    keys = []
    top = {s.skill for s in skills[:3]}
    if SkillKey.digital_tools in top:
        keys.append("tools_first")
    if profile.team_level and profile.team_level.value == "junior":
        keys.append("junior_overload")
    if SkillKey.cross_upselling in top:
        keys.append("pushy_selling")
    risks += [
        Risk(
            risk=ctx.say(f"risk_{k}"),
            likelihood="medium",
            impact="medium",
            mitigation=ctx.say(f"mit_{k}"),
            owner_role=owner,
        )
        for k in [*keys, "no_baseline"]
    ]
    return risks


def _summary(ctx: Context, skills: list[SkillPriority]) -> str:
    profile = ctx.profile
    if profile.team_size and profile.team_level:
        team = ctx.say("team_desc", size=profile.team_size, level=ctx.say(f"level_{profile.team_level.value}"))
    elif profile.team_size:
        team = ctx.say("team_desc_size", size=profile.team_size)
    else:
        team = ctx.say("team_desc_unknown")
    summary = ctx.say(
        "summary_skills",
        team=team,
        top="; ".join(s.name for s in skills[:3]),
        goal=profile.quarterly_goal or ctx.say("goal_default"),
    )
    if profile.team_size and profile.team_size > 12:
        summary += " " + ctx.say("cohorts", size=profile.team_size)
    return summary
