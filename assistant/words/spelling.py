"""English plan text spelled as the client's country spells it: British ("call centre",
"optimisation") by default, American ("call center", "optimization") for a client there.

The pairs are data (`spelling.yaml`); `spell` turns a text either way, whole words only, keeping
capitals, and leaves the client's own words as they were written: quoted (in “…” or "…") or its name's and
its texts' words ("Center Parcs" stays in a British plan).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from ..resources import read_yaml
from ..terms import Spelling

_DATA = Path(__file__).with_name("spelling.yaml")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+)\W*$")  # nothing before, or a sentence's end
_QUOTED = re.compile(r"(“[^”]*”|\"[^\"]*\")")
_WORD = re.compile(r"(?<![\w.])\w+")  # a whole word, not the end of an abbreviation or a domain ("e.g.", "shop.com")


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
def _table(spelling: Spelling) -> dict[str, str]:
    """The words to change for a spelling (lowercase), and what each becomes."""
    both, one_way = _pairs()
    return {**both, **one_way} if spelling == "american" else {us: gb for gb, us in both.items()}


def _changed(text: str, table: dict[str, str]) -> Iterator[re.Match[str]]:
    """The words of a text that the spelling changes, whatever their capitals (a word looked up in the table: one
    pattern of hundreds of alternatives would be tried at every letter)."""
    return (m for m in _WORD.finditer(text) if m.group(0).lower() in table)


def _cased(word: str, like: str) -> str:
    """`word` with the capitals of `like`: all capitals, a capital first, or none."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


@lru_cache(maxsize=4096)  # plans share most of their sentences: the method's texts, the same facts filled in
def spell(text: str, spelling: Spelling, keep: frozenset[str] = frozenset()) -> str:
    """The text in the spelling, quoted words and the words in `keep` (as written, capitals and all: the client's
    own, see `own_words`) left as they stand."""
    table = _table(spelling)
    if table.keys().isdisjoint(map(str.lower, _WORD.findall(text))):
        return text  # most of a plan's texts: nothing to change

    def spelled(m: re.Match[str]) -> str:
        word = m.group(0)
        to = table.get(word.lower())
        return word if to is None or word in keep else _cased(to, word)

    parts = _QUOTED.split(text)
    return "".join(part if i % 2 else _WORD.sub(spelled, part) for i, part in enumerate(parts))


def own_words(name: str, texts: Iterable[str], spelling: Spelling) -> frozenset[str]:
    """The client's words that the spelling would change, as written: every one of its name ("Center" of "Center
    Court Ltd"), and the names in its texts (a capital inside a sentence: "we sell at Center Parcs"). A name stays
    the client's; a common word ("call centre") is a spelling, and follows the plan's."""
    table = _table(spelling)
    named = (
        m.group(0)
        for text in texts
        for m in _changed(text, table)
        if m.group(0)[:1].isupper() and not _SENTENCE_START.search(text[: m.start()])
    )
    return frozenset([*(m.group(0) for m in _changed(name, table)), *named])
