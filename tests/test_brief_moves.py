"""The brief's actions follow what the client says breaks: the fix first where the client names how it breaks,
a trace first where not; each move names the time the client names; quick wins fit what the client has."""

from __future__ import annotations

from assistant.planners import OfflinePlanner
from assistant.planners.moves import short_item, time_window
from tests.helpers import make_profile

planner = OfflinePlanner()
CLINIC = dict(
    employees=28,
    industry="physiotherapy clinics",
    channels="4 clinics, website, phone",
    challenge="Appointments booked online and by phone clash. Cancellations made online after 6pm are missed and "
    "the slot stays empty.",
    language="en",
)


def titles(**profile: object) -> list[str]:
    brief = planner.team_plan(make_profile(**profile)).brief
    assert brief is not None
    return [a.title for a in brief.actions]


def test_a_client_who_says_how_it_breaks_gets_the_fix_first():
    assert titles(**CLINIC)[0] == "One calendar for appointments that every channel books into"


def test_a_process_named_without_how_it_breaks_is_traced_first():
    vague = {**CLINIC, "challenge": "Appointments booked online and by phone are a mess for us."}
    assert titles(**vague)[0].startswith("Trace twenty recent cases of appointments")


def test_the_move_names_the_time_the_client_names():
    assert "Put every cancellation after 6pm into the calendar of record" in " ".join(titles(**CLINIC))


def test_a_weekday_is_read_as_the_time_it_breaks_in_polish():
    assert time_window("W efekcie w piątki brakuje kiełbasy w sklepach", "pl") == " w piątki"


def test_a_sync_rhythm_is_not_the_time_it_breaks():
    assert time_window("Stany synchronizują się co 4 godziny", "pl") == ""


def test_a_shortage_between_channels_gets_a_reservation_per_channel():
    butcher = dict(
        employees=78,
        industry="rodzinna masarnia z własnymi sklepami",
        channels="9 sklepów, dostawy do restauracji, sklep online",
        challenge="Zamówienia od restauracji handlowcy biorą na telefon, sklep online ma osobną listę. W piątki "
        "brakuje towaru w sklepach, bo poszedł do restauracji.",
        language="pl",
    )
    assert any("jaka część towaru jest zarezerwowana dla każdego kanału w piątki" in t for t in titles(**butcher))


def test_a_firm_without_it_is_not_told_to_connect_its_systems():
    tiny = {**CLINIC, "employees": 3}
    wins = planner.team_plan(make_profile(**tiny)).quick_wins
    assert [w.title for w in wins] == ["One shared log of requests"]


def test_a_loyalty_programme_is_not_offered_to_a_client_that_runs_one():
    chain = dict(
        employees=1500,
        industry="sieć drogerii",
        channels="140 drogerii, e-sklep, aplikacja z programem lojalnościowym",
        challenge="Promocje nie działają w części drogerii, bo kasy dostają cenniki z opóźnieniem.",
        language="pl",
    )
    wins = planner.team_plan(make_profile(**chain)).quick_wins
    assert "Wielokanałowy program lojalnościowy" not in [w.title for w in wins]


def test_stock_levels_are_practised_on_the_orders_they_break_not_answered():
    online = dict(
        employees=35,
        industry="marka skarpet, sprzedaż tylko online",
        channels="sklep internetowy, Allegro, Amazon, obsługa klienta na czacie",
        challenge="Stany magazynowe synchronizują się co 4 godziny, więc sprzedajemy towar, którego już nie ma.",
        quarterly_goal="skrócić czas odpowiedzi na czacie do 1 godziny",
        language="pl",
    )
    actions = planner.skills_plan(make_profile(**online)).brief.actions
    assert not [a.title for a in actions if "odpowiedzi na stany" in a.title]


def test_a_refund_that_waits_for_the_warehouse_starts_on_receipt():
    shop = dict(
        employees=45,
        industry="bicycle retailer",
        channels="3 stores, webshop, phone",
        challenge="Customers who return a bike bought online to a store wait weeks for their money, because the store "
        "sends the return to the warehouse first.",
        language="en",
    )
    assert "Start the refund when any channel receives the returned item" in " ".join(titles(**shop))


def test_people_who_are_short_are_no_product_to_reserve():
    assert short_item("Brakuje nam ludzi w sklepach", "pl") is None


def test_the_product_that_runs_short_is_named():
    assert short_item("On Saturdays we run out of rolls in the stores", "en") == "rolls"


def test_data_not_counted_case_by_case_is_traced_as_its_changes():
    data = dict(
        employees=35, industry="fitness clubs", channels="clubs, app", challenge="Our customer data is scattered."
    )
    assert titles(**data)[0].startswith("Trace twenty recent changes to customer data")


def test_data_not_counted_case_by_case_is_traced_as_its_changes_in_polish():
    data = dict(
        employees=35,
        industry="kluby fitness",
        channels="kluby, aplikacja",
        challenge="Dane klientów są rozproszone.",
        language="pl",
    )
    assert titles(**data)[0].startswith("Prześledźcie 20 ostatnich zmian danych klientów")
