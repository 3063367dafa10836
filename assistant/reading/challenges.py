"""The challenge reader: which collaboration problems a company's own words state, and where.

One reader serves every front door: the offline planner, the chat, CSV batch and the LLM's
grounding. It reads a challenge text clause by clause, in Polish or English, with or without
diacritics:
- a *signal* ("silosy", "turf wars", "kanibalizacja") states a problem by itself, unless a
  denial stands just before it ("no silos", "bez konfliktów");
- a *topic* ("dane", "KPI", "budget") states one only beside a trouble cue in the same clause
  ("każdy dział ma własne Excele", "different targets");
- a *pattern* catches an idiom ("grają do różnych bramek", "marketing measures X, sales Y");
- a clause that says the matter is settled ("we already run a single customer view", "z danymi
  nie mamy problemu") states nothing, and sentences aimed at a model ("ignore previous
  instructions…") are not read at all.
Several problems can be found; none found is an honest answer, which the plan and the chat say.
The words come from the knowledge base (`challenges.yaml`: signals, topics, patterns) and the
reading cues (`assistant/words/cues.yaml`: trouble, denial, solved, injection).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..knowledge import ChallengeSpec, Knowledge, load_knowledge
from ..words.text import (
    clause_spans,
    clean_phrase,
    fold,
    fold_aligned,
    has_stem,
    reading_cues,
    sentence_spans,
    stem_hits,
)


@dataclass(frozen=True)
class Finding:
    """A challenge the text states, how strongly (2 per clear statement), where first, and in whose words."""

    spec: ChallengeSpec
    count: int
    first: int
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = ()  # where its clauses stand in the text
    sentences: tuple[str, ...] = ()  # the whole sentences that state it, as written

    @property
    def key(self) -> str:
        return self.spec.key


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    key: str
    weight: int = 2  # a signal or an idiom states the problem clearly; a topic beside a trouble cue, less so
    defers: bool = False  # a generic word ("spór", "conflict") that yields to a specific problem in its clause


def _kb(kb: Knowledge | None) -> Knowledge:
    return kb or load_knowledge()


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def _hits_in_clause(folded: str, clause: tuple[int, int], kb: Knowledge) -> list[_Hit]:
    """Problem statements in one clause, before overlaps are resolved."""
    a, b = clause
    text = folded[a:b]
    cues = reading_cues()
    if has_stem(text, tuple(cues.solved)):
        return []
    trouble = has_stem(text, tuple(cues.trouble))
    hits = []
    for spec in kb.challenges:
        for start, end, stem in stem_hits(text, spec.signals):
            before = " ".join(text[:start].split()[-3:])
            if not has_stem(before, tuple(cues.denial)):
                hits.append(_Hit(a + start, a + end, spec.key, defers=stem in spec.defers))
        if trouble:
            hits += [
                _Hit(a + start, a + end, spec.key, 1 + _near(text, start, end, tuple(cues.trouble)))
                for start, end, _ in stem_hits(text, spec.topics)
            ]
    return hits


def _near(text: str, start: int, end: int, cues: tuple[str, ...]) -> bool:
    """A trouble cue right at a topic (three words before, two after): "nie wymieniają się danymi"."""
    before = " ".join(text[:start].split()[-3:])
    after = " ".join(text[end:].split()[:2])
    return has_stem(before, cues) or has_stem(after, cues)


def _pattern_hits(folded: str, clauses: list[tuple[int, int]], kb: Knowledge) -> list[_Hit]:
    """Idioms, matched across the clauses of a sentence but only where no clause is settled."""
    hits = []
    solved = tuple(reading_cues().solved)
    for spec in kb.challenges:
        for pattern in _compiled(tuple(spec.patterns)):
            for m in pattern.finditer(folded):
                inside = [c for c in clauses if c[0] <= m.start() < c[1] or m.start() <= c[0] < m.end()]
                if inside and not any(has_stem(folded[a:b], solved) for a, b in inside):
                    hits.append(_Hit(m.start(), m.end(), spec.key))
    return hits


def _together(one: _Hit, other: _Hit, spans: list[tuple[int, int]]) -> bool:
    """Whether two hits stand in the same sentence."""
    return any(a <= one.start < b and a <= other.start < b for a, b in spans)


def _passing(hit: _Hit, hits: list[_Hit], clauses: list[tuple[int, int]]) -> bool:
    """Whether a hit is a passing mention (a topic without a trouble cue at it) in a clause that states
    another problem clearly: "store staff don't know how to handle online orders" states a skills gap,
    not a data problem because it names orders."""
    if hit.weight >= 2:
        return False
    clause = next((c for c in clauses if c[0] <= hit.start < c[1]), None)
    return clause is not None and any(
        o.key != hit.key and o.weight >= 2 and clause[0] <= o.start < clause[1] for o in hits
    )


def _longest_first(hits: list[_Hit]) -> list[_Hit]:
    """Non-overlapping hits; where hits overlap ("conflicting goals" vs "conflict"), the longer wins."""
    taken: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        if all(hit.end <= t.start or hit.start >= t.end for t in taken):
            taken.append(hit)
    return taken


def read_challenges(text: str, kb: Knowledge | None = None) -> list[Finding]:
    """Every challenge the text states, in the order stated ([] when none); see `_read`."""
    return list(_read_default(text) if kb is None else _read(text, kb))


@lru_cache(maxsize=1024)
def _read_default(text: str) -> tuple[Finding, ...]:
    return _read(text, _kb(None))


def _read(text: str, kb: Knowledge) -> tuple[Finding, ...]:
    """Every challenge the text states, in the order stated ([] when none).

    Clear statements (a signal or an idiom, or two topic mentions) come first, in the order of the
    text, then the passing mentions: people name their main problem first.
    """
    kb = _kb(kb)
    folded = fold_aligned(text)
    clauses = clause_spans(folded, _compiled(tuple(reading_cues().injection)))
    hits = _longest_first(
        [h for c in clauses for h in _hits_in_clause(folded, c, kb)] + _pattern_hits(folded, clauses, kb)
    )
    sentences = sentence_spans(folded)
    hits = [h for h in hits if not (h.defers and any(o.key != h.key and _together(h, o, sentences) for o in hits))]
    hits = [h for h in hits if not _passing(h, hits, clauses)]
    by_key: dict[str, list[_Hit]] = {}
    for hit in sorted(hits, key=lambda h: h.start):
        by_key.setdefault(hit.key, []).append(hit)
    findings = []
    for key, found in by_key.items():
        words = dict.fromkeys(_clause_words(text, clauses, h) for h in found)
        spans = tuple(dict.fromkeys(c for h in found for c in clauses if c[0] <= h.start < c[1]))
        stated = tuple(dict.fromkeys(text[a:b].strip() for h in found for a, b in sentences if a <= h.start < b))
        findings.append(
            Finding(kb.challenge(key), sum(h.weight for h in found), found[0].start, tuple(words), spans, stated)
        )
    return tuple(sorted(findings, key=lambda f: (f.count < 2, f.first)))


def states_no_problem(text: str, kb: Knowledge | None = None) -> bool:
    """Whether the text says plainly that there is no collaboration problem ("nothing is broken", "brak")."""
    folded = fold(text)
    return bool(_NONE.fullmatch(folded) or has_stem(folded, tuple(reading_cues().solved))) and not read_challenges(
        text, kb
    )


_NONE = re.compile(r"\W*(?:none|no|nothing|nope|nie|brak|zaden|zadnego|nic|n/a|-)\W*")


def _clause_words(original: str, clauses: list[tuple[int, int]], hit: _Hit) -> str:
    """The user's own clause around a hit, as they wrote it (the folded text keeps positions)."""
    a, b = next((c for c in clauses if c[0] <= hit.start < c[1]), (hit.start, hit.end))
    return clean_phrase(original[a:b])
