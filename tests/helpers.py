"""Helpers the tests share: a valid profile with overrides, an LLM planner whose server is gone, a
batch running in a child process and a wait for processes to end."""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
from pathlib import Path
from typing import cast

from assistant.profile import CompanyProfile, build_profile
from assistant.terms import PlanKind


def make_profile(**overrides) -> CompanyProfile:
    """A valid profile of a mid-size fashion chain, with overrides."""
    data = {
        "employees": 300,
        "industry": "fashion retail",
        "channels": "stores, e-commerce",
        "challenge": "departments work in silos and do not share customer data",
        "language": "en",
    }
    data.update(overrides)
    return build_profile(data)


def plan_request(profile: CompanyProfile, kind: str, settings, version: str | None = None):
    """The plan request `build_request` makes, with the method's draft a prompt over one is given (the offline plan
    on the rules' diagnosis, as the planner makes it when the model reads no diagnosis)."""
    from assistant.llm.chain import build_request
    from assistant.llm.outline import outline_of
    from assistant.planners.offline import OfflinePlanner

    bundle = OfflinePlanner().plan(profile, cast(PlanKind, kind))
    plan = bundle.team or bundle.skills
    assert plan is not None
    return build_request(profile, kind, settings, version, outline_of(plan, bundle.diagnosis))


def dead_model_planner(max_retries: int):
    """An LLM planner whose server is gone: a loopback port nobody listens on (connection refused)."""
    from assistant.planners.llm import LLMPlanner
    from assistant.settings import get_settings

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = get_settings(
        provider="openai",
        base_url=f"http://127.0.0.1:{port}/v1",
        api_key="sk-secret-test-key",
        model="gpt-4o-mini",
        max_retries=max_retries,
        timeout=2,
    )
    return LLMPlanner(settings=settings, use_cache=False)


# A batch run in a child process that prints "saved" once its first rows are in results.jsonl: the
# tests read that line (an event) before they act on the running batch.
_RUN_SAYING_SAVED = """
import sys
from pathlib import Path
from assistant.batch import BatchOptions, run_batch

out = Path(sys.argv[2])
said = False


def saved(report):
    global said
    results = out / "results.jsonl"
    if not said and results.exists() and results.stat().st_size:
        print("saved", flush=True)
        said = True

run_batch(Path(sys.argv[1]), out, BatchOptions(), observer=saved)
"""


def running_batch(source: Path, out: Path) -> subprocess.Popen[str]:
    """A batch of `source` into `out` in a child process, returned once it has saved its first rows."""
    child = subprocess.Popen(
        [sys.executable, "-c", _RUN_SAYING_SAVED, str(source), str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline() == "saved\n"  # blocks until rows are saved
    return child


def wait_gone(pids: set[int]) -> None:
    """Block until every process in `pids` has ended (each one's pidfd becomes readable when it does)."""
    for pid in pids:
        try:
            fd = os.pidfd_open(pid)
        except ProcessLookupError:
            continue  # already gone
        try:
            select.select([fd], [], [])
        finally:
            os.close(fd)
