"""A row's plans made into files: rendered in every format, then written all or nothing.

`plan_chunk` plans, renders and writes a chunk of offline rows; the runner runs it in worker
processes on every core for a large batch (the offline planner is pure computation, and the
files' creation, fsync and rename are the disk's time, so one process would wait on both), and
in its own process for a small one. A chunk is also the unit the reader reads its rows' challenge
texts in: every clause that needs the meaning model, of all its rows, in one call (`read_ahead`).
"""

from __future__ import annotations

import ctypes
import os
import signal
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import Folder, PathError
from ..planners.offline import OfflinePlanner
from ..plans import PlanBundle
from ..profile import CompanyProfile
from ..reading.diagnosis import read_ahead
from ..render.formats import output_format
from ..terms import PlanKind
from .store import OUT_HINT, PLANS
from .summary import summary_fields


@dataclass(frozen=True)
class Rendered:
    """A row's plans in every format (file name to content), and what its result line records."""

    contents: dict[str, str | bytes]
    summary: dict[str, Any]
    bundle_json: str


@dataclass(frozen=True)
class Planned:
    """A row whose files are written: what its result line records (and its bundle, when at hand)."""

    files: list[str]
    summary: dict[str, Any]
    bundle_json: str
    bundle: PlanBundle | None = None


def render_row(stem: str, bundle: PlanBundle, formats: Iterable[str]) -> Rendered:
    """The row's plans in every format, all rendered before any is written, so a format that fails
    leaves no file of the others."""
    contents = {f"{stem}.{output_format(name).extension}": output_format(name).render(bundle) for name in formats}
    return Rendered(contents, summary_fields(bundle), bundle.model_dump_json(exclude_none=True))


def write_row(rendered: Rendered, plans: Folder) -> Planned:
    """Write a rendered row's files into `plans`, all or nothing: each whole (`Folder.write`), and
    those already written removed when a later one cannot be."""
    written: list[str] = []
    try:
        for name, content in rendered.contents.items():
            plans.write(name, content)
            written.append(name)
    except BaseException:
        for name in written:
            plans.remove(name)
        raise
    return Planned([f"{PLANS}/{name}" for name in rendered.contents], rendered.summary, rendered.bundle_json)


Outcome = Planned | str | PathError  # written; the reason it failed; or the disk's refusal, which stops the run
_planner: OfflinePlanner | None = None
WRITERS = 4  # threads that write a chunk's files: each waits on the disk (fsync), not on the processor
_PR_SET_PDEATHSIG = 1


def plan_chunk(
    rows: Sequence[tuple[str, CompanyProfile]], kind: PlanKind, formats: Sequence[str], plans: Path
) -> list[Outcome]:
    """Plan, render and write offline rows given as (file stem, profile), in order; a row's failure
    is its reason, and a `PathError` ends the chunk (no row after it is committed).

    A row's files are written (each fsynced, then renamed) by `WRITERS` threads while the next rows are planned:
    the disk's wait overlaps the planning and the other rows' waits, and the chunk returns once every file is
    written, so a row is still committed only when its files are whole on the disk."""
    global _planner
    _planner = _planner or OfflinePlanner()
    read_ahead([profile.challenge for _, profile in rows])  # the chunk's clauses embedded in one call
    writing: list[Future[Planned] | str] = []
    with Folder(plans, hint=OUT_HINT, create=False, follow=False) as folder, ThreadPoolExecutor(WRITERS) as writers:
        for stem, profile in rows:
            try:
                rendered = render_row(stem, _planner.plan(profile, kind), formats)
            except Exception as error:  # noqa: BLE001 - one row's failure is its own
                writing.append(reason(error))
                continue
            writing.append(writers.submit(write_row, rendered, folder))
    return _written(writing)


def _written(writing: Sequence[Future[Planned] | str]) -> list[Outcome]:
    """Each row's outcome once its files are written, in order, up to the first refusal of the disk."""
    outcomes: list[Outcome] = []
    for row in writing:
        error = row.exception() if isinstance(row, Future) else None
        if isinstance(error, PathError):
            return [*outcomes, error]
        if error is not None:
            outcomes.append(reason(error) if isinstance(error, Exception) else str(error))
        else:
            outcomes.append(row.result() if isinstance(row, Future) else row)
    return outcomes


def reason(error: Exception) -> str:
    """Why a row failed, for errors.csv: our own errors as they are, others with their type."""
    return str(error) if isinstance(error, InputError) else f"{type(error).__name__}: {error}"


def start_worker(parent: int) -> None:
    """A worker's start: Ctrl-C is the main process's to handle (it stops the run cleanly), and the
    worker ends with the main process, even one killed outright (SIGKILL), rather than linger."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with suppress(OSError, AttributeError):  # Linux: the kernel sends SIGTERM when the parent dies
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)
