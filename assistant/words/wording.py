"""Locale-correct numbers and plural forms for plan text, from CLDR through Babel.

Polish needs a decimal comma, thin-space thousands and three plural forms ("1 osoba",
"2 osoby", "5 osób", "12,5 etatu"); English needs "1 person" / "2 people". Templates ask for
them by format spec, so no sentence carries a "(s)" or "(ów)" hack:

    "{n:person}"  → "22 osoby" / "22 people"
    "{fte:fte}"   → "12,7 etatu" / "12.7 FTE"
    "{x:num}"     → "12 345" / "12,345"   ("{x:num2}" keeps up to two decimals)

and lists read as the language reads them: "a, b i c" / "a, b and c".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..resources import read_yaml
from ..terms import Language

_THIN_NBSP = "\u202f"  # narrow no-break space: the Polish thousands separator in print
_NOUNS = Path(__file__).with_name("nouns.yaml")


@lru_cache(maxsize=1)
def _nouns() -> dict[str, dict[str, dict[str, str]]]:
    return read_yaml(_NOUNS)


@lru_cache(maxsize=2)
def _locale(lang: Language) -> Any:
    from babel import Locale

    return Locale.parse({"en": "en_GB", "pl": "pl_PL"}[lang])


@lru_cache(maxsize=4096)
def number(value: float, lang: Language, decimals: int = 0) -> str:
    """A number as the language prints it: '12 345' or '12,345'; whole values lose their decimals."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    text = format_decimal(round(value, decimals), format=pattern, locale=_locale(lang))
    return text.replace("\u00a0", _THIN_NBSP)


@lru_cache(maxsize=4096)
def plural_category(value: float, lang: Language) -> str:
    """CLDR plural category (one, few, many, other) of a number; fractions are 'other' in Polish."""
    if value != int(value):
        return "other"
    return _locale(lang).plural_form(int(value))


def noun(key: str, value: float, lang: Language) -> str:
    """The noun's form for a count: noun('person', 5, 'pl') → 'osób'."""
    forms = _nouns()[key][lang]
    return forms.get(plural_category(value, lang)) or forms["other"]


def unit_noun(unit: str, value: float, lang: Language) -> str | None:
    """A unit the client wrote in any of its forms ("days", "dni", "tygodnie"), in the form this value takes;
    None for a unit this file does not count."""
    folded = unit.lower()
    for key, langs in _nouns().items():
        if any(folded == form.lower() for forms in langs.values() for form in forms.values()):
            return noun(key, value, lang)
    return None


def count(value: float, key: str, lang: Language, decimals: int = 2) -> str:
    """A number with its noun: count(22, 'person', 'pl') → '22 osoby'; the noun agrees with the number shown."""
    value = round(value, decimals)
    return f"{number(value, lang, decimals)} {noun(key, value, lang)}"


_SPEC = re.compile(r"\{(\w+):(\w+)\}")


def _spoken(value: Any, spec: str, lang: Language) -> str:
    """One field with a locale spec: 'num' for a whole number, 'num2' with up to two decimals (as FTE
    are shown), a noun key for a count with its noun."""
    if spec in ("num", "num2"):
        return number(value, lang, 2 if spec == "num2" else 0)
    if spec in _nouns():
        return count(value, spec, lang)
    return format(value, spec)


def listing(items: list[str], lang: Language) -> str:
    """Items joined as the language lists them: 'a, b and c' / 'a, b i c'."""
    return _listing(tuple(items), lang) if items else ""


@lru_cache(maxsize=1024)
def _listing(items: tuple[str, ...], lang: Language) -> str:
    from babel.lists import format_list

    return format_list(list(items), locale=_locale(lang))


def fill(template: str, lang: Language, **facts: object) -> str:
    """Fill a template with facts, numbers and counts in the language's forms."""
    return fill_map(template, lang, facts)


def fill_map(template: str, lang: Language, facts: Mapping[str, Any]) -> str:
    """`fill` with the facts as a mapping (no copy of a large mapping for every sentence)."""
    if "{" not in template:
        return template
    if ":" in template:
        template = _SPEC.sub(
            lambda m: _spoken(facts[m.group(1)], m.group(2), lang).replace("{", "{{").replace("}", "}}"), template
        )
    return template.format_map(facts)
