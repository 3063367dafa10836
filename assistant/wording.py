"""Locale-correct numbers and plural forms for plan text, from CLDR through Babel.

Polish needs a decimal comma, thin-space thousands and three plural forms ("1 osoba",
"2 osoby", "5 osób", "12,5 etatu"); English needs "1 person" / "2 people". Templates ask for
them by format spec, so no sentence carries a "(s)" or "(ów)" hack:

    "{n:person}"  → "22 osoby" / "22 people"
    "{fte:fte}"   → "12,7 etatu" / "12.7 FTE"
    "{x:num}"     → "12 345" / "12,345"   ("{x:num1}" keeps one decimal)

and lists read as the language reads them: "a, b i c" / "a, b and c".
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any

from .profile import Language

_THIN_NBSP = "\u202f"  # narrow no-break space: the Polish thousands separator in print
_NOUNS = Path(__file__).with_name("nouns.yaml")


@lru_cache(maxsize=1)
def _nouns() -> dict[str, dict[str, dict[str, str]]]:
    import yaml

    return yaml.safe_load(_NOUNS.read_text(encoding="utf-8"))


@lru_cache(maxsize=2)
def _locale(lang: Language) -> Any:
    from babel import Locale

    return Locale.parse({"en": "en_GB", "pl": "pl_PL"}[lang])


def number(value: float, lang: Language, decimals: int = 0) -> str:
    """A number as the language prints it: '12 345' or '12,345'; whole values lose their decimals."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    text = format_decimal(round(value, decimals), format=pattern, locale=_locale(lang))
    return text.replace("\u00a0", _THIN_NBSP)


def plural_category(value: float, lang: Language) -> str:
    """CLDR plural category (one, few, many, other) of a number; fractions are 'other' in Polish."""
    if value != int(value):
        return "other"
    return _locale(lang).plural_form(int(value))


def noun(key: str, value: float, lang: Language) -> str:
    """The noun's form for a count: noun('person', 5, 'pl') → 'osób'."""
    forms = _nouns()[key][lang]
    return forms.get(plural_category(value, lang)) or forms["other"]


def count(value: float, key: str, lang: Language, decimals: int = 1) -> str:
    """A number with its noun: count(22, 'person', 'pl') → '22 osoby'."""
    return f"{number(value, lang, decimals)} {noun(key, value, lang)}"


class LocaleFormatter(string.Formatter):
    """`str.format` where a spec naming a noun ('person', 'fte', 'role') or 'num'/'num1' speaks the language."""

    def __init__(self, lang: Language):
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in ("num", "num1"):
            return number(value, self.lang, 1 if format_spec == "num1" else 0)
        if format_spec and format_spec in _nouns():
            return count(value, format_spec, self.lang)
        return super().format_field(value, format_spec)


def listing(items: list[str], lang: Language) -> str:
    """Items joined as the language lists them: 'a, b and c' / 'a, b i c'."""
    from babel.lists import format_list

    return format_list(items, locale=_locale(lang)) if items else ""


def fill(template: str, lang: Language, **facts: object) -> str:
    """Fill a template with facts, numbers and counts in the language's forms."""
    return LocaleFormatter(lang).format(template, **facts)
