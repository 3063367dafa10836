"""The whole noun phrase around a word in the client's text: "kompletacja zamówień", "kody rabatowe",
"motor claim", never a fragment with a verb or words from two phrases.

Polish words are told apart with morfeusz2 (`inflect`): the phrase is the noun with the adjectives
that agree with it on either side and its genitive complement ("reklamacja *rachunku*"), or the
noun whose complement the word is ("*kompletacja* zamówień"), put in the nominative. English needs
no dictionary: the modifiers before the noun up to a function word or a verb form, and no phrase
where the word is itself a verb ("the retailer then quotes a third price"). A word no phrase can be
built around gives None: no object is better than a garbled one.
"""

from __future__ import annotations

import re

from .inflect import _ADJECTIVAL, _NOMINAL, _agree, _Reading, _readings, inflect

_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*|[^\w\s]")
_VERBAL = frozenset({"fin", "praet", "inf", "impt", "imps", "pcon", "pant", "bedzie", "winien", "pred", "prep", "conj"})
# Pronouns, determiners and "different" (SGJP tags them as adjectives): they point at the thing or
# judge it, they do not name it ("*tej* ceny", "*różne* ceny").
_PL_DETERMINERS = frozenset(
    "ten ów tamten taki jaki który mój twój nasz wasz swój każdy wszystek wszelki żaden jakiś któryś inny sam "
    "niektóry pewien cały różny rozmaity kolejny".split()
)
_EN_STOP = frozenset(
    "a an the our their his her its my your this that these those every each any some all no not don't doesn't didn't "
    "won't isn't aren't of for from to in on "
    "at by with and or but so then than as is are was were be been being have has had do does did can can't cannot "
    "will would could should must may might we they i you he she it who which what when where why how get gets got "
    "quote quotes quoted see sees saw show shows take takes took make makes made keep keeps lose loses send sends "
    "there here also only still just even again very really about into over after before between same other one two "
    "three different various several many more most less fewer few wrong late new old same whole entire certain "
    "such own meanwhile however moreover furthermore besides instead otherwise therefore thus hence now today often "
    "always sometimes never yet while whereas although though because since unless until once if".split()
)
_EN_BEFORE_VERB = frozenset(
    "to we they i you he she it who that will would can can't cannot could should must may then also not don't "
    "doesn't didn't never always often still".split()
)
_EN_AFTER_VERB = frozenset("a an the our their his her its my your this that these those every each any some".split())
_EN_NOMINAL_ING = frozenset(
    "wedding booking pricing parking shopping clothing training marketing banking billing housing catering "
    "ticketing onboarding".split()
)
_EN_MODIFIERS = 2  # at most two words before the noun: "special wedding orders"


def noun_phrase(text: str, start: int, stop: int, polish: bool) -> str | None:
    """The noun phrase of `text` around the word(s) at [start, stop), or None where none is clean."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    inside = [k for k, (a, b, _) in enumerate(tokens) if a < stop and start < b and tokens[k][2][0].isalnum()]
    if not inside:
        return None
    words = [w for _, _, w in tokens]
    span = _polish(words, inside[0], inside[-1]) if polish else _english(words, inside[0], inside[-1])
    if span is None:
        return None
    phrase = text[tokens[span[0]][0] : tokens[span[1]][1]]
    return inflect(phrase, "nom") if polish else phrase


def _nouns(word: str) -> list[_Reading]:
    return [r for r in _readings(word.lower()) if r.pos in _NOMINAL]


def _adjective_of(word: str, nouns: list[_Reading]) -> bool:
    """Whether a word is an adjective that agrees with one of these noun readings."""
    readings = _readings(word.lower())
    if not readings or any(r.pos in _VERBAL or r.lemma in _PL_DETERMINERS for r in readings):
        return False
    return any(_agree(n, a) for n in nouns for a in readings if a.pos in _ADJECTIVAL)


def _polish(words: list[str], i: int, j: int) -> tuple[int, int] | None:
    """The token span of the Polish noun phrase around tokens i..j."""
    readings = _readings(words[i].lower())
    if not readings or all(r.pos == "ign" for r in readings):
        return (i, j)  # a word the dictionary does not know (written without diacritics): the word alone
    head = _nouns(words[i])
    if not head:
        return None  # a verb or an adjective form of the word ("zamawia"): no phrase
    start, end = i, j
    before = _nouns(words[i - 1]) if i > 0 and words[i - 1][0].isalpha() else []
    plain = bool(before) and all(r.pos not in _VERBAL for r in _readings(words[i - 1].lower()))
    if plain and (_adjective_of(words[i], before) or _genitive(head)):
        start, head = i - 1, before  # the noun the word modifies or complements: "kompletacja zamówień"
    for _ in range(2):
        if start > 0 and _adjective_of(words[start - 1], head):
            start -= 1
    while end + 1 < len(words) and _adjective_of(words[end + 1], _nouns(words[i])) and not _before_noun(words, end + 1):
        end += 1
    return (start, _complement(words, end))


def _before_noun(words: list[str], k: int) -> bool:
    """Whether the adjective at k modifies the noun after it ("wdrożenie *nowego* klienta")."""
    return k + 1 < len(words) and words[k + 1][0].isalpha() and _adjective_of(words[k], _nouns(words[k + 1]))


def _complement(words: list[str], end: int) -> int:
    """The end of the phrase with its genitive complement, adjectives first: "reklamacja rachunku",
    "wdrożenie nowego klienta"; the same end when none follows."""
    k = end + 1
    while k < len(words) and _before_noun(words, k) and k - end <= 2:
        k += 1
    if k >= len(words) or not words[k][0].isalpha() or any(r.pos in _VERBAL for r in _readings(words[k].lower())):
        return end
    noun = _nouns(words[k])
    if not _genitive(noun):
        return end
    while k + 1 < len(words) and _adjective_of(words[k + 1], noun) and not _before_noun(words, k + 1):
        k += 1  # the complement's own adjective after it: "zamówienia tortów *weselnych*"
    return k


def _genitive(nouns: list[_Reading]) -> bool:
    return any("gen" in r.cases for r in nouns)


def _english(words: list[str], i: int, j: int) -> tuple[int, int] | None:
    """The token span of the English noun phrase ending at tokens i..j."""
    before = words[i - 1].lower() if i > 0 else ""
    after = words[j + 1].lower() if j + 1 < len(words) else ""
    if before in _EN_BEFORE_VERB or after in _EN_AFTER_VERB or after[:1].isdigit():
        return None  # the word is a verb here: "we quote the price", "quotes a third price"
    start = i
    while start > 0 and i - start < _EN_MODIFIERS and _english_modifier(words[start - 1]):
        if start > 1 and words[start - 2].lower() in _EN_BEFORE_VERB:
            break  # the word is a verb after its subject or auxiliary: "we *share* customer data"
        start -= 1
    return (start, j)


def _english_modifier(word: str) -> bool:
    """A word that can stand before an English noun as its modifier ("wedding", "web", "motor")."""
    low = word.lower()
    if not word[0].isalpha() or low in _EN_STOP:
        return False
    if low in _EN_NOMINAL_ING or low in ("sales", "goods", "news"):
        return True
    return not re.search(r"(?:ed|ing|ly|'s|[^s]s)$", low)  # a verb form; a plural rarely modifies a noun
