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
_NOMINAL = ("subst", "ger")  # nouns and verbal nouns ("przekazania") head a phrase


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


def lemmas(text: str) -> str:
    """A Polish text with each word in its dictionary forms ("mody damskiej" -> "mod moda damski": every
    lemma the word may have), so a word can be found whatever its case; a word the dictionary does not
    know stays as written."""
    out: list[str] = []
    for word in _WORD.findall(text):
        readings = _readings(word.lower()) if word[:1].isalpha() else ()
        out.extend(dict.fromkeys(r.lemma for r in readings) if readings else [word])
    return " ".join(out)


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
        if pos in _NOMINAL and gender not in parts[3].split("."):
            continue
        if pos == "ger" and parts[-1] != "aff":
            continue
        return form
    return None


class _Head:
    """A phrase's head noun: where it stands, its reading, its number, and the adjectives that agree with it."""

    __slots__ = ("at", "noun", "number", "modifiers")

    def __init__(self, at: int, noun: _Reading, number: str, modifiers: dict[int, _Reading]):
        self.at, self.noun, self.number, self.modifiers = at, noun, number, modifiers


def _head(words: list[str]) -> _Head | None:
    """The head noun: the first noun of the phrase, read as its neighbouring adjectives agree with it.

    An adjacent adjective that cannot agree with it modifies another noun ("wdrożenia *nowych* klientów")
    and is left alone.
    """
    for i, word in enumerate(words):
        readings = _readings(word.lower()) or _readings(word)
        if not readings or all(r.pos == "ign" for r in readings):
            return None  # a foreign word before the head: the phrase is indeclinable ("call center")
        if all(r.pos == "prep" for r in readings):
            return None  # what follows a preposition is not the head ("informacje o opóźnieniach")
        nouns = [r for r in readings if r.pos in _NOMINAL] or [r for r in _readings(word) if r.pos in _NOMINAL]
        if not nouns or _modifies_next(readings, words[i + 1 : i + 2]):
            continue
        near = {
            j: [r for r in _readings(words[j].lower()) if r.pos in _ADJECTIVAL]
            for j in (i - 1, i + 1)
            if 0 <= j < len(words)
        }
        for noun in sorted(nouns, key=lambda r: _rank(r, near)):
            agreeing = {j: [a for a in adj if _agree(noun, a)] for j, adj in near.items()}
            agreeing = {j: adj for j, adj in agreeing.items() if adj}
            pairs = [set().union(*(_agree(noun, a) for a in adj)) for adj in agreeing.values()]
            shared = set.intersection(*pairs) if pairs else {(n, c) for n in noun.numbers for c in noun.cases}
            if shared:
                number = "pl" if ("pl", "nom") in shared or all(n == "pl" for n, _ in shared) else "sg"
                return _Head(i, noun, number, {j: adj[0] for j, adj in agreeing.items()})
        return None
    return None


def _rank(noun: _Reading, near: dict[int, list[_Reading]]) -> tuple[bool, bool, bool]:
    """A noun reading's rank as the head: one its adjectives agree with first ("dyrektor zarządzający" is a man,
    not the indeclinable woman director), then a nominative, then a noun rather than a verbal noun."""
    agrees = any(_agree(noun, adjective) for adjectives in near.values() for adjective in adjectives)
    return not agrees, "nom" not in noun.cases, noun.pos != "subst"


def _modifies_next(readings: tuple[_Reading, ...], following: list[str]) -> bool:
    """Whether a word that could be a noun is rather an adjective of the noun after it ("*nowe* zamówienia")."""
    adjectives = [r for r in readings if r.pos in _ADJECTIVAL]
    if not adjectives or not following:
        return False
    nouns = [r for r in _readings(following[0].lower()) if r.pos in _NOMINAL]
    return any(_agree(n, a) for n in nouns for a in adjectives)


@lru_cache(maxsize=4096)
def _phrase(phrase: str) -> tuple[list[str], _Head | None]:
    """The phrase's words and its head noun (None when it starts with no word or the dictionary finds none)."""
    words = _WORD.findall(phrase)
    return words, _head(words) if words and words[0][0].isalpha() else None


def inflect(phrase: str, case: Case, number: Number | None = None) -> str:
    """The Polish noun phrase in this case (and number; by default the phrase's own).

    Words that do not agree with the head noun ("sprzedaż *B2B*", "obsługa *klienta*") stay
    as they are; an unknown or foreign head leaves the whole phrase unchanged.
    """
    words, head = _phrase(phrase)
    if head is None:
        return phrase
    wanted = number or head.number
    gender = next(iter(sorted(head.noun.genders)))
    out = list(words)
    for i, reading in [(head.at, head.noun), *head.modifiers.items()]:
        form = _form(reading.lemma, reading.pos, wanted, case, gender)
        if form is None:
            return phrase
        out[i] = form[:1].upper() + form[1:] if words[i][:1].isupper() else form
    return _rejoin(phrase, words, out)


def _rejoin(phrase: str, words: list[str], forms: list[str]) -> str:
    """The phrase with each word replaced by its form, the spacing between them kept."""
    result, at = [], 0
    for word, form in zip(words, forms, strict=True):
        start = phrase.index(word, at)
        result.append(phrase[at:start] + form)
        at = start + len(word)
    return "".join(result) + phrase[at:]


def declinable(phrase: str) -> bool:
    """Whether the dictionary knows the phrase's head noun, so `inflect` can put it in any case: a word typed
    without diacritics ("zamowienia") or unknown stays as written and would break a sentence that needs a case."""
    return _phrase(phrase)[1] is not None


def noun_in(word: str, case: Case) -> bool:
    """Whether a Polish word can be a noun in this case ("kiełbasy": genitive of "kiełbasa")."""
    return any(r.pos == "subst" and case in r.cases for r in _readings(word.lower()))


def gender(phrase: str) -> Literal["m", "f", "n"] | None:
    """The grammatical gender of a Polish noun phrase's head (m for any masculine); None when the
    dictionary does not know it or its nominative readings disagree ("kliniki": klinika or klinik)."""
    words, head = _phrase(phrase)
    if head is None:
        return None
    readings = [r for r in _readings(words[head.at].lower()) if r.pos in _NOMINAL and "nom" in r.cases]
    kinds = {"f" if r.genders == {"f"} else "n" if r.genders == {"n"} else "m" for r in readings or [head.noun]}
    return kinds.pop() if len(kinds) == 1 else None  # type: ignore[return-value]


_UNCOUNTED = frozenset("obsługa kompletacja realizacja komunikacja sprzedaż wiedza historia logistyka".split())


def plural(phrase: str) -> str:
    """A Polish noun phrase in the nominative plural when its head is singular ("wycena" -> "wyceny"),
    as the sentences speak of the thing it names ("20 ostatnich wycen", "na pięciu losowych wycenach");
    a plural phrase, or one the dictionary cannot read, stays as it is."""
    head = _phrase(phrase)[1]
    if head is None or head.number == "pl" or head.noun.pos != "subst" or head.noun.lemma in _UNCOUNTED:
        return phrase
    return inflect(phrase, "nom", "pl")


def nominal_start(phrase: str) -> str:
    """The phrase from its first word that can start a noun phrase (a noun or an adjective): a verb or
    a function word before it is not the thing's name ("widzą zamówienia" → "zamówienia")."""
    words = phrase.split()
    for i, word in enumerate(words):
        if {r.pos for r in _readings(word.lower())} & {*_NOMINAL, *_ADJECTIVAL, "ign"}:
            return " ".join(words[i:])
    return phrase


def counted(noun: str, category: str) -> str:
    """A Polish noun in the form a number of this CLDR plural category takes ("4 tygodnie", "6 tygodni");
    a word the dictionary does not know as a noun ("pkt", "%") stays as it is."""
    nouns = [r for r in _readings(noun.lower()) if r.pos == "subst"] if len(noun) > 3 else []
    if not nouns:
        return noun
    reading = nouns[0]
    number, case = {"one": ("sg", "nom"), "few": ("pl", "nom"), "many": ("pl", "gen")}.get(category, ("sg", "gen"))
    return _form(reading.lemma, "subst", number, case, sorted(reading.genders)[0]) or noun


def in_dictionary(word: str) -> bool:
    """Whether the Polish dictionary knows the word (in any of its forms)."""
    readings = _readings(word.lower())
    return any(reading.pos != "ign" for reading in readings)


_LETTERS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_NEXT = re.compile(r"[ \t]*([^\W\d_]+|\d)?")
_ADDRESSING = ("impt", "fin", "bedzie")  # verbs with a person: imperative, present or future, "będziesz"
_CLAUSE_END = ".!?:;\n"
_OPENING_MARKS = " \t*_„“\"'([•-–"  # markup, quotes and bullets a sentence may open with


def _opens_sentence(text: str, at: int) -> bool:
    """Whether the word at `at` opens a sentence or clause (after a full stop, colon, semicolon or line break)."""
    before = text[:at].rstrip(_OPENING_MARKS)
    return not before or before[-1] in _CLAUSE_END


def _heads_label(readings: tuple[_Reading, ...], text: str, end: int) -> bool:
    """Whether a sentence-opening homograph is rather the noun of a label: alone, before a number, or before
    an adjective that agrees with it ("Dzień 30", "Top 3", "Tryb awaryjny")."""
    nouns = [r for r in readings if r.pos in _NOMINAL]
    if not nouns:
        return False
    following = _NEXT.match(text, end).group(1)  # type: ignore[union-attr]  # the pattern matches anywhere
    if following is None or following.isdigit():
        return True
    adjectives = [r for r in _readings(following.lower()) if r.pos in _ADJECTIVAL]
    return any(_agree(noun, adjective) for noun in nouns for adjective in adjectives)


def second_person_singular(text: str) -> list[str]:
    """The verbs of a Polish text that address one person ("Zaangażuj", "dokumentuj", "skorzystasz"), not a team.

    A word counts when every reading the dictionary gives is a second-person singular verb (imperative or
    finite), or when it opens a sentence and one reading is: mid-sentence a homograph is read as its other
    part of speech ("co tydzień *śledź*" may be a herring), and so is one that opens a label ("Dzień 30").
    """
    found = []
    for match in _LETTERS.finditer(text):
        readings = _readings(match.group(0).lower())
        singular = [r.pos in _ADDRESSING and "sg" in r.numbers and "sec" in r.cases for r in readings]
        if not any(singular):
            continue
        if all(singular) or (_opens_sentence(text, match.start()) and not _heads_label(readings, text, match.end())):
            found.append(match.group(0))
    return found
