"""The model writes over the method's draft: the team prompt v5 carries the offline plan's outline, read from
the model's diagnosis, and a changed draft is never served an old answer."""

from __future__ import annotations

import json

import pytest

from assistant.llm.outline import team_outline
from assistant.planners.llm import LLMPlanner
from assistant.planners.offline import OfflinePlanner
from tests.helpers import make_profile

DRAFT = "team_structure=v5"
CHALLENGE = "Wedding orders get lost between the stores and the online team, and nobody owns the hand-off."
GOAL = "cut lost wedding orders from 12% to 4% by end of Q1"


@pytest.fixture
def profile():
    return make_profile(challenge=CHALLENGE, quarterly_goal=GOAL)


def _draft_of(body: dict) -> dict:
    """The <draft> data block of a plan request's user message."""
    text = body["messages"][-1]["content"]
    return json.loads(text.split("<draft>")[1].split("</draft>")[0])


def _plan_requests(server) -> list[dict]:
    return [b for b in server.chat_requests() if "<draft>" in b["messages"][-1]["content"]]


def test_the_plan_request_carries_the_drafts_roles_cap_and_goal_kpi(fake_openai, llm_settings, profile):
    settings = llm_settings.model_copy(update={"prompt_version": DRAFT})
    LLMPlanner(settings=settings, use_cache=False).team_plan(profile)
    [body] = _plan_requests(fake_openai)
    offline = OfflinePlanner().team_plan(profile)
    draft = _draft_of(body)
    assert (len(draft["roles"]), draft["fte_cap"], draft["goal_kpi"]) == (
        len(offline.roles),
        offline.brief.staffing.cap,
        "lost wedding orders: 12% → 4%, end of Q1",
    )


def test_the_default_team_plan_reads_the_diagnosis_then_writes_over_the_draft(fake_openai, default_settings, profile):
    plan = LLMPlanner(settings=default_settings, use_cache=False).team_plan(profile)
    schemas = [b["response_format"]["json_schema"]["name"] for b in fake_openai.chat_requests()]
    assert (plan.provenance.planner, plan.provenance.prompt_version, schemas, len(_plan_requests(fake_openai))) == (
        "llm",
        "v5",
        ["ModelReading", "TeamPlanContent"],
        1,
    )


def test_the_draft_is_read_from_the_models_diagnosis(fake_openai, llm_settings, profile):
    fake_openai.queue(
        {"problems": [{"key": "budgets", "quote": "nobody owns the hand-off"}], "involved": [], "in_place": []}
    )
    settings = llm_settings.model_copy(update={"prompt_version": DRAFT})
    LLMPlanner(settings=settings, use_cache=False).team_plan(profile)
    [body] = _plan_requests(fake_openai)
    assert "budgets" in _draft_of(body)["problems"]  # the reader alone finds no budget problem here


def test_a_changed_draft_is_not_served_the_cached_answer(fake_openai, llm_settings, profile, tmp_path, monkeypatch):
    from assistant.planners import llm

    settings = llm_settings.model_copy(update={"prompt_version": DRAFT, "cache_dir": tmp_path})
    LLMPlanner(settings=settings).team_plan(profile)
    monkeypatch.setattr(llm, "outline_of", lambda plan, diagnosis: {**team_outline(plan, diagnosis), "fte_cap": 1.0})
    again = LLMPlanner(settings=settings).team_plan(profile)
    assert (again.provenance.cached, len(_plan_requests(fake_openai))) == (False, 2)


def test_the_same_draft_is_served_from_the_cache_without_a_request(fake_openai, llm_settings, profile, tmp_path):
    settings = llm_settings.model_copy(update={"prompt_version": DRAFT, "cache_dir": tmp_path})
    LLMPlanner(settings=settings).team_plan(profile)
    asked = len(fake_openai.chat_requests())
    again = LLMPlanner(settings=settings).team_plan(profile)
    assert (again.provenance.cached, len(fake_openai.chat_requests())) == (True, asked)


def test_the_diagnosis_calls_tokens_are_counted_in_the_plans(fake_openai, llm_settings, profile):
    from assistant.testing import _usage

    settings = llm_settings.model_copy(update={"prompt_version": DRAFT})
    plan = LLMPlanner(settings=settings, use_cache=False).team_plan(profile)
    billed = sum(_usage(body, "")["prompt_tokens"] for body in fake_openai.chat_requests())  # diagnosis and plan
    assert plan.provenance.prompt_tokens == billed


def test_looking_up_a_cached_plan_without_a_cache_asks_nothing(fake_openai, default_settings, profile):
    planner = LLMPlanner(settings=default_settings, use_cache=False)
    assert (planner.cached(profile, "team"), fake_openai.chat_requests()) == (None, [])


def test_a_batch_line_carries_the_same_draft_as_a_live_request(fake_openai, llm_settings, profile):
    from types import SimpleNamespace

    from assistant.batch.openai_batch import prepare_requests

    settings = llm_settings.model_copy(update={"prompt_version": DRAFT})
    planner = LLMPlanner(settings=settings, use_cache=False)
    job = SimpleNamespace(row=SimpleNamespace(id="r1"), hash="h", profile=profile)
    [line] = prepare_requests([job], SimpleNamespace(kind="team"), planner)
    planner.team_plan(profile)
    [live] = _plan_requests(fake_openai)
    assert _draft_of(line["body"]) == _draft_of(live)


def test_an_async_plan_over_the_draft_reads_the_diagnosis_then_plans(fake_openai, llm_settings, profile):
    import asyncio

    settings = llm_settings.model_copy(update={"prompt_version": DRAFT})
    bundle = asyncio.run(LLMPlanner(settings=settings, use_cache=False).aplan(profile))
    assert bundle.team is not None
    assert (bundle.team.provenance.planner, len(_plan_requests(fake_openai)), len(fake_openai.chat_requests())) == (
        "llm",
        1,
        2,
    )


def test_a_dry_runs_estimate_over_the_draft_counts_the_diagnosis_call(llm_settings, profile):
    from assistant.llm.chain import build_request
    from assistant.llm.diagnose import diagnose_request
    from assistant.llm.estimate import estimate_request
    from assistant.llm.outline import outline_of

    planner = OfflinePlanner()
    bundle = planner.plan(profile, "team")
    assert bundle.team is not None
    plan_request = build_request(profile, "team", llm_settings, DRAFT, outline_of(bundle.team, bundle.diagnosis))
    prompt_tokens, _, _ = estimate_request(profile, "team", DRAFT, llm_settings, draft=planner.plan)
    assert prompt_tokens == plan_request.prompt_tokens + diagnose_request(profile, llm_settings).prompt_tokens
