"""Advice that fits the business: the company's business model and the risks its sector brings.

Quick wins, pilots and actions carry when-rules (goods or services, physical or online-only,
B2B or B2C, made to order, regulated), so no bank is told to retarget, no furniture maker who
builds to order is sold click & collect and no brand without stores pilots in two of them. The
sector risks (health data, works councils, financial supervision, public procurement,
franchisees, country organisations) come from `practice/sector_risks.yaml`, most specific first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..diagnosis import Diagnosis
from ..knowledge.practice import KpiFit, Match, Practice, SectorRisk
from ..profile import CompanyProfile
from ..reading import Traits
from ..terms import Language
from ..words.text import fold
from ..words.vocab import Sector
from ..words.wording import fill_map, listing
from .staffing import company_words


@dataclass(frozen=True)
class BusinessModel:
    """How the company makes its money, as the when-rules of advice read it."""

    offer: str  # goods | services
    physical: bool
    b2b: bool
    b2c: bool
    made_to_order: bool
    regulated: bool
    minors: bool = False

    def traits(self) -> frozenset[str]:
        """The traits that hold, as advice's when-rules name them."""
        flags = {
            "b2b": self.b2b,
            "b2c": self.b2c,
            "made_to_order": self.made_to_order,
            "regulated": self.regulated,
            "minors": self.minors,
        }
        return frozenset(name for name, holds in flags.items() if holds)


def _any(folded: str, stems: list[str]) -> bool:
    """Whether any stem starts a word of the folded text (" stem")."""
    return bool(stems) and _starts(tuple(stems)).search(folded) is not None


@lru_cache(maxsize=256)
def _starts(stems: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f" {re.escape(stem)}" for stem in stems))


def business_model(profile: CompanyProfile, traits: Traits, practice: Practice) -> BusinessModel:
    """The business model read from the profile: its traits, sector, channels and words."""
    rules = practice.business_models
    industry = f" {fold(profile.industry)}"
    b2b_industry = profile.sector is Sector.b2b_wholesale or _any(industry, rules.b2b_words)
    folded = _folded(profile)
    return BusinessModel(
        offer=traits.offer,
        physical=traits.physical,
        b2b=traits.b2b or b2b_industry or _any(folded, rules.b2b_words),
        b2c=bool(set(profile.channels) & set(rules.consumer_channels)) and not b2b_industry,
        made_to_order=_any(folded, rules.made_to_order_words),
        regulated=traits.regulated or profile.sector in rules.regulated_sectors or _any(folded, rules.regulated_words),
        minors=profile.sector is Sector.education or _any(folded, rules.minors_words),
    )


def _folded(profile: CompanyProfile) -> str:
    """The profile's own words, folded, each word start findable as " stem" and a whole word as " word "."""
    return f" {fold(profile.industry)} {fold(profile.challenge)} {fold(' '.join(profile.other_channels))} "


def _matches(match: Match, profile: CompanyProfile, diagnosis: Diagnosis, folded: str, country: str) -> bool:
    """The sector, a word, a partner kind or enough markets (any one, when any is given), and the rest: the size,
    a channel, the process, the country, no word that rules it out."""
    process = diagnosis.process.key if diagnosis.process else None
    alternatives = [
        *([profile.sector in match.sectors] if match.sectors else []),
        *([_any(folded if match.anywhere else f" {fold(profile.industry)} ", match.words)] if match.words else []),
        *([bool(set(match.partners) & {fold(p) for p in diagnosis.partners})] if match.partners else []),
        *([len(diagnosis.markets) >= match.min_markets] if match.min_markets else []),
    ]
    return (
        (not alternatives or any(alternatives))
        and profile.employees >= match.min_employees
        and (not match.channels_any or bool(set(profile.channels) & set(match.channels_any)))
        and (not match.processes or process in match.processes)
        and (not match.countries or country in match.countries)
        and not _any(f" {fold(profile.industry)}", match.unless)
    )


def sector_risks(profile: CompanyProfile, diagnosis: Diagnosis, practice: Practice, country: str) -> list[SectorRisk]:
    """The risks the sector and the structure bring to a company in `country` (its key in the salary table), in the
    data's order (most specific first); a country's own rule stands for the general one it replaces."""
    folded = _folded(profile)
    found = [r for r in practice.sector_risks if _matches(r.when, profile, diagnosis, folded, country)]
    replaced = {key for r in found for key in r.replaces}
    return [r for r in found if r.key not in replaced]


def risk_words(risk: SectorRisk, profile: CompanyProfile, lang: Language) -> tuple[str, str]:
    """A sector risk and its mitigation as this company reads them: its `{named}` is what the client names of the
    risk's words, as written ("Allegro and Etsy"), else the risk's generic noun ("the marketplaces")."""
    named = listing(named_in(risk.when.words, company_words(profile)), lang)
    facts = {"named": named or (risk.unnamed(lang) if risk.unnamed else "")}
    return fill_map(risk.risk(lang), lang, facts), fill_map(risk.mitigation(lang), lang, facts)


def named_in(words: list[str], text: str) -> list[str]:
    """The words that stand in the text as whole words, as the text writes them (a capital first where it wrote
    none: "allegro" is "Allegro"), in the order the text names them."""
    found = sorted(
        (m.start(), m.group(0)) for w in words if (m := re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.I))
    )
    return [name if name != name.lower() else name[:1].upper() + name[1:] for _, name in found]


def hiring_closed(
    profile: CompanyProfile, diagnosis: Diagnosis, practice: Practice, risks: list[SectorRisk]
) -> str | None:
    """Why the first quarter hires nobody, whatever the size: "words" where the client rules it out (a hiring
    freeze, no budget for new people, a constraint clause that names hiring), "risks" where one of the sector's
    `risks` does (public procurement); else None."""
    rules = practice.staffing.no_hiring
    if _any(f" {fold(profile.challenge)}", rules.words) or any(
        _any(f" {fold(c)}", rules.hiring) for c in diagnosis.constraints
    ):
        return "words"
    if any(r.key in rules.risks for r in risks):
        return "risks"
    return None


def kpi_fits(fit: KpiFit | None, traits: frozenset[str], channels: set[str]) -> bool:
    """Whether one of the method's KPIs belongs in this company's plan (see `kpi_fit` in business_models.yaml);
    a KPI the data sets no rule for fits any company."""
    if fit is None:
        return True
    return (
        set(fit.needs) <= traits
        and not set(fit.not_for) & traits
        and (not fit.channels_any or bool(set(fit.channels_any) & channels))
    )
