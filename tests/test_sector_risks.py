"""Risks chosen by the sector, the channel, the country and the process the diagnosis reads, and the process's own
risk before a generic one."""

from __future__ import annotations

from assistant.knowledge.practice import load_practice
from assistant.planners import OfflinePlanner
from assistant.planners.fit import named_in, risk_words
from tests.helpers import make_profile

planner = OfflinePlanner()


def keys(**profile) -> set[str | None]:
    plan = planner.team_plan(make_profile(**profile))
    assert plan.brief is not None
    return {r.key for r in plan.brief.risks}


def plan_risks(**profile) -> str:
    return " ".join(r.risk for r in planner.team_plan(make_profile(**profile)).risks)


POLISH_PROMOTIONS = dict(
    employees=800,
    industry="sieć drogerii",
    channels="drogerie, e-sklep, aplikacja",
    challenge="Promocje z aplikacji nie działają na kasach, bo marketing i e-commerce mają osobne kalendarze promocji.",
    language="pl",
)


def test_a_polish_retailers_promotions_bring_the_omnibus_price_rule():
    assert "omnibus_prices" in keys(**POLISH_PROMOTIONS)


def test_the_omnibus_rule_needs_prices_or_promotions_to_be_what_breaks():
    assert "omnibus_prices" not in keys(
        **{**POLISH_PROMOTIONS, "challenge": "Zwroty z e-sklepu nie są przyjmowane w drogeriach."}
    )


def test_a_uk_telecom_names_ofcom_instead_of_the_general_rule():
    found = keys(
        employees=900,
        industry="broadband provider",
        channels="stores, app, call centre",
        company="Fibreway plc",
        challenge="Home-move orders started in the app are invisible to the contact centre.",
    )
    assert ("ofcom_rules" in found, "telecom_consumer_rules" in found) == (True, False)


def test_a_meat_producer_whose_orders_break_names_haccp_and_the_cold_chain():
    assert "food_traceability" in keys(
        employees=80,
        industry="masarnia z własnymi sklepami",
        channels="sklepy, sklep online",
        challenge="Zamówienia od restauracji handlowcy zapisują w zeszycie, a sklep online ma osobną listę.",
        language="pl",
    )


def test_an_optician_names_the_prescription_that_must_travel_with_the_order():
    assert "prescriptions" in keys(
        employees=300,
        industry="optician chain",
        channels="stores, webshop, app",
        challenge="Glasses ordered online reach the store without the prescription notes.",
    )


def test_a_marketplace_seller_whose_stock_breaks_watches_its_account_health():
    assert "marketplace_account_health" in keys(
        employees=35,
        industry="sock brand, online only",
        channels="webshop, Amazon, Allegro",
        challenge="Stock syncs every 4 hours, so we oversell on Amazon and cancel orders.",
    )


def test_a_university_is_not_told_its_students_are_minors():
    assert "minors_data" not in keys(
        employees=4000,
        industry="public university",
        channels="website, hotline, social media",
        challenge="Applicants get different answers about entry requirements from the hotline and social media.",
    )


def test_a_process_that_breaks_brings_its_own_risk_before_data_quality():
    text = plan_risks(
        employees=300,
        challenge="Online orders reach the stores late, so customers collect nothing.",
    )
    assert "Orders keep arriving outside the one order log" in text and "Poor data quality" not in text


def test_a_stated_customer_data_problem_keeps_the_data_quality_risk():
    assert "Poor data quality" in plan_risks(employees=300, challenge="each channel keeps its own customer records")


US_BANK = dict(
    employees=2000,
    industry="bank",
    channels="branches, mobile app, call center",
    challenge="we can't merge customer data across branches and the app",
)


def test_a_us_bank_is_told_of_us_privacy_law_not_the_gdpr():
    text = plan_risks(**US_BANK)
    assert ("CCPA" in text, "GDPR" in text) == (True, False)


def test_a_us_bank_is_not_told_to_consult_a_works_council():
    assert not {"works_council", "union_consultation"} & keys(**US_BANK)


ETSY_STOCK = dict(
    employees=15,
    industry="quilting fabric retailer",
    channels="one shop, webstore, marketplace",
    challenge="Fabric sold in the shop has often already sold on etsy, so we cancel orders for missing stock.",
)


def _marketplace_risk(**profile) -> str:
    plan = planner.team_plan(make_profile(**profile))
    return next(r.risk for r in plan.brief.risks if r.key == "marketplace_account_health")


def test_the_marketplace_risk_names_the_marketplace_the_client_names():
    assert "seller rating on Etsy," in _marketplace_risk(**ETSY_STOCK)


def test_the_marketplace_risk_names_no_marketplace_the_client_does_not_name():
    assert "Amazon" not in _marketplace_risk(**ETSY_STOCK)


def test_a_sector_risk_says_its_generic_noun_where_the_client_names_none_of_its_words():
    risk = next(r for r in load_practice().sector_risks if r.key == "marketplace_account_health")
    assert "seller rating on the marketplaces," in risk_words(risk, make_profile(), "en")[0]


def test_a_name_the_client_writes_in_lowercase_is_shown_with_a_capital():
    assert named_in(["amazon", "allegro"], "we sell on allegro and the shop") == ["Allegro"]
