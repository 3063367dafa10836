"""English plan text spelled as the client's country spells it: British ("call centre",
"optimisation") by default, American ("call center", "optimization") for a client there.

The pairs are data (`spelling.yaml`); `spell` turns a text either way, whole words only, keeping
capitals, and leaves quoted words (the client's own, in “…” or "…") as they were written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..resources import read_yaml
from ..terms import Spelling

_DATA = Path(__file__).with_name("spelling.yaml")
_QUOTED = re.compile(r"(“[^”]*”|\"[^\"]*\")")


@lru_cache(maxsize=1)
def _pairs() -> tuple[dict[str, str], dict[str, str]]:
    """(both ways, British to American only): every British word form with its American form."""
    data = read_yaml(_DATA)
    both = {
        british + ending: american + ending
        for group in data["stems"]
        for british, american in group["pairs"].items()
        for ending in group["endings"]
    }
    return {**both, **data["words"]}, dict(data["one_way"])


@lru_cache(maxsize=2)
def _table(spelling: Spelling) -> tuple[re.Pattern[str], dict[str, str]]:
    """The pattern of the words to change for a spelling, and what each becomes (lowercase)."""
    both, one_way = _pairs()
    table = {**both, **one_way} if spelling == "american" else {us: gb for gb, us in both.items()}
    words = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE), table


def _cased(word: str, like: str) -> str:
    """`word` with the capitals of `like`: all capitals, a capital first, or none."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def spell(text: str, spelling: Spelling) -> str:
    """The text in the spelling, quoted words left as they stand."""
    pattern, table = _table(spelling)
    parts = _QUOTED.split(text)
    return "".join(
        part if i % 2 else pattern.sub(lambda m: _cased(table[m.group(0).lower()], m.group(0)), part)
        for i, part in enumerate(parts)
    )
