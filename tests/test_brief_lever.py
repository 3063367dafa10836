"""The brief's third action changes the rule that rewards a process for breaking, when the client says so:
targets that collide, disputed credit or guarded budgets are not fixed by a pilot in one place."""

from __future__ import annotations

from assistant.planners import OfflinePlanner
from assistant.reading.goal import read_goal
from tests.helpers import make_profile

planner = OfflinePlanner()
DUPLICATES = "Customers order on the portal and again through their rep, so we ship duplicates."
DISTRIBUTOR = dict(
    employees=240,
    industry="foodservice wholesale distributor",
    channels="field sales reps, B2B web ordering portal, telesales team",
    challenge="Customers order on the portal and again through their rep, so we ship duplicates. Reps are paid "
    "commission only on orders they key in themselves, so they push customers away from the portal.",
    language="en",
)


def test_disputed_credit_for_the_process_makes_the_third_action_the_credit_rule():
    third = planner.team_plan(make_profile(**DISTRIBUTOR)).brief.actions[2]
    assert (third.title, third.start_week, third.end_week) == (
        "Agree one rule for crediting orders that cross channels, so both channels count them",
        4,
        8,
    )


def test_without_a_rule_to_change_the_third_action_is_the_pilot():
    calm = {
        **DISTRIBUTOR,
        "challenge": "Customers order on the portal and again through their rep, so we ship duplicates.",
    }
    third = planner.team_plan(make_profile(**calm)).brief.actions[2]
    assert third.title.startswith("Run the new way for orders")


def test_a_micro_firm_has_no_channel_targets_to_change():
    tiny = {**DISTRIBUTOR, "employees": 4}
    third = planner.team_plan(make_profile(**tiny)).brief.actions[2]
    assert third.title.startswith("Run the new way for orders")


def test_the_client_s_singular_word_gives_way_to_the_process_s_plural():
    first = planner.team_plan(make_profile(**DISTRIBUTOR)).brief.actions[0]
    assert first.title == "One log of orders from every channel, open to the team that delivers them"


def test_a_goal_s_date_after_a_count_a_month_is_its_date_not_its_unit():
    goal = read_goal("cut duplicate orders from 40 a month to 5 by end of Q2")
    assert (goal.metric, goal.baseline, goal.target, goal.unit, goal.due) == (
        "duplicate orders",
        40.0,
        5.0,
        "a month",
        "end of Q2",
    )


def test_a_budget_the_client_lacks_changes_no_rule():
    short = {**DISTRIBUTOR, "challenge": f"{DUPLICATES} We have no budget for it."}
    third = planner.team_plan(make_profile(**short)).brief.actions[2]
    assert third.title.startswith("Run the new way for orders")


def test_a_goal_s_date_typed_without_diacritics_is_kept_whole():
    assert read_goal("udzial zamowien przez portal z 5% do 30% do konca czerwca").due == "do konca czerwca"


def test_the_client_s_object_ends_at_its_noun_not_at_a_preposition():
    from assistant.planners.brief import object_words

    assert object_words("credit for", "en") == "credit"


def test_hospitality_is_not_a_hospital():
    hotel = make_profile(
        employees=900,
        industry="hospitality",
        channels="booking.com, own website, call centre",
        challenge="Guests get different prices and answers on each channel",
    )
    risks = planner.team_plan(hotel).brief.risks
    assert not any("Patient data" in r.risk or "Passenger-rights" in r.risk for r in risks)


def test_an_english_brief_costed_in_the_uk_says_so_once():
    uk = make_profile(**{**DISTRIBUTOR, "company": "Coastline Foods Ltd"})
    assumptions = planner.team_plan(uk).brief.assumptions
    assert any("salaries in the United Kingdom from" in a for a in assumptions)


def test_a_polish_goal_s_metric_is_its_subject_in_the_nominative():
    goal = read_goal("W tym kwartale zmniejszyć liczbę sporów o leady z franczyzobiorcami z 25 do 5 miesięcznie")
    assert (goal.metric, goal.baseline, goal.target) == ("liczba sporów o leady z franczyzobiorcami", 25.0, 5.0)


def test_online_returns_charged_to_the_store_s_result_make_the_third_action_the_target_rule():
    shoes = dict(
        employees=60,
        industry="obuwie",
        channels="salony, e-sklep",
        challenge="Salony odsyłają klientów ze zwrotami z internetu, bo każdy zwrot obciąża wynik salonu",
        language="pl",
    )
    third = planner.team_plan(make_profile(**shoes)).brief.actions[2]
    assert third.title.startswith("Zmieńcie cele kanałów: obsługa zwrotów")
