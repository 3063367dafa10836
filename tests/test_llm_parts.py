"""Tokens offline, the price table, the cost estimate for dry runs, and the fake server's batch API."""

from __future__ import annotations

import io
import json

import openai
import pytest

from assistant.errors import ConfigError
from assistant.llm import tokens
from assistant.llm.chain import build_request
from assistant.llm.estimate import estimate_request
from assistant.llm.pricing import cost_usd
from assistant.planners.offline import OfflinePlanner
from assistant.plans import TeamPlanContent
from assistant.testing import Reply
from tests.helpers import make_profile


@pytest.fixture
def fresh_tiktoken_cache(monkeypatch, tmp_path):
    directory = tmp_path / "tiktoken"
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(directory))
    tokens.encoding_for.cache_clear()
    yield directory
    tokens.encoding_for.cache_clear()


def test_tiktoken_works_offline_in_the_users_cache_dir(fresh_tiktoken_cache):
    encoding, approximate = tokens.encoding_for("gpt-4")
    assert encoding.name == "cl100k_base" and not approximate
    assert [p.name for p in fresh_tiktoken_cache.iterdir()] == ["9b5ad71b2ce5302211f9c61530b329a4922fc6a4"]
    assert tokens.count_text("hello world", "gpt-4") == 2


@pytest.mark.parametrize("model", ["gpt-4o-mini", "gpt-4.1", "gpt-5", "o3-mini"])
def test_the_gpt_4o_family_is_counted_exactly_with_o200k(fresh_tiktoken_cache, model):
    encoding, approximate = tokens.encoding_for(model)
    assert (encoding.name, approximate) == ("o200k_base", False)
    assert [p.name for p in fresh_tiktoken_cache.iterdir()] == ["fb374d419588a4632f3f557e76b4b70aebbca790"]


def test_a_model_without_an_openai_encoding_is_labelled_approximate(fresh_tiktoken_cache):
    encoding, approximate = tokens.encoding_for("llama3.1:8b")
    assert (encoding.name, approximate) == ("cl100k_base", True)


def test_a_disabled_tiktoken_cache_counts_the_same_tokens_with_the_shipped_encoding(monkeypatch):
    text = "Zaprojektuj zespół omnichannel dla tej firmy: 300 osób, sklepy i e-commerce."
    expected = tokens.count_text(text, "gpt-4o-mini")
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "")
    tokens.encoding_for.cache_clear()
    try:
        encoding, approximate = tokens.encoding_for("gpt-4o-mini")
        assert (encoding.name, approximate, len(encoding.encode(text, disallowed_special=()))) == (
            "o200k_base",
            False,
            expected,
        )
    finally:
        tokens.encoding_for.cache_clear()


def test_prices_use_the_longest_prefix_and_local_models_are_free(tmp_path):
    assert cost_usd("gpt-4o-mini-2024-07-18", 1_000_000, 0) == 0.15
    assert cost_usd("gpt-4o-2024-08-06", 0, 1_000_000) == 10.0
    assert cost_usd("llama3.1:8b", 10_000, 10_000) == 0.0
    table = tmp_path / "prices.toml"
    table.write_text('[models."llama3"]\ninput = 1.0\noutput = 2.0\n')
    assert cost_usd("llama3.1:8b", 1_000_000, 1_000_000, table) == 3.0
    table.write_text("[models.broken]\ninput = 1.0\n")
    with pytest.raises(ConfigError, match="OMNITEAM_PRICE_FILE"):
        cost_usd("x", 1, 1, table)


def test_estimate_request_for_dry_runs(llm_settings):
    profile = make_profile(team_size=10)
    prompt_tokens, completion_tokens, cost = estimate_request(
        profile, "team", "v1", llm_settings, draft=OfflinePlanner().plan
    )
    assert prompt_tokens == build_request(profile, "team", llm_settings, "v1").prompt_tokens
    assert completion_tokens > 500
    assert cost == cost_usd("gpt-4o-mini", prompt_tokens, completion_tokens)
    both = estimate_request(profile, "both", "v1", llm_settings, draft=OfflinePlanner().plan)
    assert both[0] > prompt_tokens and both[2] > cost
    local = llm_settings.model_copy(update={"model": "llama3.1:8b"})
    assert estimate_request(profile, "team", "v2", local, draft=OfflinePlanner().plan)[2] == 0.0


def test_batch_api_round_trip(fake_openai, llm_settings):
    fake_openai.batch_polls = 2
    client = openai.OpenAI(base_url=fake_openai.base_url, api_key=fake_openai.api_key)
    request = build_request(make_profile(), "team", llm_settings)
    body = {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": m.content} for m in request.messages],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "TeamPlanContent", "schema": request.content_model.model_json_schema()},
        },
    }
    lines = [{"custom_id": f"row-{i}", "method": "POST", "url": "/v1/chat/completions", "body": body} for i in (1, 2)]
    fake_openai.queue(Reply.error(429))
    upload = client.files.create(
        file=("in.jsonl", io.BytesIO("\n".join(map(json.dumps, lines)).encode())), purpose="batch"
    )
    batch = client.batches.create(input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h")

    statuses = [client.batches.retrieve(batch.id).status for _ in range(2)]
    assert statuses == ["in_progress", "completed"]
    done = client.batches.retrieve(batch.id)
    assert (done.request_counts.completed, done.request_counts.failed) == (1, 1)
    results = {
        r["custom_id"]: r["response"]
        for r in map(json.loads, client.files.content(str(done.output_file_id)).text.splitlines())
    }
    assert results["row-1"]["status_code"] == 429
    answer = results["row-2"]["body"]["choices"][0]["message"]["content"]
    assert TeamPlanContent.model_validate_json(answer).summary


def test_request_body_is_what_the_chain_sends(fake_openai, llm_settings):
    from assistant.llm.chain import PlanChain

    chain = PlanChain(llm_settings)
    request = build_request(make_profile(), "skills", llm_settings)
    chain.invoke(request)
    body = chain.request_body(request)
    sent = {k: v for k, v in fake_openai.chat_requests()[0].items() if k not in ("stream", "stream_options")}
    assert json.loads(json.dumps(body)) == {**sent, "stream": False}  # the chain streams; a batch line does not


def test_the_fake_server_answers_many_requests_at_once(fake_openai):
    from concurrent.futures import ThreadPoolExecutor

    fake_openai.latency = 0.5
    client = openai.OpenAI(base_url=fake_openai.base_url, api_key=fake_openai.api_key, max_retries=0)

    def ask(i):
        return client.chat.completions.create(model="m", messages=[{"role": "user", "content": f"hi {i}"}])

    with ThreadPoolExecutor(30) as pool:
        answers = list(pool.map(ask, range(30)))
    assert fake_openai.max_in_flight == 30  # none waited for another: no head-of-line blocking
    assert sorted(a.choices[0].message.content for a in answers) == sorted(
        f"(fake model) You said: hi {i}" for i in range(30)
    )


def test_the_model_clients_verify_the_servers_certificate_and_name():
    import ssl

    from assistant.llm.deadline import tls_context

    context = tls_context()
    assert (context.verify_mode, context.check_hostname) == (ssl.CERT_REQUIRED, True)
