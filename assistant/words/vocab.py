"""Controlled vocabularies: channels and sectors, with the words people use for them (vocab.yaml).

Matching is done on text folded to lowercase ASCII (Polish diacritics removed), so
"Sklepy stacjonarne", "sklepy stacjonarne" and "sklepy stacjonare" style inputs meet the
same alias table. Used by profile validation, chat extraction and CSV import alike.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..resources import read_yaml
from ..terms import Language
from .text import fold, has_stem, stem_hits


class Channel(str, Enum):
    """A sales or service channel from the known set."""

    stores = "stores"
    ecommerce = "ecommerce"
    mobile_app = "mobile_app"
    marketplace = "marketplace"
    social_media = "social_media"
    call_centre = "call_centre"
    b2b_sales = "b2b_sales"


class Sector(str, Enum):
    """A normalised industry sector, where the free-text industry is recognised."""

    fashion = "fashion"
    electronics = "electronics"
    fmcg = "fmcg"
    grocery = "grocery"
    diy = "diy"
    pharmacy = "pharmacy"
    beauty = "beauty"
    furniture = "furniture"
    sports = "sports"
    books_media = "books_media"
    automotive = "automotive"
    banking = "banking"
    insurance = "insurance"
    telecom = "telecom"
    travel = "travel"
    b2b_wholesale = "b2b_wholesale"
    software = "software"
    education = "education"
    transport = "transport"
    food_service = "food_service"
    healthcare = "healthcare"
    energy = "energy"
    public_sector = "public_sector"
    other = "other"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Entry):
    """How a channel or sector is named back to the user."""

    en: str = Field(min_length=1)
    pl: str = Field(min_length=1)


class ChannelWords(_Entry):
    """A channel's label and the words people use for it."""

    label: Label
    aliases: list[str] = Field(min_length=1, description="Folded stems, matched at word starts.")
    brands: list[str] = Field(default_factory=list, description="Platforms and apps: a channel, never an industry.")
    not_nouns: list[str] = Field(default_factory=list, description="Aliases that name no outlet ('offline').")
    departments: list[str] = Field(
        default_factory=list, description="Words for the people of the channel ('customer service', 'app team')."
    )


class SectorWords(_Entry):
    """A sector's label, what it sells, and the words people use for it."""

    label: Label
    offer: Literal["goods", "services"] = Field(description="Services get no goods-only advice.")
    aliases: list[str] = Field(min_length=1, description="Folded stems, matched at word starts.")


class MarketWords(_Entry):
    """A country or region a company sells in: a market, never a channel."""

    label: Label
    codes: list[str] = Field(description="Codes as written in capitals ('DE', 'UK'); only beside another market.")
    aliases: list[str] = Field(min_length=1, description="Folded stems, matched at word starts.")


class PartnerWords(_Entry):
    """A kind of business partner a company sells through or with: never its own outlets."""

    label: Label
    aliases: list[str] = Field(min_length=1, description="Folded stems, matched at word starts.")


class Vocabulary(_Entry):
    """The shape of vocab.yaml: every channel, every sector but `other`, markets, partners and the all-channels words."""

    channels: dict[Channel, ChannelWords]
    sectors: dict[Sector, SectorWords]
    markets: dict[str, MarketWords]
    partners: dict[str, PartnerWords]
    served: list[str] = Field(description="Just before an outlet word: a customer's outlet ('deliver to').")
    served_after: list[str] = Field(
        description="Just after an outlet word: a customer's outlet ('ktore zaopatrujemy')."
    )
    trades: list[str] = Field(min_length=1, description="Nouns naming a firm's trade ('kwiaciarnia', 'florist').")
    all_channels: list[str] = Field(min_length=1, description="Phrases meaning every channel.")
    all_channels_set: list[Channel] = Field(min_length=1, description="The channels those phrases stand for.")

    @model_validator(mode="after")
    def _complete(self) -> Vocabulary:
        if set(self.channels) != set(Channel) or set(self.sectors) != set(Sector) - {Sector.other}:
            raise ValueError("it must describe every Channel and every Sector but other")
        stems = [w for c in self.channels.values() for w in (*c.aliases, *c.brands)]
        stems += [w for s in self.sectors.values() for w in s.aliases] + self.all_channels + self.trades
        stems += [w for m in self.markets.values() for w in m.aliases]
        stems += [w for p in self.partners.values() for w in p.aliases]
        stems += [w for c in self.channels.values() for w in c.departments]
        unfolded = sorted({w for w in stems if w.strip() != fold(w)})  # a trailing space is on purpose
        if unfolded:
            raise ValueError(f"stems must be written folded: {unfolded[:5]}")
        return self


_DATA = Path(__file__).with_name("vocab.yaml")


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """vocab.yaml, validated (once per process)."""
    try:
        return Vocabulary.model_validate(read_yaml(_DATA))
    except ValidationError as error:
        raise ValueError(f"{_DATA.name}: {error}") from None


_VOCAB = vocabulary()
CHANNEL_LABELS: dict[Channel, dict[str, str]] = {c: w.label.model_dump() for c, w in _VOCAB.channels.items()}
# How a recognised sector is named back to the user: (English, Polish).
SECTOR_LABELS: dict[Sector, tuple[str, str]] = {s: (w.label.en, w.label.pl) for s, w in _VOCAB.sectors.items()}
SERVICE_SECTORS = frozenset(s for s, w in _VOCAB.sectors.items() if w.offer == "services")
# Platform and app brands: they name a channel, never an industry.
BRANDS: dict[Channel, tuple[str, ...]] = {c: tuple(w.brands) for c, w in _VOCAB.channels.items()}
# Alias stems, matched at word starts in folded text. Order does not matter.
CHANNEL_ALIASES: dict[Channel, tuple[str, ...]] = {c: (*w.aliases, *w.brands) for c, w in _VOCAB.channels.items()}
SECTOR_ALIASES: dict[Sector, tuple[str, ...]] = {s: tuple(w.aliases) for s, w in _VOCAB.sectors.items()}
ALL_CHANNELS_WORDS: tuple[str, ...] = tuple(_VOCAB.all_channels)
TRADES: tuple[str, ...] = tuple(_VOCAB.trades)
ALL_CHANNELS: tuple[Channel, ...] = tuple(_VOCAB.all_channels_set)


_POLISH_LETTERS = frozenset("ąćęłńóśźż")
_POLISH_WORDS = (
    "w z na się do nie że oraz jest dla od po przez jak co są lub ze które który która czy przy tym ich jego już także "
    "aby będzie może każdy jesteśmy mamy nasz nasza nasze firma sklepy osób zatrudniamy pracowników działy dział "
    "sprzedajemy dlaczego dodaj tylko zespół proszę bardzo tak ale i ludzi osoby osobowa sklep sklepów salony salonów "
    "aplikacja aplikację infolinia oddziały oddziałów kanały kanałów wszystkie wszystko branża sieć cześć dzień dobry "
    "hej witam klienci klientów nasze nasi mamy jest są nie wiem około tys tysiąc tysięcy"
).split()
_POLISH_FORMS = frozenset(_POLISH_WORDS) | frozenset(map(fold, _POLISH_WORDS))  # also typed without diacritics
_ENGLISH_WORDS = frozenset(
    "the and of for is with on that by as are be it from this each its an or at will can into their which who every "
    "we have our people employees stores why add please what team give me not sell do don't hi hello hey thanks "
    "staff shops shop customers company chain online app about around we're our us can you help all channels "
    "everything how many".split()
)


FUNCTION_WORDS = _POLISH_FORMS | _ENGLISH_WORDS  # words that say what a sentence does, never what a company is


def language_evidence(text: str) -> tuple[int, int]:
    """(Polish, English) evidence in a text: each language's function words, plus words with Polish letters.

    Used for chat messages and for whole plans: plans mix in English terms (CLV, NPS,
    e-commerce), so it counts function words, which only a text written in the language is full of.
    """
    words = re.findall(r"[^\W\d_]+(?:'[a-z]+)?", text.lower())
    polish = sum(w in _POLISH_FORMS or not _POLISH_LETTERS.isdisjoint(w) for w in words)
    return polish, sum(w in _ENGLISH_WORDS for w in words)


def language_of(text: str) -> Language | None:
    """The language a message shows, or None when it shows none (a bare number, a brand name).

    Words with Polish letters count as Polish evidence, not as proof: "offices in Kraków" is English.
    """
    polish, english = language_evidence(text)
    return None if polish == english == 0 else "pl" if polish > english else "en"


def detect_language(text: str) -> Language:
    """Polish when the text shows more Polish than English (English when it shows neither)."""
    return language_of(text) or "en"


_Key = TypeVar("_Key", Channel, Sector, str)


def _hits(text: str, aliases: dict[_Key, tuple[str, ...]]) -> list[tuple[int, int, _Key]]:
    """Non-overlapping alias hits in folded text as (start, stop, key), in text order; where hits
    overlap ("sklep internetowy" vs "sklep"), the longer one wins."""
    hits = [(start, stop, key) for key, words in aliases.items() for start, stop, _ in stem_hits(text, words)]
    taken: list[tuple[int, int, _Key]] = []
    for start, stop, key in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if all(stop <= s or start >= e for s, e, _ in taken):
            taken.append((start, stop, key))
    return sorted(taken)


def _spans(text: str, aliases: dict[_Key, tuple[str, ...]]) -> list[tuple[int, _Key]]:
    return [(start, key) for start, _, key in _hits(text, aliases)]


PARTNER_ALIASES: dict[str, tuple[str, ...]] = {k: tuple(w.aliases) for k, w in _VOCAB.partners.items()}
_ON_PLATFORM = re.compile(r"^\w*\s+(?:na|on|w|via|przez)\s+$")
_LISTED = re.compile(r"^\w*[\s,]+(?:(?:i|and|or|lub|oraz|&)\s+)?[a-z ]{0,20}$")  # the next item of the same list
_WORDS_NEAR = (
    4  # how many words before an outlet word may say it is a customer's ("deliver to about 1,200 restaurants")
)


def channel_hits(folded: str) -> list[tuple[int, int, Channel]]:
    """(start, stop, channel) of every channel the firm names as its own in folded text.

    A partner's name is no channel of the firm ("600 tied agents", "sieć dealerów"); a shop on a
    platform is the platform ("sklepie na Shopify"); a customer's outlet is none ("we deliver to
    1,200 restaurants", "sklepy, które zaopatrujemy")."""
    hits = _hits(folded, CHANNEL_ALIASES)
    partners = [(a, b) for a, b, _ in _hits(folded, PARTNER_ALIASES)]
    own, served_until = [], -1
    for i, (start, stop, channel) in enumerate(hits):
        if any(a <= start and stop <= b for a, b in partners):
            continue
        if channel is Channel.stores:
            if _on_platform(folded, stop, hits[i + 1 : i + 2]):
                continue
            if _served(folded, start, stop) or (served_until >= 0 and _LISTED.match(folded[served_until:start])):
                served_until = stop
                continue
        own.append((start, stop, channel))
    return own


def _on_platform(folded: str, stop: int, following: list[tuple[int, int, Channel]]) -> bool:
    """Whether an outlet word is followed by a platform it stands on ("sklep na Shopify", "shop on Etsy")."""
    return any(
        c in (Channel.ecommerce, Channel.marketplace) and _ON_PLATFORM.match(folded[stop:a]) for a, _, c in following
    )


def _served(folded: str, start: int, stop: int) -> bool:
    """Whether the words around an outlet word make it a customer's outlet, not the firm's own."""
    clause_start = max(folded.rfind(mark, 0, start) for mark in ";!?\n")
    before = " ".join([w for w in folded[clause_start + 1 : start].split() if re.search(r"\w", w)][-_WORDS_NEAR:])
    after = " ".join(re.sub(r"[^\w\s]", " ", folded[stop : stop + 40]).split()[1:4])
    return has_stem(before, tuple(_VOCAB.served)) or has_stem(after, tuple(_VOCAB.served_after))


_WORD_REST = re.compile(r"[a-z0-9]*")
MARKET_ALIASES: dict[str, tuple[str, ...]] = {k: tuple(w.aliases) for k, w in _VOCAB.markets.items()}


def without_names(folded: str) -> str:
    """Folded text with every channel, partner, market and sector name blanked out (what else it says)."""
    padded = f" {folded} "
    tables: tuple[dict[Any, tuple[str, ...]], ...] = (CHANNEL_ALIASES, PARTNER_ALIASES, MARKET_ALIASES, SECTOR_ALIASES)
    for table in tables:
        for a, b, _ in _hits(padded, table):
            b += len(_WORD_REST.match(padded, b).group(0))  # type: ignore[union-attr]  # to the word's end
            padded = padded[:a] + " " * (b - a) + padded[b:]
    return padded


def channel_spans(folded: str) -> list[tuple[int, Channel]]:
    """(position, channel) of every channel the firm names as its own in folded text (`channel_hits`)."""
    return [(start, channel) for start, _, channel in channel_hits(folded)]


def match_channels(text: str) -> list[Channel]:
    """Every known channel the text names, in the order they are first mentioned."""
    return list(dict.fromkeys(key for _, key in channel_spans(fold(text))))


@lru_cache(maxsize=1)
def _channel_names() -> dict[str, Channel]:
    """Each channel's own names, folded (its key, with spaces, its English and Polish labels): the first channel
    that has a name keeps it."""
    names: dict[str, Channel] = {}
    for channel in Channel:
        labels = CHANNEL_LABELS[channel]
        for name in (channel.value, channel.value.replace("_", " "), labels["en"], labels["pl"]):
            names.setdefault(fold(name), channel)
    return names


@lru_cache(maxsize=4096)  # a batch's channel cells repeat the same few entries
def match_channel(item: str) -> Channel | None:
    """The one channel a short item (a list entry, a CSV cell part) names, if any: where it names
    several, the longest name stands for the item ("B2B web ordering portal" is a portal)."""
    folded = fold(item)
    if folded in _channel_names():
        return _channel_names()[folded]
    hits = channel_hits(f"{folded},")  # the entry ends a word: "insta" meets the stem "insta," (not "instalacje")
    return max(hits, key=lambda h: h[1] - h[0])[2] if hits else None  # its longest name: "B2B ordering portal"


def match_sector(industry: str) -> Sector:
    """The sector a free-text industry names first; `other` when nothing is recognised."""
    spans = _spans(f" {fold(industry)} ", SECTOR_ALIASES)
    return spans[0][1] if spans else Sector.other


MARKET_CODES: dict[str, str] = {code: key for key, w in _VOCAB.markets.items() for code in w.codes}
_CODE = re.compile(r"(?<![\w-])([A-Z]{2,4})(?![\w-])")
_BEFORE_MARKET = re.compile(r"(?:\bin|\bw|\bdo|\binto|\bto|\bexport\w*|\beksport\w*)\s*$", re.I)


def read_markets(text: str) -> list[str]:
    """The markets a text names, by key ("PL", "DACH", "baltics"), in the order first named.

    Codes count only in capitals, and a lone code only after "in"/"w"/"do": "IT" alone is a department.
    """
    folded = fold(text)
    hits = [(at, key) for key, w in _VOCAB.markets.items() for at, _, _ in stem_hits(folded, w.aliases)]
    codes = [(m.start(), MARKET_CODES[m.group(1)]) for m in _CODE.finditer(text) if m.group(1) in MARKET_CODES]
    if len(codes) == 1 and not hits and not _BEFORE_MARKET.search(text[: codes[0][0]]):
        codes = []
    return list(dict.fromkeys(key for _, key in sorted(hits + codes)))


def read_partners(text: str) -> list[str]:
    """The kinds of partner a text names ("agents", "designers"), in the order first named."""
    folded = fold(text)
    hits = [(at, key) for key, w in _VOCAB.partners.items() for at, _, _ in stem_hits(folded, w.aliases)]
    return list(dict.fromkeys(key for _, key in sorted(hits)))


def is_market(item: str) -> bool:
    """Whether a short entry of a channel list is a market ("DE", "Niemcy", "Baltics"), not a channel."""
    item = item.strip()
    return item in MARKET_CODES or (not re.search(r"\d", item) and bool(read_markets(f"in {item}")))
