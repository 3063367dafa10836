"""The chat reads what managers type: scored on 69 openings written independently, plus the behaviours behind it."""

from __future__ import annotations

import pytest

from assistant.chat.extract import extract, fill_from_draft
from assistant.chat.session import Session
from assistant.evals.chat_reading import load_openings, read_opening, score
from assistant.llm.draft import ProfileDraft
from assistant.planners import OfflinePlanner
from assistant.words.vocab import ALL_CHANNELS, Channel

OPENINGS = load_openings()


def test_the_openings_cover_what_managers_type():
    assert len(OPENINGS) >= 60
    assert (
        sum(o.expect.language == "pl" for o in OPENINGS) >= 30
        and sum(o.expect.language == "en" for o in OPENINGS) >= 30
    )
    assert sum(len(o.expect.challenges) > 1 for o in OPENINGS) >= 5
    assert sum(o.expect.employees is None for o in OPENINGS) >= 10


def test_per_field_reading_meets_the_targets():
    scores = score([read_opening(o) for o in OPENINGS])
    assert scores["employees"] >= 0.95 and scores["industry"] >= 0.90 and scores["channels"] >= 0.90
    assert scores["challenge"] >= 0.85 and scores["both_problems"] >= 0.75
    assert scores["needless_questions"] == 0 and scores["asked_when_missing"] == 1.0
    assert scores["language"] == 1.0


@pytest.mark.parametrize("opening", OPENINGS, ids=[o.id for o in OPENINGS])
def test_no_opening_reads_a_stated_problem_as_another(opening):
    reading = read_opening(opening)
    assert reading.right["challenge"], reading.found.fields.get("challenge")


@pytest.mark.parametrize(
    "message, employees, vague",
    [
        ("a 60-person online-only cosmetics brand", 60, None),
        ("We're a 3-person startup", 3, None),
        ("150 employes, stores", 150, None),
        ("~80 ppl, stores", 80, None),
        ("800 Mitarbeitern", 800, None),
        ("300 zaměstnanců", 300, None),
        ("jest nas 2, studio", 2, None),
        ("a few hundred people, stores and web", None, "a few hundred"),
        ("firma na kilkaset osób", None, "kilkaset"),
        ("kilkadziesiąt sklepów i sklep internetowy", None, None),
    ],
)
def test_head_counts_and_vague_sizes(message, employees, vague):
    found = extract(message)
    assert found.fields.get("employees") == employees and found.vague_size == vague


def _chat(session: Session, message: str) -> str:
    return list(session.chat(message, OfflinePlanner()))[-1]


def test_a_vague_size_is_asked_for_in_the_user_s_words():
    reply = _chat(
        Session(),
        "Jesteśmy firmą na kilkaset osób, sieć aptek, apteki i sklep online. Marketing i apteki grają do różnych bramek.",
    )
    assert "„kilkaset”" in reply and reply.count("?") == 1  # one question, naming what is missing


def test_a_short_reply_keeps_the_conversation_s_language():
    session = Session()
    _chat(session, "Cześć, mamy sieć drogerii i sklep internetowy, problem: każdy dział ma swój Excel")
    reply = _chat(session, "300")
    assert session.language == "pl" and "Oto, co zrozumiałem" in reply


def test_all_channels_expand_to_a_stated_set_the_manager_can_correct():
    session = Session()
    _chat(session, "fashion chain, 2000 people, our departments fight over budgets")
    reply = _chat(session, "all of them")
    assert set(session.data["channels"]) == {c.value for c in ALL_CHANNELS}
    assert "tell me which to drop" in reply
    _chat(session, "no call centre")
    assert Channel.call_centre.value not in session.data["channels"]


def test_a_model_s_reading_keeps_only_what_the_message_supports():
    message = "We are a retail chain with 300 people. co robi specjalista CX?"
    draft = ProfileDraft(
        employees="3000",
        industry="women's fashion",
        channels=["stores", "marketplace"],
        challenge="co robi specjalista CX?",
    )
    found = extract("hello")
    filled = fill_from_draft(draft, found, ["employees", "industry", "channels", "challenge"], message)
    assert filled == [] and found.add_channels == []  # no channel is named in the message
    assert "industry" not in found.fields and "challenge" not in found.fields and "employees" not in found.fields
    honest = ProfileDraft(employees="300", industry="retail", channels=["stores"])
    assert fill_from_draft(honest, extract("hi"), ["employees", "industry"], message) == ["employees", "industry"]


def test_an_answer_naming_no_known_problem_gets_one_clarifying_question():
    session = Session()
    _chat(session, "fashion chain, 300 people, stores and e-commerce")
    assert session.expecting == "challenge"
    unclear = _chat(session, "hmm, things are complicated")
    assert "could not place" in unclear and session.bundle is None
    _chat(session, "hmm, things are complicated")  # said again: planned with the manager's words
    assert session.bundle is not None and session.bundle.team.rationale[0].rule == "R-CH-0"


def test_none_as_the_challenge_plans_from_the_method_s_diagnosis():
    session = Session()
    _chat(session, "sieć aptek, 40 osób, apteki i sklep internetowy")
    _chat(session, "brak")
    assert session.bundle is not None and session.bundle.team.first_90_days[0].title.startswith("Diagnoza")


@pytest.mark.parametrize(
    "message, industry",
    [
        ("Pracownia tatuażu, jest nas 2. Klienci piszą na Insta.", "Pracownia tatuażu"),
        ("Mamy problem: sklepy i internet ze sobą nie gadają.", None),
        ("Hello there, we need help with our team.", None),
    ],
)
def test_a_message_that_opens_with_its_trade_names_the_industry(message, industry):
    assert extract(message).fields.get("industry") == industry
