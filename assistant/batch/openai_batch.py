"""`--via openai-batch`: the rows go to the OpenAI Batch API instead of one request each.

The requests are the LLM chain's own chat-completions bodies (same prompt, model and
structured-output schema), written to `openai-batch/requests.jsonl` in the output folder,
uploaded (`files.create`), submitted (`batches.create`), polled and collected. Each answer
takes the live planner's steps (`LLMPlanner.plan_answer`: bounded, validated, repaired once
live, labelled fallback, redacted, cached) and is saved like any other row; a row with no
answer (a request error, an expired or failed batch) goes to errors.jsonl, and `--resume`
submits it again.

Over the method's draft (the default team prompt), each row's diagnosis call is made live
before the batch is submitted (its answer decides the request), `--concurrency` at a time,
once per row (cached), and its tokens are counted in the row's plan.

The batch id is kept in `openai-batch/state.json`, so a run that was stopped while the
batch was still running re-attaches to it on `--resume` instead of paying twice.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pydantic import SecretStr

from ..files import Folder
from ..llm.chain import KEY_PLACEHOLDER
from ..llm.faults import translated_errors
from ..planners.llm import LLMPlanner
from ..plans import PlanBundle
from ..settings import Settings

ENDPOINT = "/v1/chat/completions"
FINISHED = {"completed", "failed", "expired", "cancelled"}
BATCH_DISCOUNT = 0.5  # the Batch API bills half the synchronous price


def _kinds(kind: str) -> tuple[str, ...]:
    return ("team", "skills") if kind == "both" else (kind,)


def custom_id(job, kind: str) -> str:
    """Names one request: the row id, the plan kind and the row's input hash."""
    return f"{job.row.id}|{kind}|{job.hash}"


def prepare_requests(jobs, options, planner: LLMPlanner) -> list[dict]:
    """The Batch API lines for the jobs: the planner's own request bodies (a draft's outline included)."""
    return [
        {
            "custom_id": custom_id(job, kind),
            "method": "POST",
            "url": ENDPOINT,
            "body": planner.chain.request_body(planner.request(job.profile, kind)),
        }
        for job in jobs
        for kind in _kinds(options.kind)
    ]


def make_client(settings: Settings):
    """The `openai` client for the settings (a base URL without a key gets a placeholder key)."""
    from openai import OpenAI

    key = (settings.api_key or SecretStr(KEY_PLACEHOLDER)).get_secret_value()
    return OpenAI(api_key=key, base_url=settings.base_url, timeout=settings.timeout, max_retries=settings.max_retries)


class _State:
    """openai-batch/state.json: the batch in flight, so --resume re-attaches instead of resubmitting."""

    def __init__(self, folder: Folder):
        self.folder = folder
        self.path = folder.path / "state.json"

    def load(self) -> dict[str, Any]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def save(self, **state: Any) -> None:
        self.folder.write(self.path.name, json.dumps(state, indent=1))


def run_openai_batch(jobs, sink, options, settings: Settings) -> None:
    """Plan `jobs` through the Batch API and hand every row to `sink` (saved or failed)."""
    if not jobs:
        return
    planner = LLMPlanner(settings)  # raises ConfigError when neither a key nor a base URL is set
    jobs = _save_cached(jobs, sink, options, planner)
    if not jobs:
        return
    folder = sink.store.folder.folder("openai-batch")
    lines = prepare_requests(jobs, options, planner)
    state = _State(folder)
    client = make_client(settings)
    with translated_errors(settings):
        batch_id, submitted = _attach_or_submit(client, state, folder, lines)
        batch = _wait(client, batch_id, options.poll_seconds)
        answers = _collect(client, batch, folder)
    _save_rows(jobs, answers, batch, sink, options, planner)
    state.save(batch_id=batch_id, custom_ids=submitted, collected=True)


def _save_cached(jobs, sink, options, planner) -> list:
    """Save the rows whose plans are all cached; the rest, to submit. Looking a plan over the draft up reads its
    diagnosis first (a live call), so the rows are looked up `--concurrency` at a time."""
    todo = []

    def looked_up(job) -> dict:
        return {kind: planner.cached(job.profile, kind) for kind in _kinds(options.kind)}

    with ThreadPoolExecutor(max_workers=options.concurrency) as pool:
        found = list(pool.map(looked_up, jobs))
    for job, plans in zip(jobs, found, strict=True):
        if all(plans.values()):
            sink.save(job, PlanBundle(**plans))
        else:
            todo.append(job)
    return todo


def _attach_or_submit(client, state: _State, folder: Folder, lines: list[dict]) -> tuple[str, list[str]]:
    """The batch holding all these requests (one from an interrupted run, else a new one) and its ids."""
    wanted = [line["custom_id"] for line in lines]
    previous = state.load()
    if (
        previous.get("batch_id")
        and not previous.get("collected")
        and set(wanted) <= set(previous.get("custom_ids", []))
    ):
        return previous["batch_id"], previous["custom_ids"]
    data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode("utf-8")
    folder.write("requests.jsonl", data)
    uploaded = client.files.create(file=("requests.jsonl", data), purpose="batch")
    batch = client.batches.create(
        input_file_id=uploaded.id, endpoint=ENDPOINT, completion_window="24h", metadata={"source": "omniteam batch"}
    )
    state.save(batch_id=batch.id, custom_ids=wanted, collected=False)
    return batch.id, wanted


def _wait(client, batch_id: str, poll_seconds: float):
    """Poll until the batch is completed, failed, expired or cancelled."""
    while True:
        batch = client.batches.retrieve(batch_id)
        if batch.status in FINISHED:
            return batch
        time.sleep(poll_seconds)


def _collect(client, batch, folder: Folder) -> dict[str, dict[str, Any]]:
    """The output and error lines of a finished batch, by custom id (kept in output.jsonl too)."""
    text = "".join(
        client.files.content(file_id).text for file_id in (batch.output_file_id, batch.error_file_id) if file_id
    )
    folder.write("output.jsonl", text)
    items = (json.loads(line) for line in text.splitlines() if line.strip())
    return {item["custom_id"]: item for item in items}


def _answer(item: dict[str, Any]):
    """A batch answer as the wire reads a whole chat completion: text, finish reason, model, usage."""
    from ..llm.wire import Answer, EmptyAnswer, answer_from_body

    try:
        return answer_from_body(item["response"]["body"])
    except EmptyAnswer:
        return Answer()


def _failure(item: dict[str, Any] | None, batch) -> str | None:
    """Why a request has no answer at all, or None when it has one."""
    if item is None:
        return f"no answer in batch {batch.id} (status {batch.status})"
    response = item.get("response") or {}
    if item.get("error") or response.get("status_code") != 200:
        detail = (item.get("error") or {}).get("message") or f"HTTP {response.get('status_code')}"
        return f"batch request failed: {detail}"
    return None


def _plan(planner, job, kind: str, item: dict[str, Any]):
    """The answer through the planner's own steps (validate, repair live, fall back, redact, cache), at the batch price."""
    plan = planner.plan_answer(job.profile, kind, _answer(item))
    made = plan.provenance
    return plan.model_copy(
        update={"provenance": made.model_copy(update={"cost_usd": round(made.cost_usd * BATCH_DISCOUNT, 6)})}
    )


def _save_rows(jobs, answers, batch, sink, options, planner) -> None:
    for job in jobs:
        plans, problems = {}, []
        for kind in _kinds(options.kind):
            key = custom_id(job, kind)
            problem = _failure(answers.get(key), batch)
            if problem:
                problems.append(f"{kind}: {problem}")
            else:
                plans[kind] = _plan(planner, job, kind, answers[key])
        if problems:
            sink.fail(job, "generation", "; ".join(problems))
        else:
            sink.save(job, PlanBundle(**plans))
