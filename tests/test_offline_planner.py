"""The offline planner reasons over the profile: every rule branch, both languages."""

from __future__ import annotations

import pytest

from assistant.knowledge import load_knowledge
from assistant.plans import OperatingModel, SkillKey, SkillsPlan, TeamPlan
from assistant.planners import OfflinePlanner, make_planner
from assistant.reading import size_band as band
from conftest import make_profile

planner = OfflinePlanner()

SHOP = dict(employees=40, industry="online cosmetics shop", channels="e-commerce, social media",
            challenge="marketing and customer service pursue different goals and KPIs")
FASHION = dict(employees=300, industry="fashion retail", channels="stores, e-commerce",
               challenge="no shared customer data: the store POS and the online shop live in separate systems")
ELECTRONICS = dict(employees=5000, industry="consumer electronics", channels="stores, e-commerce, mobile app, "
                   "marketplace, call centre", challenge="entrenched departments work in silos and resist change")


def rules(plan) -> dict[str, str]:
    return {d.topic: d.rule for d in plan.rationale}


def test_three_companies_get_visibly_different_plans():
    shop, fashion, electronics = (planner.team_plan(make_profile(**p)) for p in (SHOP, FASHION, ELECTRONICS))
    models = [p.operating_model.model for p in (shop, fashion, electronics)]
    assert models == [OperatingModel.centralized, OperatingModel.centralized, OperatingModel.hybrid]
    fte = [sum(r.fte for r in p.roles) for p in (shop, fashion, electronics)]
    assert fte[0] < fte[1] < fte[2]
    role_sets = [{r.key for r in p.roles} for p in (shop, fashion, electronics)]
    assert "department_coordinator" in role_sets[2] and "department_coordinator" not in role_sets[1]
    assert "product_owner" not in role_sets[0] and "product_owner" in role_sets[2]
    first_actions = [p.first_90_days[0].title for p in (shop, fashion, electronics)]
    assert len(set(first_actions)) == 3
    risk_sets = [{r.risk for r in p.risks} for p in (shop, fashion, electronics)]
    assert risk_sets[0] != risk_sets[1] != risk_sets[2]
    assert electronics.pilot.team_size > shop.pilot.team_size


@pytest.mark.parametrize("profile, model, rule", [
    (dict(employees=40), OperatingModel.centralized, "R-OM-1"),
    (dict(employees=600, channels="stores, e-commerce"), OperatingModel.centralized, "R-OM-2"),
    (dict(employees=600, channels="stores, e-commerce, app, marketplace"), OperatingModel.hybrid, "R-OM-3"),
    (dict(employees=3000, challenge="silosy i opór działów"), OperatingModel.hybrid, "R-OM-4"),
    (dict(employees=3000, industry="franchise network of fashion stores",
          challenge="attribution of sales between channels"), OperatingModel.decentralized, "R-OM-5"),
    (dict(employees=3000, challenge="we cannot attribute online-to-store sales"), OperatingModel.hybrid, "R-OM-6"),
])
def test_operating_model_rules(profile, model, rule):
    plan = planner.team_plan(make_profile(**profile))
    assert plan.operating_model.model == model
    assert rules(plan)["operating_model"] == rule
    assert len(plan.operating_model.reasons) >= 2


def test_reasons_are_tied_to_the_profile():
    plan = planner.team_plan(make_profile(**ELECTRONICS))
    text = " ".join(plan.operating_model.reasons)
    assert "5000" in text
    plan = planner.team_plan(make_profile(**SHOP))
    assert "40" in plan.operating_model.reasons[0]


def test_forced_model_is_labelled_and_remembers_the_rules_choice():
    plan = OfflinePlanner(force_model="decentralized").team_plan(make_profile(**FASHION))
    assert plan.operating_model.model == OperatingModel.decentralized
    assert rules(plan)["operating_model"] == "R-OM-forced"
    assert "centralized" in plan.operating_model.reasons[1]
    assert "department_coordinator" in {r.key for r in plan.roles}


@pytest.mark.parametrize("challenge, key", [
    ("each department works in its own silo", "silos"),
    ("brak wspólnych danych o klientach, dane rozproszone w systemach", "no_shared_data"),
    ("działy mają różne cele i KPI", "conflicting_goals"),
    ("who gets credit for a sale: attribution between online and stores", "attribution"),
    ("walka o budżety między działami", "budgets"),
    ("digital wants to move fast while stores need time to adapt", "pace_of_change"),
    ("zarząd nie wspiera zmian, działy bronią autonomii", "resistance"),
    ("the team lacks omnichannel skills and competences", "skills_gap"),
])
def test_the_stated_challenge_drives_the_first_90_days(challenge, key):
    plan = planner.team_plan(make_profile(challenge=challenge))
    spec = load_knowledge().challenge(key)
    assert plan.first_90_days[0].title == spec.actions[0].title("en")
    first, _, pilot = plan.first_90_days
    assert spec.name("en") in first.addresses and spec.name("en") in pilot.addresses
    assert plan.risks[0].risk == spec.risks[0].risk("en")
    assert rules(plan)["challenge"] == "R-CH-1"


def test_unrecognised_challenge_falls_back_to_silos_and_says_so():
    plan = planner.team_plan(make_profile(challenge="hmm, hard to say"))
    assert rules(plan)["challenge"] == "R-CH-0"
    assert plan.first_90_days[0].title == load_knowledge().challenge("silos").actions[0].title("en")


def test_two_challenges_share_the_first_actions():
    plan = planner.team_plan(make_profile(challenge="silos between departments and no shared customer data"))
    kb = load_knowledge()
    titles = [a.title for a in plan.first_90_days]
    starts = {kb.challenge("silos").actions[0].title("en"), kb.challenge("no_shared_data").actions[0].title("en")}
    assert set(titles[:2]) == starts
    names = {kb.challenge(k).name("en") for k in ("silos", "no_shared_data")}
    assert {a.addresses.split("(")[1].split(")")[0] for a in plan.first_90_days[:2]} == names


def test_channels_decide_the_channel_managers():
    plan = planner.team_plan(make_profile(channels="stores, marketplace, kiosk"))
    kb = load_knowledge()
    managers = [r.title for r in plan.roles if r.key == "channel_manager"]
    assert kb.channel("stores").manager_title("en") in managers
    assert kb.channel("marketplace").manager_title("en") in managers
    assert any("kiosk" in r.why for r in plan.roles if r.key == "channel_manager")


@pytest.mark.parametrize("employees, expected", [(10, "micro"), (49, "micro"), (50, "small"), (250, "mid"),
                                                 (999, "mid"), (1000, "large"), (5000, "enterprise")])
def test_size_bands(employees, expected):
    assert band(employees) == expected


def test_data_challenge_adds_analyst_capacity():
    base = planner.team_plan(make_profile(employees=600, challenge="silos"))
    data = planner.team_plan(make_profile(employees=600, challenge="no shared data between systems"))
    analyst = lambda p: next(r.fte for r in p.roles if r.key == "data_analyst")  # noqa: E731
    assert analyst(data) == analyst(base) + 1


def test_skills_gap_and_size_bring_the_learning_partner():
    small = planner.team_plan(make_profile(employees=100, challenge="silos"))
    gap = planner.team_plan(make_profile(employees=100, challenge="brakuje kompetencji omnichannel w zespole"))
    assert "learning_partner" not in {r.key for r in small.roles}
    assert "learning_partner" in {r.key for r in gap.roles}


def test_budget_conflict_in_a_centralized_company_gets_a_steering_committee():
    plan = planner.team_plan(make_profile(employees=120, challenge="constant fights over budgets"))
    assert plan.operating_model.model == OperatingModel.centralized
    assert "steering_committee" in {r.key for r in plan.roles}


def test_maturity_reflects_the_challenge_and_channel_count():
    silo = planner.team_plan(make_profile(challenge="silos"))
    pace = planner.team_plan(make_profile(challenge="different pace of change: digital vs stores"))
    single = planner.team_plan(make_profile(channels="e-commerce", challenge="different pace of change"))
    assert (silo.maturity.current, silo.maturity.target) == (1, 2)
    assert (pace.maturity.current, pace.maturity.target) == (2, 3)
    assert single.maturity.current == 1


def test_quick_wins_fit_the_channels():
    online = planner.team_plan(make_profile(channels="e-commerce, social media"))
    assert "Click & collect".lower() not in " ".join(w.title.lower() for w in online.quick_wins)
    kb = load_knowledge()
    stores = planner.team_plan(make_profile(channels="stores, e-commerce"))
    fitting = {w.name("en") for w in kb.quick_wins}
    assert {w.title for w in stores.quick_wins} <= fitting


def test_rollout_follows_the_method():
    plan = planner.team_plan(make_profile())
    kb = load_knowledge()
    assert [(p.weeks_min, p.weeks_max) for p in plan.rollout] == [
        (p.weeks_min, p.weeks_max) for p in sorted(kb.phases, key=lambda p: p.number)]
    assert 5 <= plan.pilot.team_size <= 8 and len(plan.pilot.members) == plan.pilot.team_size
    assert {k.key for k in plan.kpis} >= {"clv", "nps", "cross_channel_conversion", "customer_effort_score"}


@pytest.mark.parametrize("lang", ["en", "pl"])
@pytest.mark.parametrize("profile", [SHOP, FASHION, ELECTRONICS])
def test_plans_validate_in_both_languages(profile, lang):
    bundle = planner.plan(make_profile(**profile, language=lang), "both")
    assert TeamPlan.model_validate(bundle.team.model_dump()) == bundle.team
    assert SkillsPlan.model_validate(bundle.skills.model_dump()) == bundle.skills
    assert bundle.team.language == lang and bundle.team.provenance.planner == "offline"


def test_polish_plan_is_written_in_polish():
    plan = planner.team_plan(make_profile(**FASHION, language="pl"))
    kb = load_knowledge()
    assert plan.roles[0].title == kb.role("omnichannel_manager").title("pl")
    assert "model" in plan.summary and "Pierwsze 90 dni" in plan.summary


def test_planner_is_deterministic():
    profile = make_profile(**ELECTRONICS)
    assert planner.plan(profile, "both") == OfflinePlanner().plan(profile, "both")


def test_skills_plan_orders_by_impact_and_follows_the_goal():
    plan = planner.skills_plan(make_profile(channels="call centre, social media", team_size=15, team_level="junior",
                                            quarterly_goal="raise NPS and cut response time"))
    scores = [s.cx_impact + s.roi_impact for s in plan.skills]
    assert scores == sorted(scores, reverse=True)
    assert sorted(s.skill for s in plan.skills) == sorted(SkillKey)
    top = {p.skill for p in plan.top3}
    assert top & {SkillKey.active_listening, SkillKey.realtime_time_management}
    assert "cohorts" in plan.summary
    assert any("SLA" in w.title for w in plan.quick_wins_30d)
    assert any("junior" in r.risk.lower() for r in plan.risks)


def test_skills_plan_changes_with_the_goal():
    sales = planner.skills_plan(make_profile(quarterly_goal="grow cross-sell revenue and basket value"))
    service = planner.skills_plan(make_profile(quarterly_goal="raise customer satisfaction (NPS)"))
    assert [p.skill for p in sales.top3] != [p.skill for p in service.top3]
    assert SkillKey.cross_upselling in {p.skill for p in sales.top3}


def test_make_planner_defaults_to_offline_without_configuration():
    assert isinstance(make_planner(), OfflinePlanner)


@pytest.mark.parametrize("employees, pilot", [(1, 1), (3, 3), (12, 5), (20, 5)])
def test_micro_companies_get_hats_not_hires(employees, pilot):
    plan = planner.team_plan(make_profile(employees=employees, channels="e-commerce, social media"))
    assert sum(r.fte for r in plan.roles) <= max(0.12 * employees, 0.05 * len(plan.roles)) + 1e-9
    assert rules(plan).get("team_size") == "R-RL-8"
    assert plan.pilot.team_size == pilot
    assert rules(plan)["pilot"] == ("R-PI-2" if employees < 5 else "R-PI-1")


def test_small_company_keeps_its_fte():
    plan = planner.team_plan(make_profile(employees=120))
    assert "team_size" not in rules(plan)


def test_a_skill_the_challenge_names_rises_into_the_top_three():
    plain = planner.skills_plan(make_profile(challenge="the team lacks omnichannel skills"))
    named = planner.skills_plan(make_profile(challenge="brakuje nam kompetencji analitycznych", language="pl"))
    assert SkillKey.data_analytics in {p.skill for p in named.top3}
    assert [p.skill for p in plain.top3] != [p.skill for p in named.top3]
    assert "R-SK-1" in rules(named).values()


def test_sla_quick_win_is_not_repeated_when_the_time_skill_tip_already_sets_slas():
    plan = planner.skills_plan(make_profile(channels="call centre, social media", quarterly_goal="cut response time"))
    assert SkillKey.realtime_time_management in {p.skill for p in plan.top3}
    assert sum("SLA" in w.title for w in plan.quick_wins_30d) == 1
