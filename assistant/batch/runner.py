"""The batch run: validate every row, plan the valid ones concurrently, save each as it finishes.

`preview` reads and validates a file (what `--dry-run` shows); `run_batch` plans it. Each
row ends in exactly one place: results.jsonl (with its per-row files) or errors.jsonl.
A Ctrl-C stops the run cleanly: finished rows are already on disk, and the report says so.

Rows flow as a stream: read, validated and planned a few at a time (the planner's window),
with what must be remembered about every row kept on disk (`RowIndex`), so peak memory does
not depend on the number of rows.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import aclosing, contextmanager, suppress
from dataclasses import dataclass, field, replace
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..concurrency import RateLimiter, bounded_map
from ..errors import ConfigError, InputError
from ..files import PathError
from ..limits import Limits
from ..planners import make_planner
from ..plans import PlanBundle
from ..profile import CompanyProfile, build_profile
from ..settings import Settings, get_settings
from ..terms import PlanKind
from ..words.text import fold
from .estimate import SAMPLE_ROWS, estimate_usage, row_usage, uses_llm
from .index import RowIndex
from .openai_batch import run_openai_batch
from .reader import Row, Table, read_table
from .rows import Outcome, Planned, plan_chunk, reason, render_row, start_worker, write_row
from .store import ERRORS_CSV, SUMMARY_CSV, ResultStore, input_hash
from .summary import SUMMARY_COLUMNS, write_excel_csv

PIPELINE = 2  # rows in progress per request slot: the next rows are prepared while requests wait
CHUNK_ROWS = 64  # offline rows planned together (in a worker process, for a large batch)
POOL_ROWS = 1000  # offline batches from this many rows are planned in worker processes, one per core
MAX_WORKERS = 8
SYNC_SECONDS = 0.05  # the group commit: finished rows reach the disk (fsync) within this time
PREVIEW_ERRORS = 1000  # invalid rows a dry run lists one by one
_PLAIN_ID = re.compile(r"[a-z0-9]{1,40}")


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch; the CLI flags of `omniteam batch`."""

    kind: PlanKind = "team"
    language: str | None = None  # for rows without a language cell
    provider: str | None = None
    concurrency: int = 8
    rpm: float | None = None
    tpm: float | None = None
    formats: tuple[str, ...] = ("md", "json")
    resume: bool = False
    retry_fallbacks: bool = False  # with resume: plan again the rows whose model failed
    overrides: dict[str, str] = field(default_factory=dict)  # --map, as parsed by parse_map_options
    poll_seconds: float = 30.0  # --via openai-batch: seconds between status checks
    encoding: str | None = None  # --encoding: read the file in this encoding, bad bytes as U+FFFD
    store: bool = False  # --store: every planned row is saved in the store too (once, also when resumed)


@dataclass(frozen=True)
class Job:
    """One row, validated: a profile to plan, or the reason it cannot be planned."""

    row: Row
    hash: str
    profile: CompanyProfile | None = None
    error: str | None = None

    @property
    def stem(self) -> str:
        """File name of the row's plans: its id, then its company; distinct ids never share one.

        An id of lowercase letters and digits is used as it is (a number zero-padded); any
        other id (`A/1`, `a 1`, `007`, a long one) is folded and followed by `_` and a hash of
        the id itself. The id part holds no `-`, so the company after it cannot make two equal.
        """
        row_id = self.row.id
        if row_id.isdigit() and not row_id.startswith("0"):
            row_id = row_id.zfill(5)
        elif row_id.isdigit() or not _PLAIN_ID.fullmatch(row_id):  # "007" would pass for row 7
            digest = hashlib.sha256(row_id.encode("utf-8")).hexdigest()[:10]
            row_id = f"{re.sub(r'[^a-z0-9]+', '', fold(row_id))[:30]}_{digest}"
        company = self.row.data.get("company") or self.row.data.get("industry") or ""
        return "-".join(filter(None, [row_id, re.sub(r"[^a-z0-9]+", "-", fold(str(company))).strip("-")[:40]]))


@dataclass
class Preview:
    """A read and validated input file: what `--dry-run` prints."""

    table: Table
    rows: int = 0
    valid: int = 0
    invalid: list[Job] = field(default_factory=list)  # the first `PREVIEW_ERRORS` rows with errors
    tokens: int = 0
    cost_usd: float = 0.0

    @property
    def invalid_count(self) -> int:
        """How many rows failed validation."""
        return self.rows - self.valid


@dataclass
class BatchReport:
    """Running totals of a batch; the final one says how it ended."""

    out_dir: Path
    total: int = 0
    skipped: int = 0  # already in results.jsonl (--resume)
    done: int = 0
    failed: int = 0
    fallbacks: int = 0  # planned, but offline because the model failed
    tokens: int = 0
    cost_usd: float = 0.0
    interrupted: bool = False
    encoding: str = ""  # how the input file was read
    stale_lock: str = ""  # the holder of a lock left by a killed run, taken over

    @property
    def finished(self) -> int:
        """Rows accounted for so far: skipped, planned or failed."""
        return self.skipped + self.done + self.failed

    @property
    def ok(self) -> bool:
        """True when every row was planned (by the model, when one is used) and the run was not interrupted."""
        return not self.failed and not self.fallbacks and not self.interrupted


Observer = Callable[[BatchReport], None]
Keeper = Callable[["Job", PlanBundle], None]  # saves a planned row's bundle elsewhere (the store)


def _row_input(row: Row, options: BatchOptions) -> tuple[dict[str, Any], str]:
    """A row's profile data (with the default language) and its input hash."""
    data = dict(row.data)
    if options.language and "language" not in data:
        data["language"] = options.language
    return data, input_hash(data, kind=options.kind)


def validate(table: Table, options: BatchOptions) -> Iterator[Job]:
    """Every row as a `Job`, one at a time; a row that fails validation carries its reason."""
    limits = table.limits
    for row in table.iter_rows():
        data, digest = _row_input(row, options)
        if row.problem:
            yield Job(row, digest, error=row.problem)
            continue
        try:
            yield Job(row, digest, profile=build_profile(data, row=row.number, max_channels=limits.max_channels))
        except InputError as error:  # a stray quote, when there is one, is why the cells are wrong
            yield Job(row, digest, error=row.misquoted or str(error))


def preview(
    path: Path, options: BatchOptions, *, settings: Settings | None = None, limits: Limits | None = None
) -> Preview:
    """Read and validate `path`, with the estimated tokens and cost of planning it.

    `settings` and `limits` default to the environment's, read once here.
    """
    settings = settings or get_settings()
    table = read_table(path, options.overrides, encoding=options.encoding, limits=limits)
    step = max(1, table.count() // SAMPLE_ROWS)
    result, sample = Preview(table), []
    for result.rows, job in enumerate(validate(table, options), start=1):
        if job.profile is None:
            result.invalid += [job] if len(result.invalid) < PREVIEW_ERRORS else []
            continue
        result.valid += 1
        if result.valid % step == 1 or step == 1:
            sample.append(job.profile)
    result.tokens, result.cost_usd = estimate_usage(sample, options, settings, total=result.valid)
    return result


class Sink:
    """Where finished rows go: per-row files plus a result line, or an error line."""

    def __init__(
        self,
        store: ResultStore,
        report: BatchReport,
        formats: Iterable[str],
        observer: Observer | None,
        keep: Keeper | None = None,
    ):
        self.store = store
        self.report = report
        self.keep = keep
        self.formats = list(formats)
        self.observer = observer
        self.plans = store.plans
        self._sync_pending, self._synced = False, time.monotonic()

    def _sync_soon(self) -> None:
        """fsync within `SYNC_SECONDS` (one fsync for all rows finished meanwhile); outside a loop, at
        most every `SYNC_SECONDS` (and after each chunk, `settle`, and at the end)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            if time.monotonic() - self._synced >= SYNC_SECONDS:
                self._sync()
            return
        if not self._sync_pending:
            self._sync_pending = True
            loop.call_later(SYNC_SECONDS, self._sync)

    def _sync(self) -> None:
        self._sync_pending, self._synced = False, time.monotonic()
        self.store.sync()

    def admit(self, job: Job) -> bool:
        """True for a row to plan; a row already done (`--resume`) is counted, an invalid one failed."""
        if self.store.index.done_hash(job.row.id) == job.hash:
            self.report.skipped += 1
            self.notify()
        elif job.error:
            self.fail(job, "validation", job.error)
        else:
            return True
        return False

    def save(self, job: Job, bundle: PlanBundle) -> None:
        """Write the row's files, then commit it; a render failure becomes the row's error."""
        try:
            planned = write_row(render_row(job.stem, bundle, self.formats), self.plans)
        except PathError:
            raise  # the disk or the folder: the same for every row, so the run stops and says so
        except Exception as error:  # noqa: BLE001 - a broken render must not stop the batch
            return self.fail(job, "generation", reason(error))
        self.commit(job, replace(planned, bundle=bundle))

    def settle(self, jobs: Sequence[Job], outcomes: Sequence[Outcome]) -> None:
        """Commit or fail each row of a planned chunk (`plan_chunk`), then make them durable; the disk's
        refusal stops the run."""
        for job, outcome in zip(jobs, outcomes, strict=False):
            if isinstance(outcome, PathError):
                raise outcome
            if isinstance(outcome, str):
                self.fail(job, "generation", outcome)
            else:
                self.commit(job, outcome)
        self._sync()

    def commit(self, job: Job, rendered: Planned) -> None:
        """Append the result line of a row whose files are written (and, with --store, whose plan is
        saved there): from now on the row is done. A store that fails fails the row, to be redone."""
        if self.keep is not None:
            try:
                self.keep(job, rendered.bundle or PlanBundle.model_validate_json(rendered.bundle_json))
            except Exception as error:  # noqa: BLE001 - one row's failed save must not stop the batch
                return self.fail(job, "store", reason(error))
        self.store.add_result(
            {
                "row": job.row.number,
                "id": job.row.id,
                "hash": job.hash,
                "input": job.row.cells,
                "files": rendered.files,
                "summary": rendered.summary,
            },
            rendered.bundle_json,
        )
        self.report.done += 1
        self.report.fallbacks += bool(rendered.summary.get("fallback"))
        self.report.tokens += rendered.summary["tokens"]
        self.report.cost_usd += rendered.summary["cost_usd"]
        self.notify()

    def fail(self, job: Job, stage: str, reason: str) -> None:
        """Record a row that failed validation or generation (planning or rendering its files)."""
        self.store.add_error(
            {
                "row": job.row.number,
                "id": job.row.id,
                "hash": job.hash,
                "stage": stage,
                "reason": reason,
                "input": job.row.cells,
            }
        )
        self.report.failed += 1
        self.notify()

    def notify(self) -> None:
        """Schedule the group commit and tell the observer the running totals."""
        self._sync_soon()
        if self.observer:
            self.observer(self.report)


def run_batch(
    path: Path,
    out_dir: Path,
    options: BatchOptions,
    *,
    observer: Observer | None = None,
    via: str | None = None,
    settings: Settings | None = None,
    limits: Limits | None = None,
) -> BatchReport:
    """Plan every row of `path` into `out_dir`; returns the report (interrupted on Ctrl-C).

    `observer` gets the running totals after each row. `via="openai-batch"` sends the rows
    through the OpenAI Batch API instead of one request each. `settings` and `limits` default
    to the environment's, read once here. A settings problem (e.g. a rejected API key) stops
    the run with a `ConfigError`; the finished rows stay saved.
    """
    settings = settings or get_settings()
    table = read_table(path, options.overrides, encoding=options.encoding, limits=limits)
    report = BatchReport(Path(out_dir), total=table.count(), encoding=table.encoding)
    with RowIndex() as index:
        if options.resume:
            for row in table.iter_rows():
                index.remember_input(row.id, _row_input(row, options)[1])
        keep = _keeper(Path(out_dir), settings) if options.store else None  # a bad database URL stops the run here
        offline = via is None and not uses_llm(options, settings)
        with (
            ResultStore(out_dir, index, resume=options.resume, retry_fallbacks=options.retry_fallbacks) as store,
            offline_workers(report.total if offline else 0) as pool,
        ):
            report.stale_lock = store.lock.stale
            sink = Sink(store, report, options.formats, observer, keep)
            pending = (job for job in validate(table, options) if sink.admit(job))
            sink.notify()
            try:
                if via == "openai-batch":
                    run_openai_batch(list(pending), sink, options, settings)
                elif offline:
                    _plan_offline(pending, sink, options, pool)
                else:
                    asyncio.run(_plan_all(pending, _make_planner(options, settings), sink, options, settings))
            except KeyboardInterrupt:
                report.interrupted = True
            except PathError as error:
                with suppress(PathError):  # the disk that stopped the run may refuse the reports too
                    write_reports(store, table.delimiter)
                raise PathError(
                    f"{error}; the rows planned so far are saved: add --resume to finish", path=error.path
                ) from None
            except BaseException:
                write_reports(store, table.delimiter)
                raise
            write_reports(store, table.delimiter)
    return report


def _keeper(out_dir: Path, settings: Settings) -> Keeper:
    """Saves a row's plan in the store under a key of the output folder, the row id and its input hash,
    so a resumed or repeated run into the same folder saves each row once."""
    from ..store import open_store

    saved = open_store(settings)
    folder = str(out_dir.resolve())

    def keep(job: Job, bundle: PlanBundle) -> None:
        key = hashlib.sha256(f"{folder}\0{job.row.id}\0{job.hash}".encode()).hexdigest()[:40]
        saved.save(bundle, source="batch", batch_key=key)

    return keep


def _make_planner(options: BatchOptions, settings: Settings):
    """The options' planner; an LLM planner caps its requests in flight at --concurrency."""
    return make_planner(options.provider, settings=settings.model_copy(update={"max_concurrency": options.concurrency}))


async def _plan_all(jobs: Iterable[Job], planner, sink: Sink, options: BatchOptions, settings: Settings) -> None:
    """Plan and render the jobs with bounded concurrency and the rate limiter, committing each as it finishes."""
    requests_per_row = 2 if options.kind == "both" else 1  # a team and a skills request
    limiter = RateLimiter(options.rpm and options.rpm / requests_per_row, options.tpm)

    def tokens(job: Job) -> int:
        return row_usage(job.profile, options, settings)[0] if options.tpm and job.profile else 0

    async def make(job: Job) -> Planned:
        bundle = await planner.aplan(job.profile, options.kind)
        written = await asyncio.to_thread(write_row, render_row(job.stem, bundle, sink.formats), sink.plans)
        return replace(written, bundle=bundle)  # the files' fsync waited in a thread, the requests went on

    outcomes = bounded_map(make, jobs, concurrency=options.concurrency * PIPELINE, limiter=limiter, tokens=tokens)
    async with aclosing(outcomes):
        async for outcome in outcomes:
            if isinstance(outcome.error, ConfigError | PathError):
                raise outcome.error  # the same for every row: stop and name the setting or path to fix
            if outcome.error is not None:
                sink.fail(outcome.item, "generation", reason(outcome.error))
            elif outcome.result is not None:
                sink.commit(outcome.item, outcome.result)


def _plan_offline(jobs: Iterable[Job], sink: Sink, options: BatchOptions, pool: ProcessPoolExecutor | None) -> None:
    """Offline rows in chunks (`plan_chunk`): in the worker processes of `pool`, else here.

    Up to two chunks per worker are in flight, so the next rows are read and validated while the
    workers plan; chunks are committed in the order of the file.
    """
    args = (options.kind, sink.formats, sink.plans.path)
    if pool is None:
        for chunk in batched(jobs, CHUNK_ROWS):
            sink.settle(chunk, plan_chunk(_tasks(chunk), *args))
        return
    in_flight: deque[tuple[list[Job], Future[list[Outcome]]]] = deque()
    for chunk in batched(jobs, CHUNK_ROWS):
        in_flight.append((chunk, pool.submit(plan_chunk, _tasks(chunk), *args)))
        if len(in_flight) >= 2 * cores():
            sink.settle(*_result(in_flight.popleft()))
    while in_flight:
        sink.settle(*_result(in_flight.popleft()))


def cores() -> int:
    """The worker processes an offline batch uses: one per core this process may run on (at most 8)."""
    return min(len(os.sched_getaffinity(0)), MAX_WORKERS)


@contextmanager
def offline_workers(rows: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for a large offline batch, one per core (None for a small one: starting them
    costs time). They are forked at once, before the run starts threads of its own (a progress bar),
    which a forked child must not inherit mid-work; and shut down with the run, queued chunks dropped."""
    count = cores()
    if rows < POOL_ROWS or count < 2:
        yield None
        return
    pool = ProcessPoolExecutor(count, mp_context=get_context("fork"), initializer=start_worker, initargs=(os.getpid(),))
    try:
        pool.submit(os.getpid).result()  # forks every worker now
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def batched(items: Iterable[Job], size: int) -> Iterator[list[Job]]:
    """`items` in lists of `size` (the last one shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _tasks(chunk: list[Job]) -> list[tuple[str, CompanyProfile]]:
    return [(job.stem, job.profile) for job in chunk if job.profile is not None]


def _result(item: tuple[list[Job], Future[list[Outcome]]]) -> tuple[list[Job], list[Outcome]]:
    chunk, future = item
    return chunk, future.result()


def write_reports(store: ResultStore, delimiter: str) -> None:
    """summary.csv from every result so far and errors.csv from every error, rows in order.

    summary.csv's `files` column maps each row (and id) to its per-row files.
    """
    index = store.index
    write_excel_csv(
        store.folder,
        SUMMARY_CSV,
        SUMMARY_COLUMNS,
        (
            {"row": r["row"], "id": r["id"], **r["summary"], "files": " ".join(r["files"])}
            for r in index.records("result")
        ),
        delimiter,
    )
    columns: dict[str, Any] = dict.fromkeys(["row", "id", "stage", "reason"])
    for record in index.records("error"):
        columns.update(dict.fromkeys(record["input"]))
    write_excel_csv(
        store.folder,
        ERRORS_CSV,
        columns,
        (
            {**record["input"], **{k: record[k] for k in ("row", "id", "stage", "reason")}}
            for record in index.records("error")
        ),
        delimiter,
    )
