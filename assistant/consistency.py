"""Checks that every plan must pass, whoever made it: it holds together, follows the method and
answers this request.

A plan can be valid against its schema and still contradict itself (a summary that states
another FTE than the roles add up to, an action owned by a role the team does not have, a
pilot larger than the company), break the method (phases out of order, "52-26 weeks", a pilot
of 12) or answer another request (a Polish plan for an English one, a plan for another
company). Each check is a small function returning the problems it found, in plain English
for developers and for the model's repair prompt; the eval's graders use the same functions,
so what an eval fails the live chain refuses. The offline planner's plans must pass all of
them (a failure is a bug); an LLM plan that fails is repaired once, then falls back.
*Warnings* (`team_warnings`: a steering committee staffed as a role, where it is a meeting) are
logged, never a reason to refuse a plan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .knowledge import load_knowledge
from .plans import Risk, SkillsPlanContent, TeamPlanContent
from .profile import CompanyProfile
from .terms import Language
from .words.inflect import lemmas
from .words.text import fold, has_stem
from .words.vocab import (
    CHANNEL_ALIASES,
    FUNCTION_WORDS,
    SECTOR_ALIASES,
    Sector,
    language_evidence,
    match_sector,
)

TeamCheck = Callable[[TeamPlanContent, CompanyProfile | None], list[str]]

# Who a role may report to outside the team: a governing body, an executive or a department's head.
_LEADERS = re.compile(
    r"\b(?:board|zarzad\w*|ceo|coo|cfo|cmo|cto|cio|cdo|cco|cxo|chief|prezes\w*|owner|wlasciciel\w*|founder|"
    r"zalozyciel\w*|management|leadership|executive\w*|president|vp|head|director\w*|dyrektor\w*|kierownik\w*|"
    r"manager\w*|menedzer\w*|szef\w*|lider\w*|lead|rada|komitet\w*|committee)\b"
)
_STEERING = ("steering", "sterujac")
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_FTE_CLAIM = re.compile(
    rf"{_NUMBER}(?:\s*(?:-|–|—|to|do)\s*{_NUMBER})?\s*(?:fte|etat\w*)(\s*\(?\s*(?:each|per|po|kazd\w*))?", re.I
)
FTE_ROUNDING = 0.5  # a stated total may be rounded to the half
PHASE_TOLERANCE_WEEKS = 1  # months do not convert to whole weeks; allow one week either way
MIN_SHARED_KPIS = 3
SMALL_FIRM = 10  # fewer people than this: a micro firm (no board, no committee, everyone in the pilot)
SIZE_TOLERANCE = 0.1  # a head count named "about" the profile's
_PERCENT = re.compile(r"(\d+)\s*(?:(?:-|–|—|to|do)\s*(\d+)\s*)?(?:%|proc)", re.I)
_HEAD_COUNT = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?![\d])|\d+(?:[.,]\d+)?(?:\s*(?:k|tys)\b\.?)?", re.I)
_LANGUAGE_NAMES = {"en": "English", "pl": "Polish"}


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
    """Every role reports to another role of the team, or outside it to a governing body, an executive
    or a department's head (e.g. "Commercial Director"), never to itself."""
    titles = _titles(plan)
    problems = []
    for role in plan.roles:
        boss = fold(role.reports_to)
        if boss == fold(role.title):
            problems.append(f"{role.title} reports to itself")
        elif boss not in titles and not _LEADERS.search(boss):
            problems.append(
                f"{role.title} reports to {role.reports_to!r}, which is neither a role of the team nor a leader"
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


def _fte_claim_holds(low: float, high: float, total: float, shares: set[float]) -> bool:
    """A stated FTE figure (or range) fits the team: the total, rounded to the half, or one role's share."""
    return low - FTE_ROUNDING <= total <= high + FTE_ROUNDING or (low == high and low in shares)


def fte_claims(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """An FTE total stated in the summary matches the sum of the roles' FTE: "about 6-7 FTE" and rounding
    to the half hold, and so does a share of one role ("0.5 FTE each")."""
    total = round(sum(r.fte for r in plan.roles), 2)
    shares = {r.fte for r in plan.roles}
    problems = []
    for found in _FTE_CLAIM.finditer(plan.summary):
        low = float(found.group(1).replace(",", "."))
        high = float((found.group(2) or found.group(1)).replace(",", "."))
        if not (found.group(3) or _fte_claim_holds(min(low, high), max(low, high), total, shares)):
            problems.append(f"summary states {found.group(0).strip()} but the roles add up to {total:g} FTE")
    return problems


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
    """A steering committee is a meeting of people who already have jobs, not a role with FTE (a warning:
    a model's plan may still name one)."""
    staffed = [
        r.title for r in plan.roles if r.key == "steering_committee" or any(s in fold(r.title) for s in _STEERING)
    ]
    return [f"a steering committee staffed as a role with FTE: {staffed[0]!r}"] if staffed else []


def pilot_within_team(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """The pilot's time fits the team: its people at their lowest share give no more than twice the team's FTE
    (room for the front line that joins it); a pilot of 6 at 50-70% beside 1 FTE in all contradicts itself."""
    shares = time_shares(plan.pilot.time_share)
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


def _strings(value) -> Iterator[str]:
    """Every string inside nested dicts and lists."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def plan_texts(plan: TeamPlanContent | SkillsPlanContent) -> list[str]:
    """The text a planner wrote (the content, not the profile a whole plan echoes in its envelope)."""
    content = TeamPlanContent if isinstance(plan, TeamPlanContent) else SkillsPlanContent
    return list(_strings(plan.model_dump(mode="json", include=set(content.model_fields))))


def detect_language(texts: list[str]) -> tuple[Language, int, int]:
    """('pl' | 'en', Polish evidence, English evidence) of a plan's texts (see `vocab.language_evidence`)."""
    polish, english = language_evidence(" ".join(texts))
    return ("pl" if polish > english else "en"), polish, english


def in_language(plan: TeamPlanContent | SkillsPlanContent, profile: CompanyProfile | None) -> list[str]:
    """The plan is written in the language the user asked for."""
    if profile is None:
        return []
    found, polish, english = detect_language(plan_texts(plan))
    if found == profile.language:
        return []
    wanted = _LANGUAGE_NAMES[profile.language]
    return [
        f"the plan is written in {_LANGUAGE_NAMES[found]}, not in {wanted} as asked "
        f"(Polish evidence {polish}, English {english}): write every text in {wanted}"
    ]


def _head_counts(text: str) -> set[float]:
    """The numbers a text names, read as head counts: "1 200", "1,200", "15k", "15 tys." too."""
    found = set()
    for match in _HEAD_COUNT.finditer(text):
        token = match.group(0).lower()
        thousands = bool(re.search(r"(?:k|tys)\.?$", token))
        digits = re.sub(r"\s*(?:k|tys)\.?$", "", token)
        grouped = re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+", digits)
        value = float(re.sub(r"\D", "", digits) if grouped else digits.replace(",", "."))
        found.add(value * 1000 if thousands else value)
    return found


def _names_industry(folded: str, industry: str) -> bool:
    """The folded text names the industry: its sector's words where the sector is known (in either language:
    "fashion retail" may be "handel modą" in a Polish plan), else one of the industry's own words. `folded`
    holds the plan's words as written and in their dictionary forms ("mody damskiej" is "moda damska")."""
    sector = match_sector(industry)
    if sector != Sector.other:
        return has_stem(folded, SECTOR_ALIASES[sector])
    words = [w for w in re.findall(r"[a-z]{4,}", fold(industry)) if w not in FUNCTION_WORDS]
    return not words or any(w[:5] in folded for w in words)


def _unnamed(plan: TeamPlanContent | SkillsPlanContent, profile: CompanyProfile, sizes: tuple[int, ...]) -> list[str]:
    """What of the company a plan does not name: its industry, one of `sizes` (if any), one of its channels."""
    text = " ".join(plan_texts(plan))
    folded = fold(text)
    missing = []
    as_written = f"{folded} {fold(lemmas(text))}" if profile.language == "pl" else folded
    if not _names_industry(as_written, profile.industry):
        missing.append(f"industry ({profile.industry})")
    counts = _head_counts(text)
    if sizes and not any(abs(n - size) <= SIZE_TOLERANCE * size for n in counts for size in sizes):
        missing.append(f"head count ({' or '.join(map(str, sizes))})")
    named = any(has_stem(folded, CHANNEL_ALIASES[c]) for c in profile.channels) or any(
        fold(c) in folded for c in profile.other_channels
    )
    if (profile.channels or profile.other_channels) and not named:
        missing.append("channels (" + ", ".join([c.value for c in profile.channels] + profile.other_channels) + ")")
    if not missing:
        return []
    return [f"the plan does not name this company's {' or '.join(missing)}: it may be about another company"]


def about_company(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """The team plan is about this company: it names its industry, its head count and one of its channels."""
    return [] if profile is None else _unnamed(plan, profile, (profile.employees,))


def about_team(plan: SkillsPlanContent, profile: CompanyProfile | None) -> list[str]:
    """The skills plan is about this team: it names the industry, one of the channels and the team's size if known."""
    return [] if profile is None else _unnamed(plan, profile, (profile.team_size,) if profile.team_size else ())


def phases_follow_method(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """The 4 rollout phases come in order, each with the method's weeks and its minimum not above its maximum."""
    method = {p.number: p for p in load_knowledge().phases}
    numbers = [p.number for p in plan.rollout]
    if numbers != sorted(method):
        return [f"phases numbered {numbers}, expected {sorted(method)}"]
    return [
        f"phase {p.number}: {p.weeks_min}-{p.weeks_max} weeks, the method says {method[p.number].weeks_min}-"
        f"{method[p.number].weeks_max}"
        for p in plan.rollout
        if p.weeks_min > p.weeks_max
        or abs(p.weeks_min - method[p.number].weeks_min) > PHASE_TOLERANCE_WEEKS
        or abs(p.weeks_max - method[p.number].weeks_max) > PHASE_TOLERANCE_WEEKS
    ]


def time_shares(text: str) -> list[int]:
    """The percentages a time share states ("50-70%", "60 %", "60 procent"); "for 13 weeks" states none."""
    return [int(n) for match in _PERCENT.finditer(text) for n in match.groups() if n]


def pilot_follows_method(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """The pilot team has 5-8 people giving 50-70% of their time where the team can carry that (5 people at
    50% is 2.5 FTE); a smaller team pilots itself, at most 8 people; a micro firm (under 10) pilots with everyone."""
    method, size = load_knowledge().pilot, plan.pilot.team_size
    if profile is not None and profile.employees < SMALL_FIRM:
        if size == profile.employees:
            return []
        return [f"pilot team of {size} in a company of {profile.employees}: a micro firm pilots with everyone"]
    team = sum(r.fte for r in plan.roles)
    if team < method.size_min * method.time_share_min / 100:
        if size <= method.size_max:
            return []
        return [f"pilot team of {size}; a team of {team:g} FTE pilots itself, at most {method.size_max} people"]
    problems = (
        []
        if method.size_min <= size <= method.size_max
        else [f"pilot team of {size}; the method says {method.size_min}-{method.size_max} people"]
    )
    shares = time_shares(plan.pilot.time_share)
    if not all(method.time_share_min <= n <= method.time_share_max for n in shares):
        problems.append(f"time share {plan.pilot.time_share!r}; the method says {method.time_share}")
    return problems


def shared_kpis(plan: TeamPlanContent, profile: CompanyProfile | None) -> list[str]:
    """At least 3 of the KPIs come from the article's shared set (CLV, NPS, cross-channel conversion, CES)."""
    shared = [k.key for k in load_knowledge().kpis if k.shared]
    used = [k.key for k in plan.kpis]
    found = [key for key in shared if key in used]
    if len(found) >= MIN_SHARED_KPIS:
        return []
    missing = [key for key in shared if key not in used]
    return [f"only {len(found)} shared KPIs ({found}); missing {missing}; the plan uses {used}"]


def risk_problems(risks: list[Risk]) -> list[str]:
    """Every risk has a real mitigation (a few words, not the risk again) and an owner."""
    return [
        f"risk {n}: {why}"
        for n, r in enumerate(risks, 1)
        for why in (
            "mitigation too short" if len(r.mitigation.split()) < 3 else None,
            "mitigation repeats the risk" if fold(r.mitigation) == fold(r.risk) else None,
            "no owner" if not r.owner_role.strip() else None,
        )
        if why
    ]


def risks_mitigated(plan: TeamPlanContent | SkillsPlanContent, profile: CompanyProfile | None) -> list[str]:
    """`risk_problems` of the plan's risks."""
    return risk_problems(plan.risks)


TEAM_CHECKS: tuple[TeamCheck, ...] = (
    unique_roles,
    reporting_lines,
    owners_exist,
    fte_claims,
    fits_company,
    maturity_steps,
    actions_in_order,
    summary_is_prose,
    rationale_matches,
    actions_answer_challenge,
    phases_follow_method,
    pilot_follows_method,
    pilot_within_team,
    shared_kpis,
    risks_mitigated,
    in_language,
    about_company,
)


TEAM_WARNINGS: tuple[TeamCheck, ...] = (steering_is_a_meeting,)


def team_problems(plan: TeamPlanContent, profile: CompanyProfile | None = None) -> list[str]:
    """Every inconsistency of a team plan; empty when it holds together."""
    return [problem for check in TEAM_CHECKS for problem in check(plan, profile)]


def team_warnings(plan: TeamPlanContent, profile: CompanyProfile | None = None) -> list[str]:
    """What a reader may question in a team plan that still holds together."""
    return [warning for check in TEAM_WARNINGS for warning in check(plan, profile)]


def skills_in_order(plan: SkillsPlanContent, profile: CompanyProfile | None) -> list[str]:
    """Each skill once, ordered by CX plus ROI impact (highest first), the Top 3 distinct and first in the order."""
    order = [s.skill for s in plan.skills]
    problems = [] if len(set(order)) == len(order) else ["a skill appears twice in the order"]
    impact = [s.cx_impact + s.roi_impact for s in plan.skills]
    if impact != sorted(impact, reverse=True):
        problems.append(f"skills not ordered by CX+ROI impact, highest first: {impact}")
    top = [t.skill for t in plan.top3]
    if len(set(top)) != len(top):
        problems.append(f"the Top 3 repeats a skill: {[k.value for k in top]}")
    elif set(top) != set(order[:3]):
        problems.append("the Top 3 are not the first three skills of the order")
    return problems


SKILLS_CHECKS = (skills_in_order, summary_is_prose, risks_mitigated, in_language, about_team)


def skills_problems(plan: SkillsPlanContent, profile: CompanyProfile | None = None) -> list[str]:
    """Every problem of a skills plan: the order of the skills, a real summary, risks, language, company."""
    return [problem for check in SKILLS_CHECKS for problem in check(plan, profile)]
