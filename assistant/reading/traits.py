"""Company traits: what the whole profile says about the company (size band, goods or services,
physical outlets, B2B, regulation, units, practices in place), for rules that must fit it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..profile import CompanyProfile
from ..words.text import fold, has_stem
from ..words.vocab import SERVICE_SECTORS, Channel, Sector

SIZE_BANDS = ((10, "micro"), (50, "small"), (250, "medium"), (10_000, "large"))
_REGULATED = {
    Sector.banking,
    Sector.insurance,
    Sector.pharmacy,
    Sector.healthcare,
    Sector.energy,
    Sector.telecom,
    Sector.public_sector,
}
_SERVICE_WORDS = (
    "studio",
    "salon fryzjer",
    "fryzjer",
    "barber",
    "uslug",
    "service provider",
    "services",
    "consult",
    "doradz",
    "agencj",
    "agency",
    "kancelari",
    "law firm",
    "biuro rachunk",
    "accounting",
    "tatuaz",
    "tattoo",
    "silowni",
    "gym",
    "fitness club",
    "klub fitness",
    "szkol",
    "school",
    "kurs",
    "course",
    "gabinet",
    "hotel",
    "pensjonat",
    "naprawa",
    "serwis",
    "repair",
    "cleaning",
    "sprzatan",
    "spa",
    "najem",
    "rental",
    "wypozycz",
    "leasing",
    "przedszkol",
    "hosting",
    "platform",
    "subscription",
    "subskrypc",
    "abonament",
    "przychodni",
    "clinic",
    "weteryn",
    "vet",
    "groom",
    "parcel",
    "paczk",
    "logist",
    "courier",
    "kurier",
    "przesyl",
    "club",
    "klub",
    "physio",
    "fizjo",
    "dentist",
    "dental",
    "stomatolog",
    "beauty salon",
    "salon kosmet",
    "barber",
    "insurance",
    "bank",
)
_GOODS_WORDS = (
    "shop",
    "store",
    "sklep",
    "retail",
    "sprzedaz",
    "e-commerce",
    "ecommerce",
    "producent",
    "manufactur",
    "wholesale",
    "hurtown",
    "brand",
    "marka",
)
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


def size_band(employees: int) -> str:
    """Statutory size band (micro < 10, small < 50, medium < 250), then large and enterprise (10,000+)."""
    return next((name for limit, name in SIZE_BANDS if employees < limit), "enterprise")


def offer_of(sector: Sector, industry: str) -> str:
    """goods or services: a service named in the industry ("gym chain", "salon fryzjerski") wins over the sector."""
    folded = fold(industry)
    if sector in SERVICE_SECTORS or (has_stem(folded, _SERVICE_WORDS) and not has_stem(folded, _GOODS_WORDS)):
        return "services"
    return "goods"


def read_traits(profile: CompanyProfile) -> Traits:
    """The company's traits from its whole profile."""
    text = fold(f"{profile.industry}. {profile.challenge}")
    units = [(int(m.group(1)) if m.group(1) else 0, m.group(0)) for m in _UNITS.finditer(text)]
    return Traits(
        size=size_band(profile.employees),
        offer=offer_of(profile.sector, profile.industry),
        physical=Channel.stores in profile.channels,
        b2b=Channel.b2b_sales in profile.channels or profile.sector is Sector.b2b_wholesale,
        regulated=profile.sector in _REGULATED,
        units=max((n for n, _ in units), default=0),
        unit_words=tuple(dict.fromkeys(w for _, w in units)),
        in_place=frozenset(profile.in_place),
    )
