"""Wall time of the eval matrix: the full offline matrix (target: under 1 s), 40 cases × 2 prompt
versions against the fake OpenAI-compatible server at 500 ms latency with concurrency 16, and the
input tokens of every plan prompt version over the eval cases (cl100k, budget 2,500).

Run: .venv/bin/python bench/evals.py [--latency 0.5] [--concurrency 16] [--cases 40]
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

from assistant.evals.cases import load_cases
from assistant.evals.report import write_html
from assistant.evals.results import results_from_run, write_json
from assistant.evals.runner import EvalOptions, Variant, run_evals, variants
from assistant.planners.llm import LLMPlanner
from assistant.settings import get_settings
from assistant.testing import FakeOpenAIServer


def offline_matrix(out: Path) -> None:
    cases = load_cases()
    started = time.perf_counter()
    run = run_evals(cases, [Variant("offline")])
    graded = time.perf_counter() - started
    results = results_from_run(run)
    write_html(results, out / "offline.html")
    write_json(results, out / "offline.json")
    record = results.variants[0]
    print(
        f"offline matrix: {len(cases)} cases graded in {graded:.2f} s, with tailoring, JSON and HTML "
        f"{time.perf_counter() - started:.2f} s; pass rate {record.pass_rate:.1%}, quality graders all passed "
        f"{record.quality_rate:.1%}"
    )


def fake_server_matrix(out: Path, n: int, latency: float, concurrency: int) -> None:
    cases = sorted(load_cases(), key=lambda c: (c.adversarial, c.id))[:n]
    columns = variants(["openai"], ["v2", "v3"])
    with FakeOpenAIServer(latency=latency) as server:
        settings = get_settings(
            provider="openai",
            base_url=server.base_url,
            api_key=server.api_key,
            max_concurrency=concurrency,
            cache_dir=out / "cache",
        )
        planners = {v: LLMPlanner(settings=settings, prompt_version=v.prompt, use_cache=False) for v in columns}
        started = time.perf_counter()  # after the planners exist: langchain's import time is not the matrix's
        run = run_evals(cases, columns, EvalOptions(concurrency=concurrency), planner_for=planners.get)
        wall = time.perf_counter() - started
        requests = len(server.chat_requests())
    serial = requests * latency
    print(
        f"fake server: {len(cases)} cases × {len(columns)} prompt versions = {len(run.results)} cells, "
        f"{requests} requests at {latency * 1000:.0f} ms, concurrency {concurrency}: {wall:.2f} s "
        f"(serial would be ≥ {serial:.1f} s); tokens {sum(r.tokens for r in run.results)}, "
        f"cost ${sum(r.cost_usd for r in run.results):.4f}; pass rates "
        + ", ".join(f"{v.label} {run.pass_rate(v):.1%}" for v in columns)
    )


def prompt_tokens() -> None:
    """Input tokens and grounding sections left out, per prompt version and language, over the regular cases."""
    from assistant.llm.prompts import prompt_versions
    from assistant.profile import build_profile
    from tests.helpers import plan_request

    settings = get_settings()
    profiles = [(build_profile(c.profile), c) for c in load_cases() if not c.adversarial]
    print("prompt tokens over the regular eval cases (mean / max; plans that lost grounding sections):")
    for kind, name in (("team", "team_structure"), ("skills", "skills_plan")):
        for version in prompt_versions(name):
            for lang in ("pl", "en"):
                requests = [plan_request(p, kind, settings, version) for p, _ in profiles if p.language == lang]
                tokens = [r.prompt_tokens for r in requests]
                trimmed = sum(bool(r.trimmed) for r in requests)
                print(
                    f"  {name} {version}.{lang}: {sum(tokens) / len(tokens):.0f} / {max(tokens)} tokens; "
                    f"{trimmed} of {len(requests)} trimmed"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--cases", type=int, default=40)
    args = parser.parse_args()
    logging.getLogger("assistant").setLevel(logging.ERROR)  # per-request prompt-budget warnings drown the figures
    with tempfile.TemporaryDirectory() as tmp:
        offline_matrix(Path(tmp))
        prompt_tokens()
        fake_server_matrix(Path(tmp), args.cases, args.latency, args.concurrency)


if __name__ == "__main__":
    main()
