"""A model that cannot answer, seen by a manager: the offline plan with one plain sentence, retries shown.

Real HTTP all the way: a closed loopback port (nothing listens: connection refused) and the
fake OpenAI-compatible server answering 429 on every try.
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant.planners.llm import LLMPlanner
from assistant.testing import Reply
from tests.helpers import dead_model_planner
from ui import handlers
from ui.views import PlanView

MESSAGES = {
    "en": "We're a fashion retailer, 300 employees, stores and e-commerce; the problem is silos between departments.",
    "pl": "Jesteśmy siecią aptek, 300 osób, apteki i sklep internetowy. Problem: każdy dział ma własne cele.",
}
FORM: dict[str, Any] = dict(
    employees="300",
    industry="fashion retail",
    channels=["stores", "ecommerce"],
    challenge="stores and e-commerce compete for the same customers",
    kind="team",
)


@pytest.fixture
def dead_model():
    return dead_model_planner(max_retries=2)


@pytest.fixture
def busy_model(llm_settings, fake_openai):
    """An LLM planner whose server answers 429 to every try."""
    fake_openai.queue(*[Reply.error(429, retry_after=0.3)] * 10)
    return LLMPlanner(settings=llm_settings, use_cache=False)


def chat(planner, message, monkeypatch):
    turns = list(handlers.chat_turn(planner, message, [], None))
    return [turn[0][-1]["content"] for turn in turns], turns[-1][2]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "The AI model is not available right now, so this is the offline plan"),
        ("pl", "Model AI jest teraz niedostępny, więc to plan offline"),
    ],
)
def test_a_dead_model_server_gives_the_offline_plan_in_the_chat_with_one_sentence(dead_model, monkeypatch, lang, said):
    replies, session = chat(dead_model, MESSAGES[lang], monkeypatch)
    assert said in replies[-1]
    assert any("(2/3)…" in reply for reply in replies)  # the client's retries, shown while they happen
    for hidden in ("OMNITEAM_BASE_URL", "127.0.0.1", "sk-secret", "cannot reach"):
        assert hidden not in replies[-1]
    team = session.bundle.team
    assert team.language == lang and team.provenance.fallback and team.provenance.planner == "offline"
    said = {"en": "cannot reach http://127.0.0.1", "pl": "nie można połączyć się z http://127.0.0.1"}[lang]
    assert team.provenance.fallback_reason.startswith(said)  # the Details toggle in the plan's language
    status = PlanView(*handlers.refresh(session, 0)[10:]).status
    assert status.index("<details>") < status.index("127.0.0.1")  # the technical reason only in the toggle


def test_a_model_answering_429_says_the_plan_is_the_offline_one(busy_model, fake_openai, monkeypatch):
    replies, session = chat(busy_model, MESSAGES["en"], monkeypatch)
    assert "Retrying the model (2/3)…" in "".join(replies) and "Retrying the model (3/3)…" in "".join(replies)
    assert (
        "The AI model gave no plan (its server was busy, too slow or answered with an error), so this is the offline plan"
        in replies[-1]
    )
    assert "ready" in replies[-1] and session.bundle.team.provenance.fallback


def test_the_form_shows_a_dead_model_as_a_notice_with_the_offline_plan(dead_model):
    updates = list(handlers.submit_form(dead_model, None, "pl", **FORM, language="pl"))
    session, drawn, message, *view = updates[-1]
    assert 'class="form-notice" role="status"' in message and "form-problems" not in message
    assert "Model AI jest teraz niedostępny, więc to plan offline" in message
    assert session.bundle.team.provenance.fallback and drawn == 1 and "<svg" in PlanView(*view).org_chart
    retries = [u[2] for u in updates[:-1]]
    assert any("Ponawiam zapytanie do modelu (2/3)…" in m for m in retries)


def test_a_dead_chat_model_says_so_without_developer_words(dead_model, monkeypatch):
    replies, session = chat(dead_model, MESSAGES["en"], monkeypatch)
    turns = list(handlers.chat_turn(dead_model, "tell me a joke about omnichannel", [], session))
    reply = turns[-1][0][-1]["content"]
    assert reply.startswith("The AI model is not available right now") and "risks" in reply
    assert "OMNITEAM" not in reply and "http" not in reply


@pytest.mark.slow
def test_a_model_that_failed_is_not_asked_again_for_a_while(llm_settings, fake_openai, monkeypatch):
    fake_openai.queue(*[Reply.error(503)] * 20)
    planner = LLMPlanner(settings=llm_settings, use_cache=False)
    replies, session = chat(planner, MESSAGES["en"], monkeypatch)
    asked = len(fake_openai.chat_requests())
    assert asked == 3 and any("(2/3)…" in reply for reply in replies)  # the first try and two retries
    turns = list(handlers.chat_turn(planner, "we also sell on a marketplace", [], session))
    replies = [turn[0][-1]["content"] for turn in turns]
    assert len(fake_openai.chat_requests()) == asked  # not asked again, so no retries to wait for
    assert not any("Retrying" in reply for reply in replies)
    assert (
        "The AI model gave no plan (its server was busy, too slow or answered with an error), so this is the offline plan"
        in replies[-1]
    )
    assert "marketplace" in str(session.bundle.team.profile.channels) and session.bundle.team.provenance.fallback
    assert "not asked again" in session.bundle.team.provenance.fallback_reason
    monkeypatch.setattr("assistant.chat.session.MODEL_REST_SECONDS", 0)
    list(handlers.chat_turn(planner, "we have 500 people", [], session))
    assert len(fake_openai.chat_requests()) > asked  # the rest is over: the model is asked again


def test_retries_show_while_the_model_reads_a_message_and_a_dead_model_then_rests(dead_model, monkeypatch):
    replies, session = chat(
        dead_model, "We're a fashion retailer with 300 employees, stores and e-commerce.", monkeypatch
    )
    assert any("Retrying the model (2/3)…" in reply for reply in replies[:-1])  # while the model reads
    assert "biggest collaboration problem" in replies[-1]  # the rules' reading stands: one question left
    assert replies[-1].startswith("The AI model is not available right now, so your message was read by the rules")
    turns = list(handlers.chat_turn(dead_model, "the problem is silos between departments", [], session))
    replies = [turn[0][-1]["content"] for turn in turns]
    assert not any("Retrying" in reply for reply in replies)
    assert "The AI model is not available right now, so this is the offline plan" in replies[-1]


def test_a_rejected_key_is_said_as_an_unavailable_model_not_a_busy_one(llm_settings, fake_openai, monkeypatch):
    fake_openai.queue(*[Reply.error(401)] * 5)
    replies, session = chat(LLMPlanner(settings=llm_settings, use_cache=False), MESSAGES["en"], monkeypatch)
    assert "The AI model is not available right now, so this is the offline plan" in replies[-1]
    assert session.bundle.team.provenance.fallback_kind == "gone" and session.resting_model() is not None
