"""Benchmark of the LLM path's deadlines and faults against the fake OpenAI-compatible server.

Prints:
- how long a dead server (accepts the connection, never answers) costs before the labelled
  offline fallback, with the default settings (OMNITEAM_TIMEOUT, OMNITEAM_MAX_RETRIES);
- how closely the plan's deadline is kept against a server trickling its answer a byte at a
  time (OMNITEAM_DEADLINE set to --deadline);
- the outcome of every scripted fault: the plan's planner and its fallback reason.

    python bench/llm_faults.py [--deadline 5] [--skip-dead]
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from assistant.plans import Provenance

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.planners.llm import LLMPlanner  # noqa: E402
from assistant.profile import build_profile  # noqa: E402
from assistant.settings import get_settings  # noqa: E402
from assistant.testing import FakeOpenAIServer, Reply  # noqa: E402

PROFILE = build_profile(
    {
        "employees": 300,
        "industry": "fashion retail",
        "channels": "stores, e-commerce",
        "challenge": "departments work in silos and do not share customer data",
    }
)
FAULTS = {
    "malformed body": Reply(fault="malformed"),
    "empty choices": Reply(fault="empty"),
    "short body": Reply(fault="short"),
    "stream cut before its end": Reply(fault="cut"),
    "finish_reason length": Reply(finish_reason="length"),
    "400 context overflow": Reply.error(
        400, message="request (8342 tokens) exceeds the available context size (8192 tokens)"
    ),
    "400 unsupported parameter": Reply.error(400, message="Unsupported parameter: response_format"),
    "500 after every retry": Reply.error(500, retry_after=0.01),
}


def timed_plan(server: FakeOpenAIServer, *replies: Reply, **settings) -> tuple[float, Provenance]:
    """Seconds until the plan came back, and its provenance."""
    server.queue(*replies)
    planner = LLMPlanner(get_settings(base_url=server.base_url, api_key=server.api_key, **settings), use_cache=False)
    start = time.monotonic()
    plan = planner.team_plan(PROFILE)
    return time.monotonic() - start, plan.provenance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadline", type=float, default=5.0, help="OMNITEAM_DEADLINE for the trickling server")
    parser.add_argument("--skip-dead", action="store_true", help="skip the dead server (it takes ~25 s)")
    args = parser.parse_args()
    logging.getLogger("assistant").setLevel(logging.ERROR)  # the fallbacks' warnings: the reasons are printed below
    defaults = get_settings()
    with FakeOpenAIServer() as server:
        if not args.skip_dead:
            seconds, made = timed_plan(server, Reply(hang=600))
            print(
                f"dead server, defaults (timeout {defaults.timeout:g} s, {defaults.max_retries} retries): "
                f"fallback after {seconds:.1f} s — {made.fallback_reason}"
            )
        seconds, made = timed_plan(server, Reply(trickle=0.05), deadline=args.deadline)
        print(
            f"trickling server (a byte every 50 ms), deadline {args.deadline:g} s: fallback after {seconds:.2f} s "
            f"({seconds - args.deadline:+.2f} s) — {made.fallback_reason}"
        )
    for name, fault in FAULTS.items():
        with FakeOpenAIServer() as server:  # a fresh script per fault: each fault, every time it is asked
            seconds, made = timed_plan(server, *[fault] * 4, max_retries=2)
        label = f"fallback: {made.fallback_reason}" if made.fallback else f"{made.planner} (repaired)"
        print(f"{name:28} {seconds:5.2f} s  {label}")


if __name__ == "__main__":
    main()
