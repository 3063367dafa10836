"""Consistency checks that every plan must pass, whoever made it.

A plan can be valid against its schema and still contradict itself: a summary that states
another FTE than the roles add up to, an action owned by a role the team does not have,
steering meetings without a steering committee, a pilot larger than the company. Each check
is a small function returning the problems it found, in plain English for developers and
for the model's repair prompt. The offline planner's plans must pass all of them (a failure
is a bug); an LLM plan that fails is repaired once, then falls back.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .plans import SkillsPlanContent, TeamPlanContent
from .profile import CompanyProfile
from .words.text import fold

TeamCheck = Callable[[TeamPlanContent, CompanyProfile | None], list[str]]

# Bodies a role may report to that are not roles of the team.
_TOP_BODIES = (
    "board",
    "zarzad",
    "ceo",
    "prezes",
    "owner",
    "wlasciciel",
    "management",
    "dyrektor generaln",
    "managing director",
    "general manager",
    "founder",
    "zalozyciel",
    "executive",
    "head of",
    "coo",
    "chief",
    "rada",
    "leadership",
)
_STEERING = ("steering", "sterujac")
_FTE_CLAIM = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:fte|etat\w*)", re.I)


def _titles(plan: TeamPlanContent) -> set[str]:
    return {fold(r.title) for r in plan.roles}


def unique_roles(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """No role title twice, no catalogue key twice (channel managers are told apart by title)."""
    titles = [fold(r.title) for r in plan.roles]
    repeated = sorted({t for t in titles if titles.count(t) > 1})
    keys = [r.key for r in plan.roles if r.key != "channel_manager"]
    repeated_keys = sorted({k for k in keys if keys.count(k) > 1})
    return ([f"role title repeated: {', '.join(repeated)}"] if repeated else []) + (
        [f"role key repeated: {', '.join(repeated_keys)}"] if repeated_keys else []
    )


def reporting_lines(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """Every role reports to another role of the team or to a body above it, never to itself."""
    titles = _titles(plan)
    problems = []
    for role in plan.roles:
        boss = fold(role.reports_to)
        if boss == fold(role.title):
            problems.append(f"{role.title} reports to itself")
        elif boss not in titles and not any(body in boss for body in _TOP_BODIES):
            problems.append(
                f"{role.title} reports to {role.reports_to!r}, which is neither a role nor a governing body"
            )
    return problems


def owners_exist(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """Actions and risks are owned by roles the team has."""
    titles = _titles(plan)
    owned = [("action", a.title, a.owner_role) for a in plan.first_90_days]
    owned += [("risk", r.risk, r.owner_role) for r in plan.risks]
    return [
        f"{kind} {what[:40]!r} is owned by {owner!r}, not a role of the team"
        for kind, what, owner in owned
        if fold(owner) not in titles
    ]


def fte_claims(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """An FTE total stated in the summary equals the sum of the roles' FTE."""
    total = round(sum(r.fte for r in plan.roles), 2)
    claims = [float(m.group(1).replace(",", ".")) for m in _FTE_CLAIM.finditer(plan.summary)]
    return [
        f"summary states {claim:g} FTE but the roles add up to {total:g}"
        for claim in claims
        if abs(claim - total) > 0.051
    ]


def fits_company(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """The team and the pilot fit inside the company."""
    if profile is None:
        return []
    problems = []
    total = sum(r.fte for r in plan.roles)
    if total > profile.employees:
        problems.append(f"the team needs {total:g} FTE but the company has {profile.employees} people")
    if plan.pilot.team_size > profile.employees:
        problems.append(f"the pilot of {plan.pilot.team_size} is larger than the company ({profile.employees})")
    return problems


def steering_is_a_meeting(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """A steering committee is a meeting of people who already have jobs, not a role with FTE."""
    staffed = [
        r.title for r in plan.roles if r.key == "steering_committee" or any(s in fold(r.title) for s in _STEERING)
    ]
    return [f"a steering committee staffed as a role with FTE: {staffed[0]!r}"] if staffed else []


def pilot_within_team(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """The pilot's time fits the team: its people at their lowest share give no more than the team has, with room
    for the front line that joins it (a pilot of 6 at 50-70% next to 1 FTE in all contradicts itself)."""
    shares = [int(n) for n in re.findall(r"\d+", plan.pilot.time_share) if "%" in plan.pilot.time_share]
    total = sum(r.fte for r in plan.roles)
    if not shares or plan.pilot.team_size * min(shares) / 100 <= 2 * total:
        return []
    return [f"a pilot of {plan.pilot.team_size} at {plan.pilot.time_share} is more time than the team's {total:g} FTE"]


def maturity_steps(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """The target is above today's level and at most one level up (each level takes 12-24 months)."""
    m = plan.maturity
    if m.target <= m.current and m.current < 4:
        return [f"maturity target {m.target} is not above the current level {m.current}"]
    if m.target - m.current > 1:
        return [f"maturity jumps from level {m.current} to {m.target}; one level takes 12-24 months"]
    return []


def actions_in_order(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """Each action starts before it ends, and no two actions share a title."""
    problems = [
        f"action {a.title[:40]!r} ends (week {a.end_week}) before it starts (week {a.start_week})"
        for a in plan.first_90_days
        if a.end_week < a.start_week
    ]
    titles = [fold(a.title) for a in plan.first_90_days]
    return problems + (["two first actions have the same title"] if len(set(titles)) < len(titles) else [])


def summary_is_prose(plan: TeamPlanContent | SkillsPlanContent, profile: CompanyProfile | None) -> list[str]:
    """The summary is sentences a manager can read, not a stub, a number or a timestamp."""
    words = re.findall(r"[^\W\d_]{2,}", plan.summary)
    return [] if len(words) >= 12 else [f"summary is not a readable paragraph: {plan.summary[:60]!r}"]


def actions_answer_challenge(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """Each first action says how it answers the stated challenge, in a sentence of its own."""
    return [
        f"action {a.title[:40]!r} does not say how it answers the challenge: {a.addresses[:40]!r}"
        for a in plan.first_90_days
        if len(re.findall(r"[^\W\d_]{2,}", a.addresses)) < 4 or fold(a.addresses) == fold(a.title)
    ]


def rationale_matches(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """Rationale steps about roles name roles that the team has."""
    keys = {r.key for r in plan.roles}
    return [
        f"rationale explains role {d.topic[5:]!r}, which the team does not have"
        for d in plan.rationale
        if d.topic.startswith("role:") and d.topic[5:] not in keys
    ]


TEAM_CHECKS: tuple[TeamCheck, ...] = (
    unique_roles,
    reporting_lines,
    owners_exist,
    fte_claims,
    fits_company,
    steering_is_a_meeting,
    pilot_within_team,
    maturity_steps,
    actions_in_order,
    summary_is_prose,
    rationale_matches,
    actions_answer_challenge,
)


def team_problems(plan: TeamPlanContent, profile: CompanyProfile | None = None) -> list[str]:
    """Every inconsistency of a team plan; empty when it holds together."""
    return [problem for check in TEAM_CHECKS for problem in check(plan, profile)]


def skills_problems(plan: SkillsPlanContent, profile: CompanyProfile | None = None) -> list[str]:
    """Every inconsistency of a skills plan: each skill once, the Top 3 first in the order, a real summary."""
    order = [s.skill for s in plan.skills]
    problems = [] if len(set(order)) == len(order) else ["a skill appears twice in the order"]
    top = [t.skill for t in plan.top3]
    if set(top) != set(order[:3]):
        problems.append("the Top 3 are not the first three skills of the order")
    return problems + summary_is_prose(plan, profile)
