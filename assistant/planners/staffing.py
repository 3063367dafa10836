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
from collections.abc import Sequence
from dataclasses import dataclass

from ..brief import Estimate, Staffed
from ..knowledge.practice import Practice, StaffingTable, interpolate
from ..plans import Role
from ..vocab import fold


def fte_of(value: float) -> float:
    """FTE as plans state it: a twentieth of a person below one, a tenth above, at least 0.05."""
    return max(0.05, round(value * 20) / 20 if value < 1 else round(value, 1))


def cap_of(employees: int, table: StaffingTable) -> float:
    """The most FTE a consultant would staff at this size."""
    return round(interpolate(table.cap, employees), 1)


def head_share(employees: int, table: StaffingTable) -> float:
    """The FTE each existing channel head gives to the team."""
    return fte_of(interpolate(table.channel_head, employees))


def fit_team(roles: Sequence[Role], employees: int, heads: int, table: StaffingTable) -> list[Role]:
    """The roles that fit the size, their FTE within the cap.

    Meetings and roles below their size are left out. The first roles of the hire order that
    the planner sized as a person's job become new hires, one FTE each, as many as the size
    band allows; the channel heads (`heads` of them, in however many channel-manager roles)
    give their share of the week; the other roles share what is left of the cap in proportion.
    """
    kept = [r for r in roles if r.key not in table.meetings and employees >= table.from_employees.get(r.key, 1)]
    hires = {id(r) for r in _hires(kept, employees, table)}
    channel_roles = [r for r in kept if r.key == "channel_manager"]
    others = [r for r in kept if r.key != "channel_manager" and id(r) not in hires]
    cap = cap_of(employees, table)
    heads_fte = head_share(employees, table) * heads if channel_roles else 0.0
    room = max(cap - heads_fte - len(hires), 0.05 * len(others))
    factor = min(1.0, room / (sum(r.fte for r in others) or 1.0))
    fitted: dict[int, Role] = {}
    for role in kept:
        if id(role) in hires:
            fte = 1.0
        elif role.key == "channel_manager":
            fte = fte_of(heads_fte / len(channel_roles))
        else:
            fte = _fte_down(role.fte * factor)
        fitted[id(role)] = role.model_copy(update={"fte": fte})
    return [fitted[id(r)] for r in kept]


def _fte_down(value: float) -> float:
    """FTE rounded down to what plans state (a twentieth below one, a tenth above), so the cap holds."""
    step = 20 if value < 1 else 10
    return max(0.05, math.floor(value * step + 1e-9) / step)


def _hires(roles: Sequence[Role], employees: int, table: StaffingTable) -> list[Role]:
    """The roles that become new hires: in the table's order, a person's job, as many as the band allows."""
    order = {key: i for i, key in enumerate(table.hire_order)}
    candidates = sorted((r for r in roles if r.key in order and r.fte >= table.hire_min_fte), key=lambda r: order[r.key])
    return candidates[: table.band(employees).hires]


def staffed_as(roles: Sequence[Role], employees: int, table: StaffingTable) -> list[Staffed]:
    """For each role, whether it is a new hire or existing people's time (as `fit_team` made it)."""
    hires = {id(r) for r in _hires([r for r in roles if r.fte >= 1.0], employees, table)}
    return ["hire" if id(r) in hires else "existing" for r in roles]


@dataclass(frozen=True)
class Country:
    """Where the salaries are paid: its key in the salary table and whether it was named or assumed."""

    key: str
    named: bool


def country_of(markets: Sequence[str], text: str, practice: Practice) -> Country:
    """The one country the company names (as a market or in its words), else the table's default."""
    table = practice.salaries
    folded = fold(" ".join([*markets, text]))
    named = [key for key, c in table.countries.items() if any(f" {w}" in f" {folded}" for w in c.words)]
    return Country(named[0], True) if len(named) == 1 else Country(table.default_country, False)


def role_cost(role: Role, country: str, practice: Practice, year_label: str) -> Estimate | None:
    """FTE × the band of the role's level in the country × (1 + employer's contributions), per year."""
    table = practice.salaries
    level = table.role_levels.get(role.key)
    if level is None or role.fte <= 0:
        return None
    bands = table.countries[country]
    band = bands.levels[level]
    factor = role.fte * (1 + bands.on_cost)
    return Estimate(
        low=_round(band.low * factor),
        high=_round(band.high * factor),
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
        low=_round(low * rate),
        high=_round(high * rate),
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
        low=_round(sum(e.low for e in present)),
        high=_round(sum(e.high for e in present)),
        currency=present[0].currency,
        basis=basis,
    )


def _round(value: float) -> float:
    """Two significant figures: an estimate does not pretend to more."""
    if value <= 0:
        return 0.0
    digits = int(math.floor(math.log10(value))) - 1
    return float(round(value, -digits))
