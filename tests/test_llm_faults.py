"""What real servers do that kind fakes did not: runaway and cut answers, faults, deadlines, labels.

The real `openai` client talks over HTTP to the fake server, which is scripted to
misbehave like llama.cpp, vLLM or Ollama can (assistant.testing.Reply).
"""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel

from assistant.llm.chain import OUTPUT_TOKENS, REPAIR_ANSWER_CHARS
from assistant.llm.prompts import load_prompt, prompt_dir, prompt_versions
from assistant.llm.wire import schema_fields
from assistant.planners.llm import LLMPlanner
from assistant.planners.offline import OfflinePlanner
from assistant.render import render_bundle
from assistant.testing import FakeOpenAIServer, Reply
from tests.helpers import make_profile


def unbounded(node, path=""):
    """The paths of the lists in a JSON schema that have no `maxItems`."""
    if isinstance(node, dict):
        here = [path] if node.get("type") == "array" and "maxItems" not in node else []
        return here + [p for key, value in node.items() for p in unbounded(value, f"{path}/{key}")]
    return [p for value in node for p in unbounded(value, path)] if isinstance(node, list) else []


def plan_with(settings, profile, kind="team", **options):
    planner = LLMPlanner(settings=settings, use_cache=options.pop("use_cache", True), **options)
    return planner.plan(profile, kind).plans[0]


def content(plan) -> dict:
    return plan.model_dump(mode="json", exclude={"language", "profile", "provenance", "kind"})


def test_the_answer_is_capped_per_plan_kind(fake_openai, llm_settings):
    plan_with(llm_settings, make_profile(team_size=8), "both")
    team, skills = fake_openai.chat_requests()
    assert (team["max_tokens"], skills["max_tokens"]) == (OUTPUT_TOKENS["team"], OUTPUT_TOKENS["skills"])
    assert "max_completion_tokens" not in team  # one token-limit field: the one every compatible server reads
    assert unbounded(team["response_format"]["json_schema"]["schema"]) == []
    plan_with(llm_settings.model_copy(update={"max_output_tokens": 700}), make_profile(employees=301))
    assert fake_openai.chat_requests()[-1]["max_tokens"] == 700


ANSWER_MODELS: dict[str, type[BaseModel]] = {
    model.__name__: model
    for path in prompt_dir().iterdir()
    for version in prompt_versions(path.name)
    if (model := load_prompt(path.name, version).output_model) is not None
}


@pytest.mark.parametrize("model", ANSWER_MODELS.values(), ids=ANSWER_MODELS.keys())
def test_every_answer_schema_bounds_its_lists(model):
    """A grammar holds a small model to the schema: an unbounded list lets it repeat an item until it is cut off."""
    assert unbounded(schema_fields(model, "json_schema")["response_format"]["json_schema"]["schema"]) == []


def test_a_cut_answer_goes_to_a_repair_that_fits_and_is_never_cached(fake_openai, llm_settings, profile):
    runaway = json.dumps(content(OfflinePlanner().team_plan(profile)))  # complete JSON, but cut by the server
    fake_openai.queue(Reply(content=runaway, finish_reason="length"))
    plan = plan_with(llm_settings, profile)

    assert plan.provenance.planner == "llm" and plan.provenance.repaired
    first, repair = fake_openai.chat_requests()
    quoted = repair["messages"][-2]["content"]
    assert len(quoted) <= REPAIR_ANSWER_CHARS + 2 < len(runaway)
    assert "cut off" in repair["messages"][-1]["content"]

    fake_openai.queue(*[Reply(content=runaway, finish_reason="length")] * 2)
    other = make_profile(employees=302)
    plan = plan_with(llm_settings, other)
    assert plan.provenance.fallback
    assert plan.provenance.fallback_reason == (
        f"the answer was cut off at the {OUTPUT_TOKENS['team']}-token output limit, even after a repair attempt"
    )
    assert plan.provenance.completion_tokens > 0  # the failed attempts' tokens are counted
    assert plan_with(llm_settings, other).provenance.planner == "llm"  # the cut answer was not cached


def test_an_inconsistent_plan_is_repaired_with_its_problems_then_falls_back(fake_openai, llm_settings, profile):
    bad = content(OfflinePlanner().team_plan(profile))
    unreadable = {
        **bad,
        "summary": "2026-12-01T03:00:00",
        "first_90_days": [{**bad["first_90_days"][0], "addresses": "n/a"}, *bad["first_90_days"][1:]],
    }
    bad = json.loads(json.dumps(bad))  # its own roles
    for role in bad["roles"]:
        role["key"] = "company"
    bad["roles"][1]["reports_to"] = bad["roles"][1]["title"]
    fake_openai.queue(unreadable, bad)
    plan = plan_with(llm_settings, profile)

    repair = fake_openai.chat_requests()[1]["messages"][-1]["content"]
    assert "summary is not a readable paragraph" in repair and "does not say how it answers the challenge" in repair
    assert plan.provenance.fallback and plan.provenance.planner == "offline"
    assert plan.provenance.fallback_reason == (
        "the plan failed its checks, even after a repair attempt: role key repeated: company"
    )


SERVER = "{server}"
FAULTS = [
    (Reply(fault="malformed"), f"{SERVER} sent a response that is not valid JSON"),
    (Reply(fault="short"), f"{SERVER} closed the connection before the answer was complete"),
    (Reply(fault="cut"), f"{SERVER} ended the answer before the model finished it, even after a repair attempt"),
    (Reply(fault="empty"), f"{SERVER} sent a response without an answer (no choices)"),
    (Reply(fault="error", message="out of memory"), f"{SERVER} reported an error in the middle of its answer"),
    (
        Reply.error(
            400, message="request (8342 tokens) exceeds the available context size (8192 tokens), try increasing it"
        ),
        "the request (8342 tokens) does not fit the model's context (8192 tokens); give the server a larger context "
        "or lower OMNITEAM_MAX_INPUT_TOKENS",
    ),
    (
        Reply.error(400, message="Unsupported param: response_format"),
        f"{SERVER} rejected the request (HTTP 400): Unsupported param: response_format; it may not support "
        "--structured-output json_schema: try function_calling / json_mode",
    ),
    (
        Reply.error(400, message="temperature: must be at most 1.0 for this model"),
        f"{SERVER} rejected the request (HTTP 400): temperature: must be at most 1.0 for this model",
    ),
]


@pytest.mark.parametrize(
    ("fault", "reason"), FAULTS, ids=["malformed", "short", "cut", "empty", "error", "context", "mode", "param"]
)
def test_every_fault_is_a_labelled_fallback_never_cached(fake_openai, llm_settings, profile, fault, reason):
    fake_openai.queue(fault, fault)
    plan = plan_with(llm_settings, profile)

    assert plan.provenance.fallback and plan.provenance.planner == "offline"
    assert plan.provenance.fallback_reason == reason.format(server=fake_openai.base_url)
    assert "Traceback" not in render_bundle(plan_bundle(plan), "markdown")
    assert not list(llm_settings.cache_dir.rglob("*.json"))


def plan_bundle(plan):
    from assistant.plans import PlanBundle

    return PlanBundle(team=plan)


def test_the_reason_is_in_the_plans_language(fake_openai, llm_settings):
    fake_openai.queue(Reply(fault="short"))
    plan = plan_with(llm_settings, make_profile(language="pl"))
    assert (
        plan.provenance.fallback_reason == f"{fake_openai.base_url} zerwał połączenie, zanim odpowiedź była kompletna"
    )


def test_a_trickling_server_meets_the_deadline(fake_openai, llm_settings, profile):
    settings = llm_settings.model_copy(update={"deadline": 1.5, "timeout": 5})
    fake_openai.queue(Reply(trickle=0.05))
    plan = plan_with(settings, profile)

    assert plan.provenance.fallback
    assert plan.provenance.fallback_reason == (
        "the model did not finish the plan within 1.5 s; raise OMNITEAM_DEADLINE for a slow model"
    )
    assert len(fake_openai.chat_requests()) == 1  # the stream was not retried


def test_the_answering_models_name_and_an_unknown_price(llm_settings, profile):
    with FakeOpenAIServer(model_name="SmolLM2-135M-Instruct", api_key=None) as server:
        settings = llm_settings.model_copy(update={"base_url": server.base_url, "api_key": None})
        plan = plan_with(settings, profile)
    assert plan.provenance.model == "SmolLM2-135M-Instruct" and not plan.provenance.cost_known
    assert "Cost: unknown (model not in the price table)" in render_bundle(plan_bundle(plan), "markdown")


def test_function_calling_forces_the_tool_in_the_form_local_servers_accept(fake_openai, llm_settings, profile):
    settings = llm_settings.model_copy(update={"structured_output": "function_calling"})
    assert plan_with(settings, profile).provenance.planner == "llm"
    [body] = fake_openai.chat_requests()
    assert body["tool_choice"] == "required" and len(body["tools"]) == 1


def test_openai_base_url_is_the_server_used_and_keyed(monkeypatch, profile):
    from assistant.settings import get_settings

    with FakeOpenAIServer() as first, FakeOpenAIServer(model_name="other-model") as second:
        monkeypatch.setenv("OPENAI_API_KEY", first.api_key)
        second.api_key = first.api_key
        monkeypatch.setenv("OPENAI_BASE_URL", first.base_url)
        plan_with(get_settings(), profile)
        monkeypatch.setenv("OPENAI_BASE_URL", second.base_url)
        plan = plan_with(get_settings(), profile)
        # the diagnosis call and the plan, of each: the second is not served from the first's cache
        assert len(first.chat_requests()) == len(second.chat_requests()) == 2
    assert plan.provenance.model == "other-model" and not plan.provenance.cached


def test_json_mode_keeps_the_grounding_within_the_budget(llm_settings, profile):
    from assistant.llm.chain import build_request

    plain = build_request(profile, "team", llm_settings)
    json_mode = build_request(profile, "team", llm_settings.model_copy(update={"structured_output": "json_mode"}))
    assert json_mode.trimmed == plain.trimmed == ()
    schema = json_mode.messages[-1].content
    assert "<output_schema>" in schema and '"description"' not in schema and '"title":"TeamPlanContent"' in schema


def test_the_cli_takes_structured_output_and_provider_as_choices(fake_openai, monkeypatch):
    from typer.testing import CliRunner

    from assistant.cli import app

    env = {
        "OMNITEAM_BASE_URL": fake_openai.base_url,
        "OMNITEAM_API_KEY": fake_openai.api_key,
        "OMNITEAM_STRUCTURED_OUTPUT": None,
    }  # the runner restores what the command sets
    args = [
        "plan",
        "-e",
        "300",
        "-i",
        "fashion retail",
        "-c",
        "stores, e-commerce",
        "--challenge",
        "silos",
        "--format",
        "json",
        "--provider",
        "openai",
        "--no-cache",
    ]
    result = CliRunner().invoke(app, [*args, "--structured-output", "function_calling"], env=env)
    assert result.exit_code == 0, result.output
    assert fake_openai.chat_requests()[-1]["tool_choice"] == "required"
    assert json.loads(result.stdout)["team"]["provenance"]["planner"] == "llm"
    wrong = CliRunner().invoke(app, [*args[:-3], "--provider", "ollama"], env=env)
    assert wrong.exit_code == 2 and "offline" in wrong.output and "openai" in wrong.output


def test_async_plans_keep_their_own_deadlines(fake_openai, llm_settings):
    import asyncio

    settings = llm_settings.model_copy(update={"deadline": 1.0})
    fake_openai.queue(Reply(trickle=0.05))  # one of the two requests trickles; the other answers at once
    planner = LLMPlanner(settings=settings, use_cache=False)
    bundle = asyncio.run(planner.aplan(make_profile(team_size=8), "both"))
    made = [plan.provenance for plan in bundle.plans]
    assert sorted(p.fallback for p in made) == [False, True]
    assert any(p.fallback_reason and "OMNITEAM_DEADLINE" in p.fallback_reason for p in made)


@pytest.mark.slow
def test_after_a_fallback_the_chat_says_the_model_failed_in_the_users_language(fake_openai, llm_settings):
    from assistant.chat.session import Session

    planner = LLMPlanner(settings=llm_settings, use_cache=False)
    fake_openai.queue(Reply(fault="malformed"))
    reply = list(
        Session().chat("Jesteśmy siecią odzieżową, 300 osób, sklepy i e-commerce, działy pracują w silosach.", planner)
    )[-1]
    assert "Odpowiedzi modelu AI nie dało się użyć" in reply and "to plan offline" in reply and "http" not in reply
    fake_openai.queue(Reply(hang=2))
    silent = LLMPlanner(settings=llm_settings.model_copy(update={"timeout": 0.3}), use_cache=False)
    answer = list(Session().chat("what is omnichannel?", silent))[-1]
    assert (
        answer.startswith("The AI model is not available right now") and "OMNITEAM" not in answer
    )  # the setting is logged
