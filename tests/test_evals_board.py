"""Board graders: a sound offline plan passes each; a plan with the defect a consultant would strike fails it."""

from __future__ import annotations

import pytest

from assistant.evals.board import repeated
from assistant.evals.cases import Case
from assistant.evals.graders import grade_plan
from assistant.evals.grading import grading_context
from assistant.planners.offline import OfflinePlanner
from tests.helpers import make_profile

planner = OfflinePlanner()


@pytest.fixture(scope="module")
def context():
    return grading_context()


@pytest.fixture(scope="module")
def team():
    return planner.team_plan(make_profile(quarterly_goal="Raise repeat purchases from 20% to 25%"))


def case(**expect) -> Case:
    return Case.model_validate(
        {"id": "c", "description": "a case", "profile": {}, "split": "dev", "expect": {"language": "en", **expect}}
    )


def verdict(plan, expected: Case, context, name: str):
    return next(g for g in grade_plan(plan, expected, context) if g.grader == name)


@pytest.mark.parametrize("name", ["word_budget", "repetition", "rule_ids", "goal_kpi", "fte_cap", "business_fit"])
def test_a_sound_plan_passes(team, context, name):
    assert verdict(team, case(), context, name).passed


def test_a_rule_id_in_the_text_fails(team, context):
    broken = team.model_copy(
        update={"roles": [team.roles[0].model_copy(update={"mission": "See R-CH-0."}), *team.roles[1:]]}
    )
    assert "R-CH-0" in verdict(broken, case(), context, "rule_ids").reason


def test_a_goal_missing_from_the_kpis_fails(team, context):
    broken = team.model_copy(update={"kpis": [k for k in team.kpis if k.key != "quarterly_goal"]})
    assert not verdict(broken, case(), context, "goal_kpi").passed


def test_an_invented_goal_fails(team, context):
    broken = team.model_copy(update={"profile": team.profile.model_copy(update={"quarterly_goal": None})})
    assert not verdict(broken, case(), context, "goal_kpi").passed


def test_a_team_over_the_cap_fails(team, context):
    broken = team.model_copy(update={"roles": [r.model_copy(update={"fte": 5.0}) for r in team.roles]})
    assert "over the cap" in verdict(broken, case(), context, "fte_cap").reason


def test_a_team_outside_the_consultants_range_fails(team, context):
    assert "outside the consultant's" in verdict(team, case(fte_range=[5, 6]), context, "fte_cap").reason


def test_ruled_out_advice_fails(team, context):
    assert "click_and_collect" in verdict(team, case(ruled_out=["click_and_collect"]), context, "business_fit").reason


def test_a_missing_sector_risk_fails(team, context):
    assert "health_data" in verdict(team, case(sector_risks=["health_data"]), context, "sector_risks").reason


def test_an_action_that_names_no_object_fails(team, context):
    assert not verdict(team, case(objects=["wedding orders"]), context, "object_named").passed


def test_a_phrase_said_four_times_is_repeated():
    assert repeated(" ".join(["the store and the online shop do not share the same list"] * 4))
