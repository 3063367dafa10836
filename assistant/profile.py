"""`CompanyProfile`: the validated description of a company that every front door builds.

Validation turns messy human input into clean values ("1 000+", "50-200", "ok. 300",
"sklepy stacjonarne, e-commerce") and rejects nonsense with a message that names the
field, the value and what is allowed.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from .errors import InputError, plain_problems
from .limits import get_limits
from .sanitize import strip_invisible
from .terms import Language, TeamLevel
from .words.headcount import MAX_EMPLOYEES, parse_employees
from .words.inflect import in_dictionary
from .words.text import clean_phrase, fold, in_place, stem_hits
from .words.vocab import (
    ALL_CHANNELS,
    ALL_CHANNELS_WORDS,
    BRANDS,
    CHANNEL_LABELS,
    FUNCTION_WORDS,
    Channel,
    Sector,
    detect_language,
    language_of,
    match_channel,
    match_sector,
)
from .words.wordlike import reads_as_words

CHALLENGE_MAX_CHARS = 1000
TEXT_MAX_CHARS = 200
IN_WORDS = {"industry": "fashion retail", "challenge": "stores and e-commerce compete for the same customers"}


_PRACTICE = re.compile(r"click\s*(?:&|and|n|'n'|\+)\s*collect", re.I)  # a practice of two channels, not a channel


_STRONG = re.compile(r"[,;|/\n+]")  # what always separates two entries of a channel list
_WEAK = re.compile(r"&|\band\b|\boraz\b|\bi\b")  # what joins two channels, or two words of one ("cash & carry")
_ASIDE = re.compile(r"\([^)]*\)")  # "Amazon (DE, FR)": the markets in brackets are not channels


def _parts(piece: str) -> list[str]:
    """One entry of a channel list as the channels it joins ("sklep i Allegro" is two), or whole when a
    joined part names no channel ("webshop for lenses and frames" is one webshop)."""
    parts = [p for p in _WEAK.split(piece) if p.strip()]
    return parts if len(parts) > 1 and all(match_channel(p) for p in parts) else [piece]


def parse_channels(value: Any) -> tuple[list[Channel], list[str]]:
    """Split a channel list or cell ("stores; e-commerce | app") into known and other channels."""
    if isinstance(value, str):
        items = [part for piece in _STRONG.split(_ASIDE.sub(" ", _PRACTICE.sub(",", value))) for part in _parts(piece)]
    else:
        items = list(value or [])
    known: list[Channel] = []
    other: list[str] = []
    for raw in items:
        item = clean_phrase(str(raw.value if isinstance(raw, Enum) else raw))
        if not item:
            continue
        if fold(item) in ("all", "wszystkie", "everything", "wszystko") or stem_hits(fold(item), ALL_CHANNELS_WORDS):
            known += [c for c in ALL_CHANNELS if c not in known]  # "all channels" / "omnichannel": every channel
            continue
        channel = match_channel(item)
        if channel is None:
            other.append(item[:TEXT_MAX_CHARS])
        elif channel not in known:
            known.append(channel)
    return known, other


def _as_written(value: Any) -> str | None:
    """A channel list or cell as text, in the client's words ("branches, call center")."""
    items = [value] if isinstance(value, str) else [getattr(v, "value", v) for v in value or []]
    return ", ".join(str(item) for item in items)[:CHALLENGE_MAX_CHARS] or None


def _dictionary_language(text: str) -> Language | None:
    """Polish when most of the text's words are in the Polish dictionary ("moda", "silosy"), English
    when most are not ("fashion retail"); None when it has no word but acronyms ("ROI")."""
    words = [w for w in re.findall(r"[^\W\d_]{3,}", text) if fold(w) not in FUNCTION_WORDS and not w.isupper()]
    polish = sum(map(in_dictionary, words))
    return None if not words else "pl" if 2 * polish > len(words) else "en"


_BRAND = re.compile(
    r"\b(?:"
    + "|".join(sorted({re.escape(b.strip(" ,.")) for names in BRANDS.values() for b in names}, key=len)[::-1])
    + r")\b"
)


def _without_brands(channels: str) -> str:
    """A channel list without its platform brands ("TikTok Shop" says nothing of the client's language)."""
    return _BRAND.sub(" ", fold(channels))


def guess_language(data: dict[str, Any]) -> Language:
    """The plan's language when none is asked for, read from the client's own sentences first: the
    challenge's function words, then the industry's and goal's, then whether their words are in the
    Polish dictionary; only then the channel names without brands; else English. `omniteam plan` and
    `omniteam batch` (rows without --lang or a language cell) both use it."""
    own = ". ".join(str(data.get(k) or "") for k in ("industry", "challenge", "quarterly_goal"))
    channels = data.get("channels") or ""
    channels = channels if isinstance(channels, str) else ", ".join(map(str, channels))
    return (
        language_of(str(data.get("challenge") or ""))
        or language_of(own)
        or _dictionary_language(own)
        or detect_language(_without_brands(channels))
    )


class CompanyProfile(BaseModel):
    """What omniteam needs to know about a company to plan its omnichannel team."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    company: str | None = Field(None, max_length=TEXT_MAX_CHARS, description="Company name, if given.")
    employees: int = Field(..., ge=1, le=MAX_EMPLOYEES, description="Number of employees.")
    industry: str = Field(..., min_length=2, max_length=TEXT_MAX_CHARS, description="Industry in the user's words.")
    sector: Sector = Field(Sector.other, description="Normalised sector, derived from the industry when not given.")
    channels: list[Channel] = Field(default_factory=list, description="Known sales and service channels.")
    other_channels: list[str] = Field(default_factory=list, description="Channels outside the known set.")
    channel_words: str | None = Field(
        None, max_length=CHALLENGE_MAX_CHARS, description="The channels as the client wrote them (a spelling hint)."
    )
    challenge: str = Field(
        ...,
        min_length=3,
        max_length=CHALLENGE_MAX_CHARS,
        description="The biggest cross-department collaboration challenge.",
    )
    language: Language = Field(
        "en", description="Language of the plan: pl or en; by default the profile's own language."
    )
    team_size: int | None = Field(None, ge=1, le=10_000, description="Size of the team the skills plan develops.")
    team_level: TeamLevel | None = Field(None, description="Experience of that team: junior, mixed or senior.")
    quarterly_goal: str | None = Field(None, max_length=CHALLENGE_MAX_CHARS, description="The quarter's goal.")
    in_place: list[str] = Field(
        default_factory=list,
        description="Practices the company already runs, read from its own words (e.g. click_and_collect).",
    )

    @field_validator("industry", "challenge")
    @classmethod
    def _in_words(cls, value: str, info: ValidationInfo) -> str:
        if not any(character.isalpha() for character in value):
            raise ValueError(f"write it in words, e.g. {IN_WORDS[str(info.field_name)]!r}")
        return value

    @field_validator("employees", mode="before")
    @classmethod
    def _employees(cls, value: Any) -> int:
        return parse_employees(value)

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, value: Any) -> str:
        folded = fold(str(value or "en"))
        return {"polski": "pl", "polish": "pl", "english": "en", "angielski": "en"}.get(folded, folded)

    @field_validator("team_level", mode="before")
    @classmethod
    def _team_level(cls, value: Any) -> Any:
        if value in (None, ""):
            return None
        folded = fold(str(value.value if isinstance(value, Enum) else value))
        for level, stems in {
            "junior": ("jun", "pocz", "begin", "entry"),
            "senior": ("sen", "exp", "zaaw", "doswiad"),
            "mixed": ("mix", "miesz", "mid", "sred"),
        }.items():
            if folded.startswith(stems):
                return level
        return value

    @field_validator("team_size", mode="before")
    @classmethod
    def _team_size(cls, value: Any) -> int | None:
        return None if value in (None, "") else parse_employees(value)

    @model_validator(mode="before")
    @classmethod
    def _derive(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        words = ". ".join(str(data.get(k) or "") for k in ("industry", "channels", "challenge", "quarterly_goal"))
        if not data.get("language"):
            data["language"] = guess_language(data)
        if "in_place" not in data:
            data["in_place"] = in_place(words)
        if "channels" in data:
            data.setdefault("channel_words", _as_written(data["channels"]))
            known, other = parse_channels(data["channels"])
            data["channels"] = known
            data["other_channels"] = list(dict.fromkeys([*data.get("other_channels", []), *other]))
        if data.get("industry") and data.get("sector") in (None, "", Sector.other, "other"):
            data["sector"] = match_sector(str(data["industry"]))
        for key in ("company", "quarterly_goal"):
            if isinstance(data.get(key), str) and not data[key].strip():
                data[key] = None
        return data

    @model_validator(mode="before")
    @classmethod
    def _visible(cls, data: Any) -> Any:
        """Zero-width and bidi control characters dropped from every text field (runs before
        `_derive`: pydantic runs "before" model validators last-defined first)."""
        return strip_invisible(data)

    @model_validator(mode="after")
    def _has_channel(self) -> CompanyProfile:
        """At least one channel omniteam knows: others are kept beside it, but a plan needs one it can staff."""
        known = ", ".join(CHANNEL_LABELS[channel]["en"] for channel in Channel)
        if not self.other_channels and not self.channels:
            raise ValueError(f"channels: name at least one channel; accepted: {known}")
        if not self.channels:
            named = ", ".join(repr(name) for name in self.other_channels[:3])
            unknown = "is not a channel" if len(self.other_channels) == 1 else "are not channels"
            raise ValueError(f"channels: {named} {unknown} omniteam knows; name at least one of: {known}")
        return self

    @model_validator(mode="after")
    def _channels_in_words(self) -> CompanyProfile:
        """A channel omniteam does not know is kept when it reads as words ("kiosk w galerii"), refused
        when it is a keyboard mash ("asdf"), which the plan would otherwise print as a channel."""
        mashed = [name for name in self.other_channels if not reads_as_words(name)]
        if mashed:
            named = ", ".join(repr(name) for name in mashed)
            one = len(mashed) == 1
            verb = "does not read as a channel name" if one else "do not read as channel names"
            raise ValueError(f"channels: {named} {verb}; remove {'it' if one else 'them'} or name the channel in words")
        return self

    @property
    def all_channel_count(self) -> int:
        """Known plus other channels."""
        return len(self.channels) + len(self.other_channels)


def explain_validation(error: ValidationError) -> str:
    """The problems in one line: field, what is allowed in plain words, the value given."""
    return "; ".join(plain_problems(error))


def build_profile(data: dict[str, Any], *, row: int | None = None, max_channels: int | None = None) -> CompanyProfile:
    """Validate raw input into a profile, or raise one clear `InputError`.

    `max_channels` bounds the channels named (default: the `OMNITEAM_MAX_CHANNELS` limit), so
    a profile cannot inflate a prompt with thousands of them.
    """
    if max_channels is None:
        max_channels = get_limits().max_channels
    try:
        profile = CompanyProfile.model_validate(data)
    except ValidationError as error:
        raise InputError(f"invalid company profile: {explain_validation(error)}", row=row) from None
    if profile.all_channel_count > max_channels:
        raise InputError(
            f"invalid company profile: channels: {profile.all_channel_count} named, over the limit "
            f"of {max_channels} (set OMNITEAM_MAX_CHANNELS to allow more)",
            field="channels",
            row=row,
        )
    return profile
