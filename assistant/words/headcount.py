"""Head counts as people write them: digits, groups, ranges, units, number words, and vague sizes.

"1 000+", "50-200", "ok. 300", "2k", "5 tys.", "1e3", "twelve hundred", "półtora tysiąca" are
read; "a few hundred" / "kilkaset osób" are vague and refused with a question, never guessed.
"""

from __future__ import annotations

import re
from typing import Any

from .text import fold

MAX_EMPLOYEES = 5_000_000

# Number words, folded (no diacritics). Values below 1000; "thousand" words multiply.
_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "jeden": 1,
    "jedna": 1,
    "jedno": 1,
    "dwa": 2,
    "dwie": 2,
    "dwoch": 2,
    "trzy": 3,
    "trzech": 3,
    "cztery": 4,
    "czterech": 4,
    "piec": 5,
    "pieciu": 5,
    "szesc": 6,
    "szesciu": 6,
    "siedem": 7,
    "siedmiu": 7,
    "osiem": 8,
    "osmiu": 8,
    "dziewiec": 9,
    "dziewieciu": 9,
    "dziesiec": 10,
    "dziesieciu": 10,
    "jedenascie": 11,
    "dwanascie": 12,
    "dwunastu": 12,
    "trzynascie": 13,
    "czternascie": 14,
    "pietnascie": 15,
    "pietnastu": 15,
    "szesnascie": 16,
    "siedemnascie": 17,
    "osiemnascie": 18,
    "dziewietnascie": 19,
    "dwadziescia": 20,
    "dwudziestu": 20,
    "trzydziesci": 30,
    "trzydziestu": 30,
    "czterdziesci": 40,
    "czterdziestu": 40,
    "piecdziesiat": 50,
    "piecdziesieciu": 50,
    "szescdziesiat": 60,
    "siedemdziesiat": 70,
    "osiemdziesiat": 80,
    "dziewiecdziesiat": 90,
    "sto": 100,
    "stu": 100,
    "dwiescie": 200,
    "dwustu": 200,
    "trzysta": 300,
    "trzystu": 300,
    "czterysta": 400,
    "czterystu": 400,
    "piecset": 500,
    "pieciuset": 500,
    "szescset": 600,
    "szesciuset": 600,
    "siedemset": 700,
    "siedmiuset": 700,
    "osiemset": 800,
    "osmiuset": 800,
    "dziewiecset": 900,
    "dziewieciuset": 900,
}
_HALVES = {"poltora": 1.5, "pol": 0.5, "half": 0.5}
_HUNDRED = {"hundred", "hundreds"}
_THOUSAND = {"thousand", "thousands", "tysiac", "tysiace", "tysiecy", "tysiaca"}

_NUMBER_WORD = "|".join(sorted(map(re.escape, [*_UNITS, *_HALVES, *_HUNDRED, *_THOUSAND]), key=len, reverse=True))
_NUMBER_RUN = re.compile(
    rf"(?<![a-z])(?:an?\s+)?(?:{_NUMBER_WORD})(?:(?:\s+|-)(?:and\s+)?(?:an?\s+)?(?:{_NUMBER_WORD}))*(?![a-z])"
)


def words_to_digits(folded: str) -> str:
    """Replace runs of number words with digits: 'two thousand' → '2000', 'trzysta' → '300'."""

    def value(match: re.Match) -> str:
        words = [w for w in re.split(r"[\s-]+", match.group(0)) if w not in ("a", "an", "and")]
        total = current = 0.0
        for word in words:
            if word in _HUNDRED:
                current = (current or 1) * 100
            elif word in _THOUSAND:
                total, current = total + (current or 1) * 1000, 0.0
            else:
                current += _UNITS.get(word, _HALVES.get(word, 0))
        number = total + current
        return str(int(number)) if number >= 1 and number == int(number) else match.group(0)

    return _NUMBER_RUN.sub(value, folded)


_VAGUE = re.compile(
    r"\b(?:(?:a few|few|several|some|many|a couple(?: of)?|couple of|kilka|kilku|pare)\s+(?:hundred|thousand|dozen|set|tysiecy|tysiace)|"
    r"kilkanascie|kilkadziesiat|kilkaset|kilkunastu|kilkudziesieciu|kilkuset|parenascie|pareset|"
    r"dziesiatki|setki|tysiace|hundreds|thousands|dozens|tens)\b"
)
PEOPLE_NEAR = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:of\s+)?(?:osob|pracownik|ludzi|employ|people|staff|ppl|etat|zatrudn|"
    r"mitarbeiter|workers|fte)"
)


def _vague(folded: str, people: bool = True) -> list[re.Match]:
    """Vague head counts in folded text: "kilkaset osób", "a few hundred people"; "dwa tysiące" is a number,
    and "kilkadziesiąt sklepów" is no head count."""
    return [
        m
        for m in _VAGUE.finditer(folded)
        if (not people or PEOPLE_NEAR.search(folded[m.end() :]))
        and not re.search(rf"(?:\d|\b(?:{_NUMBER_WORD}))\s*$", folded[: m.start()])
    ]


def mask_vague(folded: str) -> str:
    """Folded text with vague sizes blanked out, so 'a few hundred' is never read as 100."""
    for match in _vague(folded):
        folded = folded[: match.start()] + " " * (match.end() - match.start()) + folded[match.end() :]
    return folded


def vague_size(text: str, people: bool = True) -> str | None:
    """The words of a size given without a number ("a few hundred people", "kilkaset osób"), if the text has one.

    In free text the size must be of people ("kilkadziesiąt sklepów" is none); in a head-count field
    (`people=False`) any vague size is one.
    """
    folded = fold(text)
    found = _vague(folded, people)
    return found[0].group(0) if found and not re.search(r"\d", folded) else None


_POWER = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:e\s*([+-]?\d+)|(?:\^|\*\*)\s*([+-]?\d+))")


def _powers(text: str) -> str:
    """'1e3' → '1000', '10^6' → '1000000'; a fraction such as '1e-9' stays a fraction, refused later."""

    def value(match: re.Match) -> str:
        base = float(match.group(1).replace(",", "."))
        if match.group(2) is not None:
            number = base * 10 ** min(int(match.group(2)), 12)
        else:
            number = base ** min(int(match.group(3)), 12)
        return f"{number:.12f}".rstrip("0").rstrip(".") if number < 1 else str(int(number))

    return _POWER.sub(value, text)


_MULTIPLIERS = {
    "k": 1_000,
    "tys": 1_000,
    "tysiecy": 1_000,
    "tysiace": 1_000,
    "tysiac": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "mln": 1_000_000,
    "million": 1_000_000,
}
_NUMBER = r"\d+(?:[ .,\u00a0']\d{3})*(?:[.,]\d+)?"


def _to_number(text: str) -> float:
    """'1 000' / '1.000' / '1,000' / '2,5' → float, reading 3-digit groups as thousands."""
    if re.fullmatch(r"\d+(?:[ .,\u00a0']\d{3})+", text):
        return float(re.sub(r"\D", "", text))
    return float(text.replace(",", "."))


def parse_employees(value: Any) -> int:
    """Read a head count the way people write it; a range becomes its midpoint.

    Accepts 200, "200", "1 000+", "1,200", "50-200", "50–200", "ok. 300", "~300",
    "2k", "5 tys.", "ponad 1000", "over 5,000 people", "1e3", "10^6", "twelve hundred".
    """
    if isinstance(value, bool):
        raise ValueError("expected a number of employees")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        vague = vague_size(str(value), people=False)
        if vague:
            raise ValueError(f"{vague!r} is not a number; write e.g. 300")
        text = _powers(words_to_digits(fold(str(value))))
        if re.match(r"-\s*\d", text):
            raise ValueError("must be at least 1")
        matches = list(re.finditer(rf"({_NUMBER})\s*([a-z]+)?", text))
        if not matches:
            raise ValueError("no number found; write e.g. 250, '1 000+' or '50-200'")
        numbers = []
        for match in matches[:2]:
            unit = (match.group(2) or "").rstrip(".")
            numbers.append(_to_number(match.group(1)) * _MULTIPLIERS.get(unit, 1))
        is_range = len(numbers) == 2 and re.search(rf"{_NUMBER}\s*[a-z]*\.?\s*(-|–|—|to|do|\.\.)\s*\d", text)
        number = (numbers[0] + numbers[1]) / 2 if is_range else numbers[0]
    if number != number or number < 1:
        raise ValueError("must be at least 1")
    if number > MAX_EMPLOYEES:
        raise ValueError(f"must be at most {MAX_EMPLOYEES:,}")
    return int(round(number))
