"""On-disk response cache: a re-run of the same request costs zero calls.

The key is a hash of what decides the answer (prompt name, version and language, model,
server, temperature, structured-output method, plan kind, profile). Only the hash names a
file and only the validated content and its provenance are stored, never a setting's value,
so an API key cannot end up in the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def cache_key(**parts) -> str:
    """A stable hash of the parts that decide an answer."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


class ResponseCache:
    """JSON files under a directory, one per key; unreadable entries count as misses."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        """The stored entry, or None."""
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            log.warning("ignoring unreadable cache entry %s: %s", key, error)
            return None

    def put(self, key: str, entry: dict) -> None:
        """Store an entry atomically (a crash never leaves half a file)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(json.dumps(entry, ensure_ascii=False))  # one write: json.dump writes piece by piece
        os.replace(partial, path)
