"""Right-sized teams and what they cost: the staffing table and the salary bands applied to a team.

A planner proposes roles; the staffing table (`assistant/knowledge/practice/staffing.yaml`)
decides how much of them a company of this size gets: meetings are not roles, roles below
their size are left out, each channel head gives a share of the week, the rest shares what is
left of the cap, and only as many roles as the size band allows become new hires. The cost of
each line is FTE × the salary band of the country and level × the employer's contributions,
always a range and always an estimate; tools are priced per user and per year.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..brief import Estimate, Staffed
from ..knowledge.practice import Country, Practice, StaffingTable, interpolate
from ..plans import Role
from ..profile import CompanyProfile
from ..terms import Language
from ..words.outlets import read_outlets
from ..words.text import fold
from ..words.vocab import Channel
from ..words.wording import fill


def fte_of(value: float) -> float:
    """FTE as plans state it: a twentieth of a person below one, a tenth above, at least 0.05."""
    return max(0.05, round(value * 20) / 20 if value < 1 else round(value, 1))


def cap_of(employees: int, table: StaffingTable) -> float:
    """The most FTE a consultant would staff at this size, at scale."""
    return round(interpolate(table.cap, employees), 1)


@dataclass(frozen=True)
class Scope:
    """What the first quarter's process reaches: its channels and outlets, the sector, whether hiring is closed."""

    channels: int = 3
    outlets: int = 0
    sector: str = "other"
    closed: bool = False


def outlets_of(profile: CompanyProfile, counts: dict[str, int]) -> int:
    """How many outlets the process reaches: the count the challenge gives (the diagnosis's `counts`), else the one
    typed in the channel field ("38 stores", "12 sklepów"), else 0 (unknown)."""
    stores = Channel.stores.value
    return counts.get(stores) or read_outlets(profile.channel_words or "").counts.get(stores, 0)


def first_quarter_of(employees: int, table: StaffingTable, scope: Scope = Scope()) -> float:
    """What the first quarter staffs for one process: the base for the head count that works the channels, grown
    by the channels beyond the base's and each tenfold of outlets, less where the time is lent; within the cap."""
    rules = table.first_quarter
    reach = max(1, round(employees * rules.reach.get(scope.sector, 1.0)))
    extra = min(rules.channels_most, rules.per_channel * max(0, scope.channels - rules.channels_from))
    extra += rules.per_tenfold_outlets * math.log10(scope.outlets) if scope.outlets > 1 else 0.0
    value = interpolate(rules.base, reach) * (1 + extra) * (rules.closed if scope.closed else 1.0)
    return round(min(value, cap_of(employees, table)), 2)


def head_share(employees: int, table: StaffingTable) -> float:
    """The FTE each existing channel head gives to the team."""
    return fte_of(interpolate(table.channel_head, employees))


@dataclass(frozen=True)
class Fitted:
    """The team as the staffing table sizes it: its roles and, for each, whether it is a new hire."""

    roles: list[Role]
    staffed: list[Staffed]


def fit_team(
    roles: Sequence[Role],
    employees: int,
    heads: int,
    table: StaffingTable,
    scope: Scope | None = None,
    needed: frozenset[str] = frozenset(),
) -> Fitted:
    """The roles that fit the size, their FTE within the first quarter's share of the cap.

    Meetings and roles below their size are left out. The time is what the first quarter staffs for
    the `scope` (by default `heads` channels, hiring open). Where the team is big enough to give a
    new person colleagues (and hiring is open: not in the public sector's first quarter), the
    first roles of the hire order that the planner sized as a person's job become new hires,
    one FTE each, as many as the size band allows. The channel heads (`heads` of them, in
    however many channel-manager roles) give their share of the week; the other roles share
    what is left by weight, and a role whose share would be too small to name is left out,
    unless the company's problem calls for it (`needed` role keys).
    """
    kept = [r for r in roles if r.key not in table.meetings and employees >= table.from_employees.get(r.key, 1)]
    scope = scope or Scope(channels=heads)
    budget = first_quarter_of(employees, table, scope)
    open_to_hires = not scope.closed and budget >= table.hire_min_team
    hires = {id(r) for r in _hires(kept, employees, table)} if open_to_hires else set()
    channel_roles = [r for r in kept if r.key == "channel_manager"]
    heads_fte = min(head_share(employees, table) * heads, 0.3 * budget) if channel_roles else 0.0
    shared = [r for r in kept if r.key != "channel_manager" and id(r) not in hires]
    room = max(budget - heads_fte - len(hires), 0.0)
    shares = _shares(shared, room, table, keep=max(1, 3 - len(hires) - bool(channel_roles)), needed=needed)
    fitted: list[Role] = []
    staffed: list[Staffed] = []
    for role in kept:
        if id(role) in hires:
            fte = 1.0
        elif role.key == "channel_manager":
            fte = _fte_down(heads_fte / len(channel_roles))
        elif id(role) in shares:
            fte = shares[id(role)]
        else:
            continue  # too small a share to name: its work stays with the others
        fitted.append(role.model_copy(update={"fte": fte}))
        staffed.append("hire" if id(role) in hires else "existing")
    return Fitted(fitted, staffed)


def _shares(
    roles: list[Role], room: float, table: StaffingTable, keep: int, needed: frozenset[str]
) -> dict[int, float]:
    """Each role's FTE of the room, by the table's weight and the planner's emphasis (the square root of the
    FTE it proposed); roles left out in drop order while a share is too small to name, `keep` at least."""
    left = list(roles)
    drop = {key: i for i, key in enumerate(table.drop_order)}
    while True:
        weights = {id(r): table.weights.get(r.key, 1.0) * _emphasis(r) for r in left}
        whole = sum(weights.values()) or 1.0
        shares = {key: _fte_down(room * w / whole) for key, w in weights.items()}
        droppable = [r for r in left if r.key in drop and r.key not in needed]
        if len(left) <= keep or not droppable or min(shares[id(r)] for r in droppable) >= table.min_role_fte:
            return shares
        left.remove(min(droppable, key=lambda r: drop[r.key]))


def _emphasis(role: Role) -> float:
    """How much more than its weight the planner asks of a role: the square root of the FTE it proposed (a data
    problem asks for more analyst time); the lead's share is set by the weight alone."""
    return 1.0 if role.key == "omnichannel_manager" else math.sqrt(role.fte)


def _fte_down(value: float) -> float:
    """FTE rounded down to what plans state (a twentieth below one, a tenth above), so the budget holds."""
    step = 20 if value < 1 else 10
    return max(0.05, math.floor(value * step + 1e-9) / step)


def _hires(roles: Sequence[Role], employees: int, table: StaffingTable) -> list[Role]:
    """The roles that become new hires: in the table's order, a person's job, as many as the band allows."""
    order = {key: i for i, key in enumerate(table.hire_order)}
    candidates = sorted(
        (r for r in roles if r.key in order and r.fte >= table.hire_min_fte), key=lambda r: order[r.key]
    )
    return candidates[: table.band(employees).hires]


def staffed_as(roles: Sequence[Role], employees: int, table: StaffingTable, may_hire: bool = True) -> list[Staffed]:
    """For a team another planner sized: a role of the hire order with a whole FTE is a hire, as the band allows
    (and nobody where hiring is closed)."""
    if not may_hire or sum(r.fte for r in roles) < table.hire_min_team:
        return ["existing"] * len(roles)
    hires = {id(r) for r in _hires([r for r in roles if r.fte >= 1.0], employees, table)}
    return ["hire" if id(r) in hires else "existing" for r in roles]


def size_reasoning(employees: int, fte: float, table: StaffingTable, closed: str | None, lang: Language) -> str:
    """Why the team has this size, to the client: the size band's reasoning, or why nobody is hired where the
    client or the sector closes hiring (`closed`: "words" or "risks", see `fit.hiring_closed`) at a size that
    would otherwise hire."""
    band = table.band(employees)
    facts = dict(n=employees, cap=cap_of(employees, table), fte=fte)
    if closed and band.hires:
        rules = table.no_hiring
        why = (rules.why_words if closed == "words" else rules.why_risks)(lang)
        return fill(rules.reasoning(lang), lang, why=why, **facts)
    return fill(band.reasoning(lang), lang, **facts)


def country_of(markets: Sequence[str], text: str, practice: Practice, lang: Language = "pl") -> Country:
    """The one country the company names (as a market or in its words: a place, a legal form, a currency); else,
    assumed, the bands that stand for the country it names, the one an English spelling hints at, or the default
    of the plan's language."""
    table = practice.salaries
    folded = fold(" ".join([*markets, text]))
    for field, named in (("words", True), ("stands_for", False), ("hints", False)):
        if field == "hints" and lang != "en":
            break  # "contact center" is Polish business speech too
        found = [key for key, c in table.countries.items() if _names(getattr(c, field), folded)]
        if len(found) == 1:
            return Country(found[0], named)
        if found:
            break  # two countries named: neither is sure
    return Country(table.default_country.get(lang, next(iter(table.default_country.values()))), False)


def company_words(profile: CompanyProfile) -> str:
    """What the company says of itself that may name its country: its name, industry, channels as written,
    challenge, goal."""
    parts = [profile.company or "", profile.industry, profile.channel_words or "", *profile.other_channels]
    parts.append(profile.challenge)
    return " ".join([*parts, profile.quarterly_goal or ""])


def _names(words: Sequence[str], folded: str) -> bool:
    """Whether any of the words stands in the folded text."""
    return bool(words) and _pattern(tuple(words)).search(folded) is not None


@lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a country's words, compiled once: a word stands whole ("ltd", "sp. z o.o."), a sign
    anywhere ("£40k"). The word boundary is tried once per place in the text, not once per word."""
    folded = [fold(w) for w in words]
    whole = "|".join(re.escape(w) for w in folded if w[:1].isalnum())
    signs = [re.escape(w) for w in folded if not w[:1].isalnum()]
    return re.compile("|".join([*([rf"(?<!\w)(?:{whole})(?!\w)"] if whole else []), *signs]))


def role_cost(role: Role, country: str, practice: Practice, year_label: str, hat: bool = False) -> Estimate | None:
    """FTE × the band of the role's level in the country × (1 + employer's contributions), per year; a `hat` (a
    micro firm's role, hours of its own people's week) at the band of those people, not of the role's job."""
    table = practice.salaries
    level = table.role_levels.get(role.key)
    if level is None or role.fte <= 0:
        return None
    level = table.hat_level if hat else level
    bands = table.countries[country]
    band = bands.levels[level]
    factor = role.fte * (1 + bands.on_cost)
    return Estimate(
        low=rounded(band.low * factor),
        high=rounded(band.high * factor),
        currency=bands.currency,
        basis=f"{role.fte:g} FTE × {band.basis} ({country} {year_label})",
    )


def tools_cost(employees: int, users: int, currency: str, practice: Practice) -> Estimate:
    """The collaboration tools for this many users in the first year, plus a CDP where the size calls for one."""
    prices = practice.tool_prices
    rate = prices.rates.get(currency, 1.0)
    low = high = 0.0
    for tool in prices.tools:
        if employees < tool.from_employees:
            continue
        if tool.per_user_month:
            low += tool.per_user_month[0] * 12 * users
            high += tool.per_user_month[1] * 12 * users
        if tool.per_year:
            base = interpolate(tool.per_year, employees)
            low, high = low + base, high + 3 * base
    return Estimate(
        low=rounded(low * rate),
        high=rounded(high * rate),
        currency=currency,
        basis=f"{users} users; {prices.source} ({prices.year})",
    )


def users_of(roles: Sequence[Role]) -> int:
    """People who work on the team: each role is at least one person."""
    return sum(max(1, math.ceil(r.fte)) for r in roles)


def total(estimates: Sequence[Estimate | None], basis: str) -> Estimate | None:
    """The sum of several ranges in one currency."""
    present = [e for e in estimates if e is not None]
    if not present:
        return None
    return Estimate(
        low=rounded(sum(e.low for e in present)),
        high=rounded(sum(e.high for e in present)),
        currency=present[0].currency,
        basis=basis,
    )


def rounded(value: float) -> float:
    """Two significant figures: an estimate does not pretend to more."""
    if value <= 0:
        return 0.0
    digits = int(math.floor(math.log10(value))) - 1
    return float(round(value, -digits))
