"""Bilingual sentences (`Text`, `Texts`) and the templates kept as YAML data: the planner's, the chat's and the page's."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..resources import read_yaml
from ..terms import Language
from .wording import fill_map


class _Bilingual(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Bilingual):
    """One sentence in both languages."""

    en: str = Field(min_length=1)
    pl: str = Field(min_length=1)

    def __call__(self, lang: Language) -> str:
        return getattr(self, lang)


class Texts(_Bilingual):
    """A list of sentences in both languages, item for item."""

    en: list[str] = Field(min_length=1)
    pl: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _same_length(self) -> Texts:
        if len(self.en) != len(self.pl):
            raise ValueError(f"en has {len(self.en)} items but pl has {len(self.pl)}")
        return self

    def __call__(self, lang: Language) -> list[str]:
        return list(getattr(self, lang))


class Phrasebook:
    """Templates by key from a YAML file of `{key: {en: ..., pl: ...}}`, read once on first use.

    `book("hats", "pl", n=12)` is the Polish template filled with the facts; a field's spec
    may ask for a locale form (`{n:person}`, `{fte:fte}`, `{x:num}`; see `assistant.words.wording`).
    """

    def __init__(self, path: Path):
        self.path = path

    @cached_property
    def texts(self) -> dict[str, Text]:
        """Every template, validated (both languages, non-empty)."""
        data = read_yaml(self.path)
        return {key: Text.model_validate(value) for key, value in data.items()}

    def __call__(self, key: str, lang: Language, **facts: object) -> str:
        return fill_map(self.texts[key](lang), lang, facts)

    def with_facts(self, key: str, lang: Language, facts: Mapping[str, Any]) -> str:
        """The template filled from a mapping of facts."""
        return fill_map(self.texts[key](lang), lang, facts)

    def __contains__(self, key: str) -> bool:
        return key in self.texts
