"""Durable batch state: results.jsonl and errors.jsonl in the output folder.

Every finished row is appended as one JSON line and flushed to the operating system before
it counts as done, so a killed process (SIGKILL, Ctrl-C) loses only the rows in flight.
`sync()` fsyncs the files to the disk itself; the runner calls it at most every few tens of
milliseconds (a group commit), so even a power cut loses only that much, and 10,000 rows do
not pay for 10,000 fsyncs. A result is
keyed by the row id and a hash of its input; `--resume` keeps the results whose hash still
matches and redoes the rest, so a changed row is planned again and no row appears twice.

Nothing is written through a symbolic link (`assistant.files`): the files and folders the run
writes are checked before the first row, and a link among them is refused in one line.

One process writes a folder at a time: the store holds an exclusive lock (`flock`) on
`.omniteam.lock`, which names its holder. A second run on the same folder is refused with
that name; a lock left by a killed run is released by the kernel and taken over, and the
report says so. A run that finishes (or is interrupted) removes the lock file; a crash leaves it. Only the holder ever replaces results.jsonl.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shlex
import socket
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import Folder
from .index import RowIndex

RESULTS = "results.jsonl"
ERRORS = "errors.jsonl"
LOCK = ".omniteam.lock"
SUMMARY_CSV = "summary.csv"
ERRORS_CSV = "errors.csv"
PLANS = "plans"
OUT_HINT = "choose another --out folder"


def input_hash(data: dict[str, Any], **options: Any) -> str:
    """A short stable hash of a row's mapped input and the options that shape its plan."""
    payload = json.dumps({"data": data, **options}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _parse(line: str) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None
    return record if isinstance(record, dict) else None


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSONL file; a torn last line (a killed write) is skipped."""
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            yield from filter(None, map(_parse, handle))


class _Appender:
    """An append-only JSONL file of `folder`: each record is flushed at once, fsynced on `sync`."""

    def __init__(self, folder: Folder, name: str, mode: str):
        self.folder, self.name = folder, name
        self._handle = folder.open(name, mode)
        self._dirty = False

    def append(self, line: str) -> None:
        try:
            self._handle.write(line + "\n")
            self._handle.flush()
        except OSError as error:
            raise self.folder.error(error, self.name) from None
        self._dirty = True

    def sync(self) -> None:
        if self._dirty:
            try:
                os.fsync(self._handle.fileno())
            except OSError as error:
                raise self.folder.error(error, self.name) from None
            self._dirty = False

    def close(self) -> None:
        try:
            self.sync()
        finally:
            with suppress(OSError):  # a full disk: what could be saved was saved, the error said so
                self._handle.close()


class FolderLock:
    """An exclusive lock on an output folder, naming its holder (pid, host, start, command)."""

    def __init__(self, folder: Folder):
        self.path = folder.path / LOCK
        self._folder = folder
        self._handle = folder.open(LOCK, "a+")
        try:
            fcntl.flock(self._handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self.holder() or "another process"
            self._handle.close()
            raise InputError(
                f"{folder.path} is in use by another omniteam batch ({holder}); wait for it to finish "
                "or choose another --out folder",
                field="out",
            ) from None
        self.stale = self.holder()  # what a killed holder left behind, now taken over
        self._handle.seek(0)
        self._handle.truncate()
        command = shlex.join([Path(sys.argv[0]).name, *sys.argv[1:]])
        self._handle.write(
            f"pid {os.getpid()} on {socket.gethostname()} since {time.strftime('%Y-%m-%d %H:%M:%S')}: {command}\n"
        )
        self._handle.flush()

    def holder(self) -> str:
        """Who holds (or last held) the lock, as written in the lock file."""
        self._handle.seek(0)
        return self._handle.read().strip()

    def release(self, *, remove: bool = False) -> None:
        """Empty the lock file (`remove`: remove it, while still held) and let the next run in."""
        self._handle.seek(0)
        self._handle.truncate()
        if remove:
            self._folder.remove(LOCK)
        self._handle.close()


class ResultStore:
    """results.jsonl and errors.jsonl of one output folder, under its lock; a context manager.

    Without `resume`, an output folder that already holds results is refused (nothing is
    overwritten). With `resume`, results.jsonl is rewritten to keep only the results whose
    hash matches the input's (`index.input_hash`), and those ids are marked done in `index`
    (`retry_fallbacks` drops the rows planned offline because the model failed, so they are planned again).
    errors.jsonl always starts empty: failed rows are tried again. Result and error records
    (results without their plans) go to `index` for the reports, so memory stays flat.
    """

    def __init__(self, out_dir: Path, index: RowIndex, *, resume: bool = False, retry_fallbacks: bool = False):
        self.out_dir = Path(out_dir)
        self.folder = Folder(self.out_dir, hint=OUT_HINT)
        self.index = index
        self.retry_fallbacks = retry_fallbacks
        try:
            for name in (LOCK, RESULTS, ERRORS, SUMMARY_CSV, ERRORS_CSV):
                self.folder.check(name)
            self.lock = FolderLock(self.folder)
        except BaseException:
            self.folder.close()
            raise
        try:
            self.plans = self.folder.folder(PLANS)
            self.plans.sweep()
            results_path = self.out_dir / RESULTS
            if not resume and results_path.exists() and results_path.stat().st_size:
                raise InputError(
                    f"{self.out_dir} already holds {RESULTS} from an earlier run: add --resume to "
                    "finish it, or choose another --out folder"
                )
            self.kept = self._keep_matching(results_path) if resume else self._rewrite([])
            self._results = _Appender(self.folder, RESULTS, "a")
            self._errors = _Appender(self.folder, ERRORS, "w")
        except BaseException:
            self.lock.release()
            self.folder.close()
            raise

    def _keep_matching(self, path: Path) -> int:
        """Keep the earlier results whose hash matches this input's; how many were kept."""
        return self._rewrite(self._matching(path)) if path.exists() else 0

    def _matching(self, path: Path) -> Iterator[str]:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = _parse(line)
                if (
                    not record
                    or self.index.input_hash(record.get("id")) != record.get("hash")
                    or self.index.done_hash(record["id"])
                    or self.retry_fallbacks
                    and record.get("summary", {}).get("fallback")
                ):
                    continue
                record.pop("bundle", None)
                self.index.mark_done(record["id"], record["hash"])
                self.index.add("result", record)
                yield line.rstrip("\n")

    def _rewrite(self, lines: Iterable[str]) -> int:
        """Replace results.jsonl whole (a crash here leaves the old or the new file); lines written."""
        count = 0
        with self.folder.replacing(RESULTS) as handle:
            for line in lines:
                handle.write(line + "\n")
                count += 1
        return count

    def add_result(self, record: dict[str, Any], bundle_json: str) -> None:
        """Save a finished row (its record needs "row", "id" and "hash") with its plans as JSON text.

        The plans' JSON (from pydantic's serializer) is spliced in as the last field, so a
        10,000-row batch does not serialise every plan twice.
        """
        head = json.dumps(record, ensure_ascii=False, default=str)
        self._results.append(f'{head[:-1]}, "bundle": {bundle_json}}}')
        self.index.add("result", record)

    def add_error(self, record: dict[str, Any]) -> None:
        """Save a failed row with its row number, input and reason."""
        self._errors.append(json.dumps(record, ensure_ascii=False, default=str))
        self.index.add("error", record)

    def sync(self) -> None:
        """Make every saved line and file durable on disk (fsync): the folders' renames first, so a
        result line never outlives the files it names."""
        try:
            self.folder.sync()
        except OSError as error:
            raise self.folder.error(error, PLANS) from None
        self._results.sync()
        self._errors.sync()

    def close(self, *, finished: bool = True) -> None:
        """Close the files and release the lock; a finished run removes the lock file."""
        with ExitStack() as later:  # each runs even when one before it fails
            later.callback(self.folder.close)
            later.callback(self.lock.release, remove=finished)
            later.callback(self._errors.close)
            self._results.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, error_type: type[BaseException] | None, *exc_info) -> None:
        self.close(finished=error_type is None)
