"""What the chat says about a plan it already has: what changed, what to ask next, a section.

A follow-up answers with what moved (operating model, roles added or removed, FTE, the first
actions), not the whole summary again; the hints are drawn from the plan itself (its model,
a channel it lacks, one of its roles); a question about a section ("what about risks?",
"kto jest w pilocie?", "ile to kosztuje?") is answered from that section. Also the one-sentence words for a model
that could not answer. Plan text is escaped (`safe`) before it goes into the chat's Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel

from ..knowledge import load_knowledge
from ..planners.brief import money
from ..planners.scenarios import Comparison, Variant
from ..plans import PlanBundle, SkillsPlan, SkillsPlanContent, TeamPlan, TeamPlanContent
from ..render.parts import render_text
from ..sanitize import inert
from ..terms import Language, PlanKind
from ..words.phrasebook import Phrasebook
from ..words.text import fold, lower_first
from ..words.vocab import CHANNEL_LABELS, Channel
from ..words.wording import count, listing
from .unavailable import Retry

say = Phrasebook(Path(__file__).with_name("reply_texts.yaml"))
SEVERITY = {"low": 0, "medium": 1, "high": 2}


class Reply(str):
    """A turn's finished answer with `options`: short messages the manager may send next with one
    click (follow-ups drawn from the plan, or the choices of a question), shown by the page as buttons."""

    options: tuple[str, ...]

    def __new__(cls, text: str, options: Sequence[str] = ()) -> Reply:
        reply = super().__new__(cls, text)
        reply.options = tuple(options)
        return reply


def safe(text: object) -> str:
    """User or model text made inert in Markdown: HTML escaped and images broken, so it shows as
    typed and nothing is fetched."""
    return inert(text)


def model_name(model: str, lang: Language) -> str:
    """The operating model's name as the method's table writes it, in lowercase for a sentence."""
    return load_knowledge().label(f"model_{model}", lang).lower()


def _model(plan: TeamPlan, lang: Language) -> str:
    return model_name(plan.operating_model.model.value, lang)


def _bullets(head: str, lines: list[str]) -> str:
    return "\n".join([head, *(f"- {line}" for line in lines)])


# -- a model that could not answer -----------------------------------------------------------
def fallback_note(bundle: PlanBundle, lang: Language) -> str | None:
    """One plain sentence when a plan is the offline stand-in for a model that failed (the sentence
    the status line and the documents say); None otherwise."""
    kinds = {p.provenance.fallback_kind or "unusable" for p in bundle.plans if p.provenance.fallback}
    if not kinds:
        return None
    return render_text(f"made_fallback_{kinds.pop() if len(kinds) == 1 else 'unusable'}", lang)


_CONTENT: dict[str, tuple[type[BaseModel], ...]] = {
    "team": (TeamPlanContent,),
    "skills": (SkillsPlanContent,),
    "both": (TeamPlanContent, SkillsPlanContent),
}


def writing(streamed: str, kind: PlanKind, lang: Language) -> str:
    """How far the model has written the plan, named by the plan's sections in the order written
    (never its raw JSON, which means nothing to a manager)."""
    fields = list(dict.fromkeys(f for model in _CONTENT[kind] for f in model.model_fields))
    first = {f: found.start() for f in fields if (found := re.search(rf'"{f}"\s*:', streamed))}
    names = [load_knowledge().label(f, lang) for f in sorted(first, key=first.__getitem__)]
    return say("writing", lang, done=len(names), total=len(fields), sections=listing(names, lang) or "…")


def retrying(retry: Retry, lang: Language) -> str:
    """ "Retrying the model (2/4)…"."""
    return say("retrying", lang, attempt=retry.attempt, attempts=retry.attempts)


def cannot_answer(lang: Language) -> str:
    """The chat model is down: say so, and say what can still be answered from the plan."""
    return say("cannot_answer", lang)


# -- what changed ----------------------------------------------------------------------------
def changes(before: PlanBundle, after: PlanBundle, lang: Language) -> str:
    """What a replan changed in the team plan, as a short list (or one sentence if nothing did);
    a skills plan that is new gets its Top 3."""
    parts = []
    if before.team and after.team:
        parts.append(_team_changes(before.team, after.team, lang))
    if after.skills and (before.skills is None or before.skills.top3 != after.skills.top3):
        parts.append(skills_ready(after.skills, lang))
    return "\n\n".join(parts)


def skills_ready(plan: SkillsPlan, lang: Language) -> str:
    """The skills plan announced with its Top 3."""
    names = {s.skill: s.name for s in plan.skills}
    return say("skills_ready", lang, top=", ".join(safe(names[p.skill]) for p in plan.top3))


def _team_changes(a: TeamPlan, b: TeamPlan, lang: Language) -> str:
    """What changed between two team plans: the channels they were made for, then the team itself; a team that
    stayed the same after the channels changed is said to stay, with its model, roles and FTE."""
    facts = _channel_change(a, b, lang)
    lines = _team_lines(a, b, lang)
    if not (facts or lines):
        return say("unchanged", lang, model=_model(b, lang), roles=len(b.roles), fte=Comparison.total_fte(b))
    if not lines:
        lines = [say("team_same", lang, model=_model(b, lang), roles=len(b.roles), fte=Comparison.total_fte(b))]
    return _bullets(say("changed", lang), [*facts, *lines])


def _channel_change(a: TeamPlan, b: TeamPlan, lang: Language) -> list[str]:
    """The channels the plan was made for, before → after, when they changed."""
    if a.profile.channels == b.profile.channels:
        return []
    names = [", ".join(CHANNEL_LABELS[c][lang] for c in p.profile.channels) or "—" for p in (a, b)]
    return [say("change_channels", lang, before=names[0], after=names[1])]


def _team_lines(a: TeamPlan, b: TeamPlan, lang: Language) -> list[str]:
    """What changed in the team: its model, roles, FTE and first actions."""
    diff = Comparison(a, b, "", "")
    lines = []
    if a.operating_model.model != b.operating_model.model:
        lines.append(say("change_model", lang, before=_model(a, lang), after=_model(b, lang)))
    roles = diff.roles()
    added = [
        f"{safe(r.title)} ({count(r.fte_b, 'fte', lang)})" for r in roles if r.fte_a is None and r.fte_b is not None
    ]
    removed = [safe(r.title) for r in roles if r.fte_b is None]
    if added:
        lines.append(say("change_added", lang, roles=", ".join(added)))
    if removed:
        lines.append(say("change_removed", lang, roles=", ".join(removed)))
    lines += [
        say("change_fte", lang, title=safe(r.title), before=r.fte_a, after=r.fte_b)
        for r in roles
        if r.changed and r.fte_a is not None and r.fte_b is not None
    ]
    total_a, total_b = diff.total_fte(a), diff.total_fte(b)
    if total_a != total_b:
        lines.append(say("change_total", lang, before=total_a, after=total_b))
    lines += [
        say("change_action", lang, n=n, before=safe(x), after=safe(y))
        for n, (x, y) in enumerate(diff.actions(), 1)
        if x != y
    ]
    return lines


def what_if_reply(plan: TeamPlan, variant: Variant, comparison: Comparison | None, lang: Language) -> Reply:
    """The answer to "what if …?": the variant's roles and FTE instead of the plan's (the table is in the
    Scenarios tab), a head count asked about ready to adopt with one click; without
    a `comparison` (the plan is already so), it says so."""
    if comparison is None:
        return Reply(say("what_if_same", lang, model=_model(plan, lang)))
    named = [_model(comparison.b, lang)] if variant.operating_model else []
    if variant.employees:
        named.append(count(variant.employees, "person", lang, 0))
    text = say(
        "what_if",
        lang,
        model=_model(plan, lang),
        fte=comparison.total_fte(plan),
        roles=len(plan.roles),
        variant=" · ".join(named),
        fte_b=comparison.total_fte(comparison.b),
        roles_b=len(comparison.b.roles),
    )
    adopt = [say("hint_people", lang, more=variant.employees, now=plan.profile.employees)] if variant.employees else []
    return Reply(text, adopt)


# -- what to ask next ------------------------------------------------------------------------
def hints(bundle: PlanBundle, lang: Language, turn: int) -> list[str]:
    """Three follow-ups drawn from this plan, as the manager would type them (plain text, for buttons
    that send them); which ones rotates with `turn`, so they do not repeat."""
    team = bundle.team
    pool = []
    if team:
        profile = team.profile
        pool.append(say("hint_why", lang, model=_model(team, lang)))
        missing = [c for c in Channel if c not in profile.channels]
        if missing:
            pool.append(say("hint_channel", lang, channel=CHANNEL_LABELS[missing[turn % len(missing)]][lang]))
        role = team.roles[(turn + 1) % len(team.roles)]
        pool += [
            say("hint_role", lang, role=role.title),
            say("hint_pilot", lang),
            say("hint_risks", lang),
            say("hint_people", lang, more=profile.employees * 4, now=profile.employees),
            say("hint_kpis", lang),
        ]
    if bundle.skills is None:
        pool.insert(1, say("hint_skills", lang))
    pool.append(say("hint_over", lang))
    return list(dict.fromkeys(pool[(turn * 3 + i) % len(pool)] for i in range(3)))


# -- a question about a section --------------------------------------------------------------
def section_answer(bundle: PlanBundle, message: str, lang: Language) -> str | None:
    """The answer from the section the message names (pilot, quick wins, risks, KPIs, skills,
    maturity, first 90 days, roles); None when it names none."""
    text = fold(message)
    for stems, answer in _SECTIONS:
        if any(re.search(rf"\b{stem}", text) for stem in stems):
            return answer(bundle, lang)
    return None


def _level(kind: str, level: str, lang: Language) -> str:
    """A risk's likelihood or impact in words (they differ in gender in Polish)."""
    return load_knowledge().label(f"{kind}_{level}", lang).lower()


def _risks(bundle: PlanBundle, lang: Language) -> str:
    risks = sorted(
        bundle.team.risks if bundle.team else bundle.skills.risks if bundle.skills else [],
        key=lambda r: -(SEVERITY[r.likelihood] + SEVERITY[r.impact]),
    )
    return _bullets(
        say("risks", lang),
        [
            say(
                "risk_line",
                lang,
                risk=safe(r.risk),
                likelihood=_level("likelihood", r.likelihood, lang),
                impact=_level("level", r.impact, lang),
                mitigation=safe(r.mitigation),
                owner=safe(r.owner_role),
            )
            for r in risks
        ],
    )


def _team_section(answer: Callable[[TeamPlan, Language], str]) -> Callable[[PlanBundle, Language], str]:
    """A section only the team plan has; without one, the skills plan's Top 3 answers instead."""
    return lambda bundle, lang: answer(bundle.team, lang) if bundle.team else _skills(bundle, lang)


def _pilot(team: TeamPlan, lang: Language) -> str:
    p = team.pilot
    return "\n\n".join(
        [
            say("pilot", lang, scope=safe(p.scope), size=p.team_size, share=safe(p.time_share)),
            _bullets(say("pilot_members", lang), [safe(m) for m in p.members]),
            _bullets(say("pilot_success", lang), [safe(c) for c in p.success_criteria]),
        ]
    )


def _kpis(team: TeamPlan, lang: Language) -> str:
    return _bullets(
        say("kpis", lang), [say("kpi_line", lang, name=safe(k.name), target=safe(k.target)) for k in team.kpis]
    )


def _actions(team: TeamPlan, lang: Language) -> str:
    return _bullets(
        say("actions", lang),
        [
            say(
                "action_line",
                lang,
                start=a.start_week,
                end=a.end_week,
                title=safe(a.title),
                owner=safe(a.owner_role),
                deliverable=safe(a.deliverable),
            )
            for a in team.first_90_days
        ],
    )


def _quick_wins(bundle: PlanBundle, lang: Language) -> str:
    wins = bundle.team.quick_wins if bundle.team else bundle.skills.quick_wins_30d if bundle.skills else []
    return _bullets(
        say("quick_wins", lang),
        [
            say("quick_win_line", lang, title=safe(w.title), owner=safe(w.owner_role), horizon=safe(w.horizon))
            for w in wins
        ],
    )


def _maturity(team: TeamPlan, lang: Language) -> str:
    m = team.maturity
    return say("maturity", lang, now=safe(m.current_name), current=m.current, target=safe(m.target_name), goal=m.target)


def _cost(team: TeamPlan, lang: Language) -> str:
    """What the plan costs, as it states it: its brief's first-year estimate when it has one, people's time (FTE
    across its roles) and how it is funded."""
    facts = dict(
        roles=len(team.roles),
        fte=Comparison.total_fte(team),
        budget=safe(lower_first(team.operating_model.budget_model)),
    )
    estimate = team.brief.cost if team.brief else None
    if estimate is None:
        return say("cost", lang, **facts)
    return say("cost_estimate", lang, amount=money(estimate, lang), **facts)


def _roles(team: TeamPlan, lang: Language) -> str:
    return _bullets(
        say("roles", lang, fte=Comparison.total_fte(team)),
        [say("role_line", lang, title=safe(r.title), fte=r.fte, boss=safe(r.reports_to)) for r in team.roles],
    )


def _skills(bundle: PlanBundle, lang: Language) -> str:
    plan = bundle.skills
    if plan is None:
        return say("no_skills", lang)
    names = {s.skill: s.name for s in plan.skills}
    return _bullets(
        say("skills", lang),
        [say("skill_line", lang, name=safe(names[p.skill]), reason=safe(p.reason)) for p in plan.top3],
    )


# Folded word stems that name a section, most specific first ("who is in the pilot?" is the pilot).
_SECTIONS: list[tuple[tuple[str, ...], Callable[[PlanBundle, Language], str]]] = [
    (("pilo",), _team_section(_pilot)),
    (("quick win", "szybk"), _quick_wins),
    (("risk", "ryzyk", "zagroz"), _risks),
    (("kpi", "wskaznik", "metric", "measure", "mierz"), _team_section(_kpis)),
    (("skill", "kompeten", "umiejetn"), _skills),
    (("matur", "dojrzal"), _team_section(_maturity)),
    (("cost", "koszt", "how much", "price", "cena", "cene", "oplac"), _team_section(_cost)),
    (
        (
            "90",
            "first action",
            "action",
            "dzialan",
            "gantt",
            "timeline",
            "harmonogram",
            "how long",
            "jak dlug",
            "kiedy",
        ),
        _team_section(_actions),
    ),
    (("who", "role", "team", r"kto\b", "zespol", "rol", "fte", "etat"), _team_section(_roles)),
]
