"""Text primitives every reader shares: folding, word-start stems, sentences and clauses, quotes.

Matching is done on text folded to lowercase ASCII (Polish diacritics removed, ł → l), so
"Sklepy stacjonarne" and "sklepy stacjonarne" meet the same stems; a stem matches at a word
start, so it catches Polish inflections. The reading cues (`cues.yaml`: trouble, denial,
solved, injection) tell a stated problem from a topic; profile validation reads the practices
a company already runs with them (`in_place`) without loading the knowledge base.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..resources import read_yaml

_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")  # combining marks


def fold(text: str) -> str:
    """Lowercase, strip diacritics (ł→l too) and squeeze spaces, for matching."""
    text = text.replace("ł", "l").replace("Ł", "L")
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed if decomposed.isascii() else _MARKS.sub("", decomposed)
    return " ".join(ascii_text.lower().split())


@lru_cache(maxsize=4096)
def _stem_pattern(stem: str) -> re.Pattern[str]:
    end = r"(?![a-z0-9])" if len(stem) <= 3 else ""
    return re.compile(rf"(?<![a-z0-9]){re.escape(stem)}{end}")


def stem_hits(text: str, stems: Iterable[str]) -> list[tuple[int, int, str]]:
    """Every (start, end, stem) where a stem matches folded text.

    A stem matches at the start of a word (so stems catch Polish inflections); stems of
    three characters or fewer ("app", "pos", "kpi") must be whole words.
    """
    return [(m.start(), m.end(), stem) for stem in stems if stem in text for m in _stem_pattern(stem).finditer(text)]


@lru_cache(maxsize=256)
def _stems_pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for many stems, each matched as `stem_hits` matches it (one scan of a long text, not one a stem)."""
    parts = [re.escape(stem) + (r"(?![a-z0-9])" if len(stem) <= 3 else "") for stem in stems]
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(parts)})")


def has_stem(text: str, stems: tuple[str, ...]) -> bool:
    """Whether any of the stems matches folded text (see `stem_hits`)."""
    return bool(stems) and _stems_pattern(tuple(stems)).search(text) is not None


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_ABBREVIATION = re.compile(
    r"\b(?:ok|tys|np|ul|godz|mln|mld|zl|itp|itd|tzw|in|e\.g|i\.e|approx|vs|dr|inz|ca|nr|etc)\.(?=\s*[a-z0-9])"
)
# The words that turn a sentence from what is in place to what breaks (", the problem is that ...",
# ", kłopot w tym, że ..."): a clause ends before them, and they open the next one (folded text).
TURN = (
    r"(?:the|our|my)\s+(?:(?:real|main|only|big|biggest)\s+)?(?:problem|issue|trouble|catch|snag|difficulty)\s+is\b"
    r"|(?:problem|klopot|klopotem|szkopul|trudnosc)\s+(?:w tym|polega na tym|jest taki|jest w tym|jest to)\b"
    r"|except that\b|the thing is\b|rzecz w tym\b"
)
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]\u2013\u2014]| - |\b(?:but|ale|however|jednak|natomiast|although|chociaz|choc|whereas|"
    rf"podczas gdy|tylko ze|tyle ze|yet)\b|(?<=\s)(?={TURN})"
)


def sentence_text(folded: str) -> str:
    """Folded text whose abbreviation dots ("ok. 300", "np. Allegro") end no sentence; positions kept."""
    return _ABBREVIATION.sub(lambda m: m.group(0)[:-1] + " ", folded)


def sentence_spans(folded: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of the folded text."""
    return [m.span() for m in _SENTENCE.finditer(sentence_text(folded))]


def clause_spans(folded: str, injection: tuple[re.Pattern[str], ...]) -> list[tuple[int, int]]:
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


def lower_first(text: str) -> str:
    """A name used mid-sentence: its first letter in lower case, unless it starts an acronym ("NPS", "CX")."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def whole_clause(text: str, limit: int = 220) -> str:
    """A quote of the client that is a whole clause: the text itself, or cut at a clause's end (never mid-word)."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in (", ", "; ", " – ", " — ", ": "))
    if cut < limit // 3:
        cut = text.rfind(" ", 0, limit)
    return text[:cut].rstrip(" ,;:–—") + " …"


_SENTENCE_BREAK = re.compile(r"(?<=[^\d\s.][.!?])\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ])")  # not after "1." nor "np." before a lower case


def first_sentence(text: str) -> str:
    """A text's whole first sentence, never cut inside it: a document cell or line says it, the rest is in the plan."""
    return _SENTENCE_BREAK.split(text.strip(), maxsplit=1)[0]


_QUOTED_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def quotes_client(text: str, challenge: str, min_words: int = 4) -> bool:
    """Whether a text quotes at least `min_words` consecutive words of the client's own challenge,
    whatever the punctuation and quote marks around them ("… and “last-click gives online nothing”.")."""
    said = _QUOTED_WORD.findall(fold(challenge))
    runs = {" ".join(said[i : i + min_words]) for i in range(len(said) - min_words + 1)}
    quoted = f" {' '.join(_QUOTED_WORD.findall(fold(text)))} "
    return any(f" {run} " in quoted for run in runs)


def fold_aligned(text: str) -> str:
    """Folded text whose positions match the original, so spans can be cut from what the user wrote."""
    quick = _SPACE.sub(" ", text.translate(_POLISH).lower())
    if quick.isascii() and len(quick) == len(text):
        return quick
    folded = "".join(" " if c.isspace() else (fold(c) or " ") for c in text)
    return folded if len(folded) == len(text) else fold(text)


class ReadingCues(BaseModel):
    """Words that tell a stated problem from a topic, a denial or a solved one (folded stems)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    trouble: list[str] = Field(description="Beside a topic, they make it a problem: 'no', 'brak', 'separate', 'own'.")
    denial: list[str] = Field(description="Just before a problem word, they deny it: 'no silos', 'bez konfliktów'.")
    solved: list[str] = Field(description="In the same clause, the matter is settled: 'already', 'no problem with'.")
    injection: list[str] = Field(description="Patterns of instructions aimed at a model; such sentences are not read.")
    measure: list[str] = Field(
        description="Just before a process word, they make it a measure: 'liczba zamówień', 'the number of orders'."
    )
    goal: list[str] = Field(
        description="In a sentence that moves a number from one value to another, they make it a goal: 'cel', 'we want'."
    )
    rise: list[str] = Field(description="A goal's verb that raises its metric by an amount: 'increase', 'zwiększyć'.")
    fall: list[str] = Field(description="A goal's verb that lowers its metric by an amount: 'reduce', 'obniżyć'.")
    facts: list[str] = Field(
        description="With names and numbers, the words of a clause that only states facts: 'osób', 'staff', 'only'."
    )


@lru_cache(maxsize=1)
def reading_cues() -> ReadingCues:
    """The reading cues of `cues.yaml`, validated (once per process)."""
    return ReadingCues.model_validate(read_yaml(Path(__file__).with_name("cues.yaml")))


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
    "loyalty": (
        "loyalty program",
        "program lojalnosc",
        "programem lojalnosc",
        "programu lojalnosc",
        "karta lojalnosc",
        "karty lojalnosc",
        "aplikacja lojalnosc",
        "aplikacji lojalnosc",
        "loyalty card",
        "loyalty scheme",
        "loyalty app",
    ),
    "stock_system": ("stock system", "inventory system", "system magazynow", "jeden system magazyn", "wms"),
}


def in_place(text: str) -> list[str]:
    """Practices the text says the company already runs, in clauses that state no trouble with them."""
    cues = reading_cues()
    folded = fold_aligned(text)
    found = []
    for a, b in clause_spans(folded, ()):
        clause = folded[a:b]
        if has_stem(clause, tuple(cues.trouble)) and not has_stem(clause, tuple(cues.solved)):
            continue
        found += [key for key, stems in _IN_PLACE.items() if has_stem(clause, stems)]
    return list(dict.fromkeys(found))
