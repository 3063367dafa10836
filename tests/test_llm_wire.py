"""The request each server accepts: one token-limit field, the one a refusing server names, and its own message.

The fake server answers in the dialect of a real one (`FakeOpenAIServer(dialect=...)`): the same
status and JSON error body, word for word, over real HTTP to the real `openai` client.
"""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from assistant.llm.chain import OUTPUT_TOKENS, PlanChain, build_request
from assistant.llm.wire import default_token_field, field_asked_for
from assistant.planners.llm import LLMPlanner
from assistant.settings import get_settings
from assistant.testing import DIALECTS, FakeOpenAIServer, Reply
from tests.helpers import make_profile, plan_request


def token_fields(body: dict) -> dict:
    return {k: v for k, v in body.items() if k in ("max_tokens", "max_completion_tokens")}


@pytest.mark.parametrize(
    ("base_url", "field"),
    [
        (None, "max_completion_tokens"),
        ("https://api.openai.com/v1", "max_completion_tokens"),
        ("https://my-resource.openai.azure.com/openai/v1", "max_completion_tokens"),
        ("http://localhost:11434/v1", "max_tokens"),
        ("https://llm-gateway.example.com/v1", "max_tokens"),
    ],
)
def test_exactly_one_token_field_per_host(base_url, field):
    settings = get_settings(base_url=base_url, api_key=SecretStr("sk-test-key-0000"))
    request = plan_request(make_profile(), "team", settings)
    body = PlanChain(settings).request_body(request)
    assert default_token_field(settings) == field
    assert token_fields(body) == {field: OUTPUT_TOKENS["team"]}


@pytest.mark.parametrize(
    ("dialect", "sent", "asked"),
    [("openai", "max_tokens", "max_completion_tokens"), ("openai-reasoning", "max_tokens", "max_completion_tokens")]
    + [("legacy", "max_completion_tokens", "max_tokens")],
)
def test_the_field_a_refusal_names_is_read_from_its_message(dialect, sent, asked):
    error = DIALECTS[dialect][2]
    assert field_asked_for(error["message"], error["param"], sent) == asked


def test_a_message_about_something_else_names_no_field():
    assert field_asked_for("Unsupported param: response_format", None, "max_tokens") is None
    assert field_asked_for("'max_tokens' must be at most 4096", "max_tokens", "max_tokens") is None


def test_a_server_that_refuses_max_tokens_gets_the_field_it_names_on_the_next_try(llm_settings):
    with FakeOpenAIServer(dialect="openai-reasoning") as server:
        settings = llm_settings.model_copy(update={"base_url": server.base_url})
        planner = LLMPlanner(settings=settings, use_cache=False)
        plan = planner.team_plan(make_profile())
        refused, accepted = server.requests
        assert (refused["body"].keys() - accepted["body"].keys()) == {"max_tokens"}
        assert token_fields(accepted["body"]) == {"max_completion_tokens": OUTPUT_TOKENS["team"]}
        assert plan.provenance.planner == "llm" and not plan.provenance.fallback and not plan.provenance.repaired
        planner.skills_plan(make_profile(team_size=8))  # the chain keeps the field the server accepts
        assert len(server.requests) == 3 and "max_completion_tokens" in server.requests[-1]["body"]


def test_a_server_that_refuses_max_completion_tokens_gets_max_tokens(llm_settings):
    with FakeOpenAIServer(dialect="legacy") as server:
        settings = llm_settings.model_copy(update={"base_url": server.base_url})
        chain = PlanChain(settings)
        chain.wire.token_field = "max_completion_tokens"  # e.g. a gateway first taken for OpenAI
        result = chain.invoke(build_request(make_profile(), "team", settings))
        assert result.content is not None and len(server.requests) == 2
        assert token_fields(server.requests[-1]["body"]) == {"max_tokens": OUTPUT_TOKENS["team"]}


def test_a_server_answering_like_openai_accepts_the_first_request(llm_settings):
    with FakeOpenAIServer(dialect="openai") as server:
        settings = llm_settings.model_copy(update={"base_url": server.base_url})
        plan = LLMPlanner(settings=settings, use_cache=False).team_plan(make_profile())
        assert len(server.requests) == 1 and not plan.provenance.fallback


def test_a_400_shows_the_servers_message_with_the_key_redacted(fake_openai, llm_settings):
    key = fake_openai.api_key
    fake_openai.queue(Reply.error(400, message=f"Invalid value for 'temperature' (key {key})."))
    plan = LLMPlanner(settings=llm_settings, use_cache=False).team_plan(make_profile())
    assert plan.provenance.fallback_reason == (
        f"{fake_openai.base_url} rejected the request (HTTP 400): Invalid value for 'temperature' (key [redacted])."
    )
