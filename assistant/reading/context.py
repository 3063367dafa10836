"""What the offline rules know about one company while planning: its reading, traits and facts.

`Context` joins the reader's findings (which challenges the text states, in whose words) and
traits (size band, goods or services, physical outlets, units, practices in place) with the
company's *facts*: the names the plan's sentences use for its channels, departments, systems,
outlets and customer journeys. Knowledge-base templates are filled with these facts, so every
plan speaks of this company and no other, in correct Polish or English.
"""

from __future__ import annotations

import re
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from ..diagnosis import Diagnosis
from ..knowledge import ChallengeSpec, Knowledge, SectorNames, When
from ..knowledge.practice import Country, SectorRisk
from ..plans import Decision
from ..profile import CompanyProfile
from ..terms import Language
from ..words.inflect import inflect
from ..words.once import LISTS, Mentions
from ..words.phrasebook import Phrasebook, Text
from ..words.text import clean_phrase, whole_clause
from ..words.vocab import CHANNEL_LABELS, Channel
from ..words.wording import fill, fill_map, listing
from .challenges import Finding
from .traits import Traits

say = Phrasebook(Path(__file__).with_name("phrases.yaml"))

# The order in which a customer typically meets the channels, for journeys: discovery first.
_JOURNEY_ORDER = (
    Channel.social_media,
    Channel.marketplace,
    Channel.ecommerce,
    Channel.mobile_app,
    Channel.call_centre,
    Channel.b2b_sales,
    Channel.stores,
)
_QUOTES = re.compile(r"[\"„”“»«]")  # quotes inside a quote would nest
_CONTACT = (Channel.call_centre, Channel.social_media, Channel.ecommerce, Channel.mobile_app, Channel.marketplace)


# Which grammatical form of a sector's outlet word each template field takes.
_OUTLET_FORMS: dict[str, dict[str, str]] = {
    "pl": dict(
        outlets="nom", outlets_nom="nom", outlet="one", outlets_gen="gen", outlets_loc="loc", outlet_loc1="loc1"
    ),
    "en": dict(
        outlets="many", outlets_nom="many", outlet="one", outlets_gen="many", outlets_loc="many", outlet_loc1="one"
    ),
}


@lru_cache(maxsize=16)
def _bodies(steering: bool, top: str, lang: Language) -> dict[str, str]:
    """Who decides and reviews; `governing_acc` is the body after "przez" ("przez dyrektora zarządzającego")."""
    governing = say("governing_steering" if steering else f"governing_{top}", lang)
    return {
        "governing": governing,
        "governing_acc": inflect(governing, "acc") if lang == "pl" else governing,
        "top_body": say(f"governing_{top}", lang),
        "review": say("review_steering" if steering else "review_monthly", lang),
    }


@dataclass
class Context:
    """One company's reading, traits and facts, and the rationale trail of the plan being made."""

    profile: CompanyProfile
    kb: Knowledge
    findings: list[Finding]
    traits: Traits
    trail: list[Decision] = field(default_factory=list)
    steering: bool = False  # whether the plan has a steering committee (decided with the operating model)
    diagnosis: Diagnosis = field(default_factory=Diagnosis)  # what breaks, for the brief and the process actions
    mentions: Mentions = field(default_factory=Mentions)  # the lists a section has said in full
    business: frozenset[str] = frozenset()  # the business model's traits that hold: b2b, b2c, made_to_order, regulated
    country: Country = Country("", named=False)  # the company's country in the salary table, named or assumed
    sector_risks: list[SectorRisk] = field(
        default_factory=list
    )  # what its sector and structure bring, most specific first
    closed: str | None = None  # why the first quarter hires nobody: "words" (the client's), "risks" (the sector's)
    _with_bodies: dict[bool, dict[str, object]] = field(default_factory=dict, repr=False)

    @property
    def lang(self) -> Language:
        return self.profile.language

    @property
    def n(self) -> int:
        return self.profile.employees

    @property
    def challenges(self) -> list[ChallengeSpec]:
        """The challenges stated, strongest first; the method's general start when none is."""
        return [f.spec for f in self.findings] or [self.kb.challenge("none")]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.challenges]

    @property
    def primary(self) -> ChallengeSpec:
        return self.challenges[0]

    @property
    def channel_count(self) -> int:
        return self.profile.all_channel_count

    def name_of(self, spec: ChallengeSpec) -> str:
        """A challenge's name, to use mid-sentence."""
        name = spec.name(self.lang)
        return name[:1].lower() + name[1:]

    def stated_problem(self) -> str:
        """The one problem every "the stated problem (...)" of the plan names: the strongest stated, the one the
        brief's diagnosis leads with (a second one it names apart)."""
        return self.name_of(self.primary)

    def challenge_name(self) -> str:
        """The stated challenges (at most two), as a phrase to use mid-sentence."""
        return listing([self.name_of(c) for c in self.challenges[:2]], self.lang)

    @property
    def sector_outlets(self) -> bool:
        """Whether the sector has its own word for its physical points (branches, pharmacies, clinics)."""
        return self.profile.sector.value in self.kb.outlets

    def sector_names(self, channel: Channel) -> SectorNames | None:
        """The channel's own names in this company's sector (a bank's online banking), where it has them."""
        return self.kb.channel(channel).names_in(self.profile.sector)

    def channel_label(self, channel: Channel) -> str:
        """A channel's name in this company: its physical points by the sector's own word, any other channel by
        the sector's name for it."""
        if channel is Channel.stores and self.sector_outlets:
            return str(self.facts["outlets"])
        named = self.sector_names(channel)
        return named.label(self.lang) if named else CHANNEL_LABELS[channel][self.lang]

    def manager_title(self, channel: Channel) -> str:
        """The title of a channel's manager in this company."""
        if channel is Channel.stores and self.sector_outlets:
            return say("outlet_manager_title", self.lang, **self.facts)
        named = self.sector_names(channel)
        return (named or self.kb.channel(channel)).manager_title(self.lang)

    def quote(self, spec: ChallengeSpec) -> str | None:
        """The user's own words for a challenge, if the text stated it: its clause, or its sentence when the clause is short."""
        finding = next((f for f in self.findings if f.spec is spec and f.words), None)
        if finding is None:
            return None
        words = (
            finding.words[0] if len(finding.words[0].split()) >= 4 or not finding.sentences else finding.sentences[0]
        )
        return whole_clause(clean_phrase(_QUOTES.sub("", words)))

    def channel_names(self) -> str:
        names = [self.channel_label(c) for c in self.profile.channels]
        return listing(names + [clean_phrase(o) for o in self.profile.other_channels], self.lang)

    def decide(self, topic: str, rule: str, decision: str, because: str) -> None:
        self.trail.append(Decision(topic=topic, rule=rule, decision=decision, because=because))

    def fits(self, when: When) -> bool:
        """Whether a piece of advice applies to this company, its business model included."""
        return when.holds(
            self.traits.offer,
            set(self.profile.channels),
            self.n,
            set(self.traits.in_place),
            self.business,
            self.country.key,
        )

    def say(self, key: str, **facts: object) -> str:
        """A planner phrase in the plan's language, filled with the company's facts and these; a list the
        section has already said in full is said short (`section`)."""
        return self._fill(say.texts[key](self.lang), facts)

    def text(self, template: Text, **facts: object) -> str:
        """A knowledge-base text in the plan's language, filled with the company's facts (lists said once)."""
        return self._fill(template(self.lang), facts)

    def _fill(self, template: str, facts: dict[str, object]) -> str:
        if not facts.keys() & set(LISTS):
            template = self.mentions.apply(template, self.lang)
        return fill_map(template, self.lang, self.known(facts))

    def section(self) -> None:
        """A new section of the plan starts: its first sentence that names a list says it in full."""
        self.mentions.section()

    def known(self, facts: Mapping[str, object] | None = None) -> Mapping[str, object]:
        """The company's facts, who decides and reviews (known once the model is chosen), and these."""
        known = self._with_bodies.get(self.steering)
        if known is None:
            known = self._with_bodies[self.steering] = {**self.facts, **_bodies(self.steering, self.top, self.lang)}
        return ChainMap(dict(facts), known) if facts else known

    # -- the company's facts, for templates ----------------------------------------------------

    @cached_property
    def facts(self) -> dict[str, object]:
        lang, channels = self.lang, self.profile.channels
        outlets = (
            self.kb.outlets.get(self.profile.sector.value)
            or self.kb.outlets["services" if self.traits.services else "default"]
        )
        words: dict[str, str] = dict((outlets.pl if lang == "pl" else outlets.en).items())
        facts: dict[str, object] = {key: words[form] for key, form in _OUTLET_FORMS[lang].items()}
        self.__dict__["facts"] = facts  # channel_names() below reads the outlets
        facts.update(n=self.n, industry=clean_phrase(self.profile.industry), channels=self.channel_names())
        facts["departments"] = self._departments(facts)
        facts["systems"] = listing(self._systems(), lang)
        contact = [self.channel_label(c) for c in _CONTACT if c in channels]
        facts["contact_channels"] = listing(contact, lang) if contact else say("staff_contacts", lang)
        facts["front_line"] = (
            facts["outlets"]
            if self.traits.physical
            else say("front_line_service", lang)
            if Channel.call_centre in channels
            else say("front_line_staff", lang)
        )
        facts["shadow_example"] = say(
            "shadow_physical" if self.traits.physical and len(channels) > 1 else "shadow_service", lang, **facts
        )
        facts.update(self._journey(facts))
        return facts

    @property
    def top(self) -> str:
        """Who the team answers to: the owner, the managing director or the board."""
        return "owner" if self.traits.micro else "director" if self.traits.size == "small" else "board"

    def _departments(self, facts: dict[str, object]) -> str:
        lang = self.lang
        if self.traits.micro:
            return say("dept_whole_team", lang)
        names = [say("dept_marketing", lang)]
        for channel in self.profile.channels:
            named = self.sector_names(channel)
            names.append(
                str(facts["outlets"])
                if channel is Channel.stores
                else named.department(lang)
                if named
                else say(f"dept_{channel.value}", lang)
            )
        if self.channel_count >= 3 or any(c.data for c in self.challenges):
            names.append(say("dept_it", lang))
        return listing(list(dict.fromkeys(names)), lang)

    def _systems(self) -> list[str]:
        lang, channels = self.lang, self.profile.channels
        kind = "_services" if self.traits.services else ""
        systems = [say("sys_crm", lang)] + [self._system(c, kind) for c in channels if f"sys_{c.value}" in say]
        if not self.traits.services and not self.traits.micro and {Channel.stores, Channel.ecommerce} & set(channels):
            systems.append(say("sys_erp", lang))
        return list(dict.fromkeys(systems))

    def _system(self, channel: Channel, kind: str) -> str:
        """A channel's system: the sector's name for it, the services' one, or the channel's."""
        named = self.sector_names(channel)
        if named:
            return named.system(self.lang)
        key = f"sys_{channel.value}{kind}"
        return say(key if key in say else f"sys_{channel.value}", self.lang)

    def _journey(self, facts: dict[str, object]) -> dict[str, str]:
        """A typical customer path through this company's own channels, and its first and last channel."""
        lang = self.lang
        ordered = [c for c in _JOURNEY_ORDER if c in self.profile.channels]
        if not ordered:
            return {
                "journey": say("journey_unknown", lang),
                "first_channel": str(facts["channels"]),
                "last_channel": str(facts["channels"]),
            }
        close = Channel.stores if self.traits.physical else ordered[-1]
        touches = [c for c in ordered if c is not close][:2]
        spec = self.kb.channel
        steps = [fill(spec(c).touch(lang), lang, **facts) for c in touches]
        closing = spec(close).book if self.traits.services else spec(close).buy
        steps.append(fill(closing(lang), lang, **facts))
        if not touches:
            steps.insert(0, say("journey_came_back", lang))
        first = touches[0] if touches else close
        return {
            "journey": listing(steps, lang),
            "first_channel": self.channel_label(first),
            "last_channel": self.channel_label(close),
        }
