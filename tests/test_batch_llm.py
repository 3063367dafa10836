"""Batch runs with the LLM planner over real HTTP against the fake OpenAI server:
the direct path, the cache, --via openai-batch, SIGKILL + --resume and Ctrl-C."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.batch import BatchOptions, run_batch
from assistant.batch.store import read_jsonl
from assistant.testing import Reply
from tests.helpers import ROOT, running_batch

DATA = Path(__file__).parent / "data" / "batch"
POLISH = DATA / "pl_excel_bom_semicolon.csv"  # 5 rows


@pytest.fixture
def llm_env(fake_openai, monkeypatch):
    """OMNITEAM_BASE_URL / OMNITEAM_API_KEY pointing at the fake server (inherited by subprocesses), one request per
    plan (the team prompt from scratch, as `llm_settings`), so a test scripts the plans' answers alone."""
    monkeypatch.setenv("OMNITEAM_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OMNITEAM_API_KEY", fake_openai.api_key)
    monkeypatch.setenv("OMNITEAM_MAX_RETRIES", "0")
    monkeypatch.setenv("OMNITEAM_PROMPT_VERSION", "team_structure=v4")
    return fake_openai


def summary_of(out: Path) -> list[dict]:
    import csv

    return list(csv.DictReader(out.joinpath("summary.csv").read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))


@pytest.mark.slow
def test_llm_rows_are_planned_over_http_and_a_rerun_is_served_from_the_cache(llm_env, tmp_path):
    report = run_batch(POLISH, tmp_path / "first", BatchOptions(concurrency=3))
    assert (report.done, report.failed) == (5, 0)
    assert len(llm_env.chat_requests()) == 5
    assert all(request["auth_ok"] for request in llm_env.requests)
    summary = summary_of(tmp_path / "first")
    assert {line["planner"] for line in summary} == {"llm gpt-4o-mini"}
    assert all(int(line["tokens"]) > 0 for line in summary) and report.tokens > 0

    again = run_batch(POLISH, tmp_path / "second", BatchOptions(concurrency=3))
    assert again.done == 5 and len(llm_env.chat_requests()) == 5  # zero new requests
    assert {line["planner"] for line in summary_of(tmp_path / "second")} == {"llm gpt-4o-mini (cached)"}


def test_a_malformed_answer_falls_back_visibly_and_the_row_is_still_saved(llm_env, tmp_path):
    llm_env.queue(Reply(content="{not json"), Reply(content="{still not json"))
    report = run_batch(POLISH, tmp_path, BatchOptions(concurrency=1))
    assert (report.done, report.failed) == (5, 0)
    summary = summary_of(tmp_path)
    planners = [line["planner"] for line in summary]
    assert planners[0].startswith("offline (fallback from gpt-4o-mini: odpowiedź nie przeszła walidacji")  # Polish rows
    assert planners[1:] == ["llm gpt-4o-mini"] * 4
    assert [line["fallback"] for line in summary] == ["True"] + ["False"] * 4 and report.fallbacks == 1


@pytest.mark.slow
def test_openai_batch_sends_the_chains_own_request_bodies_and_writes_the_same_outputs(llm_env, tmp_path, monkeypatch):
    run_batch(POLISH, tmp_path / "live", BatchOptions(kind="team", concurrency=1))
    live = llm_env.chat_requests()
    assert run_batch(POLISH, tmp_path / "cached", BatchOptions(kind="team"), via="openai-batch").done == 5
    assert len(llm_env.requests) == len(live)  # all cached: nothing submitted
    monkeypatch.setenv("OMNITEAM_CACHE_DIR", str(tmp_path / "empty-cache"))
    llm_env.batch_polls = 2
    report = run_batch(POLISH, tmp_path / "batch", BatchOptions(kind="team", poll_seconds=0.01), via="openai-batch")
    assert (report.done, report.failed) == (5, 0)
    paths = [(r["method"], r["path"].split("/")[2]) for r in llm_env.requests[len(live) :]]
    assert paths[:2] == [("POST", "files"), ("POST", "batches")] and paths.count(("GET", "batches")) == 2
    lines = [
        json.loads(line) for line in (tmp_path / "batch" / "openai-batch" / "requests.jsonl").read_text().splitlines()
    ]
    assert [line["url"] for line in lines] == ["/v1/chat/completions"] * 5
    streamed = ("stream", "stream_options")  # the live chain streams; a batch line cannot
    assert [line["body"] for line in lines] == [
        {**{k: v for k, v in body.items() if k not in streamed}, "stream": False} for body in live
    ]  # otherwise what the live chain sent
    assert lines[0]["body"]["response_format"]["json_schema"]["name"] == "TeamPlanContent"
    summary = summary_of(tmp_path / "batch")
    assert {line["planner"] for line in summary} == {"llm gpt-4o-mini"}
    assert [line["operating_model"] for line in summary] == [
        line["operating_model"] for line in summary_of(tmp_path / "live")
    ]
    assert all(len(r["files"]) == 2 for r in read_jsonl(tmp_path / "batch" / "results.jsonl"))


def test_openai_batch_failures_go_to_errors_and_resume_submits_only_them(llm_env, tmp_path):
    llm_env.queue(Reply(), Reply.error(500), Reply(content="{not json"))
    report = run_batch(POLISH, tmp_path, BatchOptions(poll_seconds=0.01), via="openai-batch")
    assert (report.done, report.failed) == (4, 1)
    errors = list(read_jsonl(tmp_path / "errors.jsonl"))
    assert [(e["row"], e["stage"]) for e in errors] == [(3, "generation")]
    assert "batch request failed" in errors[0]["reason"]
    planners = {int(line["row"]): line["planner"] for line in summary_of(tmp_path)}
    assert planners[4] == "llm gpt-4o-mini (repaired)"  # repaired live, as the direct path would
    assert llm_env.chat_requests()[-1]["messages"][-2]["content"] == "{not json"

    again = run_batch(POLISH, tmp_path, BatchOptions(poll_seconds=0.01, resume=True), via="openai-batch")
    assert (again.skipped, again.done, again.failed) == (4, 1, 0)
    resubmitted = (tmp_path / "openai-batch" / "requests.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["custom_id"].split("|")[:2] for line in resubmitted] == [["3", "team"]]
    assert {r["row"] for r in read_jsonl(tmp_path / "results.jsonl")} == {2, 3, 4, 5, 6}


def test_a_row_through_the_batch_api_over_the_draft_reports_the_tokens_a_live_row_does(
    fake_openai, monkeypatch, tmp_path
):
    """The default team prompt reads each row's diagnosis live before the batch: its tokens count in the row, once."""
    monkeypatch.setenv("OMNITEAM_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OMNITEAM_API_KEY", fake_openai.api_key)
    options = BatchOptions(kind="team", poll_seconds=0.01)
    live = run_batch(POLISH, tmp_path / "live", options)
    monkeypatch.setenv("OMNITEAM_CACHE_DIR", str(tmp_path / "empty-cache"))
    batched = run_batch(POLISH, tmp_path / "batch", options, via="openai-batch")
    assert (batched.done, batched.tokens) == (5, live.tokens)


def _omniteam(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", "batch", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _write_rows(path: Path, count: int) -> None:
    rows = [f"Firma {i};{100 + i};odzież;sklepy, e-commerce;silosy między działami" for i in range(count)]
    path.write_text("\n".join(["Nazwa firmy;Pracownicy;Branża;Kanały;Wyzwanie", *rows]), encoding="utf-8")


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0


def _interrupt(
    server, tmp_path: Path, sig: int, *, after: int, concurrency: int
) -> tuple[subprocess.Popen, Path, Path]:
    """Start a 24-row batch against the slowed server; send `sig` once `after` rows are saved."""
    server.latency = 0.25
    source, out = tmp_path / "clients.csv", tmp_path / "out"
    _write_rows(source, 24)
    process = running_batch(str(source), "--out", str(out), "--concurrency", str(concurrency), saved=after)
    process.send_signal(sig)
    return process, source, out


@pytest.mark.slow
def test_a_sigkilled_batch_resumes_with_every_row_exactly_once(llm_env, tmp_path):
    process, source, out = _interrupt(llm_env, tmp_path, signal.SIGKILL, after=4, concurrency=3)
    process.wait(timeout=10)
    finished = {r["row"] for r in read_jsonl(out / "results.jsonl")}
    assert 4 <= len(finished) < 24, "the kill must land half-way"

    llm_env.latency = 0.0
    resumed = _omniteam(str(source), "--out", str(out), "--concurrency", "3", "--resume")
    _, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, stderr
    assert f"24 of 24 rows planned ({len(finished)} already done)" in stderr
    rows = [r["row"] for r in read_jsonl(out / "results.jsonl")]
    assert sorted(rows) == list(range(2, 26))  # every row once, none twice
    assert list(read_jsonl(out / "errors.jsonl")) == []
    assert len(summary_of(out)) == 24


@pytest.mark.slow
def test_ctrl_c_says_in_one_line_what_is_done_where_it_is_and_how_to_finish(llm_env, tmp_path):
    process, source, out = _interrupt(llm_env, tmp_path, signal.SIGINT, after=2, concurrency=2)
    _, stderr = process.communicate(timeout=30)
    done = _lines(out / "results.jsonl")
    command = f"omniteam batch {source} --out {out} --concurrency 2 --resume"
    assert (process.returncode, stderr.splitlines()[-1]) == (
        130,
        f"interrupted: {done} of 24 rows done, saved in {out}; to finish, run: {command}",
    )


@pytest.mark.slow
def test_the_command_printed_on_ctrl_c_finishes_the_rest_without_planning_a_row_twice(llm_env, tmp_path):
    process, _, out = _interrupt(llm_env, tmp_path, signal.SIGINT, after=2, concurrency=2)
    command = shlex.split(process.communicate(timeout=30)[1].splitlines()[-1].split("to finish, run: ")[1])
    done = _lines(out / "results.jsonl")
    llm_env.latency = 0.0
    resumed = _omniteam(*command[2:])
    assert f"24 of 24 rows planned ({done} already done)" in resumed.communicate(timeout=120)[1]


@pytest.mark.slow
def test_ctrl_c_while_a_batch_runs_reattaches_on_resume_instead_of_resubmitting(llm_env, tmp_path):
    llm_env.batch_polls = 10**6
    out = tmp_path / "out"
    process = _omniteam(str(POLISH), "--out", str(out), "--via", "openai-batch", "--poll", "0.02")
    llm_env.wait_for_request(lambda r: r["path"].startswith("/v1/batches/"))  # polling: state.json was saved
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130 and "--resume" in stderr

    llm_env.batch_polls = 0
    report = run_batch(POLISH, out, BatchOptions(resume=True, poll_seconds=0.01), via="openai-batch")
    assert (report.done, report.failed) == (5, 0)
    assert len([r for r in llm_env.requests if r["path"] == "/v1/batches" and r["method"] == "POST"]) == 1


@pytest.mark.slow
def test_a_rejected_api_key_stops_the_batch_with_one_clear_line(llm_env, monkeypatch, tmp_path):
    monkeypatch.setenv("OMNITEAM_API_KEY", "sk-wrong-key-123")
    process = _omniteam(str(POLISH), "--out", str(tmp_path), "--concurrency", "2")
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "omniteam: error:" in stderr and "rejected the API key" in stderr and "OMNITEAM_API_KEY" in stderr
    assert "sk-wrong-key-123" not in stderr
    assert len(llm_env.chat_requests()) <= 4  # it stopped instead of failing every row


@pytest.mark.slow
def test_rate_limits_apply_to_llm_rows_without_losing_any(llm_env, tmp_path):
    report = run_batch(POLISH, tmp_path, BatchOptions(kind="both", rpm=10_000, tpm=10_000_000, concurrency=2))
    assert (report.done, report.failed) == (5, 0)
    assert len(llm_env.chat_requests()) == 10  # a team and a skills request per row
