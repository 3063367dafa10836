"""The method's terms: the small closed sets every layer speaks in (the ground floor).

Languages and plan kinds, the team's experience level, the three operating models of the
first article's table, risk levels, the 10 skills of the second article and the processes that
break between channels (the diagnosis's catalogue). This module
imports nothing of the package, so anything may import it.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

Language = Literal["pl", "en"]
PlanKind = Literal["team", "skills", "both"]
Level = Literal["low", "medium", "high"]
Spelling = Literal["british", "american"]  # how English plan text is spelled, after the client's country


class TeamLevel(str, Enum):
    """How experienced the team that the skills plan develops is."""

    junior = "junior"
    mixed = "mixed"
    senior = "senior"


class OperatingModel(str, Enum):
    """The three operating models of the article's table."""

    centralized = "centralized"
    decentralized = "decentralized"
    hybrid = "hybrid"


class SkillKey(str, Enum):
    """The 10 omnichannel skills of the second article, in its order."""

    active_listening = "active_listening"
    adaptive_communication = "adaptive_communication"
    tech_empathy = "tech_empathy"
    digital_tools = "digital_tools"
    data_analytics = "data_analytics"
    realtime_time_management = "realtime_time_management"
    systemic_problem_solving = "systemic_problem_solving"
    strategic_multitasking = "strategic_multitasking"
    cross_upselling = "cross_upselling"
    continuous_learning = "continuous_learning"


class Process(str, Enum):
    """The business process that fails between channels, from the catalogue in the knowledge data."""

    orders = "orders"
    stock = "stock"
    prices = "prices"
    returns_refunds = "returns_refunds"
    bookings = "bookings"
    service_cases = "service_cases"
    customer_data = "customer_data"
    disruption_info = "disruption_info"
    promotions = "promotions"
    leads_quotes = "leads_quotes"
    commissions_credit = "commissions_credit"
    claims = "claims"
    onboarding = "onboarding"
    other = "other"
