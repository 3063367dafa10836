"""Say a list once per section: the second time a template names the company's channels,
departments or systems, it says "your channels" instead of listing them again.

Plan templates name the company's lists as facts ({channels}, {departments}, {systems},
{contact_channels}). The first template of a section that uses one lists it in full; later
ones in the same section drop the list where it stands as an aside ("w kanałach ({channels})"
→ "w kanałach", "systems: {systems}" → "systems") and otherwise take the short name ("across
{channels}" → "across your channels").
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..terms import Language

LISTS = ("channels", "departments", "systems", "contact_channels")
SHORT: dict[str, dict[str, str]] = {
    "en": {
        "channels": "your channels",
        "departments": "your departments",
        "systems": "your systems",
        "contact_channels": "your contact channels",
    },
    "pl": {
        "channels": "wasze kanały",
        "departments": "wasze działy",
        "systems": "wasze systemy",
        "contact_channels": "wasze kanały kontaktu",
    },
}


@lru_cache(maxsize=4096)
def shortened(template: str, fact: str, lang: Language) -> str:
    """The template with the list `fact` said short: asides dropped, the rest by its short name."""
    token = re.escape("{" + fact + "}")
    text = re.sub(r"\s*\((?:[^(){}]*:\s*)?" + token + r"\)", "", template)  # "w kanałach ({channels})"
    text = re.sub(r":\s*" + token + r"(?=\s*[.;,)]|\s*$)", "", text)  # "kanałach: {channels}."
    return text.replace("{" + fact + "}", SHORT[lang][fact])


class Mentions:
    """Which lists a section has already said in full."""

    def __init__(self) -> None:
        self.said: set[str] = set()

    def section(self) -> None:
        """A new section starts: every list is said in full once more."""
        self.said.clear()

    def apply(self, template: str, lang: Language) -> str:
        """The template with every list already said in this section shortened; the others now count as said."""
        if "{" not in template:
            return template
        for fact in LISTS:
            if "{" + fact + "}" not in template:
                continue
            if fact in self.said:
                template = shortened(template, fact, lang)
            else:
                self.said.add(fact)
        return template
