"""The fix's moves for one company: which of a process's moves its own words call for, and when it breaks.

A consultant told "cancellations made on Booksy after 6pm are missed" does not start by tracing twenty
cases: the client has said where it breaks. Each process lists its moves (`practice/processes.yaml`);
a move is taken when its cues (the mechanism: a shortage, two answers that differ, a duplicate, a case
that starts again, a dispute over who acts) stand in one of the client's sentences, and its {window}
is the time that sentence names ("after 6pm", "w piątki"). Where no move's cues stand, the cause is
not known yet, and the first action traces recent cases instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..knowledge.practice import MoveSpec, Practice, ProcessSpec
from ..terms import Language
from ..words.inflect import noun_in
from ..words.text import fold, fold_aligned, has_stem, sentence_spans
from ..words.vocab import FUNCTION_WORDS

_DAYS_PL = "poniedziałki|wtorki|środy|czwartki|piątki|soboty|niedziele|weekendy|święta"
_DAYS_EN = "mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekends"
# When a thing breaks, as a sentence of the client names it: a time of day, a weekday, the night. A sync's
# rhythm ("every 4 hours", "z rana") says how it runs today, not when it breaks, and is left out.
_WINDOWS: dict[Language, re.Pattern[str]] = {
    "pl": re.compile(
        rf"\b(?:po|przed|od)\s+(?:godz(?:inie|\.)?\s*\d{{1,2}}(?::\d{{2}})?|\d{{1,2}}:\d{{2}}|\d{{1,2}}(?=\s*(?:h\b|[,.;]|$)))"
        rf"|\bw\s+(?:{_DAYS_PL})\b|\b(?:w nocy|nocą|wieczorem|wieczorami|w weekend)\b",
        re.I,
    ),
    "en": re.compile(
        rf"\b(?:after|before|from)\s+\d{{1,2}}(?::\d{{2}})?\s?(?:am|pm)\b|\b(?:on|at)\s+(?:{_DAYS_EN}|the weekend)\b"
        r"|\bat night\b|\bovernight\b|\bin the evenings?\b|\bout of hours\b|\bafter hours\b",
        re.I,
    ),
}
# The thing that runs short, as a sentence names it: after "brakuje" (a genitive noun), "run out of", "short of".
_SHORT: dict[Language, re.Pattern[str]] = {
    "pl": re.compile(
        r"\b(?:brakuje|brakowało|zabrakło|zabraknie|brak)\s+(?:nam\s+|też\s+|często\s+)?([^\W\d_]+)", re.I
    ),
    "en": re.compile(r"\b(?:run|runs|ran|running) out of (?:the |our |all )?([a-z]+)|\bshort of ([a-z]+)", re.I),
}


@dataclass(frozen=True)
class Move:
    """A move the client's words call for, with the time its sentence names (" after 6pm", or "")."""

    spec: MoveSpec
    window: str
    item: str | None = None  # what runs short, in the sentence's own form (Polish: genitive)


def time_window(sentence: str, lang: Language) -> str:
    """The time a sentence names for when things break, as the client wrote it, with a space before it; else ""."""
    found = _WINDOWS[lang].search(sentence)
    return f" {found.group(0)[:1].lower()}{found.group(0)[1:]}" if found else ""


# What runs short that is no product a channel sells: people, time, money, data ("brakuje nam ludzi").
_NOT_GOODS = frozenset(
    "ludzi osób czasu budżetu pieniędzy etatów miejsca danych informacji wiedzy rąk "
    "staff people time money budget cash data information space".split()
)


def short_item(sentence: str, lang: Language) -> str | None:
    """The product a sentence says runs short ("brakuje kiełbasy" → "kiełbasy", "we run out of rolls" → "rolls"),
    in the form it stands in (Polish: the genitive "brakuje" takes); None where it names none, denies the
    shortage ("nie brakuje nam ludzi") or names no product (people, time, money)."""
    found = _SHORT[lang].search(sentence)
    if found is None or re.search(r"\b(?:nie|not|no|never)\s+$", sentence[: found.start()], re.I):
        return None
    word = next(g for g in found.groups() if g).lower()
    if word in _NOT_GOODS or word in FUNCTION_WORDS or (lang == "pl" and not noun_in(word, "gen")):
        return None
    return word


def chosen_moves(process: ProcessSpec, practice: Practice, challenge: str, lang: Language) -> list[Move]:
    """The process's moves whose cues stand in the client's text, in the process's order, each with the time
    named in the first sentence its cues stand in."""
    sentences = [challenge[a:b] for a, b in sentence_spans(fold_aligned(challenge))]
    folded = [fold(s) for s in sentences]
    found = []
    for key in process.moves:
        spec = practice.move(key)
        cues = tuple(spec.cues)
        hit = next(
            (
                i
                for i, f in enumerate(folded)
                if has_stem(f, cues) and (not spec.needs_item or short_item(sentences[i], lang))
            ),
            None,
        )
        if hit is not None:
            found.append(Move(spec, time_window(sentences[hit], lang), short_item(sentences[hit], lang)))
    return found
