"""The offline planner reasons over the profile: every rule branch, both languages, every kind of company."""

from __future__ import annotations

import re

import pytest

from assistant.consistency import skills_problems, team_problems
from assistant.knowledge import load_knowledge
from assistant.planners import OfflinePlanner, make_planner
from assistant.plans import SkillsPlan, TeamPlan
from assistant.reading.traits import size_band
from assistant.terms import OperatingModel, SkillKey
from assistant.words.wording import count
from tests.helpers import make_profile

planner = OfflinePlanner()
kb = load_knowledge()

SHOP = dict(
    employees=40,
    industry="online cosmetics shop",
    channels="e-commerce, social media",
    challenge="marketing and customer service pursue different goals and KPIs",
)
FASHION = dict(
    employees=300,
    industry="fashion retail",
    channels="stores, e-commerce",
    challenge="no shared customer data: the store POS and the online shop live in separate systems",
)
ELECTRONICS = dict(
    employees=5000,
    industry="consumer electronics",
    channels="stores, e-commerce, mobile app, marketplace, call centre",
    challenge="entrenched departments work in silos and resist change",
)
BANK = dict(
    employees=8000,
    industry="retail bank",
    channels="branches, mobile app, call centre, online banking",
    challenge="branches and digital are judged on different targets, so they work against each other",
)
POTTERY = dict(
    employees=3,
    industry="pracownia ceramiki",
    channels="Etsy, Instagram, targi rękodzieła",
    challenge="Zamówienia z Insta giną w DM-ach",
    language="pl",
)


def rules(plan) -> dict[str, str]:
    return {d.topic: d.rule for d in plan.rationale}


def text_of(plan: TeamPlan) -> str:
    return plan.model_dump_json(exclude={"profile"})


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
    assert len({p.brief.diagnosis for p in (shop, fashion, electronics)}) == 3


@pytest.mark.parametrize(
    "profile, model, rule",
    [
        (dict(employees=40), OperatingModel.centralized, "R-OM-1"),
        (dict(employees=600, channels="stores, e-commerce"), OperatingModel.centralized, "R-OM-2"),
        (dict(employees=600, channels="stores, e-commerce, app, marketplace"), OperatingModel.hybrid, "R-OM-3"),
        (dict(employees=3000, challenge="silosy i opór działów"), OperatingModel.hybrid, "R-OM-4"),
        (
            dict(
                employees=3000,
                industry="franchise network of fashion stores",
                challenge="attribution of sales between channels",
            ),
            OperatingModel.decentralized,
            "R-OM-5",
        ),
        (dict(employees=3000, challenge="we cannot attribute online-to-store sales"), OperatingModel.hybrid, "R-OM-6"),
        (
            dict(employees=1800, industry="regional transit authority", challenge="attribution disputes"),
            OperatingModel.hybrid,
            "R-OM-6",
        ),
    ],
)
def test_operating_model_rules(profile, model, rule):
    plan = planner.team_plan(make_profile(**profile))
    assert plan.operating_model.model == model
    assert rules(plan)["operating_model"] == rule
    assert len(plan.operating_model.reasons) >= 2


def test_reasons_are_tied_to_the_profile():
    plan = planner.team_plan(make_profile(**ELECTRONICS))
    assert "5,000 people" in " ".join(plan.operating_model.reasons)
    plan = planner.team_plan(make_profile(**SHOP))
    assert "40 people" in plan.operating_model.reasons[0]
    assert "e-commerce and social media" in text_of(plan)  # named in full once, "your channels" after


def test_forced_model_is_labelled_and_remembers_the_rules_choice():
    plan = OfflinePlanner(force_model="decentralized").team_plan(make_profile(**FASHION))
    assert plan.operating_model.model == OperatingModel.decentralized
    assert rules(plan)["operating_model"] == "R-OM-forced"
    assert "centralised" in plan.operating_model.reasons[1]
    assert "department_coordinator" in {r.key for r in plan.roles}
    assert not team_problems(plan, plan.profile)


@pytest.mark.parametrize(
    "challenge, key",
    [
        ("each department works in its own silo", "silos"),
        ("brak wspólnych danych o klientach, dane rozproszone w systemach", "no_shared_data"),
        ("działy mają różne cele i KPI", "conflicting_goals"),
        ("who gets credit for a sale: attribution between online and stores", "attribution"),
        ("walka o budżety między działami", "budgets"),
        ("digital wants to move fast while stores need time to adapt", "pace_of_change"),
        ("zarząd nie wspiera zmian, działy stawiają opór", "resistance"),
        ("the team lacks omnichannel skills and competences", "skills_gap"),
    ],
)
def test_the_stated_challenge_drives_the_first_90_days(challenge, key):
    """The first action answers the problem in the client's own words: the method's action for it, or,
    where the client names the process that breaks, the trace of that process."""
    plan = planner.team_plan(make_profile(challenge=challenge))
    first = plan.first_90_days[0]
    fitting = [a.title("en").split(" ")[:3] for a in kb.challenge(key).actions if a.when.min_employees <= 300]
    by_process = rules(plan)["first_90_days"] == "R-AC-2"
    assert (first.title.split(" ")[:3] == fitting[0], by_process) in {(True, False), (False, True)}


@pytest.mark.parametrize(
    "challenge",
    ["brak wspólnych danych o klientach, dane rozproszone w systemach", "działy mają różne cele i KPI"],
)
def test_the_first_action_quotes_the_clients_words(challenge):
    first = planner.team_plan(make_profile(challenge=challenge)).first_90_days[0]
    assert challenge[:20].lower() in first.addresses.lower()


def test_no_recognised_challenge_is_said_plainly_and_starts_with_a_diagnosis():
    plan = planner.team_plan(make_profile(challenge="hmm, hard to say, the board just read about omnichannel"))
    assert rules(plan)["challenge"] == "R-CH-0"
    assert plan.first_90_days[0].title.startswith("Diagnose where customers switch")
    assert "No specific collaboration problem was recognised" in plan.summary
    assert "departments work in silos" not in plan.summary.lower()


def test_a_process_read_without_a_problem_states_the_problem_it_implies_in_the_client_s_words():
    plan = planner.team_plan(make_profile(challenge="rezerwacje przez Booksy i telefon", language="pl"))
    challenge = next(d for d in plan.rationale if d.topic == "challenge")
    assert (challenge.decision, challenge.because) == (
        "brak wspólnych danych o klientach",
        "słowami firmy: „rezerwacje przez Booksy i telefon”",
    )


def test_the_process_behind_the_first_actions_is_named_in_the_plan_s_language():
    plan = planner.team_plan(make_profile(challenge="zamowienia z insta gina", language="pl"))
    assert rules(plan)["first_90_days"] == "R-AC-2"
    assert next(d.because for d in plan.rationale if d.rule == "R-AC-2") == "zamówienia"


def test_a_named_process_carries_the_three_actions():
    plan = planner.team_plan(make_profile(challenge="silos between departments and no shared customer data"))
    first, _, last = plan.first_90_days
    assert ("customer data" in first.title, "customer data" in last.title) == (True, True)


def test_the_channel_heads_are_one_line_naming_every_channel():
    plan = planner.team_plan(make_profile(channels="stores, marketplace, vending machines"))
    assert len([r for r in plan.roles if r.key == "channel_manager"]) == 1


@pytest.mark.parametrize(
    "employees, expected",
    [
        (3, "micro"),
        (9, "micro"),
        (10, "small"),
        (49, "small"),
        (50, "medium"),
        (249, "medium"),
        (250, "large"),
        (9999, "large"),
        (10_000, "enterprise"),
    ],
)
def test_size_bands_follow_the_statutory_limits(employees, expected):
    assert size_band(employees) == expected


def test_data_challenge_adds_analyst_capacity():
    base = planner.team_plan(make_profile(employees=600, challenge="silos"))
    data = planner.team_plan(make_profile(employees=600, challenge="no shared data between systems"))
    analyst = lambda p: next(r.fte for r in p.roles if r.key == "data_analyst")  # noqa: E731
    assert analyst(data) > analyst(base)


def test_a_skills_gap_brings_the_learning_partner():
    gap = planner.team_plan(make_profile(employees=100, challenge="brakuje kompetencji omnichannel w zespole"))
    assert "learning_partner" in {r.key for r in gap.roles}


def test_a_small_firm_without_a_skills_gap_has_no_learning_partner():
    assert "learning_partner" not in {r.key for r in planner.team_plan(make_profile(employees=100)).roles}


def test_budget_conflict_in_a_centralized_company_gets_a_monthly_steering_meeting():
    plan = planner.team_plan(make_profile(employees=120, challenge="constant fights over budgets"))
    assert "steering meeting" in plan.operating_model.coordination


def test_a_steering_committee_is_never_a_role():
    plan = planner.team_plan(make_profile(employees=5000, challenge="constant fights over budgets"))
    assert "steering_committee" not in {r.key for r in plan.roles}


def test_maturity_is_read_from_what_the_company_said():
    silo = planner.team_plan(make_profile(challenge="silos"))
    pace = planner.team_plan(make_profile(challenge="different pace of change: digital vs stores"))
    single = planner.team_plan(make_profile(channels="e-commerce", challenge="different pace of change"))
    okrs = planner.team_plan(
        make_profile(challenge="we have shared OKRs, but stores and e-commerce fight over budgets")
    )
    zero = planner.team_plan(make_profile(challenge="budget fights, and zero shared customer data"))
    assert (silo.maturity.current, silo.maturity.target) == (1, 2)
    assert (pace.maturity.current, pace.maturity.target) == (2, 3)
    assert single.maturity.current == 1
    assert okrs.maturity.current == 2
    assert zero.maturity.current == 1
    for plan in (silo, pace):  # timing said once, consistently with the article
        said = " ".join(plan.maturity.reasons)
        assert "within 12 months" not in said
        assert ("12–24 months" in said) == (plan.maturity.target == 3)


def test_quick_wins_fit_the_channels_and_the_offer():
    online = planner.team_plan(make_profile(channels="e-commerce, social media"))
    assert "click & collect" not in text_of(online).lower()
    bank = planner.team_plan(make_profile(**BANK))
    said = text_of(bank).lower()
    for goods_only in ("click & collect", "inventory", "product category", "store"):
        assert goods_only not in said, goods_only
    assert "branches" in said


def test_a_practice_already_running_is_not_proposed_again():
    pharmacy = planner.team_plan(
        make_profile(
            employees=400,
            industry="sieć aptek",
            channels="apteki, e-apteka z odbiorem w aptece, aplikacja",
            challenge="marketing i apteki grają do różnych bramek",
            language="pl",
        )
    )
    assert "click_and_collect" in pharmacy.profile.in_place
    assert "click & collect" not in " ".join(w.title.lower() for w in pharmacy.quick_wins)
    assert pharmacy.maturity.current == 2


def test_micro_firms_get_hats_a_whole_team_pilot_and_no_board():
    plan = planner.team_plan(make_profile(**POTTERY))
    said = text_of(plan)
    assert len(plan.roles) == 3 and sum(r.fte for r in plan.roles) <= 0.15 * 3 + 1e-9
    assert plan.roles[0].title == "Lider omnichannel (właściciel)"
    assert plan.pilot.team_size == 3 and "50-70%" not in said
    for absent in ("Zarząd", "zarząd", "komitet sterujący", "5–8", "5-8", "dyrektor", "Dyrektor"):
        assert absent not in said, absent
    assert plan.roles[0].reports_to == "Właściciel"
    assert "Zamówienia z Insta giną w DM-ach" in plan.first_90_days[0].addresses
    assert not team_problems(plan, plan.profile)


@pytest.mark.parametrize("employees", [10, 20, 45])
def test_small_firms_give_a_sensible_share_of_their_people(employees):
    plan = planner.team_plan(make_profile(employees=employees, channels="stores, e-commerce, social media, app"))
    assert sum(r.fte for r in plan.roles) <= 1.2  # under 50 people: about one person's time, shared


@pytest.mark.parametrize("employees", [10, 20, 45])
def test_a_small_team_pilots_itself(employees):
    plan = planner.team_plan(make_profile(employees=employees, channels="stores, e-commerce, social media, app"))
    assert "50-70%" not in plan.pilot.time_share


def test_team_fte_grows_continuously_with_size():
    sizes = [50, 150, 230, 250, 270, 600, 999, 1000, 1100, 5000, 20_000, 200_000]
    fte = [
        round(
            sum(
                r.fte
                for r in planner.team_plan(
                    make_profile(employees=n, channels="stores, e-commerce, app, marketplace", challenge="silos")
                ).roles
            ),
            2,
        )
        for n in sizes
    ]
    assert fte == sorted(fte)
    assert len(set(fte[-3:])) == 3  # 5,000, 20,000 and 200,000 people are not planned alike
    for (n1, f1), (n2, f2) in zip(zip(sizes, fte, strict=True), zip(sizes[1:], fte[1:], strict=True), strict=False):
        if n2 <= 1.2 * n1:
            assert f2 - f1 <= 0.25 * f1 + 1.0, (n1, f1, n2, f2)  # no cliff between neighbours


def test_enterprise_coordinators_follow_units_not_channels():
    units = planner.team_plan(
        make_profile(
            employees=40_000,
            industry="grocery group with 6 brands in 4 countries",
            channels="stores, e-commerce, app, marketplace, call centre, social media",
            challenge="silos",
        )
    )
    coordinator = next(r for r in units.roles if r.key == "department_coordinator")
    assert "6" in coordinator.why and "channel" not in coordinator.why
    plain = planner.team_plan(make_profile(employees=40_000, channels="stores, e-commerce", challenge="silos"))
    wide = planner.team_plan(
        make_profile(employees=40_000, channels="stores, e-commerce, app, marketplace, call centre", challenge="silos")
    )
    count = lambda p: next(r.why for r in p.roles if r.key == "department_coordinator")  # noqa: E731
    assert count(plain) == count(wide)


def test_rollout_follows_the_method():
    plan = planner.team_plan(make_profile())
    assert [(p.weeks_min, p.weeks_max) for p in plan.rollout] == [
        (p.weeks_min, p.weeks_max) for p in sorted(kb.phases, key=lambda p: p.number)
    ]
    assert 5 <= plan.pilot.team_size <= 8
    assert {k.key for k in plan.kpis} >= {"clv", "nps", "cross_channel_conversion", "customer_effort_score"}


@pytest.mark.parametrize("lang", ["en", "pl"])
@pytest.mark.parametrize("profile", [SHOP, FASHION, ELECTRONICS, BANK])
def test_plans_validate_and_hold_together_in_both_languages(profile, lang):
    bundle = planner.plan(make_profile(**{**profile, "language": lang}), "both")
    assert TeamPlan.model_validate(bundle.team.model_dump()) == bundle.team
    assert SkillsPlan.model_validate(bundle.skills.model_dump()) == bundle.skills
    assert bundle.team.language == lang and bundle.team.provenance.planner == "offline"
    assert team_problems(bundle.team, bundle.team.profile) == []
    assert skills_problems(bundle.skills, bundle.skills.profile) == []


def test_polish_text_uses_polish_plurals_and_numbers():
    plan = planner.team_plan(make_profile(**{**ELECTRONICS, "employees": 22_000, "language": "pl"}))
    said = text_of(plan)
    assert count(sum(r.fte for r in plan.roles), "fte", "pl") in plan.summary
    assert count(2.5, "fte", "pl") == "2,5 etatu" and count(5, "fte", "pl") == "5 etatów"
    assert "22\u202f000 osób" in said
    assert not re.search(r"\d\.\d\s*etat", said)
    assert "(s)" not in said and "(ów)" not in said and "kanał(" not in said
    small = planner.team_plan(make_profile(employees=22, language="pl"))
    assert "22 osoby" in text_of(small) and "22 osób" not in text_of(small)


def test_no_doubled_words_or_leaked_punctuation():
    plan = planner.team_plan(make_profile(channels="stores, Targ Śniadaniowy), click & collect,", language="en"))
    said = plan.summary + " ".join(a.title for a in plan.first_90_days)
    assert not re.search(r"\b(\w+) \1\b", said, re.I)
    assert plan.profile.other_channels == ["Targ Śniadaniowy"] and "click_and_collect" in plan.profile.in_place
    assert "Śniadaniowy))" not in text_of(plan) and "click," not in text_of(plan)


def test_planner_is_deterministic():
    profile = make_profile(**ELECTRONICS)
    assert planner.plan(profile, "both") == OfflinePlanner().plan(profile, "both")


def test_skills_plan_orders_by_impact_and_follows_the_goal():
    plan = planner.skills_plan(
        make_profile(
            channels="call centre, social media",
            team_size=15,
            team_level="junior",
            quarterly_goal="raise NPS and cut response time",
        )
    )
    scores = [s.cx_impact + s.roi_impact for s in plan.skills]
    assert scores == sorted(scores, reverse=True)
    assert sorted(s.skill for s in plan.skills) == sorted(SkillKey)
    top = {p.skill for p in plan.top3}
    assert top & {SkillKey.active_listening, SkillKey.realtime_time_management}
    assert "groups of 8–12" in plan.summary
    assert any("SLA" in w.title for w in plan.quick_wins_30d)
    assert any("junior" in r.risk.lower() for r in plan.risks)


@pytest.mark.parametrize(
    "goal, skill",
    [
        ("answer every booking within one hour", SkillKey.realtime_time_management),
        ("+10% basket value", SkillKey.cross_upselling),
        ("odpowiadać na każdą rezerwację w ciągu godziny", SkillKey.realtime_time_management),
        ("grow cross-sell revenue and basket value", SkillKey.cross_upselling),
    ],
)
def test_the_quarters_goal_always_reaches_the_top_three(goal, skill):
    plan = planner.skills_plan(
        make_profile(
            channels="stores, e-commerce, social media", quarterly_goal=goal, challenge="silos and no shared data"
        )
    )
    assert skill in {p.skill for p in plan.top3}
    scores = [s.cx_impact + s.roi_impact for s in plan.skills]
    assert scores == sorted(scores, reverse=True)


def test_every_contact_channel_gets_its_sla():
    plan = planner.skills_plan(make_profile(channels="call centre, social media, e-commerce, app"))
    sla = next(w.title for w in plan.quick_wins_30d if "SLA" in w.title)
    for name in ("call centre", "social media", "e-commerce", "mobile app"):
        assert name in sla


def test_microlearning_cases_use_the_company_s_own_channels():
    tattoo = planner.skills_plan(
        make_profile(employees=4, industry="tattoo studio", channels="Instagram, Booksy, studio")
    )
    bank = planner.skills_plan(make_profile(**BANK))
    assert tattoo.microlearning[0].case != bank.microlearning[0].case
    assert "social media" in tattoo.microlearning[0].case and "branches" in bank.microlearning[0].case
    assert "basket" not in bank.microlearning[1].case


def test_make_planner_defaults_to_offline_without_configuration():
    assert isinstance(make_planner(), OfflinePlanner)


def test_a_skill_the_challenge_names_rises_into_the_top_three():
    plain = planner.skills_plan(make_profile(challenge="the team lacks omnichannel skills"))
    named = planner.skills_plan(make_profile(challenge="brakuje nam kompetencji analitycznych", language="pl"))
    assert SkillKey.data_analytics in {p.skill for p in named.top3}
    assert [p.skill for p in plain.top3] != [p.skill for p in named.top3]
    assert "R-SK-1" in rules(named).values()


def test_top_reasons_do_not_repeat_themselves():
    plan = planner.skills_plan(make_profile(channels="call centre, social media", quarterly_goal="cut response time"))
    for top in plan.top3:
        parts = [p.strip().lower() for p in top.reason.split(";")]
        assert len(parts) == len(set(parts)) <= 2


def test_the_plan_follows_the_profile_language_when_none_is_given():
    from assistant.profile import build_profile

    polish = build_profile(
        {
            "employees": 40,
            "industry": "apteki",
            "channels": "apteki, sklep internetowy",
            "challenge": "marketing i apteki grają do różnych bramek",
        }
    )
    english = build_profile(
        {
            "employees": 40,
            "industry": "pharmacies",
            "channels": "stores, web shop",
            "challenge": "marketing and the pharmacies pull in different directions",
        }
    )
    assert planner.team_plan(polish).language == "pl" and planner.team_plan(english).language == "en"


@pytest.mark.parametrize("employees, body", [(5000, "the board"), (40, "the managing director")])
def test_the_manager_reports_to_the_top_of_a_firm_this_size(employees, body):
    plan = planner.team_plan(make_profile(employees=employees))
    assert f"Reports directly to {body}" in " ".join(plan.roles[0].responsibilities)


def test_the_skills_plan_names_outlets_by_the_sectors_own_word():
    profile = make_profile(
        employees=400,
        industry="sieć aptek",
        channels="apteki, sklep internetowy, call center",
        challenge="działy pracują w silosach",
        language="pl",
        team_size=12,
    )
    skills = planner.skills_plan(profile)
    text = skills.model_dump_json()
    assert "apteki" in text and "sklepy stacjonarne" not in text


def test_an_unsure_reading_is_stated_among_the_plan_s_assumptions():
    plan = planner.team_plan(
        make_profile(challenge="Klienci piszą na Insta i umawiają się przez Booksy", language="pl")
    )
    assert plan.brief is not None
    assert any(a.startswith("Problem odczytano z niewielką pewnością") for a in plan.brief.assumptions)


def test_a_sure_reading_assumes_nothing_about_the_problem():
    plan = planner.team_plan(make_profile(challenge="stores and e-commerce compete for the same customers"))
    assert plan.brief is not None and not any("little certainty" in a for a in plan.brief.assumptions)


def test_the_summary_names_the_channels_though_the_plan_named_them_before():
    plan = planner.team_plan(
        make_profile(employees=3, industry="kwiaciarnia", channels="instagram, sklep", language="pl")
    )
    assert "obsługuje klientów w kanałach: social media i sklepy stacjonarne." in plan.summary


def test_a_complaint_is_followed_to_its_resolution_not_to_a_delivery():
    plan = planner.skills_plan(
        make_profile(
            employees=30,
            industry="electronics shop",
            channels="store, online shop",
            challenge="complaints get lost between the shop and the online team",
        )
    )
    said = plan.model_dump_json()
    assert ("to delivery" in said, "from first contact to its resolution" in said) == (False, True)
