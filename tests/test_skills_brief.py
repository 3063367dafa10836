"""The skills plan's brief: each Top 3 skill practised on the process that breaks, in correct Polish,
sized to the team, with the practice's own risks and cases that fit the business."""

from __future__ import annotations

from assistant.planners import OfflinePlanner
from assistant.planners.practised import as_object
from assistant.terms import SkillKey
from tests.helpers import make_profile

planner = OfflinePlanner()
BAKERY = dict(
    employees=85,
    industry="sieć piekarni rodzinnych",
    channels="12 piekarni, strona z zamówieniami tortów, telefon",
    challenge="Zamówienia tortów z internetu przychodzą mailem do biura, a piekarnie o nich nie wiedzą.",
    team_size=6,
    team_level="mixed",
    quarterly_goal="do końca marca przepadnięte zamówienia z 6 do 0 miesięcznie",
    language="pl",
)
CONTACT_CENTRE = dict(
    employees=5000,
    industry="retail bank",
    channels="branches, call centre, mobile app",
    challenge="Customers call about the same problem several times because branches and the contact centre "
    "don't see each other's notes.",
    team_size=12,
    quarterly_goal="first-contact resolution from 68% to 80%",
)


def bakery_brief():
    plan = planner.skills_plan(make_profile(**BAKERY))
    assert plan.brief is not None
    return plan.brief


def test_a_skill_name_is_the_verbs_object_in_polish():
    assert as_object("Empatia technologiczna", "pl") == "empatię technologiczną"
    assert as_object("Ciągłe uczenie się i adaptacja", "pl") == "ciągłe uczenie się i adaptację"


def test_the_recommendation_names_the_three_skills_in_the_accusative():
    plan = planner.skills_plan(make_profile(**BAKERY))
    names = {s.skill: s.name for s in plan.skills}
    wanted = [as_object(names[p.skill], "pl") for p in plan.top3]
    assert plan.brief is not None and all(name in plan.brief.recommendation for name in wanted)


def test_every_deliverable_is_a_whole_thing_made_of_the_clients_object():
    deliverables = [a.deliverable for a in bakery_brief().actions]
    assert all("zamówie" in d and not d.endswith("…") for d in deliverables)


def test_no_deliverable_is_a_tip_or_a_quick_win():
    plan = planner.skills_plan(make_profile(**BAKERY))
    assert plan.brief is not None
    tips = {w.title.split(": ")[0] for w in plan.quick_wins_30d}
    assert not {a.deliverable for a in plan.brief.actions} & tips


def test_each_skill_has_its_own_sized_kpi_without_a_pasted_list():
    measures = [a.measure for a in bakery_brief().actions]
    assert len({m.target for m in measures}) == 3
    assert not any("kanały:" in m.metric or "(" in m.metric or "+20%" in m.target for m in measures)


def test_the_clients_goal_is_the_headline_kpi():
    headline = bakery_brief().headline
    assert headline is not None and headline.client_goal and headline.baseline.startswith("6")


def test_a_junior_team_sets_itself_a_bigger_gain_than_a_senior_one():
    def gains(level: str) -> list[str]:
        plan = planner.skills_plan(make_profile(**{**BAKERY, "team_level": level}))
        return [p.target for p in plan.top3]

    assert gains("junior") != gains("senior")


def test_a_bakerys_cases_follow_its_orders_not_bookings_or_attribution():
    cases = " ".join(m.case for m in planner.skills_plan(make_profile(**BAKERY)).microlearning)
    assert "zamówień" in cases and "last click" not in cases and "Rezerwacja" not in cases


def test_an_online_retailer_without_a_named_process_keeps_attribution():
    plan = planner.skills_plan(
        make_profile(
            industry="fashion retail", channels="e-commerce, mobile app", challenge="marketing and sales disagree"
        )
    )
    assert "last click" in plan.microlearning[2].case


def test_a_clinic_gets_no_attribution_case():
    plan = planner.skills_plan(
        make_profile(employees=60, industry="private clinic", channels="clinic, phone", challenge="silos")
    )
    assert "last click" not in plan.microlearning[2].case


def test_a_firm_of_three_is_the_whole_team_and_nothing_is_assumed():
    plan = planner.skills_plan(make_profile(employees=3, industry="online shop", channels="e-commerce, Instagram"))
    assert plan.brief is not None
    assert "the whole firm of 3 people" in plan.brief.recommendation
    assert not any("team of" in a for a in plan.brief.assumptions)


def test_an_assumed_team_is_said_once():
    plan = planner.skills_plan(make_profile(employees=300))
    assert plan.brief is not None
    assert sum("assumed" in a and "team" in a for a in plan.brief.assumptions) == 1
    assert "the team of 8 people" in plan.brief.recommendation


def test_a_team_is_never_larger_than_the_company():
    plan = planner.skills_plan(make_profile(employees=5, team_size=12))
    assert plan.brief is not None and "5 people" in plan.brief.recommendation


def test_a_contact_centre_plans_around_shifts():
    plan = planner.skills_plan(make_profile(**CONTACT_CENTRE))
    assert plan.brief is not None and "shift" in plan.brief.risks[0].risk.lower()


def test_a_bakery_plans_practice_around_its_peaks():
    assert "szczytu" in bakery_brief().risks[0].risk


def test_the_skills_risks_are_not_the_team_plans():
    bundle = planner.plan(make_profile(**BAKERY), "both")
    assert bundle.team and bundle.team.brief and bundle.skills and bundle.skills.brief
    team = {r.risk for r in bundle.team.brief.risks} | {r.risk for r in bundle.team.risks}
    assert not team & {r.risk for r in bundle.skills.brief.risks}


def test_a_polish_plan_does_not_say_why_it_costs_in_poland():
    assert not any("nie podano kraju" in a for a in bakery_brief().assumptions)


def test_the_cost_follows_the_teams_level():
    def cost(level: str):
        plan = planner.skills_plan(make_profile(**{**BAKERY, "team_level": level}))
        assert plan.brief and plan.brief.cost
        return plan.brief.cost.high

    assert cost("junior") < cost("mixed")


def test_lost_things_in_the_goal_call_for_root_causes():
    plan = planner.skills_plan(make_profile(quarterly_goal="no lost orders by March"))
    assert SkillKey.systemic_problem_solving in {p.skill for p in plan.top3}


def test_without_a_named_process_the_team_practises_on_what_the_business_is_made_of():
    goods = planner.skills_plan(make_profile(challenge="departments work in silos"))
    services = planner.skills_plan(
        make_profile(employees=60, industry="private clinic", channels="clinic, phone", challenge="silos")
    )
    assert goods.brief and services.brief
    assert all("customer orders" in a.deliverable for a in goods.brief.actions)
    assert all("customer requests" in a.title for a in services.brief.actions)


def test_a_micro_firms_owner_leads_the_practice_without_an_hr_partner():
    plan = planner.skills_plan(make_profile(employees=3, industry="online shop", channels="e-commerce, Instagram"))
    assert plan.brief is not None
    assert {a.owner for a in plan.brief.actions} == {"Owner"}
    assert not any(d.responsible for d in plan.brief.decisions)


def test_the_skills_cost_assumes_no_tools():
    assert not any("tools" in a or "narzędzia" in a for a in bakery_brief().assumptions)


def test_a_process_read_only_as_other_practises_on_the_business_not_on_hand_offs():
    from assistant.diagnosis import Diagnosis, ProcessReading
    from assistant.knowledge.practice import load_practice
    from assistant.planners.brief import skills_brief

    profile = make_profile(challenge="things get lost between the shop and the website")
    other = Diagnosis(process=ProcessReading(key="other", confidence=0.9, evidence=profile.challenge))
    plan = planner.skills_plan(profile)
    brief = skills_brief(plan, planner.context(profile), other, load_practice())
    assert all("customer orders" in a.title and "hand-offs" not in a.title for a in brief.actions)


def test_a_phrase_that_points_at_a_thing_is_not_practised_on():
    from assistant.diagnosis import ProcessReading
    from assistant.planners.practised import practice_facts

    read = ProcessReading(key="service_cases", confidence=0.9, evidence="…", objects=["tej samej sprawie"])
    facts = practice_facts({"object": "ta sama sprawa"}, read, "services", planner.kb, "pl")
    assert facts["object"] == "sprawy klientów"


def test_the_skills_recommendation_practises_on_the_clients_cases_not_on_cases_of_cases():
    plan = planner.skills_plan(
        make_profile(
            employees=300,
            industry="ubezpieczenia",
            channels="oddziały, aplikacja, infolinia",
            challenge="zgłoszenia klientów krążą między oddziałami a infolinią",
            language="pl",
        )
    )
    assert plan.brief is not None and "na prawdziwych zgłoszeniach klientów" in plan.brief.recommendation
