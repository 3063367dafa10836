"""The checks that refuse a wrong plan live (the eval grades the same functions): the language asked for, this
company's own facts, the method's phases, pilot, KPIs and skill order."""

from __future__ import annotations

import pytest

from assistant.consistency import (
    about_company,
    about_team,
    in_language,
    phases_follow_method,
    pilot_follows_method,
    shared_kpis,
    skills_in_order,
    time_shares,
)
from assistant.knowledge import load_knowledge
from assistant.planners.offline import OfflinePlanner
from tests.helpers import make_profile


@pytest.fixture(scope="module")
def team():
    return OfflinePlanner().team_plan(make_profile())


def test_a_plan_in_the_other_language_is_refused(team):
    asked_polish = make_profile(language="pl")
    assert in_language(team, asked_polish)[0].startswith("the plan is written in English, not in Polish as asked")


def test_a_plan_in_the_language_asked_passes(team):
    assert in_language(team, make_profile()) == []


def test_a_plan_for_another_company_is_refused(team):
    bank = make_profile(employees=5000, industry="retail banking", channels="marketplace, b2b sales")
    assert about_company(team, bank) == [
        "the plan does not name this company's industry (retail banking) or head count (5000) or channels "
        "(marketplace, b2b_sales): it may be about another company"
    ]


def test_a_polish_plan_names_the_industry_in_any_case_of_its_words():
    profile = make_profile(industry="moda damska", language="pl")
    polish = OfflinePlanner().team_plan(profile)
    summary = "Sieć z branży mody damskiej, 300 osób, sprzedaje w sklepach stacjonarnych i w e-commerce."
    assert about_company(polish.model_copy(update={"summary": summary}), profile) == []


@pytest.mark.parametrize("count", ["1 200", "1,200", "1200", "1.2k", "około 1 200"])
def test_a_head_count_is_read_in_its_usual_forms(team, count):
    summary = f"A fashion retail chain of {count} people selling in physical stores and e-commerce, in silos."
    assert about_company(team.model_copy(update={"summary": summary}), make_profile(employees=1200)) == []


def test_a_skills_plan_names_the_team_not_the_company_size():
    profile = make_profile(team_size=12)
    assert about_team(OfflinePlanner().skills_plan(profile), profile) == []


def test_phases_out_of_order_or_backwards_are_refused(team):
    backwards = [*team.rollout[:3], team.rollout[3].model_copy(update={"weeks_min": 52, "weeks_max": 26})]
    assert phases_follow_method(team.model_copy(update={"rollout": backwards}), None) == [
        "phase 4: 52-26 weeks, the method says 26-52"
    ]
    swapped = [team.rollout[1], team.rollout[0], *team.rollout[2:]]
    assert phases_follow_method(team.model_copy(update={"rollout": swapped}), None) == [
        "phases numbered [2, 1, 3, 4], expected [1, 2, 3, 4]"
    ]


@pytest.mark.parametrize(("text", "shares"), [("50-70%", [50, 70]), ("60 %", [60]), ("for 13 weeks", [])])
def test_a_time_share_is_read_from_its_percentages(text, shares):
    assert time_shares(text) == shares


def test_a_pilot_for_13_weeks_at_60_percent_follows_the_method(team):
    pilot = team.pilot.model_copy(update={"time_share": "60% of their time for 13 weeks"})
    assert pilot_follows_method(team.model_copy(update={"pilot": pilot}), make_profile()) == []


def test_a_pilot_of_twelve_is_refused():
    profile = make_profile(employees=1200)  # a team of 3 FTE or more carries the method's pilot of 5-8 people
    team = OfflinePlanner().team_plan(profile)
    pilot = team.pilot.model_copy(update={"team_size": 12})
    assert pilot_follows_method(team.model_copy(update={"pilot": pilot}), profile) == [
        "pilot team of 12; the method says 5-8 people"
    ]


def test_a_small_teams_pilot_of_twelve_is_refused(team):
    pilot = team.pilot.model_copy(update={"team_size": 12})
    fte = round(sum(r.fte for r in team.roles), 2)
    assert pilot_follows_method(team.model_copy(update={"pilot": pilot}), make_profile()) == [
        f"pilot team of 12; a team of {fte:g} FTE pilots itself, at most 8 people"
    ]


def test_fewer_than_three_shared_kpis_are_refused(team):
    shared = {k.key for k in load_knowledge().kpis if k.shared}
    two = [k for k in team.kpis if k.key in shared][:2]
    assert shared_kpis(team.model_copy(update={"kpis": two}), None)[0].startswith("only 2 shared KPIs")


def test_skills_out_of_impact_order_are_refused():
    plan = OfflinePlanner().skills_plan(make_profile(team_size=8))
    assert skills_in_order(plan.model_copy(update={"skills": plan.skills[::-1]}), None)[0].startswith(
        "skills not ordered by CX+ROI impact"
    )
