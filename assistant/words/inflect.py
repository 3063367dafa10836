"""Polish noun phrases in the case and number a sentence needs, from morfeusz2's generator.

A plan says "w salonach i w aplikacji mobilnej", not "w kanałach: salony, aplikacja mobilna".
`inflect("zamówienia specjalne", "loc")` gives "zamówieniach specjalnych": the phrase is
analysed word by word (SGJP, the dictionary inside the morfeusz2 wheel), its head noun is the
first noun the adjectives around it agree with, and every agreeing word is generated again in
the case asked for. A phrase whose head is a foreign word ("call center", "e-commerce") is
indeclinable in Polish and stays as it is; so does any phrase the dictionary does not know.

morfeusz2 is imported on first use, so the CLI starts without loading its dictionary.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal

Case = Literal["nom", "gen", "dat", "acc", "inst", "loc", "voc"]
Number = Literal["sg", "pl"]

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\S+")
_ADJECTIVAL = ("adj", "ppas", "pact")  # adjectives and participles agree with their noun alike


@lru_cache(maxsize=1)
def _morfeusz() -> Any:
    import morfeusz2

    return morfeusz2.Morfeusz(expand_tags=False)


class _Reading:
    """One interpretation of a word: its part of speech, numbers, cases and genders."""

    __slots__ = ("lemma", "pos", "numbers", "cases", "genders")

    def __init__(self, lemma: str, tag: str):
        parts = tag.split(":")
        self.lemma = lemma.split(":")[0]  # SGJP lemmas may carry a sense mark: "zamek:s1"
        self.pos = parts[0]
        fields = parts[1:4] + [""] * (3 - len(parts[1:4]))
        self.numbers, self.cases, self.genders = (set(f.split(".")) for f in fields)


@lru_cache(maxsize=4096)
def _readings(word: str) -> tuple[_Reading, ...]:
    found = _morfeusz().analyse(word)
    if len({(start, end) for start, end, _ in found}) != 1:  # split into several tokens: not one word
        return ()
    return tuple(_Reading(lemma, tag) for _, _, (_, lemma, tag, *_) in found)


def _agree(noun: _Reading, adj: _Reading) -> set[tuple[str, str]]:
    """The (number, case) pairs in which an adjective reading agrees with a noun reading."""
    if not noun.genders & adj.genders:
        return set()
    return {(n, c) for n in noun.numbers & adj.numbers for c in noun.cases & adj.cases}


@lru_cache(maxsize=4096)
def _form(lemma: str, pos: str, number: str, case: str, gender: str) -> str | None:
    """The generated form of a lemma with this number, case and (for adjectives) gender."""
    for form, _, tag, *_ in (entry[:3] for entry in _morfeusz().generate(lemma)):
        parts = tag.split(":")
        if parts[0] != pos or len(parts) < 4 or number not in parts[1].split(".") or case not in parts[2].split("."):
            continue
        if pos == "adj" and parts[4:5] != ["pos"]:
            continue
        if pos != "adj" and pos in _ADJECTIVAL and parts[-1] != "aff":
            continue
        if pos in _ADJECTIVAL and gender not in parts[3].split("."):
            continue
        if pos == "subst" and gender not in parts[3].split("."):
            continue
        return form
    return None


def _head(words: list[str]) -> tuple[int, _Reading, str] | None:
    """The head noun: its index, the reading the neighbouring adjectives agree with, and its number."""
    for i, word in enumerate(words):
        readings = _readings(word.lower()) or _readings(word)
        if not readings or all(r.pos == "ign" for r in readings):
            return None  # a foreign word before the head: the phrase is indeclinable ("call center")
        nouns = [r for r in readings if r.pos == "subst"] or [r for r in _readings(word) if r.pos == "subst"]
        if not nouns:
            continue
        adjectives = [
            [r for r in _readings(w.lower()) if r.pos in _ADJECTIVAL] for w in words[max(0, i - 1) : i + 2] if w != word
        ]
        adjectives = [a for a in adjectives if a]
        for noun in sorted(nouns, key=lambda r: "nom" not in r.cases):  # the phrase is usually given in the nominative
            pairs = [set().union(*(_agree(noun, a) for a in readings)) for readings in adjectives]
            shared = set.intersection(*pairs) if pairs else {(n, c) for n in noun.numbers for c in noun.cases}
            if shared:
                number = "pl" if ("pl", "nom") in shared or all(n == "pl" for n, _ in shared) else "sg"
                return i, noun, number
        return None
    return None


@lru_cache(maxsize=4096)
def inflect(phrase: str, case: Case, number: Number | None = None) -> str:
    """The Polish noun phrase in this case (and number; by default the phrase's own).

    Words that do not agree with the head noun ("sprzedaż *B2B*", "obsługa *klienta*") stay
    as they are; an unknown or foreign head leaves the whole phrase unchanged.
    """
    words = _WORD.findall(phrase)
    if not words or not words[0][0].isalpha():
        return phrase
    head = _head(words)
    if head is None:
        return phrase
    at, noun, own = head
    wanted = number or own
    gender = next(iter(sorted(noun.genders)))
    out = list(words)
    for i, word in enumerate(words):
        if i == at:
            form = _form(noun.lemma, "subst", wanted, case, gender)
        elif abs(i - at) == 1 and (readings := [r for r in _readings(word.lower()) if r.pos in _ADJECTIVAL]):
            agreeing = [r for r in readings if r.genders & noun.genders]
            form = _form(agreeing[0].lemma, agreeing[0].pos, wanted, case, gender) if agreeing else None
        else:
            continue
        if form is None:
            return phrase
        out[i] = form[:1].upper() + form[1:] if word[:1].isupper() else form
    return _rejoin(phrase, words, out)


def _rejoin(phrase: str, words: list[str], forms: list[str]) -> str:
    """The phrase with each word replaced by its form, the spacing between them kept."""
    result, at = [], 0
    for word, form in zip(words, forms, strict=True):
        start = phrase.index(word, at)
        result.append(phrase[at:start] + form)
        at = start + len(word)
    return "".join(result) + phrase[at:]


def gender(phrase: str) -> Literal["m", "f", "n"] | None:
    """The grammatical gender of a Polish noun phrase's head (m for any masculine); None when the
    dictionary does not know it or its nominative readings disagree ("kliniki": klinika or klinik)."""
    words = _WORD.findall(phrase)
    head = _head(words) if words and words[0][0].isalpha() else None
    if head is None:
        return None
    readings = [r for r in _readings(words[head[0]].lower()) if r.pos == "subst" and "nom" in r.cases]
    kinds = {"f" if r.genders == {"f"} else "n" if r.genders == {"n"} else "m" for r in readings or [head[1]]}
    return kinds.pop() if len(kinds) == 1 else None  # type: ignore[return-value]
