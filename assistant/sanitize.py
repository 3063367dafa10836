"""Text made safe at the edges: invisible characters out of what people type, and what a
model writes made inert where it is shown.

Input: zero-width and bidi control characters (`e\u200bcommerce`, a right-to-left override)
are dropped from every text field of a profile and from chat messages, so they neither hide
a known channel nor flip the text of every output.

Output: plan text and chat answers may come from a model that read hostile input. Where they
are shown as Markdown, raw HTML is escaped and image syntax broken, so `![x](http://host/x.png)`
shows as text and the browser fetches nothing; links stay links that a person may click.
"""

from __future__ import annotations

import html
import re
from typing import Any

# Format characters that render as nothing: soft hyphen, Arabic letter mark, Mongolian vowel
# separator, zero-width space/joiners, LRM/RLM, bidi embeddings/overrides/isolates, word joiner
# and invisible operators, BOM, interlinear annotations and Unicode tags.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def strip_invisible(value: Any) -> Any:
    """`value` with invisible and bidi control characters removed from every string in it
    (strings, and strings inside lists and dicts); anything else is returned as it is."""
    if isinstance(value, str):
        return _INVISIBLE.sub("", value)
    if isinstance(value, list):
        return [strip_invisible(item) for item in value]
    if isinstance(value, dict):
        return {key: strip_invisible(item) for key, item in value.items()}
    return value


def inert_markdown(text: str) -> str:
    """Markdown with HTML tags and images disarmed: `<` becomes `&lt;`, `![` becomes `!\\[`."""
    return text.replace("<", "&lt;").replace("![", "!\\[")


def inert(text: object, *, quote: bool = False) -> str:
    """Any text made inert for a Markdown or HTML component: HTML escaped, images broken."""
    return html.escape(str(text), quote=quote).replace("![", "!\\[")
