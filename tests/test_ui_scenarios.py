"""Scenarios: one company under two choices, and what changes between them."""

from __future__ import annotations

import re

from assistant.planners import OfflinePlanner
from assistant.planners.scenarios import Variant, against_plan, compare, other_model
from assistant.terms import OperatingModel
from tests.helpers import make_profile
from ui.views import comparison_html


def test_forced_operating_models_differ_in_model_and_team():
    profile = make_profile()
    result = compare(
        profile, Variant(operating_model=OperatingModel.hybrid), Variant(operating_model=OperatingModel.centralized)
    )
    assert result.a.operating_model.model == OperatingModel.hybrid
    assert result.b.operating_model.model == OperatingModel.centralized
    assert result.a.profile == result.b.profile == profile
    changes = result.roles()
    assert {c.title for c in changes} == {r.title for r in [*result.a.roles, *result.b.roles]}
    assert any(c.changed for c in changes)
    assert result.total_fte(result.a) == round(sum(r.fte for r in result.a.roles), 2)


def test_head_count_variant_matches_planning_that_profile_directly():
    profile = make_profile()
    result = compare(profile, Variant(), Variant(employees=1200))
    direct = OfflinePlanner().team_plan(make_profile(employees=1200))
    assert result.b.roles == direct.roles and result.b.risks == direct.risks
    assert result.a.roles == OfflinePlanner().team_plan(profile).roles
    assert result.name_a == "auto · 300" and result.name_b == "auto · 1,200"
    assert result.total_fte(result.b) > result.total_fte(result.a)


def test_risk_split_covers_every_risk_once():
    result = compare(
        make_profile(),
        Variant(operating_model=OperatingModel.decentralized),
        Variant(operating_model=OperatingModel.centralized),
    )
    only_a, only_b, both = result.risks()
    assert sorted([*only_a, *both]) == sorted(r.risk for r in result.a.risks)
    assert sorted([*only_b, *both]) == sorted(r.risk for r in result.b.risks)


def test_comparison_table_marks_what_changed():
    result = compare(
        make_profile(),
        Variant(operating_model=OperatingModel.hybrid),
        Variant(operating_model=OperatingModel.centralized),
    )
    html = comparison_html(result, "en")
    rows = re.findall(r"<tr( class=\"changed\")?><th>(.*?)</th>", html)
    marked = {head for changed, head in rows if changed}
    assert "Operating model" in marked
    for change in result.roles():
        assert (change.title in marked) == change.changed
    assert f"<b>{result.total_fte(result.a):g}</b>" in html


def test_the_plan_on_screen_is_column_a_beside_the_variant():
    plan = OfflinePlanner().team_plan(make_profile())
    result = against_plan(plan, Variant(operating_model=other_model(plan.operating_model.model)))
    assert result.a is plan and result.b.operating_model.model != plan.operating_model.model
    html = comparison_html(result, "en")
    assert f"A: your plan · {plan.operating_model.model.value}" in html and "B: variant · " in html
    for change in result.roles():
        fte = next((r.fte for r in plan.roles if r.title == change.title), None)
        assert change.fte_a == fte  # A's numbers are the plan's own


def test_a_variant_that_changes_nothing_is_known():
    plan = OfflinePlanner().team_plan(make_profile())
    assert Variant(plan.profile.employees, plan.operating_model.model).changes_nothing(plan)
    assert not Variant(1200).changes_nothing(plan)
