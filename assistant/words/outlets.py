"""The firm's own outlets as it states them: how many of each channel ("26 sklepów", "3 call centres",
"one showroom") and its own noun for its physical outlets, in the nominative plural ("piekarnie",
"punkty obsługi klienta", "sales offices"), so a plan names them as the client does.

Only the channels the firm names as its own count (`vocab.channel_hits`): a customer's shops or a
partner's kiosks are not its outlets. Polish nouns are told from adjectives and put in the
nominative plural with morfeusz2 (`inflect`); an English noun gets its plural by spelling.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .headcount import PEOPLE_NEAR, words_to_digits
from .inflect import _NOMINAL, _readings, inflect
from .nounphrase import _VERBAL
from .text import fold, fold_aligned
from .vocab import FUNCTION_WORDS, Channel, channel_hits, detect_language, vocabulary

# A count just before the outlet word, one word (an adjective, "own") allowed between, or two joined by
# "and" where the first is no plural: "9 own sales offices", "12 company-owned cafés", "7 DIY and garden stores".
_COUNT = re.compile(
    r"(?<![\w.,/])(\d{1,5})\s+(?:(?!tys|thousand|tysiac|mln|million)"
    r"(?:[a-z]+(?<!s)(?:-[a-z]+)*\s+(?:and|i|&)\s+)?[a-z]+(?:-[a-z]+)*\s+)?$"
)
_ONE = re.compile(r"(?:^|\s)(?:one|a|an|our|jeden|jedna|jedno|jednym|nasz\w*|wlasn\w*|swoj\w*)\s+(?:[a-z]+\s+)?$")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
# A list's items: split at commas, semicolons, bullets, line ends, "and"/"i"/"oraz"/"plus". A list ends with its
# sentence, but runs over its bullet lines ("Kanały:\n- 8 składów\n- telesprzedaż"), so `sentence_spans`, which
# ends a sentence at a line end, does not delimit it.
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ])|\n\s*\n")
_ITEM = re.compile(r"\s*(?:[,;:•+\n(]|\s-\s|\s(?:i|oraz|and|plus|as well as)\s)\s*(?:-\s*)?")
_COUNTED = re.compile(
    r"(?:[^\W\d_]+\s+){0,2}?(?:ok\.?\s+|about\s+|around\s+|ponad\s+|over\s+)?(\d{1,5})\s+"
    r"(?:(?:wlasn|own\b|our\b|nasz)[^\W\d_]*\s+)?(?=[^\W\d_])"
)
# A count inside a sentence, before the noun phrase it counts ("with 6 garden centres"); not part of a
# time, a date, a decimal or a larger number ("9:00", "1.5", "1 200").
_COUNT_IN = re.compile(
    r"(?<![\w.,/:])(\d{1,5})(?![\d.,:/])\s+(?!\d)(?:(?:wlasn|own\b|our\b|nasz)[^\W\d_]*\s+)?(?=[^\W\d_])"
)
# A preposition just before a count in a sentence: what it counts is where or through what something
# happens ("in 40 cities", "przez 4 komitety"), not what the firm has ("with 6 showrooms", "sieć 14 salonów").
_ROUTED = re.compile(
    r"(?<![a-z])(?:in|at|across|through|via|from|to|into|for|by|on|w|we|przez|do|dla|na|po|od|ze|z)\s+"
    r"(?:(?:about|around|over|ok\.?|okolo|ponad|prawie)\s+)?$"
)
_PLURAL = re.compile(r"[a-z](?<!s)s$")  # an English plural noun: "points", "centres", not "glass"
# Units a count measures, not places ("5 dni", "3 weeks"): a list of facts may hold them.
_UNIT_LEMMAS = {"dzień", "tydzień", "miesiąc", "rok", "godzina", "minuta", "raz", "procent", "tysiąc", "milion"}
_UNIT_WORDS = re.compile(r"(?:day|week|month|year|hour|minute|time|percent|thousand|million|k|m)s?$")


@dataclass(frozen=True)
class Outlets:
    """How many of each own channel the text states, and its noun for its physical outlets."""

    counts: dict[str, int] = field(default_factory=dict)
    word: str | None = None


def read_outlets(text: str, is_place: Callable[[str], bool] | None = None) -> Outlets:
    """The counts of the firm's own channels and its own word for its outlets (see the module); with
    `is_place`, also a counted item of a channel list (`listed_outlets`) or a counted noun phrase of a
    sentence (`counted_outlets`) that it reads as a place, the first the text states."""
    folded = fold_aligned(text)
    hits = channel_hits(folded)
    counts: dict[str, int] = {}
    stores = [(a, b) for a, b, c in hits if c is Channel.stores]
    counted = []
    for start, stop, channel in hits:
        before = words_to_digits(folded[max(0, start - 40) : start])
        number = _COUNT.search(before)
        if number and channel.value not in counts:
            counts[channel.value] = int(number.group(1))
            counted += [(start, stop)] if channel is Channel.stores else []
        elif stores[:1] == [(start, stop)] and _ONE.search(before) and _singular(folded, start):
            counts.setdefault(channel.value, 1)  # "one showroom", "our taproom": the first outlet named, singular
    if is_place is not None and Channel.stores.value not in counts:
        candidates = sorted({*listed_outlets(text, hits=hits), *counted_outlets(text, hits=hits)})
        listed = [(a, b, n) for a, b, n in candidates if is_place(text[a:b])]
        if listed:
            start, stop, counts[Channel.stores.value] = listed[0]
            return Outlets({k: v for k, v in counts.items() if v > 0}, _outlet_phrase(text, start, stop))
    words = (_outlet_word(text, a, b) for a, b in counted + stores)
    return Outlets({k: v for k, v in counts.items() if v > 0}, next((w for w in words if w), None))


def listed_outlets(
    text: str, listing: bool = False, hits: list[tuple[int, int, Channel]] | None = None
) -> list[tuple[int, int, int]]:
    """(start, stop, count) of each counted item of a channel list that names a place no channel word
    names ("8 składów", "64 punkty pobrań", "12 depots"): a firm lists its own outlets among its
    channels by how many it has. The list is a sentence naming another channel, or the whole text when
    `listing` (a channel field). People ("2 handlowców", "700 osób") and units ("5 dni") are not places."""
    folded = fold_aligned(text)
    hits = channel_hits(folded) if hits is None else hits
    found = []
    for sentence in _spans(text, _SENTENCE):
        items = list(_spans(text, _ITEM, *sentence))
        named = [(a, b) for a, b in items if any(a <= h < b for h, _, _ in hits)]
        if not (listing or named):
            continue
        for a, b in items:
            number = _COUNTED.match(folded, a, b)
            if (a, b) not in named and number and (place := _counted_noun(text, folded, number, b)):
                found.append(place)
    return found


def counted_outlets(text: str, hits: list[tuple[int, int, Channel]] | None = None) -> list[tuple[int, int, int]]:
    """(start, stop, count) of each counted noun phrase inside a sentence that no channel word names
    ("with 6 garden centres", "mamy 14 kwiaciarni", "our 3 showrooms"): a firm states how many outlets
    it has in prose as well as in a list. A count after a preposition places or routes something ("in 40
    cities", "przez 4 komitety"); people and units are not places (`listed_outlets`)."""
    folded = fold_aligned(text)
    hits = channel_hits(folded) if hits is None else hits
    found = []
    for sentence in _spans(text, _SENTENCE):
        for a, b in _spans(text, _ITEM, *sentence):
            for number in _COUNT_IN.finditer(folded, a, b):
                named = any(number.end() <= h < b for h, _, _ in hits)
                routed = _ROUTED.search(folded, max(0, number.start() - 20), number.start())
                if not (named or routed) and (place := _counted_noun(text, folded, number, b)):
                    found.append(place)
    return found


def _counted_noun(text: str, folded: str, number: re.Match[str], stop: int) -> tuple[int, int, int] | None:
    """(start, stop, count) of the noun phrase a count stands before, up to `stop`, where it could name a
    place: not people ("2 handlowców", "700 osób"), not a unit ("5 dni")."""
    if PEOPLE_NEAR.match(folded[number.end(1) : stop]) or not _place_noun(text[number.end() : stop]):
        return None
    return number.end(), _phrase_end(text, number.end(), stop), int(number.group(1))


def _phrase_end(text: str, start: int, stop: int) -> int:
    """Where the counted phrase at `start` ends: before its first function word ("składów *z placem*") or
    verb ("kwiaciarni *obsługuje*"), or, in English, after its plural noun ("pick-up points *handle*")."""
    english = detect_language(text[start:stop]) == "en"
    for word in _WORD.finditer(text, start, stop):
        folded = fold(word.group(0))
        readings = _readings(folded) if not english else []
        verb = bool(readings) and all(r.pos in _VERBAL for r in readings)
        if word.start() > start and (folded in FUNCTION_WORDS or verb):
            return len(text[: word.start()].rstrip())
        if english and _PLURAL.search(folded):
            return word.end()
    return stop


def _spans(text: str, separator: re.Pattern, start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
    """The parts of text[start:stop] between separators, as stripped (start, stop) spans."""
    stop = len(text) if stop is None else stop
    cuts = [(m.start(), m.end()) for m in separator.finditer(text, start, stop)]
    bounds = zip([start, *(b for _, b in cuts)], [*(a for a, _ in cuts), stop], strict=True)
    spans = []
    for a, b in bounds:
        while a < b and text[a].isspace():
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ".!?)"):
            b -= 1
        if a < b:
            spans.append((a, b))
    return spans


def _place_noun(phrase: str) -> bool:
    """Whether a counted phrase's head is a noun that could name a place: not a person (only a Polish
    masculine-personal noun) and not a unit; an unknown English word counts when it is not a unit."""
    words = _WORD.findall(phrase)[:3]
    for word in words:
        readings = [r for r in _readings(word.lower()) if r.pos != "ign"]
        if not readings:
            return detect_language(phrase) == "en" and not _UNIT_WORDS.match(word.lower())
        nouns = [r for r in readings if r.pos in _NOMINAL]
        if nouns and all(r.pos == "subst" for r in nouns) and not any(r.pos == "adj" for r in readings):
            people = all(r.genders == {"m1"} for r in nouns)
            return not people and not any(r.lemma in _UNIT_LEMMAS for r in nouns)
        if not any(r.pos == "adj" for r in readings):
            return False
    return False


def _outlet_phrase(text: str, start: int, stop: int) -> str | None:
    """The listed outlets' phrase in the nominative plural ("składy", "punkty pobrań", "depots")."""
    phrase = " ".join(text[start:stop].split()[:4])
    if detect_language(text) == "pl":
        if not _known(phrase):
            return None
        first = _readings(_WORD.findall(phrase)[0].lower())
        if any(r.pos == "subst" and {"nom"} <= r.cases and {"pl"} <= r.numbers for r in first):
            return phrase.lower()  # already as a plan names them: "centra szkoleniowe"
        return inflect(phrase.lower(), "nom", "pl")
    return _english_plural(phrase.lower())


def _whole(text: str, start: int, stop: int) -> tuple[int, int]:
    """The span widened to whole words (an alias may end in a space or a comma: 'kasach ')."""
    while stop > start + 1 and not text[stop - 1].isalnum():
        stop -= 1
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while stop < len(text) and (text[stop].isalnum() or text[stop] in "-'" and text[stop + 1 : stop + 2].isalpha()):
        stop += 1
    return start, stop


def _singular(folded: str, start: int) -> bool:
    """Whether the outlet word at `start` is singular ("one showroom", "nasz salon"), not "our stores"."""
    a, b = _whole(folded, start, start + 1)
    word = folded[a:b]
    readings = [r for r in _readings(word) if r.pos in _NOMINAL]
    if readings:
        return all(r.numbers == {"sg"} for r in readings)
    return not word.endswith("s")


def _outlet_word(text: str, start: int, stop: int) -> str | None:
    """The client's noun phrase for its outlets at this hit, in the nominative plural; None for a word
    that names no outlet ("offline", "stationary" alone)."""
    polish = detect_language(text) == "pl"
    a, b = _whole(text, start, stop)
    noun = _noun_before(text, start) if polish and not _is_noun(text[a:b]) else None
    if noun is None and any(
        fold_aligned(text[start:stop]).startswith(w) for w in vocabulary().channels[Channel.stores].not_nouns
    ):
        return None
    if noun is not None:
        a = noun
    if polish:
        if not _known(text[a:b]) and fold_aligned(text[start:stop]).strip(" ,.") != fold_aligned(text[a:b]):
            return None  # an inflected word the dictionary does not know ("salonow" typed without diacritics)
        after = _WORD.match(text, b + 1) if text[b : b + 1] == " " else None
        if after and (readings := _readings(after.group(0).lower())) and all(r.pos == "adj" for r in readings):
            b = after.end()  # its adjective after it: "sklepy *stacjonarne*"
        return inflect(text[a:b].lower(), "nom", "pl")
    phrase = text[a:b]
    return _english_plural(phrase.lower())


def _known(phrase: str) -> bool:
    """Whether the dictionary knows the phrase's first word."""
    words = _WORD.findall(phrase)
    return bool(words) and any(r.pos != "ign" for r in _readings(words[0].lower()))


def _is_noun(word: str) -> bool:
    readings = _readings(word.lower())
    return not readings or any(r.pos in _NOMINAL or r.pos == "ign" for r in readings)


def _noun_before(text: str, start: int) -> int | None:
    """Where the Polish noun an outlet adjective follows starts ("szkoły *stacjonarne*"), if one does."""
    words = list(_WORD.finditer(text[max(0, start - 30) : start]))
    if not words:
        return None
    last = words[-1]
    readings = _readings(last.group(0).lower())
    if readings and all(r.pos == "subst" for r in readings):
        return max(0, start - 30) + last.start()
    return None


def _english_plural(phrase: str) -> str:
    """An English noun phrase with its last word in the plural ("showroom" → "showrooms")."""
    if phrase.endswith("s"):
        return phrase
    if re.search(r"[^aeiou]y$", phrase):
        return phrase[:-1] + "ies"
    return phrase + ("es" if re.search(r"(?:ch|sh|x)$", phrase) else "s")
