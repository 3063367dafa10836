"""The quarter's goal as a measurable target, read from the client's words: "from 21 to 10 days by
end of Q3", "z 6 do 4 tygodni do końca Q1", "from 4% of orders to under 1.5%".

`read_goal` reads a goal the client gave as such (the profile's field); `stated_goal` finds one
in a free text, in the last sentence that both names a goal ("goal", "cel", "chcemy", "we want")
and moves a number from one value to another. A goal is never invented.
"""

from __future__ import annotations

import re

from ..diagnosis import Goal
from ..words.text import clean_phrase, fold_aligned, has_stem, reading_cues

_NUMBER = r"(\d+(?:[.,]\d+)?)"  # what a goal moves, from one value to another, a few words between allowed
_UNIT = r"(%|(?:working\s+|business\s+)?[^\W\d]+(?:\s+roboczych)?)?"
_FROM_TO = re.compile(
    rf"\s(?:from|z|ze|od)\s+(?:ok\.\s*|about\s+|~\s*)?{_NUMBER}\s*{_UNIT}(?:/\w+)?(?:\s+(?!\d+\b)[^\s,;.]+){{0,6}}?\s+"
    rf"(?:to|do|na)\s+(?:ok\.\s*|about\s+|~\s*|under\s+|below\s+|over\s+|above\s+|ponizej\s+|poniżej\s+|powyzej\s+|powyżej\s+)?{_NUMBER}\s*{_UNIT}(?=[\s,.;]|$)",
    re.I,
)
_DUE = re.compile(
    r"\b(?:by|until|before)\s+((?:the\s+)?(?:end\s+of\s+)?(?:Q[1-4]|quarter|[A-Z][a-z]+(?:\s+\d{4})?|\d{4}))"
    r"|\b((?:do|przed)\s+(?:końca\s+)?(?:Q[1-4]|[IV]+\s+kwarta\w+|kwarta\w+|\w+\s+\d{4}|[a-ząćęłńóśźż]+))",
    re.I,
)
_UNITS = {"procent": "%", "percent": "%", "pp": "pp"}


def read_goal(text: str) -> Goal:
    """The goal as a measurable target: the whole clause, and its metric, numbers, unit and date where given."""
    whole = clean_phrase(text)
    found = _FROM_TO.search(f" {whole}")
    dated = _DUE.search(whole[found.end() - 1 :] if found else whole)
    due = (dated.group(1) or dated.group(2)) if dated else None
    if found is None:
        return Goal(text=whole, due=due)
    low, unit_a, high, unit_b = found.groups()
    unit = (unit_b or unit_a or "").strip()
    return Goal(
        text=whole,
        metric=clean_phrase(whole[: found.start() - 1]) or whole,
        baseline=float(low.replace(",", ".")),
        target=float(high.replace(",", ".")),
        unit=_UNITS.get(unit.lower(), unit) or None,
        due=due,
    )


_LEAD = re.compile(r"^.*?\b(?:goal|target|cel|celem)\b[^:]*:\s*", re.I)


def stated_goal(text: str) -> Goal | None:
    """The goal a free text states (see the module), or None."""
    folded = fold_aligned(text)
    cues = tuple(reading_cues().goal)
    for found in reversed(list(_FROM_TO.finditer(f" {text}"))):
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, max(0, found.start() - 1))), default=0)
        stop = next((m.start() for m in _SENTENCE_END.finditer(text, found.end() - 1)), len(text))
        if has_stem(folded[start:stop], cues):
            return read_goal(_LEAD.sub("", text[start:stop].strip()))
    return None


_SENTENCE_END = re.compile(r"(?<!\d)[.!?](?=\s|$)|\n")  # not the point of "1.5%"
