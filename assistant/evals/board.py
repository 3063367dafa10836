"""Board graders: what a demanding consultant checks before signing a plan.

They read what the client reads (the plan's Markdown and the blocks of its documents, never
the JSON) and the brief on top of it: the word budget, phrases and lists said more than three
times, rule ids, the client's goal as the headline KPI (and no invented one), the team within
the staffing cap for the size (and the consultant's range, where the case gives one), advice
the business model rules out, the sector's risks, the client's objects in the actions, and a
direct answer to the client's own question. Each returns None where it has nothing to check.
"""

from __future__ import annotations

import re
from collections import Counter

from ..knowledge.practice import load_practice
from ..planners.fit import business_model
from ..planners.staffing import cap_of
from ..plans import PlanBundle, TeamPlan
from ..reading import read_traits
from ..render.brief import blocks_markdown, brief_blocks
from ..render.document import Bullets, Heading, Paragraph, Table, bundle_document
from ..render.markdown import cell, skills_markdown, team_markdown
from ..words.text import fold
from ..words.vocab import Channel
from .cases import Case
from .grading import GradingContext, Plan, grader

BRIEF_WORDS = 700
# team + skills words by head count (below 100, below 1,000, above); the team plan takes 62% of it
PAIR_BUDGETS = ((100, 1800), (1000, 2500), (None, 3200))
TEAM_SHARE = 0.62
PHRASE_WORDS = 8
MAX_REPEATS = 3
LIST_ITEMS = 4
FTE_SLACK = 0.05  # FTE are stated to a twentieth: a sum may pass its bound by rounding

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_RULE_ID = re.compile(r"\bR-[A-Z]{2}(?:-[\w]+)?\b")
_LIST = re.compile(r"(?:[^,;:()\n]{2,40}, ){3,}[^,;:()\n]{2,40}? (?:and|i|oraz|or|lub) [^,;:.()\n]{2,40}")


def client_text(plan: Plan, bundled: bool = False) -> str:
    """What the client reads of a plan: its Markdown (brief, then appendix) without the provenance line;
    `bundled`: a skills plan as it follows a team plan, without the diagnosis the team plan said."""
    if isinstance(plan, TeamPlan):
        return team_markdown(plan, provenance=False)
    return skills_markdown(plan, False, diagnosis=not bundled)


def document_text(plan: Plan) -> str:
    """The words of the plan's DOCX and PDF: the blocks both lay out."""
    bundle = PlanBundle(team=plan) if isinstance(plan, TeamPlan) else PlanBundle(skills=plan)
    doc = bundle_document(bundle)
    parts = [doc.title, doc.subtitle]
    for block in doc.blocks:
        if isinstance(block, Heading | Paragraph):
            parts.append(getattr(block, "lead", "") + block.text)
        elif isinstance(block, Bullets):
            parts += [f"{lead} {text}" for lead, text in block.items]
        elif isinstance(block, Table):
            parts += [" ".join(row) for row in (block.headers, *block.rows)]
    return "\n".join(parts)


def words_of(text: str) -> list[str]:
    """The words of a text, Markdown marks and table bars left out."""
    return _WORD.findall(text)


def word_budget_for(plan: Plan) -> int:
    """The words this plan may take: its share of the team + skills budget for the company's size."""
    employees = plan.profile.employees
    pair = next(budget for limit, budget in PAIR_BUDGETS if limit is None or employees < limit)
    share = TEAM_SHARE if isinstance(plan, TeamPlan) else 1 - TEAM_SHARE
    return round(pair * share)


def brief_markdown(plan: Plan) -> str:
    """The brief alone, as the client reads it."""
    return blocks_markdown(brief_blocks(plan), cell)


@grader("word_budget", kinds=("team", "skills"), quality=True)
def word_budget(plan: Plan, case: Case, context: GradingContext) -> tuple[bool, str]:
    """The brief stays within 700 words and the whole plan within its share of the budget for the size."""
    brief = len(words_of(brief_markdown(plan)))
    whole = len(words_of(client_text(plan, bundled=True)))  # the budget is that of team + skills together
    budget = word_budget_for(plan)
    problems = [f"brief of {brief} words (at most {BRIEF_WORDS})"] if brief > BRIEF_WORDS else []
    problems += [f"{whole} words (at most {budget} for {plan.profile.employees} people)"] if whole > budget else []
    if plan.brief is None:
        problems.append("no brief")
    return (False, "; ".join(problems)) if problems else (True, f"brief {brief} words, plan {whole} of {budget}")


def repeated(text: str) -> list[str]:
    """Phrases of eight words and lists of four or more items that the text says more than three times."""
    words = [fold(w) for w in words_of(text)]
    phrases = Counter(" ".join(words[i : i + PHRASE_WORDS]) for i in range(len(words) - PHRASE_WORDS + 1))
    found = [f"{count}× “{phrase}”" for phrase, count in phrases.most_common(3) if count > MAX_REPEATS]
    lists = Counter(fold(m.group(0)).strip() for line in text.splitlines() for m in _LIST.finditer(line))
    found += [f"{count}× list “{items[:60]}”" for items, count in lists.most_common(3) if count > MAX_REPEATS]
    return found


@grader("repetition", kinds=("team", "skills"), quality=True)
def repetition(plan: Plan, case: Case, context: GradingContext) -> tuple[bool, str]:
    """No phrase of eight words and no list of four or more items more than three times in the plan."""
    found = repeated(client_text(plan))
    return (False, "; ".join(found)) if found else (True, "no phrase or list said more than three times")


@grader("rule_ids", kinds=("team", "skills"), quality=True)
def rule_ids(plan: Plan, case: Case, context: GradingContext) -> tuple[bool, str]:
    """Rule ids (R-CH-0 ...) stay in the JSON: none in the Markdown, the DOCX or the PDF."""
    found = sorted(set(_RULE_ID.findall(client_text(plan))) | set(_RULE_ID.findall(document_text(plan))))
    return (False, f"rule ids in the client's text: {', '.join(found)}") if found else (True, "no rule ids")


@grader("goal_kpi", kinds=("team", "skills"), quality=True)
def goal_kpi(plan: Plan, case: Case, context: GradingContext) -> tuple[bool, str]:
    """The client's quarterly goal is the headline KPI (and a KPI of the team plan); with no goal, none is invented."""
    goal = plan.profile.quarterly_goal
    headline = plan.brief.headline if plan.brief else None
    if goal is None:
        if headline is not None:
            return False, f"no goal was given, yet the headline KPI is {headline.metric!r}"
        return True, "no goal given, none invented"
    if headline is None or not headline.client_goal:
        return False, "the client's goal is not the headline KPI"
    if isinstance(plan, TeamPlan) and not any(k.key == "quarterly_goal" for k in plan.kpis):
        return False, "the client's goal is not among the plan's KPIs"
    return True, f"headline KPI: {headline.metric}"


@grader("fte_cap", kinds=("team",), quality=True)
def fte_cap(plan: TeamPlan, case: Case, context: GradingContext) -> tuple[bool, str]:
    """The team stays within the staffing cap for the size, without a committee as a role, and within
    the consultant's range and hiring stance where the case gives them."""
    table = load_practice().staffing
    total = round(sum(r.fte for r in plan.roles), 2)
    cap = cap_of(plan.profile.employees, table)
    problems = (
        [f"{total} FTE over the cap of {cap} for {plan.profile.employees} people"] if total > cap + FTE_SLACK else []
    )
    meetings = [r.title for r in plan.roles if r.key in table.meetings]
    problems += [f"a meeting staffed as a role: {', '.join(meetings)}"] if meetings else []
    low_high = case.expect.fte_range
    if low_high and not low_high[0] - FTE_SLACK <= total <= low_high[1] + FTE_SLACK:
        problems.append(f"{total} FTE outside the consultant's {low_high[0]:g}-{low_high[1]:g}")
    hires = plan.brief.staffing.hires if plan.brief and plan.brief.staffing else 0
    if case.expect.new_hires_ok is False and hires:
        problems.append(f"{hires} new hires where the consultant would hire nobody")
    return (False, "; ".join(problems)) if problems else (True, f"{total} FTE (cap {cap}), {hires} hires")


# Advice a business model rules out, by the consultant's name for it: where it shows in a plan.
_ADVICE = {
    "click_and_collect": ("click & collect", "click and collect", "click&collect"),
    "loyalty_points": ("loyalty points", "loyalty programme", "punkty lojalnosc", "program lojalnosc"),
    "retargeting": ("retargeting",),
    "marketplace_expansion": ("launch on a marketplace", "marketplace expansion", "wejscie na marketplace"),
    "app_launch": ("launch an app", "build an app", "own app", "uruchom aplikac", "zbuduj aplikac", "wlasna aplikac"),
}
_STORE_WORDS = ("store", "sklep", "showroom", "salon")


def _advice(plan: Plan) -> str:
    """The advice of a plan, folded: its quick wins, actions, pilot and brief actions."""
    parts: list[str] = []
    if isinstance(plan, TeamPlan):
        parts += [f"{w.title} {w.why}" for w in plan.quick_wins] + [a.title for a in plan.first_90_days]
        parts.append(plan.pilot.scope)
    else:
        parts += [w.title for w in plan.quick_wins_30d]
    if plan.brief:
        parts += [a.title for a in plan.brief.actions]
    return fold(" \n ".join(parts))


def ruled_out_found(plan: Plan, ruled_out: list[str]) -> list[str]:
    """Which of the ruled-out advice the plan gives."""
    advice = _advice(plan)
    found = [key for key in ruled_out if any(stem in advice for stem in _ADVICE.get(key, ()))]
    if "steering_committee_role" in ruled_out and isinstance(plan, TeamPlan):
        found += ["steering_committee_role"] if any(r.key == "steering_committee" for r in plan.roles) else []
    if "store_pilot" in ruled_out and Channel.stores not in plan.profile.channels and isinstance(plan, TeamPlan):
        pilot = fold(f"{plan.pilot.scope} {plan.first_90_days[2].title}")
        found += ["store_pilot"] if any(w in pilot for w in _STORE_WORDS) else []
    return found


def implied_ruled_out(plan: Plan) -> list[str]:
    """The advice a company's business model rules out by itself: retargeting in a regulated sector, for children
    or for business buyers, points and click & collect without consumers or for made-to-order goods, a store pilot
    without stores."""
    model = business_model(plan.profile, read_traits(plan.profile), load_practice())
    ruled = ["retargeting"] if model.regulated or model.minors or model.b2b else []
    ruled += ["loyalty_points", "click_and_collect"] if model.made_to_order or not model.b2c else []
    return ruled + ([] if model.physical else ["store_pilot"])


@grader("business_fit", kinds=("team", "skills"), quality=True)
def business_fit(plan: Plan, case: Case, context: GradingContext) -> tuple[bool, str]:
    """No advice the business model rules out (retargeting for a clinic, click & collect for a B2B buyer ...):
    what the case's consultant rules out, and what the business model rules out by itself."""
    ruled = list(dict.fromkeys([*case.expect.ruled_out, *implied_ruled_out(plan)]))
    found = ruled_out_found(plan, ruled)
    return (
        (False, f"ruled-out advice: {', '.join(found)}") if found else (True, f"none of {', '.join(ruled) or 'none'}")
    )


@grader("sector_risks", kinds=("team",), quality=True)
def sector_risks(plan: TeamPlan, case: Case, context: GradingContext) -> tuple[bool, str] | None:
    """The brief names the risks the sector brings, as the consultant expects them."""
    wanted = case.expect.sector_risks
    if not wanted:
        return None
    named = {r.key for r in plan.brief.risks} if plan.brief else set()
    missing = [key for key in wanted if key not in named]
    return (False, f"sector risks missing: {', '.join(missing)}") if missing else (True, ", ".join(wanted))


def _stems(text: str) -> set[str]:
    return {w[:5] for w in (fold(x) for x in words_of(text)) if len(w) >= 4}


def names_object(plan: Plan, objects: list[str]) -> bool:
    """Whether an action of the brief names one of the client's objects (its words, in any inflection)."""
    titles = (
        [a.title for a in plan.brief.actions] if plan.brief else [a.title for a in getattr(plan, "first_90_days", [])]
    )
    return any(_stems(obj) <= _stems(title) for obj in objects for title in titles if _stems(obj))


@grader("object_named", kinds=("team", "skills"), quality=True)
def object_named(plan: Plan, case: Case, context: GradingContext) -> tuple[bool, str] | None:
    """An action names the thing that breaks in the client's own words."""
    if not case.expect.objects:
        return None
    if names_object(plan, case.expect.objects):
        return True, f"an action names {case.expect.objects[0]!r}"
    return False, f"no action names {' or '.join(map(repr, case.expect.objects))}"


@grader("answers_question", kinds=("team",), quality=True)
def answers_question(plan: TeamPlan, case: Case, context: GradingContext) -> tuple[bool, str] | None:
    """The client's own question gets a direct answer at the top of the brief."""
    if not case.expect.answers_question:
        return None
    if plan.brief and plan.brief.answer:
        return True, "answered"
    return False, "the client's question is not answered"
