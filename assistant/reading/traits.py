"""Company traits: what the whole profile says about the company (size band, goods or services,
physical outlets, B2B, regulation, units, practices in place), for rules that must fit it.

The bands, regulated sectors and service words are knowledge data (`company.yaml`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..knowledge import Knowledge, load_knowledge
from ..profile import CompanyProfile
from ..words.text import fold, has_stem
from ..words.vocab import SERVICE_SECTORS, Channel, Sector

_UNITS = re.compile(
    r"(?:(\d+)\s+)?(?:region\w*|brand\w*|marek|marki|mark\b|kraj\w*|countr\w*|franczyz\w*|franchis\w*|"
    r"business units?|jednost\w* biznesow\w*|spol\w* zalezn\w*|subsidiar\w*|dywizj\w*|division\w*|"
    r"sieci handlow\w*|banner\w*)"
)


@dataclass(frozen=True)
class Traits:
    """What the whole profile says about the company, for rules that must fit it."""

    size: str
    offer: str
    physical: bool
    b2b: bool
    regulated: bool
    units: int
    unit_words: tuple[str, ...] = ()
    in_place: frozenset[str] = field(default_factory=frozenset)

    @property
    def services(self) -> bool:
        return self.offer == "services"

    @property
    def micro(self) -> bool:
        return self.size == "micro"


def size_band(employees: int, kb: Knowledge | None = None) -> str:
    """Size band of a head count (micro < 10, small < 50, medium < 250, then large and enterprise; `company.yaml`)."""
    return (kb or load_knowledge()).company.size_band(employees)


def offer_of(sector: Sector, industry: str, kb: Knowledge | None = None) -> str:
    """goods or services: a service named in the industry ("gym chain", "salon fryzjerski") wins over the sector."""
    rules = (kb or load_knowledge()).company
    folded = fold(industry)
    named = has_stem(folded, tuple(rules.service_words)) and not has_stem(folded, tuple(rules.goods_words))
    return "services" if sector in SERVICE_SECTORS or named else "goods"


def read_traits(profile: CompanyProfile, kb: Knowledge | None = None) -> Traits:
    """The company's traits from its whole profile (default: the shipped knowledge's rules)."""
    kb = kb or load_knowledge()
    text = fold(f"{profile.industry}. {profile.challenge}")
    units = [(int(m.group(1)) if m.group(1) else 0, m.group(0)) for m in _UNITS.finditer(text)]
    return Traits(
        size=size_band(profile.employees, kb),
        offer=offer_of(profile.sector, profile.industry, kb),
        physical=Channel.stores in profile.channels,
        b2b=Channel.b2b_sales in profile.channels or profile.sector is Sector.b2b_wholesale,
        regulated=profile.sector in kb.company.regulated,
        units=max((n for n, _ in units), default=0),
        unit_words=tuple(dict.fromkeys(w for _, w in units)),
        in_place=frozenset(profile.in_place),
    )
