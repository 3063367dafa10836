"""Right-sized teams: the staffing table caps the team, keeps meetings out and hires only where a team exists."""

from __future__ import annotations

import pytest

from assistant.knowledge.practice import load_practice
from assistant.planners import OfflinePlanner
from assistant.planners.staffing import (
    Country,
    Scope,
    cap_of,
    company_words,
    country_of,
    first_quarter_of,
    fit_team,
    outlets_of,
    role_cost,
    tools_cost,
)
from assistant.plans import Role
from tests.helpers import make_profile

table = load_practice().staffing


def role(key: str, fte: float = 1.0) -> Role:
    return Role(key=key, title=key, mission="m", responsibilities=["a", "b"], reports_to="Board", fte=fte, why="w")


TEAM = [
    role("omnichannel_manager"),
    role("product_owner"),
    role("cx_specialist", 1.5),
    role("data_analyst", 1.2),
    role("tech_integration_lead"),
    role("marketing_automation", 0.6),
    role("channel_manager", 0.5),
    role("channel_manager", 0.5),
    role("steering_committee", 0.2),
    role("learning_partner", 0.5),
]


@pytest.mark.parametrize(("employees", "cap"), [(3, 0.5), (99, 2.0), (1000, 6.0), (20000, 15.0)])
def test_the_cap_grows_with_size(employees, cap):
    assert cap_of(employees, table) == cap


@pytest.mark.parametrize("employees", [3, 40, 85, 300, 1200, 5000, 20000, 80000])
def test_the_team_stays_within_the_first_quarter_share_of_the_cap(employees):
    fitted = fit_team(TEAM, employees, 2, table)
    assert sum(r.fte for r in fitted.roles) <= first_quarter_of(employees, table, Scope(channels=2)) + 0.05


@pytest.mark.parametrize("employees", [3, 40, 85, 300, 1200, 5000, 20000, 80000])
def test_the_first_quarter_stays_within_the_cap(employees):
    assert first_quarter_of(employees, table, Scope(channels=9, outlets=500)) <= cap_of(employees, table)


@pytest.mark.parametrize("employees", [60, 85])
def test_a_firm_under_100_staffs_one_to_two_fte(employees):
    assert 1.0 <= first_quarter_of(employees, table, Scope(channels=4)) <= 2.0


def test_a_large_insurer_staffs_a_real_core():
    assert first_quarter_of(6200, table, Scope(channels=5)) >= 8.0


def test_more_channels_staff_more():
    assert first_quarter_of(900, table, Scope(channels=6)) > first_quarter_of(900, table, Scope(channels=3))


def test_outlets_staff_more():
    assert first_quarter_of(300, table, Scope(outlets=40)) > first_quarter_of(300, table, Scope())


def test_lent_time_is_a_little_less_than_an_open_team():
    assert first_quarter_of(1500, table, Scope(closed=True)) == pytest.approx(
        first_quarter_of(1500, table) * table.first_quarter.closed, abs=0.01
    )


def test_a_hospital_staffs_for_the_people_who_work_its_channels():
    assert first_quarter_of(2700, table, Scope(sector="healthcare")) < first_quarter_of(2700, table)


def test_a_steering_committee_is_a_meeting_not_a_role():
    assert "steering_committee" not in {r.key for r in fit_team(TEAM, 5000, 2, table).roles}


@pytest.mark.parametrize("employees", [3, 40, 85, 240])
def test_a_firm_under_250_hires_nobody(employees):
    assert "hire" not in fit_team(TEAM, employees, 2, table).staffed


def test_a_large_company_hires_its_lead_first():
    fitted = fit_team(TEAM, 1200, 2, table)
    assert [r.key for r, s in zip(fitted.roles, fitted.staffed, strict=True) if s == "hire"][0] == "omnichannel_manager"


def test_no_hires_where_hiring_is_closed():
    assert "hire" not in fit_team(TEAM, 5000, 2, table, Scope(channels=2, closed=True)).staffed


def test_channel_heads_give_the_same_share_each():
    heads = [r.fte for r in fit_team(TEAM, 1200, 2, table).roles if r.key == "channel_manager"]
    assert heads == [0.15, 0.15]


def test_no_role_is_a_crumb():
    assert min(r.fte for r in fit_team(TEAM, 1200, 2, table).roles if r.key != "channel_manager") >= table.min_role_fte


def test_a_role_below_its_size_is_left_out():
    assert "product_owner" not in {r.key for r in fit_team(TEAM, 300, 2, table).roles}


def test_a_role_costs_its_share_of_the_band_with_contributions():
    cost = role_cost(role("omnichannel_manager", 0.5), "PL", load_practice(), "2025")
    assert (cost.low, cost.high, cost.currency) == (66000.0, 120000.0, "PLN")


def test_a_micro_firms_hat_is_valued_at_its_own_peoples_band_not_the_roles_job():
    cost = role_cost(role("omnichannel_manager", 0.15), "PL", load_practice(), "2025", hat=True)
    assert (cost.low, cost.high) == (14000.0, 25000.0)  # 0.15 × 80-140k (specialist) × 1.2, not the lead's 110-200k


def test_a_three_person_firms_brief_costs_its_lead_as_a_hat():
    plan = OfflinePlanner().team_plan(make_profile(employees=3, language="pl", company="Pasieka sp.j."))
    lead = plan.roles[0]
    expected = role_cost(lead, "PL", load_practice(), "2025", hat=True)
    assert plan.brief.staffing.lines[0].cost == expected


def test_a_country_named_in_the_profile_sets_the_bands():
    assert country_of([], "sklepy w Niemczech", load_practice()).key == "DE"


@pytest.mark.parametrize(
    "words, key",
    [
        ("BrightPath Physiotherapy Ltd", "GB"),
        ("Fibrelink plc, broadband", "GB"),
        ("Müller GmbH", "DE"),
        ("Piekarnie Nowak Sp. z o.o.", "PL"),
        ("a budget of £40k", "GB"),
    ],
)
def test_a_legal_form_or_a_currency_names_the_country(words, key):
    assert country_of([], words, load_practice()).key == key


def test_without_a_country_the_default_is_assumed():
    country = country_of([], "fashion retail", load_practice())
    assert (country.key, country.named) == ("PL", False)


def test_an_english_firm_that_names_no_country_is_not_costed_in_poland():
    assert country_of([], "optician chain, 38 stores", load_practice(), "en").key == "GB"


@pytest.mark.parametrize("words", ["Acme Inc.", "Lakeside Supply LLC", "stores across Texas", "a $40k budget"])
def test_a_us_cue_names_the_united_states(words):
    assert country_of([], words, load_practice(), "en").key == "US"


def test_an_american_spelling_hints_at_the_united_states():
    assert country_of([], "our contact center is overloaded", load_practice(), "en") == Country("US", False)


def test_a_polish_text_reads_no_spelling_hint():
    assert country_of([], "contact center nie nadąża", load_practice(), "pl").key == "PL"


def test_a_euro_country_without_bands_is_costed_in_euros_as_an_assumption():
    country = country_of([], "Maison Dupont SAS, Paris", load_practice(), "en")
    assert (load_practice().salaries.countries[country.key].currency, country.named) == ("EUR", False)


def test_a_small_firm_buys_no_data_platform():
    assert tools_cost(60, 4, "EUR", load_practice()).high == 3500.0  # 4 users × €72 a month, two figures


def test_a_constraint_clause_that_names_new_posts_closes_hiring():
    profile = make_profile(
        employees=1600,
        language="pl",
        industry="bank spółdzielczy",
        channels="oddziały, aplikacja, infolinia",
        challenge="Reklamacje z aplikacji krążą między działami i nikt ich nie domyka. Nowych etatów nie dostaniemy.",
    )
    assert OfflinePlanner().team_plan(profile).brief.staffing.hires == 0


def test_the_channels_as_written_hint_at_the_country():
    profile = make_profile(industry="bank", channels="branches, mobile app, call center", challenge="separate targets")
    assert country_of([], company_words(profile), load_practice(), "en").key == "US"


def test_the_outlets_typed_in_the_channel_field_reach_the_staffing():
    assert outlets_of(make_profile(channels="38 stores, e-commerce"), {}) == 38


def test_the_outlets_typed_in_polish_in_the_channel_field_are_counted():
    assert outlets_of(make_profile(channels="12 sklepów, sklep internetowy", language="pl"), {}) == 12


def test_the_challenges_count_of_outlets_comes_before_the_channel_fields():
    assert outlets_of(make_profile(channels="38 stores, e-commerce"), {"stores": 40}) == 40


def test_a_team_whose_channel_field_counts_many_stores_is_larger():
    def fte(channels: str) -> float:
        return sum(r.fte for r in OfflinePlanner().team_plan(make_profile(channels=channels)).roles)

    assert fte("38 stores, e-commerce") > fte("stores, e-commerce")
