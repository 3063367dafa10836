"""The reader: what a company's own words say about its problems and its traits.

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
The words come from the knowledge base (`challenges.yaml`: signals, topics, patterns, cues).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .vocab import SERVICE_SECTORS, Channel, Sector, fold, stem_hits

if TYPE_CHECKING:
    from .knowledge import ChallengeSpec, Knowledge
    from .profile import CompanyProfile

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_ABBREVIATION = re.compile(
    r"\b(?:ok|tys|np|ul|godz|mln|mld|zl|itp|itd|tzw|in|e\.g|i\.e|approx|vs|dr|inz|ca|nr|etc)\.(?=\s*[a-z0-9])"
)
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]\u2013\u2014]| - |\b(?:but|ale|however|jednak|natomiast|although|chociaz|choc|whereas|"
    r"podczas gdy|tylko ze|yet)\b"
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
    from .knowledge import load_knowledge

    return kb or load_knowledge()


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def sentence_text(folded: str) -> str:
    """Folded text whose abbreviation dots ("ok. 300", "np. Allegro") end no sentence; positions kept."""
    return _ABBREVIATION.sub(lambda m: m.group(0)[:-1] + " ", folded)


def _clauses(folded: str, injection: tuple[re.Pattern[str], ...]) -> list[tuple[int, int]]:
    """(start, end) of every clause of the folded text, leaving out sentences aimed at a model."""
    spans = []
    for sentence in _SENTENCE.finditer(sentence_text(folded)):
        if any(p.search(sentence.group(0)) for p in injection):
            continue
        start = sentence.start()
        for brk in _CLAUSE_BREAK.finditer(folded, sentence.start(), sentence.end()):
            spans.append((start, brk.start()))
            start = brk.end()
        spans.append((start, sentence.end()))
    return [(a, b) for a, b in spans if folded[a:b].strip()]


def _has(text: str, stems: tuple[str, ...]) -> bool:
    return bool(stem_hits(text, stems))


def _hits_in_clause(folded: str, clause: tuple[int, int], kb: Knowledge) -> list[_Hit]:
    """Problem statements in one clause, before overlaps are resolved."""
    a, b = clause
    text = folded[a:b]
    cues = kb.cues
    if _has(text, tuple(cues.solved)):
        return []
    trouble = _has(text, tuple(cues.trouble))
    hits = []
    for spec in kb.challenges:
        for start, end, stem in stem_hits(text, spec.signals):
            before = " ".join(text[:start].split()[-3:])
            if not _has(before, tuple(cues.denial)):
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
    return _has(before, cues) or _has(after, cues)


def _pattern_hits(folded: str, clauses: list[tuple[int, int]], kb: Knowledge) -> list[_Hit]:
    """Idioms, matched across the clauses of a sentence but only where no clause is settled."""
    hits = []
    solved = tuple(kb.cues.solved)
    for spec in kb.challenges:
        for pattern in _compiled(tuple(spec.patterns)):
            for m in pattern.finditer(folded):
                inside = [c for c in clauses if c[0] <= m.start() < c[1] or m.start() <= c[0] < m.end()]
                if inside and not any(_has(folded[a:b], solved) for a, b in inside):
                    hits.append(_Hit(m.start(), m.end(), spec.key))
    return hits


def _together(one: _Hit, other: _Hit, spans: list[tuple[int, int]]) -> bool:
    """Whether two hits stand in the same sentence."""
    return any(a <= one.start < b and a <= other.start < b for a, b in spans)


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
    clauses = _clauses(folded, _compiled(tuple(kb.cues.injection)))
    hits = _longest_first(
        [h for c in clauses for h in _hits_in_clause(folded, c, kb)] + _pattern_hits(folded, clauses, kb)
    )
    sentences = [m.span() for m in _SENTENCE.finditer(sentence_text(folded))]
    hits = [h for h in hits if not (h.defers and any(o.key != h.key and _together(h, o, sentences) for o in hits))]
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
    return bool(_NONE.fullmatch(folded) or _has(folded, tuple(_kb(kb).cues.solved))) and not read_challenges(text, kb)


_NONE = re.compile(r"\W*(?:none|no|nothing|nope|nie|brak|zaden|zadnego|nic|n/a|-)\W*")


def _clause_words(original: str, clauses: list[tuple[int, int]], hit: _Hit) -> str:
    """The user's own clause around a hit, as they wrote it (the folded text keeps positions)."""
    a, b = next((c for c in clauses if c[0] <= hit.start < c[1]), (hit.start, hit.end))
    return clean_phrase(original[a:b])


def clean_phrase(text: str) -> str:
    """A phrase from user input, fit to quote: no stray brackets, quotes or trailing punctuation."""
    text = re.sub(r"\s+", " ", text).strip(" \t,;:.!?-–—\"'„”“[]")
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip(" ,;:.!?")
    while text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:].lstrip()
    if text.count("(") != text.count(")"):
        text = text.replace("(", "").replace(")", "")
    return text


_POLISH = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
_SPACE = re.compile(r"\s")


def fold_aligned(text: str) -> str:
    """Folded text whose positions match the original, so spans can be cut from what the user wrote."""
    quick = _SPACE.sub(" ", text.translate(_POLISH).lower())
    if quick.isascii() and len(quick) == len(text):
        return quick
    folded = "".join(" " if c.isspace() else (fold(c) or " ") for c in text)
    return folded if len(folded) == len(text) else fold(text)


# -- company traits ---------------------------------------------------------------------------

SIZE_BANDS = ((10, "micro"), (50, "small"), (250, "medium"), (10_000, "large"))
_REGULATED = {
    Sector.banking,
    Sector.insurance,
    Sector.pharmacy,
    Sector.healthcare,
    Sector.energy,
    Sector.telecom,
    Sector.public_sector,
}
_SERVICE_WORDS = (
    "studio",
    "salon fryzjer",
    "fryzjer",
    "barber",
    "uslug",
    "service provider",
    "services",
    "consult",
    "doradz",
    "agencj",
    "agency",
    "kancelari",
    "law firm",
    "biuro rachunk",
    "accounting",
    "tatuaz",
    "tattoo",
    "silowni",
    "gym",
    "fitness club",
    "klub fitness",
    "szkol",
    "school",
    "kurs",
    "course",
    "gabinet",
    "hotel",
    "pensjonat",
    "naprawa",
    "serwis",
    "repair",
    "cleaning",
    "sprzatan",
    "spa",
    "najem",
    "rental",
    "wypozycz",
    "leasing",
    "przedszkol",
    "hosting",
    "platform",
    "subscription",
    "subskrypc",
    "abonament",
    "przychodni",
    "clinic",
    "weteryn",
    "vet",
    "groom",
    "parcel",
    "paczk",
    "logist",
    "courier",
    "kurier",
    "przesyl",
    "club",
    "klub",
    "physio",
    "fizjo",
    "dentist",
    "dental",
    "stomatolog",
    "beauty salon",
    "salon kosmet",
    "barber",
    "insurance",
    "bank",
)
_GOODS_WORDS = (
    "shop",
    "store",
    "sklep",
    "retail",
    "sprzedaz",
    "e-commerce",
    "ecommerce",
    "producent",
    "manufactur",
    "wholesale",
    "hurtown",
    "brand",
    "marka",
)
_UNITS = re.compile(
    r"(?:(\d+)\s+)?(?:region\w*|brand\w*|marek|marki|mark\b|kraj\w*|countr\w*|franczyz\w*|franchis\w*|"
    r"business units?|jednost\w* biznesow\w*|spol\w* zalezn\w*|subsidiar\w*|dywizj\w*|division\w*|"
    r"sieci handlow\w*|banner\w*)"
)
_IN_PLACE = {
    "click_and_collect": (
        "click & collect",
        "click and collect",
        "click&collect",
        "click n collect",
        "odbior w sklep",
        "odbiorem w sklep",
        "odbior w aptece",
        "odbiorem w aptece",
        "odbior osobist",
        "odbiorem osobist",
        "pickup in store",
        "pick up in store",
        "in-store pickup",
        "store pickup",
        "bopis",
        "collect in store",
        "zamow online, odbierz",
        "odbior w salonie",
        "odbiorem w salonie",
    ),
    "single_customer_view": (
        "single customer view",
        "jeden widok klienta",
        "jednolity widok klienta",
        "wspolny crm",
        "jeden crm",
        "one crm",
        "shared crm",
        "cdp",
        "customer data platform",
        "360",
    ),
    "shared_kpis": (
        "shared kpi",
        "wspolne kpi",
        "shared okr",
        "wspolne okr",
        "wspolne cele",
        "shared goals",
        "shared targets",
        "common kpi",
        "common goals",
        "wspolnych kpi",
        "wspolnych celow",
    ),
    "loyalty": ("loyalty program", "program lojalnosc", "karta lojalnosc", "loyalty card", "loyalty scheme"),
}


@dataclass(frozen=True)
class Traits:
    """What the whole profile says about the company, for rules that must fit it."""

    size: str
    offer: str
    physical: bool
    b2b: bool
    regulated: bool
    units: int
    unit_words: tuple[str, ...] = ()
    in_place: frozenset[str] = field(default_factory=frozenset)

    @property
    def services(self) -> bool:
        return self.offer == "services"

    @property
    def micro(self) -> bool:
        return self.size == "micro"


def size_band(employees: int) -> str:
    """Statutory size band (micro < 10, small < 50, medium < 250), then large and enterprise (10,000+)."""
    return next((name for limit, name in SIZE_BANDS if employees < limit), "enterprise")


def offer_of(sector: Sector, industry: str) -> str:
    """goods or services: a service named in the industry ("gym chain", "salon fryzjerski") wins over the sector."""
    folded = fold(industry)
    if sector in SERVICE_SECTORS or (_has(folded, _SERVICE_WORDS) and not _has(folded, _GOODS_WORDS)):
        return "services"
    return "goods"


def in_place(text: str, kb: Knowledge | None = None) -> list[str]:
    """Practices the text says the company already runs, in clauses that state no trouble with them."""
    kb = _kb(kb)
    folded = fold_aligned(text)
    found = []
    for a, b in _clauses(folded, ()):
        clause = folded[a:b]
        if _has(clause, tuple(kb.cues.trouble)) and not _has(clause, tuple(kb.cues.solved)):
            continue
        found += [key for key, stems in _IN_PLACE.items() if _has(clause, stems)]
    return list(dict.fromkeys(found))


def read_traits(profile: CompanyProfile) -> Traits:
    """The company's traits from its whole profile."""
    text = fold(f"{profile.industry}. {profile.challenge}")
    units = [(int(m.group(1)) if m.group(1) else 0, m.group(0)) for m in _UNITS.finditer(text)]
    return Traits(
        size=size_band(profile.employees),
        offer=offer_of(profile.sector, profile.industry),
        physical=Channel.stores in profile.channels,
        b2b=Channel.b2b_sales in profile.channels or profile.sector is Sector.b2b_wholesale,
        regulated=profile.sector in _REGULATED,
        units=max((n for n, _ in units), default=0),
        unit_words=tuple(dict.fromkeys(w for _, w in units)),
        in_place=frozenset(profile.in_place),
    )
