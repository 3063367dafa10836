"""The board brief as a demanding consultant reads it: the client's voice, real answers, hires only where
they may be, the goal as the client set it, one pilot, KPIs and risks that belong to this company."""

from __future__ import annotations

from functools import cache

import pytest

from assistant.evals.board import BRIEF_WORDS, brief_markdown, words_of
from assistant.planners import OfflinePlanner
from assistant.planners.brief import inflect_counted
from assistant.plans import TeamPlan
from assistant.reading.goal import read_goal
from assistant.render.appendix import shown_kpis
from assistant.render.markdown import team_markdown
from tests.helpers import make_profile

planner = OfflinePlanner()
BAKERY = dict(
    employees=85,
    industry="sieć piekarni rodzinnych",
    channels="12 piekarni, strona z zamówieniami tortów, telefon",
    challenge="Zamówienia tortów z internetu przychodzą mailem do biura, a piekarnie o nich nie wiedzą. Nie brakuje nam "
    "ludzi, brakuje jednego miejsca na zamówienia. Czy potrzebujemy do tego zespołu czy wystarczy lepsze narzędzie?",
    quarterly_goal="do końca marca przepadnięte zamówienia z 6 do 0 miesięcznie",
    company="Piekarnie Kowalscy",
    language="pl",
)
BANK = dict(
    employees=5000,
    industry="retail bank",
    channels="branches, mobile app, call centre",
    challenge="Customers who start a mortgage application in the app get asked for the same documents again in the "
    "branch, and the call centre cannot see the application. How much would it cost to fix this and do we need a new "
    "department?",
    quarterly_goal="cut repeated document requests from 30% to 10% by the end of the quarter",
    language="en",
)
HOSPITAL = dict(
    employees=1200,
    industry="public hospital",
    channels="outpatient clinics, phone line, patient portal",
    challenge="Patients booked through the portal are not visible to the phone line, so appointments are double-booked. "
    "We are under a hiring freeze. Is this an omnichannel problem?",
    quarterly_goal="double-booked appointments from 40 to 5 a month by the end of the quarter",
    language="en",
)
SHOP = dict(
    employees=3,
    industry="online shop with handmade candles",
    channels="online shop, Instagram, Etsy",
    challenge="Orders from Etsy and Instagram messages get lost because we check them in different places. "
    "Where should we start?",
    quarterly_goal="reply to every message within 1 day instead of 3 days by the end of March",
    language="en",
)
DISTRIBUTOR = dict(
    employees=450,
    industry="B2B distributor of building materials",
    channels="field sales reps, resellers, call centre",
    challenge="Field reps and resellers quote different prices to the same customer, and orders placed by phone do not "
    "reach the reps. There is no budget for new people. How fast can we fix this?",
    language="en",
)


@cache
def plan_of(name: str) -> TeamPlan:
    return planner.team_plan(make_profile(**globals()[name]))


def answer_of(name: str) -> str:
    brief = plan_of(name).brief
    assert brief is not None and brief.answer is not None
    return brief.answer


def test_the_bakery_reads_no_machinery_of_the_method():
    text = team_markdown(plan_of("BAKERY"))
    assert not [m for m in ("doradca obsadza", "Tabela metody", "bo nie podano kraju", "bez modelu AI") if m in text]


def test_the_maker_is_said_once_under_the_title():
    lines = team_markdown(plan_of("BAKERY")).splitlines()
    assert [i for i, line in enumerate(lines) if line == "_Plan offline._"] == [4]


def test_a_team_or_tools_question_is_answered_from_the_diagnosis():
    brief = plan_of("BAKERY").brief
    assert brief is not None and brief.answer is not None and brief.staffing is not None
    fte = f"{brief.staffing.fte:g}".replace(".", ",")
    assert (
        "bez nowego zespołu" in brief.answer
        and "jeden rejestr zamówień" in brief.answer
        and f"{fte} etatu" in brief.answer
    )


def test_a_question_that_asks_two_things_gets_both_answers():
    answer = answer_of("BANK")
    assert "in the first year" in answer and "No new department" in answer


def test_a_how_fast_question_is_answered_with_the_weeks():
    answer = answer_of("DISTRIBUTOR")
    assert "by week 3" in answer and "week 13" in answer


def test_a_hiring_freeze_hires_nobody_and_the_brief_says_so():
    brief = plan_of("HOSPITAL").brief
    assert brief.staffing.hires == 0 and "Nobody is hired" in brief.recommendation


def test_a_hospital_under_a_freeze_still_lends_a_sensible_team():
    assert plan_of("HOSPITAL").brief.staffing.fte >= 2


def test_no_budget_for_new_people_hires_nobody_at_a_size_that_would_hire():
    assert plan_of("DISTRIBUTOR").brief.staffing.hires == 0


def test_a_micro_firms_team_is_hours_a_week_not_salaries():
    text = team_markdown(plan_of("SHOP"))
    assert "| Role | Hours a week | Value of this time a year (estimate) |" in text


def test_a_micro_firms_recommendation_has_no_channel_heads():
    assert "channel head" not in plan_of("SHOP").brief.recommendation


@pytest.mark.parametrize(
    ("text", "metric", "baseline", "target", "unit", "due"),
    [
        ("do końca marca przepadnięte zamówienia z 6 do 0 miesięcznie", "przepadnięte zamówienia", 6, 0, None, None),
        ("refund time from 21 to 10 days by end of Q3", "refund time", 21, 10, "days", "end of Q3"),
        ("reply within 1 day instead of 3 days by the end of March", "reply", 3, 1, "day", "the end of March"),
        ("bookings from 40 to 5 a month by the end of the quarter", "bookings", 40, 5, "a month", None),
    ],
)
def test_a_goals_date_and_unit_stay_out_of_its_metric(text, metric, baseline, target, unit, due):
    goal = read_goal(text)
    assert (goal.metric, goal.baseline, goal.target) == (metric, baseline, target)
    assert unit is None or goal.unit == unit
    assert due is None or goal.due == due


def test_the_bakerys_goal_is_due_when_the_client_said_and_not_also_at_the_quarters_end():
    headline = plan_of("BAKERY").brief.headline
    assert (headline.metric, headline.due) == ("przepadnięte zamówienia", "do końca marca")


def test_a_goal_in_days_keeps_its_unit_in_each_value():
    headline = plan_of("SHOP").brief.headline
    assert (headline.baseline, headline.target) == ("3 days", "1 day")


def test_action_one_has_a_deliverable_as_its_target():
    vague = {**BAKERY, "challenge": "Zamówienia tortów z internetu przychodzą mailem do biura i to duży kłopot."}
    measure = planner.team_plan(make_profile(**vague)).brief.actions[0].measure
    assert measure.target.startswith("20 ") and measure.baseline == "0"


def test_the_pilot_is_the_same_place_in_the_brief_and_the_appendix():
    plan = plan_of("BANK")
    assert "in two of the branches" in plan.brief.actions[2].title and "in two of the branches" in plan.pilot.scope


def test_the_appendix_shows_the_goal_the_process_and_one_method_kpi():
    keys = [k.key for k in shown_kpis(plan_of("BANK"))]
    assert keys[:2] == ["quarterly_goal", "process"] and len(keys) == 3


REFUNDS = dict(
    employees=60,
    industry="shoe retail chain",
    channels="12 stores, online shop, phone line",
    challenge="refunds for shoes bought online and returned in a store take weeks, and nobody owns the refund",
)


def test_a_refunds_problem_is_measured_first_by_customer_effort():
    keys = [k.key for k in shown_kpis(planner.team_plan(make_profile(**REFUNDS)))]
    assert keys[:2] == ["process", "customer_effort_score"]


def test_a_refunds_problem_gets_no_loyalty_click_and_collect_or_retargeting_quick_win():
    plan = planner.team_plan(make_profile(**REFUNDS))
    assert not {w.title for w in plan.quick_wins} & {
        "Unified loyalty programme",
        "Click & collect",
        "Cross-channel retargeting",
    }


def test_an_object_that_names_cases_is_not_wrapped_in_cases_of():
    plan = planner.team_plan(
        make_profile(
            employees=2000,
            industry="retail bank",
            channels="branches, app, website, phone line",
            challenge="customer cases bounce between branches and the call centre; branch staff get no credit for cases "
            "they pass on, so they turn them away",
        )
    )
    assert plan.brief.actions[0].title.startswith("Trace twenty recent customer cases")


def test_a_bank_is_not_given_conversion_or_lifetime_value():
    keys = {k.key for k in shown_kpis(plan_of("BANK"))}
    assert not keys & {"clv", "cross_channel_conversion"}


def test_a_bank_names_its_branches_not_stores():
    assert "physical stores" not in team_markdown(plan_of("BANK")).splitlines()[2]


def test_polish_counts_after_przy_are_in_the_locative():
    reasoning = planner.team_plan(make_profile(**{**BAKERY, "employees": 450})).brief.staffing.reasoning
    assert reasoning.startswith("Przy 450 osobach")


def test_a_resellers_distributor_names_the_channel_conflict_risk():
    assert "reseller_conflict" in {r.key for r in plan_of("DISTRIBUTOR").brief.risks}


def test_a_restaurant_is_not_given_the_energy_regulator():
    plan = planner.team_plan(make_profile(industry="gastronomia", channels="lokale, aplikacja", language="pl"))
    assert "energy_regulation" not in {r.key for r in plan.brief.risks}


def test_a_team_brief_names_no_skills_programme_risk():
    plan = plan_of("BAKERY")
    learning = {r.title for r in plan.roles if r.key == "learning_partner"}
    assert not [r for r in plan.brief.risks if r.owner in learning]


def test_one_person_holding_several_roles_is_no_risk_at_sixty_people():
    plan = planner.team_plan(make_profile(employees=80))
    assert not [r for r in plan.risks if "several roles" in r.risk]


def test_a_school_is_not_told_to_retarget():
    plan = planner.team_plan(
        make_profile(employees=300, industry="private school", channels="website, mobile app, social media")
    )
    assert not [w for w in plan.quick_wins if "retargeting" in w.title.lower()]


def test_cakes_ordered_online_are_made_to_order():
    plan = planner.team_plan(make_profile(**BAKERY))
    assert not {k.key for k in shown_kpis(plan)} & {"clv", "cross_channel_conversion"}


def test_a_counted_outlet_takes_the_instrumental_after_miedzy():
    assert inflect_counted("11 składów", "inst") == "11 składami"


def test_a_polish_hiring_freeze_closes_hiring():
    profile = make_profile(employees=450, challenge="Mamy zamrożenie zatrudnienia, a zamówienia giną.", language="pl")
    assert planner.context(profile).closed == "words"


@pytest.mark.parametrize(
    "challenge",
    [
        "Zamówienia z Messengera giną. Pieniędzy na system ani na pracownika nie ma.",
        "Orders from the DMs get lost. We have no money for a new tool or another person.",
    ],
)
def test_no_money_for_a_person_closes_hiring(challenge):
    profile = make_profile(employees=450, challenge=challenge)
    assert planner.context(profile).closed == "words"


@pytest.mark.parametrize("name", ["BAKERY", "BANK", "HOSPITAL", "SHOP", "DISTRIBUTOR"])
def test_the_brief_stays_within_the_boards_700_words(name):
    assert len(words_of(brief_markdown(plan_of(name)))) <= BRIEF_WORDS


def test_a_bank_has_a_website_not_an_online_shop():
    plan = planner.team_plan(
        make_profile(employees=5000, industry="retail bank", channels="branches, online banking, call centre")
    )
    assert plan.brief is not None and "website" in plan.brief.channels and "online shop" not in plan.brief.channels


def test_a_polish_risk_names_the_outlets_in_their_case_not_in_brackets():
    text = " ".join(r.risk for r in plan_of("BAKERY").risks)
    assert "lokalizacjach (" not in text and "Pracownicy lokali" in text


def test_a_firm_under_100_people_hires_nobody_and_the_brief_says_so():
    brief = plan_of("BAKERY").brief
    assert brief is not None and brief.staffing is not None
    assert brief.staffing.hires == 0 and "nikogo nie zatrudniacie" in brief.recommendation
