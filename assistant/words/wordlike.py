"""Whether typed text reads as words at all: a keyboard mash ("asdf", "qwerty", "xkcdq") is no name.

A word the Polish dictionary knows is a word; another (English, a brand) must not be keys struck
in a row nor repeat one letter thrice, and when longer than an acronym ("CRM", "DTC") must have a
vowel and no long run of consonants.
"""

from __future__ import annotations

import re

from .inflect import in_dictionary
from .text import fold

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_RUNS = frozenset(row[i : i + 3] for row in (*_ROWS, *(r[::-1] for r in _ROWS)) for i in range(len(row) - 2))
_LETTERS = re.compile(r"[a-z]+")
_THRICE = re.compile(r"(.)\1\1")
_ACRONYM = 4  # letters a short form may have without a vowel
_CONSONANTS = re.compile(r"[^aeiouy]{5}")


def _struck_in_a_row(word: str) -> bool:
    """Half or more of the word's letter triples are neighbouring keys of one keyboard row."""
    triples = [word[i : i + 3] for i in range(len(word) - 2)]
    return bool(triples) and 2 * sum(t in _KEY_RUNS for t in triples) >= len(triples)


def is_wordlike(word: str) -> bool:
    """A single word that could be a word of some language (or a brand), not a keyboard mash."""
    letters = fold(word)
    if len(letters) < 3 or in_dictionary(word):
        return True
    if _THRICE.search(letters) or _struck_in_a_row(letters):
        return False
    return len(letters) <= _ACRONYM or (any(c in "aeiouy" for c in letters) and not _CONSONANTS.search(letters))


def reads_as_words(phrase: str) -> bool:
    """A phrase with at least one word-like word ("kiosk w galerii", "TikTok Shop": yes; "asdf", "qwe rty": no)."""
    words = _LETTERS.findall(fold(phrase))
    return not words or any(is_wordlike(word) for word in words)
