"""Durable batch state: results.jsonl and errors.jsonl in the output folder.

Every finished row is appended as one JSON line and flushed to the operating system before
it counts as done, so a killed process (SIGKILL, Ctrl-C) loses only the rows in flight.
`sync()` fsyncs the files to the disk itself; the runner calls it at most every few tens of
milliseconds (a group commit), so even a power cut loses only that much, and 10,000 rows do
not pay for 10,000 fsyncs. A result is
keyed by the row id and a hash of its input; `--resume` keeps the results whose hash still
matches and redoes the rest, so a changed row is planned again and no row appears twice.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError

RESULTS = "results.jsonl"
ERRORS = "errors.jsonl"


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
    """An append-only JSONL file: each record is flushed at once, fsynced on `sync`."""

    def __init__(self, path: Path, mode: str):
        self.path = path
        self._handle = path.open(mode, encoding="utf-8")
        self._dirty = False

    def append(self, line: str) -> None:
        self._handle.write(line + "\n")
        self._handle.flush()
        self._dirty = True

    def sync(self) -> None:
        if self._dirty:
            os.fsync(self._handle.fileno())
            self._dirty = False

    def close(self) -> None:
        self.sync()
        self._handle.close()


class ResultStore:
    """results.jsonl and errors.jsonl of one output folder; use it as a context manager.

    `keys` maps the id of every row of this input to its hash. Without `resume`, an output
    folder that already holds results is refused (nothing is overwritten). With `resume`,
    results.jsonl is rewritten to keep only the results still matching `keys`, and `done`
    holds their ids (`retry_fallbacks` drops the rows planned offline because the model failed).
    errors.jsonl always starts empty: failed rows are tried again.
    `results` and `errors` hold the records saved (results without their plans), for reports.
    """

    def __init__(self, out_dir: Path, keys: dict[str, str], *, resume: bool = False, retry_fallbacks: bool = False):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        results_path = self.out_dir / RESULTS
        if not resume and results_path.exists() and results_path.stat().st_size:
            raise InputError(f"{self.out_dir} already holds {RESULTS} from an earlier run: add --resume to "
                             "finish it, or choose another --out folder")
        kept = self._kept(results_path, keys) if resume else {}
        if retry_fallbacks:  # rows whose model failed are planned again
            kept = {key: item for key, item in kept.items() if not item[1]["summary"].get("fallback")}
        self._rewrite(results_path, (line for line, _ in kept.values()))
        self.results: dict[str, dict[str, Any]] = {key: record for key, (_, record) in kept.items()}
        self.errors: list[dict[str, Any]] = []
        self._results = _Appender(results_path, "a")
        self._errors = _Appender(self.out_dir / ERRORS, "w")

    @property
    def done(self) -> set[str]:
        """Ids of the rows with a result."""
        return set(self.results)

    @staticmethod
    def _kept(path: Path, keys: dict[str, str]) -> dict[str, tuple[str, dict[str, Any]]]:
        """{id: (line, record without its plans)} of the results whose hash matches `keys`."""
        kept = {}
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    record = _parse(line)
                    if record and keys.get(record.get("id")) == record.get("hash"):
                        record.pop("bundle", None)
                        kept[record["id"]] = (line.rstrip("\n"), record)
        return kept

    @staticmethod
    def _rewrite(path: Path, lines: Iterable[str]) -> None:
        """Replace the file atomically, so a crash here leaves the old or the new file whole."""
        temporary = path.with_suffix(".jsonl.tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            handle.writelines(line + "\n" for line in lines)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)

    def add_result(self, record: dict[str, Any], bundle_json: str) -> None:
        """Save a finished row (its record needs "id" and "hash") with its plans as JSON text.

        The plans' JSON (from pydantic's serializer) is spliced in as the last field, so a
        10,000-row batch does not serialise every plan twice.
        """
        head = json.dumps(record, ensure_ascii=False, default=str)
        self._results.append(f'{head[:-1]}, "bundle": {bundle_json}}}')
        self.results[record["id"]] = record

    def add_error(self, record: dict[str, Any]) -> None:
        """Save a failed row with its row number, input and reason."""
        self._errors.append(json.dumps(record, ensure_ascii=False, default=str))
        self.errors.append(record)

    def sync(self) -> None:
        """Make every saved line durable on disk (fsync)."""
        self._results.sync()
        self._errors.sync()

    def close(self) -> None:
        self._results.close()
        self._errors.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
