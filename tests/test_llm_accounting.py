"""What every attempt costs is counted and shown: a plan that missed its deadline, fallback rows of a batch,
and the estimate of a plan before it is asked for (the schema counted)."""

from __future__ import annotations

from assistant.llm.estimate import estimate_request
from assistant.planners.llm import LLMPlanner
from assistant.planners.offline import OfflinePlanner
from assistant.testing import FakeOpenAIServer, Reply

ESTIMATE_TOLERANCE = 0.25


def test_a_plan_past_its_deadline_records_the_model_and_tokens_the_server_streamed(llm_settings, profile):
    with FakeOpenAIServer(model_name="SmolLM2-135M-Instruct", api_key=None) as server:
        settings = llm_settings.model_copy(update={"base_url": server.base_url, "api_key": None, "deadline": 1.0})
        server.queue(Reply(gap=0.05))  # a slow model: about 20 pieces a second, far from done at the deadline
        made = LLMPlanner(settings=settings, use_cache=False).team_plan(profile).provenance
    assert (made.fallback_kind, made.model, made.cost_known) == ("busy", "SmolLM2-135M-Instruct", False)
    assert made.prompt_tokens > 1000 and made.completion_tokens > 0


def test_a_fallback_after_two_bad_answers_costs_both(fake_openai, llm_settings, profile):
    fake_openai.queue("{not json", "{still not json")
    made = LLMPlanner(settings=llm_settings, use_cache=False).team_plan(profile).provenance
    assert made.fallback and made.prompt_tokens > 2000 and made.completion_tokens > 0 and made.cost_usd > 0


def test_the_estimate_of_a_team_plan_is_within_a_quarter_of_the_servers_usage(fake_openai, llm_settings, profile):
    """The fake bills like OpenAI (about 4 characters a token, the schema included); so does the estimate."""
    made = LLMPlanner(settings=llm_settings, use_cache=False).team_plan(profile).provenance
    prompt, completion, _ = estimate_request(profile, "team", None, llm_settings, draft=OfflinePlanner().plan)
    billed = made.prompt_tokens + made.completion_tokens
    assert abs(prompt + completion - billed) <= ESTIMATE_TOLERANCE * billed
    assert abs(prompt - made.prompt_tokens) <= ESTIMATE_TOLERANCE * made.prompt_tokens


def test_a_batch_whose_rows_fell_back_reports_what_they_spent(fake_openai, monkeypatch, tmp_path):
    from assistant.batch import BatchOptions, run_batch

    monkeypatch.setenv("OMNITEAM_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OMNITEAM_API_KEY", fake_openai.api_key)
    monkeypatch.setenv("OMNITEAM_MAX_RETRIES", "0")
    rows = tmp_path / "rows.csv"
    rows.write_text("employees,industry,channels,challenge\n300,fashion,stores; e-commerce,silos\n", encoding="utf-8")
    fake_openai.queue(Reply(), "{not json", "{still not json")  # the diagnosis call first: the fake's reading
    report = run_batch(rows, tmp_path / "out", BatchOptions(kind="team", concurrency=1))
    assert (report.fallbacks, report.tokens > 2000, report.cost_usd > 0) == (1, True, True)
