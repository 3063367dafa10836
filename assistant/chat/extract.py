"""Rules-based reading of chat messages: profile facts and follow-up intents, Polish or English.

A manager writes "we're a fashion chain, about three hundred people, stores + online shop +
Allegro; marketing and stores don't talk to each other" and `extract` returns what it found:
the fields of a `CompanyProfile` it recognised, channels to add or drop, a question to
answer ("why hybrid?"), the plan kind asked for, and the language the message is in.
`missing_fields` then tells the chat what to ask for. An LLM can do better; these rules make
the chat work offline and keep it deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..diagnosis import Diagnosis
from ..knowledge import load_knowledge
from ..llm.draft import ProfileDraft
from ..profile import CHALLENGE_MAX_CHARS, parse_channels
from ..reading.challenges import read_challenges, states_no_problem
from ..reading.channels import read_channels
from ..reading.diagnosis import SURE, diagnose
from ..terms import Language, PlanKind
from ..words.headcount import mask_vague, parse_employees, vague_size, words_to_digits
from ..words.inflect import inflect
from ..words.text import clean_phrase, fold, fold_aligned, sentence_spans, sentence_text, stem_hits
from ..words.vocab import (
    ALL_CHANNELS,
    ALL_CHANNELS_WORDS,
    FUNCTION_WORDS,
    SECTOR_LABELS,
    TRADES,
    Channel,
    Sector,
    channel_spans,
    language_of,
    match_channels,
    match_sector,
    read_markets,
)

REQUIRED_FIELDS = ("employees", "industry", "channels", "challenge")

_NUMBER = r"\d+(?:[ ,.']\d{3})*(?:[.,]\d+)?(?:\s?(?:k|tys\.?|thousand))?"
_APPROX = r"(?:about|around|roughly|approx\.?|approximately|nearly|almost|over|more than|ponad|okolo|ok\.?|prawie|niemal|blisko|~)?"
_PEOPLE = (
    r"(?:employ[e]?e?s+|employees?|emploees|people|persons|staff(?:ers)?|workers|fte|ftes|headcount|members of staff|ppl|"
    r"pple|peeps|folks|heads|crew|osob|osoby|osobach|pracownik\w*|pracownicy|zatrudnion\w*|etat\w*|ludzi|pracujacych|"
    r"mitarbeiter\w*|beschaftigte\w*|zamestnanc\w*|empleados|trabajadores|employes|salaries|dipendenti|"
    r"medewerkers|werknemers|pracovnik\w*)"
)
_NEGATION = re.compile(
    r"(?:\bnot|\bnie|\binstead of|\bzamiast|\brather than|\bno longer|\bjuz nie)\s*(?:ok\.?\s*|about\s*)?$"
)
_TEAM = re.compile(r"\b(?:team|zespol\w*|squad|grupa|grupy|dzial\w*)\b")

_EXPLAIN = re.compile(
    r"\b(?:why|how come|explain|what does|what is|what's|dlaczego|czemu|po co|skad|wyjasnij|"
    r"uzasadnij|co znaczy|co to)\b"
)
# A short one-sentence question ("a ile to będzie kosztować?", "what about risks?"): answered, never stored as
# a fact. A long one ("Jak zorganizować zespół w sieci 40 sklepów z e-sklepem?") describes the company too.
_SHORT_QUESTION_WORDS = 10
_ASKING = re.compile(
    r"\s*(?:(?:a|and|but|ale|so|to|i|no|ok|okay)\s+)?(?:what|how|which|who|when|where|why|is|are|do|does|can|"
    r"could|will|would|should|ile|jak\w*|co|kto|kiedy|gdzie|czy|dlaczego|czemu|skad|ktor\w*)\b[^.!?\n]*\?+\W*"
)
_RESET = re.compile(r"\b(?:start over|start again|reset|new company|od nowa|nowa firma|zacznijmy jeszcze raz)\b")
_COMMAND = re.compile(
    r"\s*(?:please\s+)?(?:add|also|plus|remove|drop|delete|only|dodaj\w*|usun\w*|tylko|bez|"
    r"zmien\w*|change|switch|przejdz)\b"
)  # a follow-up order, never the awaited answer
_ALSO = re.compile(r"\b(?:also|as well|too|takze|rowniez|tez|add|dodaj\w*)\b")  # a fact added, not an answer
_ANYWAY = re.compile(r"\b(?:plan anyway|zrob plan mimo)")  # no problem stated, a plan wanted all the same
_NOT_AN_INDUSTRY = re.compile(
    r"\W*(?:none|no|yes|ok|okay|sure|tak|nie|brak|nic|dunno|nie wiem|i don't know|n/a|-|\d+)\W*"
)
_ONLY = re.compile(r"\b(?:only|tylko|wylacznie|jedynie)\b")
_WANTS_PLAN = re.compile(
    r"\b(?:plan|generate|create|make|prepare|go ahead|regenerate|zrob|wygeneruj|przygotuj|"
    r"stworz|daj|pokaz|ulozy?)\b"
)
_SKILLS = re.compile(
    r"\b(?:skills?|competenc\w*|upskill\w*|training|kompetencj\w*|umiejetnosc\w*|szkolen\w*|"
    r"rozwoj\w* zespolu|rozwoju kompetencji)\b"
)
_TEAM_PLAN = re.compile(r"\b(?:team plan|team structure|org chart|plan zespolu|strukture? zespolu|struktura zespolu)\b")
_BOTH = re.compile(r"\b(?:both|oba|obydwa|oba plany|team and skills|zespol i kompetencje)\b")
_LANG_SWITCH: dict[Language, re.Pattern[str]] = {
    "pl": re.compile(r"\b(?:in polish|po polsku|polish please|(?:switch|change) to polish|na polski)\b"),
    "en": re.compile(
        r"\b(?:in english|po angielsku|english please|(?:switch|change) to english"
        r"|na angielski)\b"
    ),
}
_LEVELS = {
    "junior": r"junior\w*|beginners?|new hires|poczatkuj\w*|mlodsz\w*|nowi",
    "senior": r"senior\w*|experienced|doswiadcz\w*|zaawansowan\w*|eksperc\w*",
    "mixed": r"mixed|mieszan\w*|rozn\w* poziom\w*|mid-level|srednio",
}
_GOAL = re.compile(
    r"(?:\bgoal\b|\bobjective\b|\btarget\b|\bcel\w*|\bw tym kwartale\b|\bthis quarter\b)"
    r"(?:\s+(?:is|for the quarter|this quarter|to|na kwartal|na ten kwartal|jest|kwartalny))*\s*[:\-–]?\s*"
    r"(?P<goal>[^.!?\n]{4,})"
)
# An answer given as "field: value" ("branza: kwiaciarnia", "channels - insta, allegro"): the value answers that field.
_LABELLED = re.compile(
    r"\s*(?:(?P<industry>branza|branzy|industry|sector|sektor)|(?P<channels>kanaly|kanal|channels?)"
    r"|(?P<challenge>wyzwanie|problem|challenge|issue)|(?P<employees>ludzi|osob|osoby|pracownikow|pracownicy|"
    r"zatrudnienie|employees|people|headcount|staff))(?:\s*[:=]|\s+[-–—])\s*(?P<value>\S.*)",
    re.S,
)
# An outlet named by what it sells ("sklepik ze świeczkami", "a shop selling tea"): the phrase names the trade.
_SHOP_OF = (
    r"\b(?P<outlet>sklep\w*|shops?|stores?|siec\w*|chain)\s+(?:internetow\w*\s+|online\s+)?(?:ze?|with|selling)\b"
)
_INDUSTRY_STATED = re.compile(
    r"(?:\bindustry|\bsector|\bbranza|\bbranzy|\bsektor|\bwe sell|\bsprzedajemy|\bwe are in|\bdzialamy w|"
    r"\bwe(?:'re| are)|\bwere\b|\bi run|\bwe run|\bi manage|\bi own|\bjestesmy|\bprowadze|\bprowadzimy|"
    rf"{_SHOP_OF})"
    r"\s*(?:is|to|:|-)?\s*(?:an?\s+|the\s+)?(?:\d+[- ](?:person|osobow\w*)\s+|small\s+|mid-?sized\s+|local\s+|family\s+)*"
    r"(?P<text>[^,.;:!?()\n]{2,60})"
)


@dataclass
class Extraction:
    """What one message says: profile facts, channel changes, and what the user wants."""

    fields: dict[str, Any] = field(default_factory=dict)
    add_channels: list[Channel] = field(default_factory=list)
    remove_channels: list[Channel] = field(default_factory=list)
    only_channels: bool = False
    kind: PlanKind | None = None
    question: str | None = None
    wants_plan: bool = False
    reset: bool = False
    plan_language: Language | None = None
    language: Language | None = None  # None when the message shows no language ("300", "wszystkie")
    vague_size: str | None = None  # a size given without a number ("kilkaset"): the chat asks for the number
    all_channels: bool = False  # "all channels" was read as every channel: the chat says which, to be corrected
    unclear_challenge: str | None = None  # an answer about the challenge that names no problem the method knows
    reading: Diagnosis | None = None  # what the diagnosis read in the message: the challenge is its quotes

    @property
    def changes_profile(self) -> bool:
        """True when the message changes any profile fact."""
        return bool(self.fields or self.add_channels or self.remove_channels)


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 25) : start]))


def _head_counts(text: str) -> tuple[int | None, int | None]:
    """(employees, team size) from numbers tied to people nouns or to 'employ'/'zatrudnia'."""
    employees = team_size = None
    patterns = (
        rf"(?P<n>{_NUMBER})\s*(?:\+|-(?:person|osobow\w*)|\s+osobow\w*)?\s*(?:\w+\s+)?{_PEOPLE}\b",
        rf"(?P<n>{_NUMBER})\s*-?\s*(?:person|strong|man|osobow\w*)\b",
        rf"(?:jest nas|nas jest|(?:bylo|bedzie|byloby) nas|nas (?:bylo|bedzie|byloby)|we are|we're|were|there are|zatrudniamy|employing)\s*{_APPROX}\s*(?P<n>{_NUMBER})\b(?!\s*(?:%|stores|shops|sklep|salon|oddzial|branches|locations|lokal|cities|miast|countries|kraj|years|lat|brands|marek))",
        rf"(?P<n>{_NUMBER})\s+of us\b",
        rf"(?:company|firm|business|firma|firmy|firme|organi[sz]ation)\s+(?:of|z|na|zatrudniajac\w*)\s*{_APPROX}\s*(?P<n>{_NUMBER})\b",
        rf"(?P<n>{_NUMBER})\s*-?\s*(?:person|people|strong|osobow\w*)\s+(?:\w+\s+){{0,2}}?"
        r"(?:team|company|firm|retailer|chain|business|brand|organi\w*|zespol\w*|firm\w*|siec\w*)",
        rf"(?:employ\w*|headcount(?:\s+(?:is|of))?|zatrudnia\w*|workforce of|staff of|liczy)\s*{_APPROX}\s*(?P<n>{_NUMBER})",
        rf"(?:team|zespol\w*)\s+(?:of|is|has|ma|liczy|to)\s*{_APPROX}\s*(?P<n>{_NUMBER})",
    )
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            if _negated(text, match.start("n")):
                continue
            try:
                number = parse_employees(match.group("n"))
            except ValueError:
                continue
            sentence = max(text.rfind(end, 0, match.start()) for end in ".!?\n") + 1  # context stays in its sentence
            window = text[max(sentence, match.start() - 30) : match.end() + 12]
            context = text[max(sentence, match.start() - 30) : match.start()] + match.group(0)
            in_team = bool(_TEAM.search(context)) or bool(re.search(r"osobow\w*\s+zespol|person team", window))
            if in_team and not re.search(r"compan|firm|organi|employ|zatrudnia", context):
                team_size = team_size or number
            else:
                employees = employees or number
    return employees, team_size


def _bare_number(text: str) -> int | None:
    """The one non-negated number of a message like '1200, not 300' or 'about 450'."""
    numbers = [m for m in re.finditer(_NUMBER, text) if not _negated(text, m.start())]
    if len(numbers) != 1:
        return None
    try:
        return parse_employees(numbers[0].group(0))
    except ValueError:
        return None


_GENERIC = re.compile(
    r"(?:firma|firmy|firma\w*|company|startup|business|team|zespol\w*|siec\w*|chain|brand|marka|group|grupa|"
    r"retailer|organi[sz]ation|organizacj\w*|omnichannel\w*)"
)
_CUT = re.compile(
    r"\s+(?:and|i|with|w|we|in|on|through|przez|selling|that|who|which|ktor\w*|oraz|plus|but|ale|so|wiec|"
    r"here|tutaj|na)\b"
)


def _trade(source: str, text: str) -> tuple[int, int, str] | None:
    """(start, stop, word) of the noun in the singular that names the firm's trade ("kwiaciarnia", "a florist"):
    "sieć kwiaciarni" or "piekarnie" name outlets, not the trade."""
    for start, stop, _ in sorted(stem_hits(text, TRADES)):
        if start and text[start - 1].isalnum():
            continue
        while stop < len(text) and text[stop].isalnum():
            stop += 1
        word = source[start:stop].lower()
        if not word.endswith("s") and inflect(word, "nom", "sg") == word:
            return start, stop, word
    return None


_PLACED = re.compile(
    r"\s*\w+(?:\s+\w+)?\s+(?:w|we|in|at|przy|obok|kolo|niedaleko|near)\s+(?!internec|sieci|online)\w"
)  # "… w Krakowie"


def _shop(text: str) -> tuple[int, int, str] | None:
    """(start, stop, word) of a single outlet named by what it sells ("mamy sklepik ze świeczkami"): like a
    trade's noun, it names the firm, not a physical shop beside the channels it sells through, unless
    the message places it ("sklep z rowerami w Krakowie")."""
    for found in re.finditer(_SHOP_OF, text):
        word = found.group("outlet")
        if not word.endswith("s") and inflect(word, "nom", "sg") == word and not _PLACED.match(text, found.end()):
            return found.start(), found.end(), word
    return None


def _industry(source: str, text: str, language: Language | None, trade: str | None) -> str | None:
    """The industry in the user's words when stated, else a label of the recognised sector, else the trade."""
    sector = match_sector(text)
    if sector is not Sector.other:
        en, pl = SECTOR_LABELS[sector]
        return pl if language == "pl" else en
    for stated in _INDUSTRY_STATED.finditer(text):
        start, end = stated.span("text")
        cut = _CUT.search(text, start, end)
        phrase = clean_phrase(source[start : cut.start() if cut else end])
        folded = fold(phrase)
        if (
            len(phrase) >= 3
            and not re.search(r"\d", phrase)
            and not _GENERIC.fullmatch(folded)
            and not match_channels(phrase)
            and not vague_size(phrase)
        ):  # after "sklep z" the goods stand in the instrumental: the outlet's words name the trade
            return (
                clean_phrase(source[stated.start("outlet") : cut.start() if cut else end])
                if stated.group("outlet")
                else phrase
            )
    return _opening_noun_phrase(source) or trade


def _opening_noun_phrase(source: str) -> str | None:
    """A message that opens with a short noun phrase ("Pracownia tatuażu, jest nas 2.") names its trade there."""
    first = re.split(r"[,.;:!?\n(–—-]", source, maxsplit=1)[0].strip()
    words = re.findall(r"[^\W\d_]+", first.lower())
    if not 2 <= len(words) <= 4 or re.search(r"\d", first) or len(source.strip()) == len(first):
        return None
    if any(w in FUNCTION_WORDS or fold(w) in FUNCTION_WORDS for w in words) or all(match_channels(w) for w in words):
        return None
    return first


def _challenge(original: str, reading: Diagnosis) -> tuple[str | None, list[tuple[int, int]]]:
    """The problems the diagnosis reads in a message, in the user's own words, and where those words stand.

    Each clause the diagnosis quotes (a problem's or the process's) is kept from the words that name
    the trouble to the end of its sentence, so "Fashion chain, 300 people, stores and online;
    marketing and stores don't talk" keeps only the problem.
    """
    folded = sentence_text(fold_aligned(original))
    sentences = sentence_spans(folded)
    hits = [start for f in read_challenges(original) for start, _ in f.spans]
    spans: list[tuple[int, int]] = []
    for a, b in sorted(_quoted(original, reading)):
        end = next((e for s, e in sentences if s <= a < e), b)
        start = min([h for h in hits if a <= h < b] or [a])
        lead = _LEAD.match(folded, start, end)
        start = lead.end() if lead else start
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    kept = sorted(spans + _said_beside(original, reading, sentences, spans)) if spans else []
    return " ".join(original[a:b].strip() for a, b in kept)[:CHALLENGE_MAX_CHARS] or None, spans


def _said_beside(
    original: str, reading: Diagnosis, sentences: list[tuple[int, int]], spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The sentences of what the message says beside its problem that the plan must hear: a constraint ("we
    cannot hire", "no money for a system"), what is already in place ("we have one CRM"), the client's own
    question ("is this even omnichannel?") and where the firm is ("a dental group in Texas")."""
    said = [*reading.constraints, *reading.in_place, *([reading.question] if reading.question else [])]
    found = {
        next(((s, e) for s, e in sentences if s <= at < e), (at, at + len(q)))
        for q in said
        if (at := original.find(q)) >= 0
    }
    found |= {(s, e) for s, e in sentences if read_markets(original[s:e])}
    return [(a, b) for a, b in found if not any(a < y and x < b for x, y in spans)]


def _quoted(original: str, reading: Diagnosis) -> set[tuple[int, int]]:
    """Where the clauses the diagnosis quotes for the problems it is sure of stand in the message (an
    unsure reading is not stored: the chat asks about it first)."""
    sure = [p.evidence for p in reading.problems if p.confidence >= SURE]
    return {(at, at + len(quote)) for quote in sure if (at := original.find(quote)) >= 0}


# A lead word before the problem itself ("problem klienci nie widzą…", "the issue is that…", "problem w tym,
# że…"), or the "that" / "że" of a clause that follows one: not quoted back. Not when the word belongs to
# the phrase ("problem z komunikacją", "issue with data").
_LEAD = re.compile(
    r"\s*(?:(?:(?:our|the|main|biggest|nasz\w*|najwieksz\w*|glown\w*)\s+)*(?:problem\w*|wyzwani\w*|challenge|issue|klopot\w*)"
    r"(?:\s+(?:is|to|jest|that|ze|w tym|polega na tym),?)*\s*[:\-–—]?\s+(?!(?:z|ze|w|we|with|of|in|na|o|about|between|miedzy)\b)"
    r"|(?:that|ze)\s+)"
)


def _breaking(original: str, reading: Diagnosis) -> list[tuple[int, int]]:
    """Where the clauses that say what breaks stand: every problem's and the process's, however sure."""
    quotes = [p.evidence for p in reading.problems] + ([reading.process.evidence] if reading.process else [])
    return [(at, at + len(q)) for q in quotes if (at := original.find(q)) >= 0]


def _outside(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given spans blanked out."""
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


_STRICT_ALL = {"omnichannel", "omni-channel", "omni channel", "wszedzie"}  # "all channels" only when said of selling
_SELLING = re.compile(r"(?:we(?:'re| are)|jestesmy|sprzedajemy|sell\w*|dzialamy|we do|robimy)\s+(?:\w+\s+){0,2}$")
_ALL_REPLY = re.compile(r"\s*(?:all|all of them|every one|everything|wszystkie|wszystko|kazdy|all channels)\W*")


def _all_channels(text: str, expecting: str | None) -> bool:
    """Whether the message means every channel ("we sell everywhere", "wszystkie kanały", "all")."""
    if expecting == "channels" and _ALL_REPLY.fullmatch(text):
        return True
    return any(
        stem not in _STRICT_ALL or expecting == "channels" or _SELLING.search(text[:start])
        for start, _, stem in stem_hits(text, ALL_CHANNELS_WORDS)
    )


def extract(message: str, *, expecting: str | None = None) -> Extraction:
    """Read one chat message; `expecting` names the field the chat just asked for, if any.

    A bare answer ("450", "pharmacies", "the stores hide stock from e-commerce") fills the
    field that was asked for; anything else must be recognisable on its own.
    """
    original = message.strip()
    text = fold_aligned(original)
    labelled = _LABELLED.fullmatch(text)
    if labelled:
        return _labelled(original, labelled)
    source = original if len(text) == len(original) else text
    vague = vague_size(original)
    numeric = words_to_digits(mask_vague(text))
    result = Extraction(language=language_of(original), reset=bool(_RESET.search(text)))
    for lang, pattern in _LANG_SWITCH.items():
        if pattern.search(text):
            result.plan_language = lang
    result.reading = diagnose(original, load_knowledge())
    challenge, spans = _challenge(original, result.reading)
    asked = _outside(text, spans)  # what the message asks for, the problem it describes left out
    if (_ASKING.fullmatch(text) and len(text.split()) <= _SHORT_QUESTION_WORDS) or (
        _EXPLAIN.search(text)
        and ("?" in text or re.match(r"\s*(?:why|dlaczego|czemu|explain|wyjasnij)", text))
        and len(sentence_spans(text)) <= 1  # an opening that asks and describes is read
    ):
        result.question = original
    else:
        result.kind = _kind(asked)
        result.wants_plan = bool(_WANTS_PLAN.search(asked))

    employees, team_size = _head_counts(numeric)
    if employees is None and (expecting == "employees" or re.search(r"\b(?:not|nie)\s+\d", numeric)):
        employees = _bare_number(numeric)
    result.fields.update({k: v for k, v in (("employees", employees), ("team_size", team_size)) if v})
    result.vague_size = vague if employees is None else None
    if result.kind in ("skills", "both"):
        result.fields.update(_skills_fields(source, text))
    if result.question:
        return result
    result.add_channels, result.remove_channels = read_channels(text, spans)
    if _all_channels(text, expecting) and len(result.add_channels) < 3 and not result.remove_channels:
        result.add_channels, result.all_channels = list(ALL_CHANNELS), True  # a short list is the example, not the set
    facts = bool(result.fields or result.remove_channels or (result.add_channels and _ALSO.search(text)))
    if expecting == "challenge" and len(original) >= 3 and not (challenge or facts or _COMMAND.match(text)):
        if states_no_problem(original) or _ANYWAY.search(text):  # the plan starts from the method's diagnosis
            challenge = original[:CHALLENGE_MAX_CHARS]
        else:
            result.unclear_challenge = original[:CHALLENGE_MAX_CHARS]
        result.add_channels, result.remove_channels = read_channels(text, [(0, len(text))])
    if Channel.stores.value in result.reading.counts and Channel.stores not in result.add_channels:
        result.add_channels.insert(0, Channel.stores)  # outlets the reading counted in a channel list ("8 składów")
    trade = _trade(source, text)
    named_by = trade or _shop(text)
    if named_by:
        result.add_channels = _not_the_trade(text, named_by, result.add_channels)
    result.only_channels = bool(result.add_channels) and bool(_ONLY.search(text))
    industry = _industry(source, text, result.language, trade[2] if trade else None)
    if (
        industry is None
        and expecting == "industry"
        and 2 <= len(original) <= 80
        and not (challenge or facts or _COMMAND.match(text))
        and not _NOT_AN_INDUSTRY.fullmatch(text)
        and "?" not in original
    ):
        industry = clean_phrase(original)  # a bare answer ("kwiaciarnie"), even one that also names outlets
    result.fields.update({k: v for k, v in (("industry", industry), ("challenge", challenge)) if v})
    return result


def _not_the_trade(text: str, trade: tuple[int, int, str], channels: list[Channel]) -> list[Channel]:
    """The channels without the outlet the trade's noun would add ("kwiaciarnia, insta i allegro" names no shop),
    unless they are its only channel or another outlet is named too."""
    start, stop, _ = trade
    outlets = [at for at, c in channel_spans(text) if c is Channel.stores and not start <= at < stop]
    if Channel.stores not in channels or len(channels) == 1 or outlets:
        return channels
    return [c for c in channels if c is not Channel.stores]


def _labelled(original: str, labelled: re.Match[str]) -> Extraction:
    """A "field: value" answer read as the bare answer to that field, in the language of the whole message."""
    name = next(n for n in REQUIRED_FIELDS if labelled.group(n))
    found = extract(original[labelled.start("value") :], expecting=name)
    found.language = found.language or language_of(original)
    if name == "industry":  # the value names the trade, not its outlets ("branża: kwiaciarnia")
        found.add_channels = []
    return found


def _kind(text: str) -> PlanKind | None:
    """The plan kind a message asks for, if it names one."""
    if re.search(r"\bboth plans\b|\boba plany\b", text) or (_BOTH.search(text) and _SKILLS.search(text)):
        return "both"
    if _SKILLS.search(text):
        return "skills"
    return "team" if _TEAM_PLAN.search(text) else None


def _skills_fields(source: str, text: str) -> dict[str, Any]:
    """Team level and quarterly goal, when the message asks for a skills plan."""
    found: dict[str, Any] = {}
    for level, pattern in _LEVELS.items():
        if re.search(rf"\b(?:{pattern})\b", text):
            found["team_level"] = level
            break
    goal = _GOAL.search(text)
    if goal:
        start, end = goal.span("goal")
        found["quarterly_goal"] = source[start:end].strip()[:CHALLENGE_MAX_CHARS]
    return found


def fill_from_draft(draft: ProfileDraft, found: Extraction, fields: list[str], message: str) -> list[str]:
    """Put the named fields a model's draft holds into `found`, validated as the form would; the ones filled.

    A model may invent ("women's fashion" from "a retail chain") or misplace (a question stored as
    the challenge): only facts the message itself supports are kept.
    """
    filled = []
    for name in fields:
        value = getattr(draft, name)
        if name == "channels":
            named = set(match_channels(message))
            found.add_channels += [c for c in parse_channels(value)[0] if c in named and c not in found.add_channels]
            filled += ["channels"] if found.add_channels else []
            continue
        if not value or not supported(name, value, message):
            continue
        try:
            found.fields[name] = parse_employees(value) if name in ("employees", "team_size") else value
        except ValueError:
            continue
        filled.append(name)
    return filled


def supported(name: str, value: str, message: str) -> bool:
    """Whether a fact a model read is in the message: its number, its words, or a problem the diagnosis is sure of."""
    folded = fold(message)
    if name in ("employees", "team_size"):
        try:
            return str(parse_employees(value)) in re.sub(r"(?<=\d)[ ,.'\u00a0](?=\d{3})", "", words_to_digits(folded))
        except ValueError:
            return False
    if name == "challenge":
        reading = diagnose(value, load_knowledge())
        return "?" not in value and any(p.confidence >= SURE for p in reading.problems) and _shares_words(value, folded)
    if name == "industry" and match_sector(value) is not Sector.other:
        return match_sector(value) == match_sector(message) or _shares_words(value, folded)
    return _shares_words(value, folded)


def _shares_words(value: str, folded_message: str) -> bool:
    """Whether a word of the value (its first five letters) stands in the message."""
    stems = {w[:5] for w in re.findall(r"[a-z]{4,}", fold(value))}
    return any(re.search(rf"\b{re.escape(stem)}", folded_message) for stem in stems)


def missing_fields(data: dict[str, Any]) -> list[str]:
    """The required profile fields still unknown, in the order the chat asks for them."""
    return [name for name in REQUIRED_FIELDS if not data.get(name)]
