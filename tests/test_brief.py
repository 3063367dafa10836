"""The board brief: built from the plan and the diagnosis, right-sized, costed, in the client's words."""

from __future__ import annotations

import re

import pytest

from assistant.brief import Estimate
from assistant.diagnosis import Diagnosis, Goal, ProcessReading
from assistant.knowledge.practice import load_practice
from assistant.planners import OfflinePlanner
from assistant.planners.brief import Words, money, process_actions, team_brief
from assistant.reading.goal import read_goal
from assistant.words.wording import fill
from tests.helpers import make_profile

planner = OfflinePlanner()
practice = load_practice()
FURNITURE = dict(
    employees=85,
    industry="rodzinna firma meblowa",
    channels="salon, sklep internetowy, instagram, telefon",
    challenge="Zamówienia specjalne przyjmujemy w salonie i przez Instagram, a produkcja ich nie widzi. Czy to problem omnichannel?",
    quarterly_goal="skrócić czas realizacji zamówień specjalnych z 6 do 4 tygodni",
    language="pl",
)
ORDERS = Diagnosis(
    process=ProcessReading(
        key="orders",
        confidence=0.9,
        evidence="Zamówienia specjalne przyjmujemy w salonie i przez Instagram, a produkcja ich nie widzi",
        objects=["zamówienia specjalne"],
    ),
    involved=["produkcja"],
    question="Czy to problem omnichannel?",
    goal=Goal(text=FURNITURE["quarterly_goal"], metric="czas realizacji zamówień specjalnych", baseline=6, target=4),
)


def brief_for(diagnosis: Diagnosis):
    profile = make_profile(**FURNITURE)
    ctx = planner.context(profile)
    plan = planner.team_plan(profile)
    words = Words(ctx, diagnosis, practice)
    titles = {r.key: r.title for r in plan.roles}
    titles.setdefault("omnichannel_manager", plan.roles[0].title)
    return team_brief(plan, ctx, diagnosis, practice, process_actions(words, titles, None))


def test_every_action_names_the_clients_object_in_its_case():
    titles = [a.title for a in brief_for(ORDERS).actions]
    assert ["zamówie" in t.lower() for t in titles] == [True, True, True]


def test_the_diagnosis_follows_the_object_from_the_channels_to_the_people_named():
    assert (
        "z salonów, ze sklepu internetowego, z mediów społecznościowych i z infolinii do produkcji"
        in brief_for(ORDERS).diagnosis
    )


def test_the_diagnosis_quotes_the_client_whole():
    assert (
        "„Zamówienia specjalne przyjmujemy w salonie i przez Instagram, a produkcja ich nie widzi”"
        in brief_for(ORDERS).diagnosis
    )


def test_the_clients_question_gets_a_direct_answer():
    assert brief_for(ORDERS).answer.startswith("„Czy to problem omnichannel?” Tak.")


def test_a_firm_under_100_hires_nobody_in_the_brief():
    assert brief_for(ORDERS).staffing.hires == 0


def test_every_decision_has_one_accountable_named_once():
    assert all(d.accountable not in d.responsible + d.consulted + d.informed for d in brief_for(ORDERS).decisions)


def test_the_cost_is_a_range_in_the_countrys_currency():
    cost = brief_for(ORDERS).cost
    assert (cost.currency, cost.low < cost.high) == ("PLN", True)


def test_no_goal_no_headline():
    assert brief_for(ORDERS.model_copy(update={"goal": None})).headline is None


def test_the_clients_goal_is_the_headline_kpi_with_its_numbers():
    headline = brief_for(ORDERS).headline
    assert (headline.baseline, headline.target, headline.client_goal) == ("6", "4", True)


def test_a_bank_without_a_countrys_own_rule_names_financial_supervision_first():
    plan = planner.team_plan(
        make_profile(
            employees=3000, industry="retail bank", channels="branches, app, call centre", company="Lakeside Bank Inc."
        )
    )
    assert plan.brief.risks[0].key == "financial_supervision"


def test_a_uk_insurer_names_the_consumer_duty_first():
    plan = planner.team_plan(
        make_profile(employees=3000, industry="motor insurer", channels="app, call centre", company="Northfield plc")
    )
    assert plan.brief.risks[0].key == "fca_consumer_duty"


def test_a_polish_bank_names_the_complaint_deadlines_first():
    plan = planner.team_plan(
        make_profile(
            employees=3000,
            industry="bank detaliczny",
            channels="oddziały, aplikacja, infolinia",
            challenge="Reklamacje zgłoszone w aplikacji nie docierają do oddziałów.",
            language="pl",
        )
    )
    assert plan.brief.risks[0].key == "knf_complaints"


def test_a_clinic_names_patient_data():
    plan = planner.team_plan(
        make_profile(employees=400, industry="private clinics", channels="reception, app, call centre")
    )
    assert "health_data" in {r.key for r in plan.brief.risks}


@pytest.mark.parametrize(
    ("low", "high", "lang", "expected"),
    [
        (100_000, 200_000, "pl", "100–200 tys. zł"),
        (1_800_000, 4_300_000, "en", "PLN 1.8m–4.3m"),
        (5e5, 5e5, "en", "PLN 500,000"),
    ],
)
def test_money_reads_as_a_board_reads_it(low, high, lang, expected):
    assert money(Estimate(low=low, high=high, currency="PLN", basis=""), lang) == expected


def test_the_rules_actions_leave_what_they_answer_to_the_diagnosis():
    plan = planner.team_plan(make_profile(challenge="each department has its own targets"))  # actions as written
    assert [a.addresses for a in plan.brief.actions] == [None, None, None]


def test_a_brief_over_another_planners_plan_keeps_what_each_action_answers_in_its_own_words():
    plan = planner.team_plan(make_profile(challenge="each department has its own targets"))
    own = [a.model_copy(update={"addresses": f"Reason {n}."}) for n, a in enumerate(plan.first_90_days, 1)]
    brief = planner.brief_for(plan.model_copy(update={"first_90_days": own}))
    assert [a.addresses for a in brief.actions] == ["Reason 1.", "Reason 2.", "Reason 3."]


def test_a_brief_over_another_planners_plan_does_not_quote_the_client_again_in_its_actions():
    plan = planner.team_plan(make_profile(challenge="each department has its own targets"))  # two quote the client
    pilot = plan.first_90_days[2].addresses
    assert [a.addresses for a in planner.brief_for(plan).actions] == [None, None, pilot]


def test_an_action_that_quotes_the_client_in_quote_marks_quotes_the_client():
    challenge = "Stores argue about attribution, and last-click gives online nothing."
    plan = planner.team_plan(make_profile(challenge=challenge))
    quoting = [
        a.model_copy(update={"addresses": "It fixes: “last-click gives online nothing”."}) for a in plan.first_90_days
    ]
    assert [a.addresses for a in planner.brief_for(plan.model_copy(update={"first_90_days": quoting})).actions] == [
        None,
        None,
        None,
    ]


def test_a_brief_over_another_planners_plan_reads_its_kpis_back_into_metric_baseline_and_target():
    plan = planner.team_plan(make_profile(quarterly_goal=None))  # the content states each KPI as its brief does
    assert [a.measure.metric for a in planner.brief_for(plan).actions] == [a.measure.metric for a in plan.brief.actions]
    assert [a.measure.target for a in planner.brief_for(plan).actions] == [a.measure.target for a in plan.brief.actions]


def test_a_kpi_in_a_models_own_words_is_its_own_target():
    plan = planner.team_plan(make_profile())
    own = [a.model_copy(update={"kpi": "Fewer repeated complaints"}) for a in plan.first_90_days]
    measure = planner.brief_for(plan.model_copy(update={"first_90_days": own})).actions[0].measure
    assert (measure.metric, measure.baseline, measure.target) == (
        "Fewer repeated complaints",
        "measured in weeks 1–4",
        "Fewer repeated complaints",
    )


def test_a_kpi_that_counts_work_done_starts_from_zero():
    plan = planner.team_plan(make_profile())
    own = [a.model_copy(update={"kpi": "20 recent cases traced by week 3"}) for a in plan.first_90_days]
    assert planner.brief_for(plan.model_copy(update={"first_90_days": own})).actions[0].measure.baseline == "0"


def test_a_clients_object_the_dictionary_cannot_inflect_gives_way_to_the_processs_own():
    typed = ORDERS.model_copy(update={"process": ORDERS.process.model_copy(update={"objects": ["zamowienia z insta"]})})
    titles = " ".join(a.title for a in brief_for(typed).actions)
    assert ("zamowienia" in titles, "zamówień" in titles) == (False, True)


@pytest.mark.parametrize(
    ("text", "metric", "change"),
    [
        ("Zwiekszyc sprzedaz online o 15% w kwartale", "sprzedaz online", 15),
        ("Reduce returns by 10%", "returns", -10),
    ],
)
def test_a_goal_that_changes_its_metric_by_an_amount_reads_the_metric_and_the_signed_change(text, metric, change):
    goal = read_goal(text)
    assert (goal.metric, goal.change, goal.unit) == (metric, change, "%")


def test_a_goal_by_an_amount_is_a_signed_target_of_the_headline():
    goal = read_goal("Zwiększyć sprzedaż online o 15%")
    assert brief_for(ORDERS.model_copy(update={"goal": goal})).headline.target == "+15%"


def test_the_diagnosis_does_not_show_the_problem_read_from_the_process_clause_as_a_second_one():
    plan = planner.team_plan(
        make_profile(
            employees=3,
            industry="kwiaciarnia",
            channels="instagram, allegro, sklep",
            challenge="zamowienia z insta gina, nikt nie wie kto ma odpisac klientce",
            language="pl",
        )
    )
    assert "drugi problem" not in plan.brief.diagnosis


def test_the_diagnosis_shows_a_second_problem_the_client_states_in_another_clause():
    plan = planner.team_plan(
        make_profile(
            employees=3000,
            industry="retail bank",
            channels="branches, app, call centre",
            challenge="Branches and the app don't share customer data, and there are fights over budgets",
        )
    )
    assert "You also say: “there are fights over budgets”." in plan.brief.diagnosis


def test_an_english_object_starts_after_the_verb_before_it():
    plan = planner.team_plan(make_profile(challenge="Branches and the app don't share customer data"))
    assert "don't share" not in plan.brief.actions[0].title


@pytest.mark.parametrize(("cap", "expected"), [(3, "do 3 etatów"), (1, "do 1 etatu"), (2.5, "do 2,5 etatu")])
def test_a_team_grows_to_a_number_of_ftes_in_the_genitive(cap, expected):
    assert fill("do {cap:fte_gen}", "pl", cap=cap) == expected


MICRO = dict(
    employees=3,
    industry="kwiaciarnia",
    channels="instagram, allegro, sklep",
    challenge="zamowienia z insta gina, nikt nie wie kto ma odpisac klientce",
    language="pl",
)


def test_a_micro_firm_that_hires_nobody_decides_no_hires():
    decisions = [d.decision for d in planner.team_plan(make_profile(**MICRO)).brief.decisions]
    assert not any("zatrudnienia" in d for d in decisions)


def test_a_micro_firm_has_no_front_line_apart_from_its_team():
    rows = planner.team_plan(make_profile(**MICRO)).brief.decisions
    assert not any("Pierwsza linia" in row.informed for row in rows)


def test_a_micro_firm_has_no_departments_in_its_reasons_nor_its_maturity():
    plan = planner.team_plan(make_profile(**MICRO))
    said = " ".join([*plan.operating_model.reasons, *plan.maturity.reasons])
    assert ("działy działają" in said, "walkę o środki" in said) == (False, False)


def test_a_micro_firms_skills_plan_asks_no_outlet_managers_for_cover():
    plan = planner.skills_plan(make_profile(**MICRO))
    assert not any("kierowników" in r.mitigation for r in plan.risks)


def test_every_stated_problem_of_a_plan_is_the_one_its_diagnosis_leads_with():
    plan = planner.team_plan(
        make_profile(
            employees=3000,
            industry="retail bank",
            channels="branches, app, call centre",
            challenge="Branches and the app don't share customer data, and there are fights over budgets",
        )
    )
    assert set(re.findall(r"stated problem \(([^)]*)\)", plan.model_dump_json())) == {"no shared customer data"}


def test_a_department_the_dictionary_cannot_inflect_is_not_put_in_a_case():
    typed = ORDERS.model_copy(update={"involved": ["produkcja", "obsluga klienta"]})
    assert "obsluga" not in brief_for(typed).diagnosis


def test_a_goals_leading_verb_is_not_part_of_its_metric():
    assert read_goal("Skrócić czas zwrotów z 14 do 7 dni").metric == "czas zwrotów"


@pytest.mark.parametrize("text", ["growth in repeat purchases from 10 to 15%", "customer retention from 10 to 15%"])
def test_a_noun_that_starts_like_a_goals_verb_stays_in_the_metric(text):
    assert read_goal(text).metric == text.split(" from ")[0]


def test_an_english_goals_metric_drops_the_article_after_its_verb():
    assert read_goal("raise the share of orders collected in 7 days from 61% to 85%").metric.startswith("share of")


def test_a_quote_the_goals_numbers_follow_is_closed_in_its_metric():
    goal = read_goal("zmniejszyć liczbę reklamacji 'cena inna niż w aplikacji' z 900 do 200 miesięcznie")
    assert goal.metric == "liczba reklamacji 'cena inna niż w aplikacji'"


def test_a_target_set_as_a_bound_stays_a_bound_in_the_headline():
    goal = read_goal("obniżyć wskaźnik anulacji z 4,5% do poniżej 1%")
    assert brief_for(ORDERS.model_copy(update={"goal": goal})).headline.target == "poniżej 1%"


def test_an_english_brief_that_names_no_country_says_its_cost_assumption_once():
    plan = planner.team_plan(make_profile(industry="optician chain", challenge="orders reach the stores late"))
    assumed = [a for a in plan.brief.assumptions if "assume salary levels in the United Kingdom" in a]
    assert len(assumed) == 1
