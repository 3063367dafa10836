"""The firm's own channels as a message names them: those it has, and those it drops ("bez call
center", "we closed the shops"), one reading for the chat, the form's free text and the evals.

A channel word names one of the firm's channels (`vocab.channel_hits`: a partner's or a customer's
outlet is none) except where, inside a clause that says what breaks, it names the people who work
there: "customer service and sales blame each other", "the app team ships without telling the
stores" (each channel's `departments` in vocab.yaml), and a phone, an app or a rep named there is
a tool or a team unless no other clause names a channel or it is named as the way in ("orders from
our app"). The same word in the facts ("a call
centre of 40 people") is a channel. A firm that says it sells only online has no shop of its own: its "own shop" is its web shop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..words.text import stem_hits
from ..words.vocab import Channel, channel_hits, match_channels, vocabulary

_SEPARATOR = re.compile(r"[,;.!?+&\n]|\b(?:and|i|but|ale|plus|oraz|also|takze|rowniez)\b")
_REMOVE = re.compile(
    r"\b(?:remove|drop|delete|without|no|not|no longer|don't have|do not have|dont have|we closed|"
    r"usun\w*|wyrzuc\w*|bez|rezygnuj\w*|nie mamy|zamknel\w*|zamykamy)\b"
)
_ONLINE_ONLY = re.compile(
    r"\b(?:only online|online only|online-only|tylko (?:w )?(?:online|internec\w*|sieci)|wylacznie (?:w )?(?:online|internec\w*)"
    r"|pure player)\b"
)
_TOOL_LIKE = {Channel.call_centre, Channel.mobile_app, Channel.b2b_sales}
# A channel named as the way in ("orders from our loyalty app", "zamówienia przez infolinię") is a channel
# wherever it stands.
_ROUTE = re.compile(r"\b(?:from|via|through|z|ze|przez)\s+(?:[a-z-]+\s+){0,2}$")
_GENERIC_SHOP = ("sklep", "shop", "store")  # words that name a web shop as well as a physical one


def _clauses(text: str) -> Iterator[tuple[int, str]]:
    """(offset, clause) pieces between commas, sentence ends and 'and'/'i'/'but'/'+'."""
    start = 0
    for separator in _SEPARATOR.finditer(text):
        yield start, text[start : separator.start()]
        start = separator.end()
    yield start, text[start:]


def _removed(clause: str) -> list[Channel]:
    """Channels a clause drops: named right after 'remove', 'bez', 'we closed' ('we don't have stock' drops none)."""
    return [c for m in _REMOVE.finditer(clause) for c in match_channels(" ".join(clause[m.end() :].split()[:3]))]


def _departments(folded: str, breaking: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where a department's words stand inside the clauses that say what breaks."""
    words = [w for c in vocabulary().channels.values() for w in c.departments]
    return [(a, b) for a, b, _ in stem_hits(folded, words) if any(s <= a < e for s, e in breaking)]


def mentions(folded: str, breaking: Sequence[tuple[int, int]] = ()) -> list[tuple[int, Channel]]:
    """(position, channel) of every channel the firm names as its own, in text order, leaving out a
    department named where something breaks; the generic shop of a firm that sells only online is its web shop."""
    people = _departments(folded, breaking)
    online = bool(_ONLINE_ONLY.search(folded))
    found = []
    for start, stop, channel in channel_hits(folded):
        if any(a <= start < b for a, b in people):
            continue
        if online and channel is Channel.stores and folded[start:stop].strip(" ,.").startswith(_GENERIC_SHOP):
            channel = Channel.ecommerce
        found.append((start, channel))
    return found


def read_channels(folded: str, breaking: Sequence[tuple[int, int]] = ()) -> tuple[list[Channel], list[Channel]]:
    """The channels a folded text names, split into those the firm has and those it drops ("bez call
    center", "drop the app"); `breaking` are the spans of the clauses that say what breaks. There a
    phone, an app or a rep is a tool or a team ("rabaty na telefon", "the app doesn't tell the
    customer"), unless no clause but those names a channel."""
    clauses = list(_clauses(folded))
    added: list[Channel] = []
    removed: list[Channel] = []
    found = mentions(folded, breaking)
    outside = [m for m in found if not any(a <= m[0] < b for a, b in breaking)]
    inside = [m for m in found if m not in outside and (m[1] not in _TOOL_LIKE or _ROUTE.search(folded[: m[0]]))]
    for at, channel in sorted([*outside, *inside]) if outside else found:
        clause = next(c for start, c in reversed(clauses) if start <= at)
        target = removed if channel in _removed(clause) else added
        if channel not in target:
            target.append(channel)
    return [c for c in added if c not in removed], removed
