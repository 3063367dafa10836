"""The page's own words in the visitor's language: which components carry words, and how to say them.

The page is built once; each visitor gets its words on load (from the browser's
Accept-Language) and again when they use the language switch. `Words` remembers, for every
component built through it, which of its properties are words (`label`, `placeholder`,
`choices`…), so one handler can re-say the whole page in English or Polish.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.terms import Language
from assistant.words.phrasebook import Phrasebook

page_text = Phrasebook(Path(__file__).with_name("page_texts.yaml"))
LANGUAGES: tuple[Language, ...] = ("en", "pl")

Said = str | Callable[[Language], Any]  # a key of page_texts.yaml, or a function of the language


def visitor_language(accept_language: str | None, default: Language = "en") -> Language:
    """The first of our languages the browser asks for ("pl-PL,pl;q=0.9,en;q=0.8" → pl)."""
    ranked = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, weight = part.strip().partition(";q=")
        try:
            ranked.append((-float(weight or 1), i, tag.split("-")[0].strip().lower()))
        except ValueError:
            continue
    return next((tag for *_, tag in sorted(ranked) if tag in LANGUAGES), default)


def page_language(chosen: Language | None, accept_language: str | None) -> Language:
    """The page's language: the one chosen for the page (`omniteam ui --lang`) wins over the browser's."""
    return chosen or visitor_language(accept_language)


class Words:
    """Components whose properties are words, built in `lang` and re-said in any language."""

    def __init__(self, lang: Language):
        self.lang = lang
        self.parts: list[tuple[Any, dict[str, Said]]] = []

    def say(self, said: dict[str, Said], lang: Language) -> dict[str, Any]:
        """The properties' values in `lang`."""
        return {name: page_text(key, lang) if isinstance(key, str) else key(lang) for name, key in said.items()}

    def __call__(self, factory: Callable[..., Any], said: dict[str, Said], **options: Any) -> Any:
        """`factory(**options)` with the `said` properties in the page's language, remembered."""
        component = factory(**options, **self.say(said, self.lang))
        self.parts.append((component, said))
        return component

    def t(self, key: str, **facts: Any) -> Callable[[Language], str]:
        """A text with facts filled in, for `said`: words.t("chat_placeholder", limit=2000)."""
        return lambda lang: page_text(key, lang, **facts)

    @property
    def components(self) -> list[Any]:
        return [component for component, _ in self.parts]

    def updates(self, lang: Language) -> list[dict[str, Any]]:
        """Every remembered component's words in `lang`, as Gradio updates in `components` order."""
        import gradio as gr

        return [gr.update(**self.say(said, lang)) for _, said in self.parts]
