"""What a batch remembers about its rows, kept on disk so memory does not grow with the file.

A private temporary sqlite database (deleted when closed) holds the ids seen so far (to flag
a duplicate id), the input hashes and the ids already done (`--resume`), and the summary and error records that
become summary.csv and errors.csv, sorted by row on disk. A million rows cost a few tens of
megabytes of disk and a couple of megabytes of memory (sqlite's page cache).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

_SCHEMA = """
CREATE TABLE seen (id TEXT PRIMARY KEY, row INTEGER) WITHOUT ROWID;
CREATE TABLE inputs (id TEXT PRIMARY KEY, hash TEXT) WITHOUT ROWID;
CREATE TABLE done (id TEXT PRIMARY KEY, hash TEXT) WITHOUT ROWID;
CREATE TABLE records (kind TEXT, row INTEGER, record TEXT);
"""


class RowIndex:
    """Ids seen, ids done, and result/error records of one batch; use it as a context manager."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("", isolation_level=None)  # "" = a private on-disk temporary database
        self._db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        self._db.execute("BEGIN")

    def first_row(self, row_id: str, row: int) -> int | None:
        """The row that first used `row_id`, or None (and `row` is remembered) when it is new."""
        if self._db.execute("INSERT OR IGNORE INTO seen VALUES (?, ?)", (row_id, row)).rowcount:
            return None
        return self._db.execute("SELECT row FROM seen WHERE id = ?", (row_id,)).fetchone()[0]

    def remember_input(self, row_id: str, digest: str) -> None:
        """Remember the input hash of `row_id` in this run's file (its first row wins)."""
        self._db.execute("INSERT OR IGNORE INTO inputs VALUES (?, ?)", (row_id, digest))

    def input_hash(self, row_id: str | None) -> str | None:
        """The input hash `remember_input` noted for `row_id`, if any."""
        found = self._db.execute("SELECT hash FROM inputs WHERE id = ?", (row_id,)).fetchone()
        return found[0] if found else None

    def mark_done(self, row_id: str, digest: str) -> None:
        """Remember that `row_id` has a result for input hash `digest`."""
        self._db.execute("INSERT OR REPLACE INTO done VALUES (?, ?)", (row_id, digest))

    def done_hash(self, row_id: str) -> str | None:
        """The input hash of the result `row_id` has, if any."""
        found = self._db.execute("SELECT hash FROM done WHERE id = ?", (row_id,)).fetchone()
        return found[0] if found else None

    def add(self, kind: str, record: dict[str, Any]) -> None:
        """Keep a "result" or "error" record (with its "row") for the reports."""
        self._db.execute(
            "INSERT INTO records VALUES (?, ?, ?)",
            (kind, record["row"], json.dumps(record, ensure_ascii=False, default=str)),
        )

    def records(self, kind: str) -> Iterator[dict[str, Any]]:
        """The kept records of `kind`, in row order."""
        for (text,) in self._db.execute("SELECT record FROM records WHERE kind = ? ORDER BY row", (kind,)):
            yield json.loads(text)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> RowIndex:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
