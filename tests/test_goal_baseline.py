"""A goal that states today's value gives the goal's KPI its baseline: from-to, 'today X' after the target, thousands."""

from __future__ import annotations

import pytest

from assistant.planners import OfflinePlanner
from assistant.reading.goal import read_goal
from tests.helpers import make_profile


@pytest.mark.parametrize(
    "text, baseline, target",
    [
        ("answer 90% of calls within 2 minutes (today 60%)", 60.0, 90.0),
        ("do końca roku 85% zamówień wysłanych w 24 godziny (dziś ok. 55%)", 55.0, 85.0),
        ("no double bookings by June; now about 12 a month", 12.0, 0.0),
        ("zero zamówień bez towaru; obecnie ok. 9 w miesiącu", 9.0, 0.0),
    ],
)
def test_todays_value_after_the_target_is_the_baseline(text, baseline, target):
    goal = read_goal(text)
    assert (goal.baseline, goal.target) == (baseline, target)


def test_a_target_of_zero_leading_the_goal_is_not_part_of_its_metric():
    assert read_goal("zero zamówień bez towaru; dziś ok. 6 w miesiącu").metric == "zamówienia bez towaru"


def test_a_number_with_thousands_separators_is_one_number():
    assert read_goal("cut calls about orders (from 12,000 to 3,000 a month)").baseline == 12000.0


def test_a_polish_number_with_a_space_for_thousands_is_one_number():
    assert read_goal("zmniejszyć liczbę telefonów z 1 200 do 300 miesięcznie").baseline == 1200.0


def test_a_date_keeps_its_aside_in_brackets():
    assert (
        read_goal("do końca sezonu (październik) zero zwrotów; dziś 6 w miesiącu").due
        == "do końca sezonu (październik)"
    )


def test_the_goal_kpi_row_uses_the_baseline_the_client_gave():
    profile = make_profile(
        employees=40,
        challenge="refunds are slow because returns taken in the shops wait for the web team",
        quarterly_goal="refund every return within 7 days (today 21 days)",
    )
    assert OfflinePlanner().team_plan(profile).brief.headline.baseline == "21 days"


@pytest.mark.parametrize(
    "text, due",
    [
        ("by the end of the financial year cut refund time from 14 days to 5", "the end of the financial year"),
        ("w sezonie szkolnym zmniejszyć odsetek niegotowych zamówień z 15% do 5%", "w sezonie szkolnym"),
        ("in the peak season cut late deliveries from 12% to 4%", "in the peak season"),
    ],
)
def test_a_year_or_season_is_the_goals_date_not_part_of_its_metric(text, due):
    assert read_goal(text).due == due


def test_of_two_aims_the_metric_is_the_one_the_numbers_measure():
    goal = read_goal("answer every enquiry within the day (today 3 days) and cut double bookings from 40 to 5 a month")
    assert goal.metric == "double bookings"


def test_an_apostrophe_inside_a_word_opens_no_quote_in_the_metric():
    assert read_goal("cut the store's late pick-ups from 30 to 10").metric == "store's late pick-ups"
