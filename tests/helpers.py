"""Helpers the tests share: a valid profile with overrides, the shipped eval cases, the CLI run in this process, an LLM planner
whose server is gone, a batch running in a child process and a wait for processes to end."""

from __future__ import annotations

import io
import os
import select
import socket
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from functools import cache
from pathlib import Path
from typing import cast
from unittest.mock import patch

from assistant.profile import CompanyProfile, build_profile
from assistant.terms import PlanKind

ROOT = Path(__file__).resolve().parents[1]


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


@cache
def shipped_cases() -> tuple:
    """The shipped eval cases, read once per test process (a second or so each time; tests only read them)."""
    from assistant.evals.cases import load_cases

    return tuple(load_cases())


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The CLI as a user runs it (argv in; exit code, stdout and stderr out), in this process: the
    console entry point `main` itself, without the second or two an interpreter takes to start."""
    from assistant.cli import main

    out, err, code = io.StringIO(), io.StringIO(), 0
    with redirect_stdout(out), redirect_stderr(err), patch.object(sys, "argv", ["omniteam", *args]):
        try:
            main()
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else int(done.code is not None)
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


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


# `omniteam batch` in a child process that prints "saved" once `results.jsonl` holds the rows asked for
# (its observer hears of every row): the tests read that line, an event, before they act on the running batch.
_BATCH_SAYING_SAVED = """
import sys
from pathlib import Path

import assistant.batch.runner as runner
from assistant.cli import main

wanted, args = int(sys.argv[1]), sys.argv[2:]
results = Path(args[args.index("--out") + 1]) / "results.jsonl"
planned = runner.run_batch
said = False


def saying_saved(*given, observer=None, **options):
    def observe(report):
        global said
        observer(report)
        if not said and results.exists() and len(results.read_bytes().splitlines()) >= wanted:
            print("saved", flush=True)
            said = True

    return planned(*given, observer=observe, **options)


runner.run_batch = saying_saved
sys.argv = ["omniteam", "batch", *args]
main()
"""


def running_batch(*args: str, saved: int = 1, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """`omniteam batch *args` (which name `--out`) in a child process, returned once `saved` rows are in
    its results.jsonl; its stderr is the CLI's."""
    child = subprocess.Popen(
        [sys.executable, "-c", _BATCH_SAYING_SAVED, str(saved), *args],
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline() == "saved\n"  # blocks until the rows are saved
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
