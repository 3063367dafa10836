"""Benchmark of the LLM chain against the fake OpenAI-compatible server (no network, no key).

Prints:
- the chain's overhead per call beyond the server's injected latency (median of N calls):
  prompt rendering with grounding, token counting, the openai client over HTTP with the SSE lines read by the wire,
  parsing and validation, wrapping into a plan; the server replies with a prepared answer
  so its own work is not counted;
- the same for the bare openai client and the same body (the chain's own, streamed; and as one
  unstreamed body), to show what the chain adds on top of it (target: at most 1.5x the bare
  client's streamed request);
- wall time of concurrent `aplan` calls (bounded by max_concurrency);
- input tokens per request for each prompt version, plan kind and language (over the method's draft for a prompt
  that writes over one).

The overhead and concurrency figures are of one plan request: the team prompt from scratch (team_structure v4); the
default (v5) reads the diagnosis first, a second, smaller request of the same chain.

    python bench/llm_chain.py [--calls 20] [--latency 0.3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.llm.chain import PlanChain, build_request  # noqa: E402
from assistant.llm.prompts import prompt_versions  # noqa: E402
from assistant.planners.llm import LLMPlanner  # noqa: E402
from assistant.planners.offline import OfflinePlanner  # noqa: E402
from assistant.plans import TeamPlanContent  # noqa: E402
from assistant.profile import build_profile  # noqa: E402
from assistant.settings import get_settings  # noqa: E402
from assistant.testing import FakeOpenAIServer  # noqa: E402
from tests.helpers import plan_request  # noqa: E402
from tests.recorded import SCRATCH  # noqa: E402

PROFILE = {
    "employees": 300,
    "industry": "fashion retail",
    "channels": "stores, e-commerce, mobile app",
    "challenge": "departments work in silos and do not share customer data",
    "team_size": 12,
    "team_level": "mixed",
    "quarterly_goal": "raise NPS by 10 points",
}


def _median_ms(durations: list[float], latency: float) -> str:
    over = [(d - latency) * 1000 for d in durations]
    return f"median {statistics.median(over):6.1f} ms  (min {min(over):.1f}, max {max(over):.1f})"


def overhead(server: FakeOpenAIServer, calls: int, latency: float) -> None:
    profile = build_profile({**PROFILE, "language": "en"})
    answer = OfflinePlanner().team_plan(profile).model_dump(mode="json", include=set(TeamPlanContent.model_fields))
    settings = get_settings(
        base_url=server.base_url, api_key=server.api_key, max_retries=0, timeout=30, prompt_version=SCRATCH
    )
    planner = LLMPlanner(settings=settings, use_cache=False)
    planner.team_plan(profile)  # warm-up: imports, encodings, connections
    chain, raw = [], []
    for _ in range(calls):
        server.queue(answer)
        start = time.perf_counter()
        plan = planner.team_plan(profile)
        chain.append(time.perf_counter() - start)
        assert plan.provenance.planner == "llm"
    import openai

    client = openai.OpenAI(base_url=server.base_url, api_key=server.api_key, max_retries=0)
    body = PlanChain(settings).request_body(build_request(profile, "team", settings))
    streamed = []
    for _ in range(calls):
        server.queue(answer)
        start = time.perf_counter()
        text = "".join(
            chunk.choices[0].delta.content or ""
            for chunk in client.chat.completions.create(**{**body, "stream": True})
            if chunk.choices
        )
        streamed.append(time.perf_counter() - start)
        assert text
    for _ in range(calls):
        server.queue(answer)
        start = time.perf_counter()
        client.chat.completions.create(**body)
        raw.append(time.perf_counter() - start)
    ratio = (statistics.median(chain) - latency) / (statistics.median(streamed) - latency)
    print(f"Per call beyond {latency * 1000:.0f} ms latency, {calls} calls:")
    print(f"  LLMPlanner.team_plan (whole chain)  {_median_ms(chain, latency)}")
    print(f"  bare openai client, same body, streamed   {_median_ms(streamed, latency)}")
    print(f"  bare openai client, same body, one body   {_median_ms(raw, latency)}")
    print(f"  chain / bare streamed: {ratio:.2f}x (target <= 1.5x)")


def concurrency(server: FakeOpenAIServer, requests: int) -> None:
    settings = get_settings(
        base_url=server.base_url,
        api_key=server.api_key,
        max_retries=0,
        timeout=30,
        max_concurrency=requests,
        prompt_version=SCRATCH,
    )
    planner = LLMPlanner(settings=settings, use_cache=False)
    profiles = [build_profile({**PROFILE, "employees": 100 + i, "language": "en"}) for i in range(requests)]

    async def run():
        return await asyncio.gather(*(planner.aplan(p) for p in profiles))

    start = time.perf_counter()
    bundles = asyncio.run(run())
    elapsed = time.perf_counter() - start
    assert all(b.team.provenance.planner == "llm" for b in bundles)
    print(
        f"{requests} concurrent aplan calls: {elapsed:.2f} s wall (server answers each after "
        f"{server.latency * 1000:.0f} ms; the fake builds every answer itself)"
    )


def tokens() -> None:
    settings = get_settings(model="gpt-4o-mini")
    print(f"Input tokens per request, the schema counted ({settings.model}; trimmed grounding sections in brackets):")
    for name, kind in (("team_structure", "team"), ("skills_plan", "skills")):
        for version in prompt_versions(name):
            cells = []
            for lang in ("en", "pl"):
                request = plan_request(build_profile({**PROFILE, "language": lang}), kind, settings, version)
                cells.append(
                    f"{lang} {request.prompt_tokens:5d}"
                    + (f" [{', '.join(request.trimmed)}]" if request.trimmed else "")
                )
            print(f"  {name:15s} {version}  " + "   ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--concurrent", type=int, default=20)
    args = parser.parse_args()
    import logging

    logging.disable(logging.WARNING)  # trimming warnings are reported in the token table
    with FakeOpenAIServer(latency=args.latency) as server:
        overhead(server, args.calls, args.latency)
        concurrency(server, args.concurrent)
    tokens()


if __name__ == "__main__":
    main()
