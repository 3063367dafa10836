"""Follow-ups and questions in the chat: a correction updates its fact only, a question is answered and
changes nothing stored, a "what if" sits beside the plan, and an unsure reading is asked about once,
with its choices as buttons (offline planner, through the session)."""

from __future__ import annotations

import pytest

from assistant.chat.extract import extract
from assistant.chat.replies import Reply
from assistant.chat.session import Session
from assistant.planners import OfflinePlanner
from assistant.planners.brief import money
from assistant.planners.scenarios import Comparison
from assistant.words.text import lower_first
from assistant.words.wording import count
from ui import handlers

PLANNER = OfflinePlanner()
MESSY = "hej mamy 3 osoby sklep z ubraniami na allegro i insta, zamowienia z insta gina"
FLORIST = "hej mamy 3 osoby kwiaciarnia, insta i allegro, zamowienia z insta gina"
SHOP_AND_ONLINE = "Sklep z ubraniami, 3 osoby, sklep stacjonarny, insta i allegro, zamowienia z insta gina"
PHYSIO = "We're a 40-person physio clinic chain, bookings via Booksy and phone, patients double-booked"


def _chat(session: Session, message: str) -> str:
    return list(session.chat(message, PLANNER))[-1]


def _planned(message: str) -> Session:
    session = Session()
    _chat(session, message)
    assert session.bundle is not None
    return session


def test_a_correction_while_the_industry_is_asked_updates_the_head_count_only():
    session = Session()
    _chat(session, "hej mamy 3 osoby sklep na allegro i insta, zamowienia z insta gina")
    assert session.expecting == "industry"
    _chat(session, "wlasciwie jest nas 5 a nie 3")
    assert session.data["employees"] == 5 and "industry" not in session.data


def test_a_channel_named_while_the_challenge_is_asked_is_added_not_taken_as_the_challenge():
    session = Session()
    _chat(session, "fashion chain, 300 people, stores and e-commerce")
    _chat(session, "we also have an app")
    assert "mobile_app" in session.data["channels"] and "challenge" not in session.data


def test_a_question_before_the_plan_changes_nothing_and_says_what_is_still_needed():
    session = Session()
    _chat(session, "fashion chain, 300 people, stores and e-commerce")
    data = dict(session.data)
    reply = _chat(session, "what about risks?")
    assert session.data == data and session.unclear is None
    assert reply.startswith("I will answer that from the plan once it is ready")


def test_a_cost_question_is_answered_from_the_plan_and_changes_nothing():
    session = _planned(MESSY)
    revision, data = session.revision, dict(session.data)
    reply = _chat(session, "a ile to bedzie kosztowac?")
    assert session.bundle is not None and session.bundle.team is not None
    fte = Comparison.total_fte(session.bundle.team)
    assert f"łącznie {count(fte, 'fte', 'pl')}" in reply
    assert (session.revision, session.data) == (revision, data)


def test_a_polish_what_if_shows_the_scenario_beside_the_plan():
    session = _planned(MESSY)
    _chat(session, "a jakby nas bylo 600?")
    assert session.what_if is not None and session.what_if.b.profile.employees == 600
    assert session.data["employees"] == 3


def test_a_channel_the_profile_has_is_said_to_be_there():
    session = _planned(MESSY)
    assert _chat(session, "dodaj allegro jako kanal").startswith("Te kanały już są: marketplace")


def test_a_complete_opening_gets_a_plan_and_no_question():
    session = Session()
    reply = _chat(session, "Sieć aptek, 300 osób, apteki i sklep internetowy, każdy dział ma własne cele.")
    assert session.bundle is not None and "?" not in reply.split("Gotowe")[0]


def test_an_unsure_reading_gets_one_pointed_question_with_choices():
    session = Session()
    reply = _chat(session, PHYSIO)
    assert session.bundle is None and reply.count("?") == 1
    assert isinstance(reply, Reply) and reply.options == (
        "yes, bookings and appointments",
        "nothing breaks, plan anyway",
        "something else",
    )


def test_a_choice_answered_by_its_number_becomes_the_challenge():
    session = Session()
    _chat(session, PHYSIO)
    _chat(session, "1")
    assert (
        session.bundle is not None
        and session.data["challenge"] == "bookings via Booksy and phone, patients double-booked"
    )


def test_something_else_asks_for_the_problem_in_the_manager_s_words():
    session = Session()
    _chat(session, PHYSIO)
    reply = _chat(session, "something else")
    assert reply == "What goes wrong between your departments or channels, in your own words?"
    assert session.expecting == "challenge" and session.asking is None


def test_the_challenge_is_only_what_the_diagnosis_is_sure_of():
    found = extract("Pracownia tatuażu, jest nas 2. Klienci piszą na Insta i umawiają się przez Booksy.")
    assert "challenge" not in found.fields and found.reading is not None and not found.reading.confident


def test_a_follow_up_order_while_the_industry_is_asked_is_not_the_industry():
    found = extract("dodaj allegro jako kanal", expecting="industry")
    assert "industry" not in found.fields and [c.value for c in found.add_channels] == ["marketplace"]


def test_a_correction_while_the_challenge_is_asked_is_not_the_challenge():
    found = extract("wlasciwie jest nas 5 a nie 3", expecting="challenge")
    assert found.fields == {"employees": 5} and found.unclear_challenge is None


def test_a_question_while_the_pointed_question_stands_asks_it_again_with_its_choices():
    session = Session()
    _chat(session, PHYSIO)
    reply = _chat(session, "what about risks?")
    assert reply.startswith("I will answer that from the plan once it is ready. First: It sounds like bookings")
    assert isinstance(reply, Reply) and reply.options[-1] == "something else"


def test_the_pointed_question_s_choices_are_buttons_on_the_page():
    history: list = []
    *_, (history, _, _, _) = handlers.chat_turn(PLANNER, PHYSIO, history, None)
    assert [o["value"] for o in history[-1]["options"]] == [
        "yes, bookings and appointments",
        "nothing breaks, plan anyway",
        "something else",
    ]


def test_a_trade_noun_in_the_opening_is_the_industry():
    session = Session()
    _chat(session, FLORIST)
    assert session.data["industry"] == "kwiaciarnia"


def test_a_trade_noun_beside_named_channels_adds_no_shop():
    session = Session()
    _chat(session, FLORIST)
    assert session.data["channels"] == ["social_media", "marketplace"]


@pytest.mark.parametrize(
    "answer, name, value",
    [
        ("branza: kwiaciarnia", "industry", "kwiaciarnia"),
        ("Branża - kwiaciarnia", "industry", "kwiaciarnia"),
        ("ludzi: 5", "employees", 5),
    ],
)
def test_a_field_value_answer_stores_the_value_only(answer, name, value):
    session = Session()
    _chat(session, "hej mamy 3 osoby sklep na allegro i insta, zamowienia z insta gina")
    _chat(session, answer)
    assert session.data[name] == value


def test_a_change_of_channels_after_the_plan_says_what_changed():
    session = _planned(SHOP_AND_ONLINE)
    reply = _chat(session, "nie mamy sklepu stacjonarnego, tylko insta i allegro")
    assert "Kanały: sklepy stacjonarne, social media, marketplace → **social media, marketplace**" in reply


def test_a_change_of_channels_after_the_plan_plans_for_the_new_channels():
    session = _planned(SHOP_AND_ONLINE)
    _chat(session, "nie mamy sklepu stacjonarnego, tylko insta i allegro")
    assert session.bundle is not None and session.bundle.team is not None
    assert [c.value for c in session.bundle.team.profile.channels] == ["social_media", "marketplace"]


def test_a_cost_question_gives_the_brief_s_estimate_labelled_as_one():
    session = _planned(MESSY)
    assert session.bundle is not None and session.bundle.team is not None and session.bundle.team.brief is not None
    estimate = session.bundle.team.brief.cost
    assert estimate is not None
    assert f"Koszt pierwszego roku (szacunek): **{money(estimate, 'pl')}**" in _chat(session, "a ile to kosztuje?")


def test_a_cost_answer_names_the_funding_mid_sentence_in_lower_case():
    session = _planned(MESSY)
    assert session.bundle is not None and session.bundle.team is not None
    budget = session.bundle.team.operating_model.budget_model
    assert f"Finansowanie: {lower_first(budget)}" in _chat(session, "a ile to kosztuje?")


def test_a_what_if_head_count_says_the_variant_s_roles_and_fte_instead_of_the_plan_s():
    session = _planned(MESSY)
    _chat(session, "a jakby nas bylo 600?")
    assert session.what_if is not None and session.bundle is not None and session.bundle.team is not None
    plan, variant = session.bundle.team, session.what_if.b
    said = (
        f"**600 osób**: {count(len(variant.roles), 'role', 'pl')} i {count(Comparison.total_fte(variant), 'fte', 'pl')}"
        f" zamiast {count(len(plan.roles), 'role_gen', 'pl')} i {count(Comparison.total_fte(plan), 'fte_gen', 'pl')}"
    )
    assert session.turns[-1][1].startswith(said)
