"""Markets and partners: the countries a company sells in and the partners it sells through.

Neither is a channel. "PL, DE, CZ" in a channel list are three markets, not three channels; "we
sell through 600 tied agents and brokers" names two kinds of partner, not the firm's own outlets.
Both come from `parties.yaml`: markets by folded alias stems, or by their codes written in
capitals beside another market or after "in"/"w"/"do" ("IT" alone is the IT department).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .resources import read_yaml
from .vocab import fold, stem_hits


@lru_cache(maxsize=1)
def _data() -> dict:
    return read_yaml(Path(__file__).with_name("parties.yaml"))


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    return {code: key for key, spec in _data()["markets"].items() for code in spec["codes"]}


_CODE = re.compile(r"(?<![\w-])([A-Z]{2,4})(?![\w-])")
_BEFORE_MARKET = re.compile(r"(?:\bin|\bw|\bdo|\binto|\bto|\bexport\w*|\beksport\w*)\s*$", re.I)


def read_markets(text: str) -> list[str]:
    """The markets a text names, by key ("PL", "DACH", "baltics"), in the order first named."""
    folded = fold(text)
    hits = [
        (start, key) for key, spec in _data()["markets"].items() for start, _, _ in stem_hits(folded, spec["aliases"])
    ]
    codes = [(m.start(), _codes()[m.group(1)]) for m in _CODE.finditer(text) if m.group(1) in _codes()]
    if len(codes) == 1 and not hits and not _BEFORE_MARKET.search(text[: codes[0][0]]):
        codes = []  # one code alone, not after "in": an acronym ("IT", "CA"), not a market
    return list(dict.fromkeys(key for _, key in sorted(hits + codes)))


def read_partners(text: str) -> list[str]:
    """The kinds of partner a text names ("agents", "designers"), in the order first named."""
    folded = fold(text)
    hits = [
        (start, key) for key, spec in _data()["partners"].items() for start, _, _ in stem_hits(folded, spec["aliases"])
    ]
    return list(dict.fromkeys(key for _, key in sorted(hits)))


def is_market(item: str) -> bool:
    """Whether a short item (a channel-list entry) is a market: "DE", "Niemcy", "Baltics"."""
    return item.strip() in _codes() or bool(read_markets(f"in {item.strip()}")) and not re.search(r"\d", item)
