"""The diagnosis: what breaks at one company, read clause by clause from its own words.

Every clause of the client's text is read twice: by meaning (its nearest labelled examples,
`meaning`) and by the rules (signals, topics and idioms of `challenges`). The
rules stay where they are plainly better: a clause that denies a problem or says it is settled
("we're not short of data", "we already have shared KPIs") states none, and sentences aimed at a
model are not read. A label both readers give is sure; one only the rules give is sure enough;
one only the meaning gives counts when it stands clearly above the clause's "no problem" reading.
Each clause gives at most one problem, so two problems stated in two clauses are both found.

A clause that states no problem has a kind of its own (`statement_examples`): what is in place, a
reassurance about the people ("everyone works hard"), a constraint ("hiring freeze", "no money for
a system or a worker"), or a consequence ("customers get two different prices"). A consequence says
the process fails without saying why: the problem is then the one the cause's clause states, or,
where none does, the one the failing process most likely states (`problem` of each process), never
sure by itself. Where the client gives the cause ("we refund customers because we oversold", "stock
updates once a day, so we refund"), the process the cause's words name is the one that fails. The
rules' problem stands against a clear meaning where the process the clause names backs it and the
meaning reads it a close second.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from ..diagnosis import Diagnosis, ProblemReading, Process, ProcessReading
from ..knowledge.schema import STATEMENT_KINDS
from ..words.nounphrase import noun_phrase
from ..words.outlets import read_outlets
from ..words.text import (
    TURN,
    clean_phrase,
    fold,
    fold_aligned,
    has_stem,
    reading_cues,
    sentence_text,
    stem_hits,
)
from ..words.vocab import FUNCTION_WORDS, detect_language, read_markets, read_partners, without_names
from . import meaning
from .challenges import _compiled, read_challenges
from .goal import stated_goal
from .places import is_place

if TYPE_CHECKING:
    from ..knowledge import Knowledge

Mode = Literal["rules", "meaning", "hybrid"]

# A clause ends at a sentence end, a semicolon, a dash between spaces, a colon, a joining word that
# starts a new statement ("..., and the stores resist", "ale", "however", "tyle że"), or before the
# words that turn from what is in place to the problem (", the problem is that ...": `TURN`).
_BREAK = re.compile(
    r"(?<=[.!?;])\s+|\n+|\s+[-\u2013\u2014]\s+|"
    r",?\s+(?:but|ale|however|jednak|natomiast|za to|whereas|although|chociaz|choc|poza tym|besides|on top of that|"
    r"a do tego|do tego|plus|tyle ze|tylko ze)\s+|,\s+(?:and|i|a|oraz|so|wiec|yet|because|bo|poniewaz)\s+|"
    rf",?\s+(?={TURN})"
)
# The joining words that give the cause of what comes before them ("we refund customers because we
# oversold", "refunds pile up, because ...") and those that give its effect ("stock updates once a
# day, so we refund").
_CAUSE = re.compile(r"\s(?:because|bo|poniewaz|gdyz)\s+")
_EFFECT = re.compile(r"\s(?:so|wiec)\s")
MEANING_MARGIN = 0.05  # how far above "no problem" a clause must score to state a problem by meaning alone
CLEAR = 0.15  # a meaning this far above "no problem" outweighs the rules' words in its clause
INFERRED = 0.7  # the confidence of a problem inferred from the process alone: below SURE
AGREED = 0.95  # both readers read the same problem in a clause: ranked before the other sure readings
SURE = 0.75  # below this confidence the reading is unsure and the chat asks first
NAMED = 0.7  # a process named by the client's own words ("zamówienia", "refunds")


@dataclass(frozen=True)
class Clause:
    """One clause of the client's text: where it stands and what it says, as written."""

    start: int
    end: int
    text: str
    joined: str = ""  # what it gives of the clause before it: "cause", "effect", or "" (neither)

    def cause(self) -> Clause | None:
        """The part of the clause that gives the cause of what it says first, if one does ("we refund
        customers because we oversold")."""
        found = _CAUSE.search(fold_aligned(self.text))
        return Clause(self.start + found.end(), self.end, self.text[found.end() :]) if found else None


def clauses(text: str, kb: Knowledge) -> list[Clause]:
    """The clauses of a text, leaving out sentences aimed at a model."""
    folded = sentence_text(fold_aligned(text))  # "ok. 300", "np. Allegro": no sentence ends there
    injection = _compiled(tuple(reading_cues().injection))
    found: list[Clause] = []
    start, joined = 0, ""
    for brk in [*_BREAK.finditer(folded), None]:
        end = brk.start() if brk else len(text)
        piece = text[start:end]
        words = clean_phrase(piece)
        if (
            len(words) > 3
            and re.search(r"[^\W\d_]{2}", words)
            and not any(p.search(folded[start:end]) for p in injection)
        ):
            offset = start + piece.find(words[:1]) if words else start
            found.append(Clause(offset, offset + len(words), words, joined))
        start = brk.end() if brk else len(text)
        joined = _joined(brk.group()) if brk else ""
    return found


def _joined(brk: str) -> str:
    """What a break's joining word makes of the clause after it: the "cause" of the one before
    ("because"), its "effect" ("so"), or neither ("")."""
    brk = f" {brk} "
    return "cause" if _CAUSE.search(brk) else "effect" if _EFFECT.search(brk) else ""


# A problem denied by name: "we don't have a silo problem", "it's not a data or governance problem",
# "we're not short of data", "nie brakuje nam danych", "to nie jest brak komunikacji".
_DENIED = re.compile(
    r"\b(?:(?:don'?t|do not|doesn'?t|does not|never) have (?:a |any )?(?:real )?[\w-]+(?: or [\w-]+)? (?:problem|issue)s?"
    r"|(?:it'?s|it is|this is|that'?s|is|are|was|were) not (?:a |an |the |about )?(?:[\w-]+ )?(?:or [\w-]+ )?"
    r"(?:problem|issue)|(?:isn'?t|aren'?t|wasn'?t|weren'?t) (?:a |an |the |our )?(?:[\w-]+ )?(?:problem|issue)"
    r"|not short of|no shortage of|nie brakuje nam|nie brak nam|nie jest (?:to )?brak|to nie jest (?:brak|problem)"
    r"|nie o to chodzi|nie mamy (?:z \w+ )?(?:problemu|problemow|klopotu|klopotow)|nie ma (?:z \w+ )?(?:problemu|klopotu)"
    r"|nie stanowi\w* problemu|nie (?:sa|jest) (?:problemem|klopotem))"
)


def facts_only(clause: str) -> bool:
    """Whether a clause only states facts: names of channels, partners, markets or the sector, numbers,
    head counts and function words ("ok. 300 osób", "app and website only, no shops")."""
    rest = without_names(fold(clause))
    facts = tuple(reading_cues().facts)
    words = [w for w in re.findall(r"[a-z]{2,}", rest) if w not in FUNCTION_WORDS and not has_stem(w, facts)]
    return not words


def _may_state(clause: Clause, kb: Knowledge) -> bool:
    """Whether a clause may state a problem or a process: it is neither settled nor facts only."""
    return not _settled(clause, kb) and not facts_only(clause.text)


def _settled(clause: Clause, kb: Knowledge) -> bool:
    """A clause that says the matter is fine, denies a problem, or says it is in place states no problem."""
    folded = fold(clause.text)
    return bool(_DENIED.search(folded)) or has_stem(folded, tuple(reading_cues().solved))


_INDEXES: dict[tuple[int, str], meaning.Index] = {}


# The kinds of clause that state no problem: facts and greetings (`none`), what is in place, a
# reassurance about the people, a constraint, and a consequence (what the customer suffers: evidence
# that something breaks, whose cause another clause or the failing process states). A reassurance
# says nothing of a process, so the process index leaves it out.
STATES_NONE = ("none", *STATEMENT_KINDS)
BREAKS = "consequence"
OF_PEOPLE = "reassurance"


def _challenge_index(kb: Knowledge) -> meaning.Index:
    """The challenges' examples and those of the clauses that state none, embedded once per knowledge base."""
    key = (id(kb), "challenges")
    if key not in _INDEXES:
        examples = {**kb.challenge_examples, **kb.statement_examples}
        _INDEXES[key] = meaning.Index.build([(k, t) for k, texts in examples.items() for t in texts.en + texts.pl])
    return _INDEXES[key]


def _process_index(kb: Knowledge) -> meaning.Index:
    """The processes' examples, with the clauses that state nothing breaking (facts, what is in place,
    constraints) as `other`, embedded once per knowledge base."""
    key = (id(kb), "processes")
    if key not in _INDEXES:
        calm = [
            kb.challenge_examples["none"],
            *(kb.statement_examples[k] for k in STATES_NONE[1:] if k not in (BREAKS, OF_PEOPLE)),
        ]
        pairs = [(p.key.value, t) for p in kb.processes for t in p.examples.en + p.examples.pl]
        _INDEXES[key] = meaning.Index.build(pairs + [("other", t) for texts in calm for t in texts.en + texts.pl])
    return _INDEXES[key]


def _confidence(margin: float) -> float:
    """A margin over "no problem" as a confidence: 0.5 at the threshold, near 1 at twice it."""
    return round(max(0.0, min(0.99, 0.5 + (margin - MEANING_MARGIN) * 4)), 2)


@dataclass(frozen=True)
class _Reading:
    """What each clause of a text says: the problem the rules find in it, and its kind by meaning."""

    parts: list[Clause]
    live: set[int]
    by_meaning: dict[int, tuple[str, float]]  # clause → (its nearest kind, its lead over the other side)
    scores: dict[int, dict[str, float]]  # clause → every kind's score by meaning
    by_rules: dict[int, list[str]]
    named: dict[int, list[str]]  # clause → the processes its words name (`_named`)
    likely: dict[str, str]  # process → the problem its failing most likely states

    def breaks(self, i: int) -> bool:
        """Whether clause i says something breaks: a problem, a consequence or a word of trouble ("patients
        double-booked"); a clause that reads clearly as a fact, a constraint or what is in place, with no
        word of trouble in it, says nothing breaks ("we also take bookings in the app")."""
        kind = self.by_meaning.get(i)
        calm = kind is not None and kind[0] in STATES_NONE and kind[0] != BREAKS and kind[1] >= MEANING_MARGIN
        trouble = has_stem(fold(self.parts[i].text), tuple(reading_cues().trouble))
        return bool(self.by_rules.get(i)) or not calm or trouble

    def stated(self, i: int) -> set[str]:
        """The problems the rules' words or the meaning read in clause i, however sure."""
        kind = self.by_meaning.get(i)
        return set(self.by_rules.get(i, [])) | ({kind[0]} if kind and kind[0] not in STATES_NONE else set())

    def cause(self, i: int) -> Clause | None:
        """The client's words for the cause of what clause i says, if given: its own part after
        "because", the next clause when it opens with "because", the one before when clause i opens
        with "so"."""
        if i + 1 < len(self.parts) and self.parts[i + 1].joined == "cause":
            return self.parts[i + 1]
        return self.parts[i - 1] if self.parts[i].joined == "effect" and i > 0 else self.parts[i].cause()

    def upheld(self, i: int) -> set[str]:
        """The rules' problems in clause i that a clear meaning cannot overrule: those the failing of a
        process the clause names most likely states, which the meaning reads a close second
        ("departments do not share customer data": customer data, not shared, is no shared data, read
        just behind silos)."""
        row = self.scores.get(i, {})
        top = max((row[k] for k in row if k not in STATES_NONE), default=0.0)
        backed = {self.likely[key] for key in self.named.get(i, [])} & set(self.by_rules.get(i, []))
        return {k for k in backed if k in row and top - row[k] < MEANING_MARGIN}

    def of_kind(self, kind: str) -> list[str]:
        """The clauses the meaning reads clearly as one kind of clause that states no problem, whatever
        their words ("nie mamy budżetu na nowe etaty" is a constraint, not a budget fight)."""
        return [
            self.parts[i].text
            for i, (key, lead) in sorted(self.by_meaning.items())
            if key == kind and lead >= MEANING_MARGIN
        ]


def _read_clauses(text: str, kb: Knowledge, mode: Mode) -> _Reading:
    parts = clauses(text, kb)
    live = {i for i, c in enumerate(parts) if _may_state(c, kb)}
    scores = _scores(parts, live, kb) if mode != "rules" and meaning.available() else {}
    by_rules = _by_rules(text, parts, kb) if mode != "meaning" else {}
    named = {i: _named(parts[i].text, kb) for i in live}
    return _Reading(
        parts, live, _by_meaning(scores), scores, by_rules, named, {p.key.value: p.problem for p in kb.processes}
    )


def read_ahead(texts: Sequence[str], kb: Knowledge | None = None, mode: Mode = "hybrid") -> None:
    """Embed every clause the meaning reads in these texts (each distinct clause once) in one call to the
    model, so that diagnosing each text after it finds its vectors remembered (`meaning.embed`): many
    texts read together cost the model's start-up once, and each reading stays the one of its text alone."""
    if mode == "rules" or not meaning.available():
        return
    kb = kb or _shipped()
    live = [c.text for text in dict.fromkeys(texts) for c in clauses(text, kb) if _may_state(c, kb)]
    meaning.embed(list(dict.fromkeys(live)))


def read_problems(text: str, kb: Knowledge, mode: Mode = "hybrid") -> list[ProblemReading]:
    """The problems a text states, strongest first, each with its confidence and its clause."""
    return _problems(_read_clauses(text, kb, mode))


def _problems(reading: _Reading) -> list[ProblemReading]:
    """The clauses' problems: the sure ones first, those both readers agree on (or the meaning reads
    very clearly) before the others, each group in the order stated."""
    found: dict[str, ProblemReading] = {}
    order: dict[str, int] = {}
    for i in sorted(reading.live):
        readings = _clause_readings(reading.by_rules.get(i, []), reading.by_meaning.get(i), reading.upheld(i))
        for key, confidence in readings:
            if key not in found or found[key].confidence < confidence:
                found[key] = ProblemReading(key=key, confidence=confidence, evidence=reading.parts[i].text)
                order.setdefault(key, i)
    ranked = sorted(found.values(), key=lambda p: (p.confidence < SURE, p.confidence < AGREED, order[p.key]))
    return ranked[:4]


def _clause_readings(
    rule_keys: list[str], meant: tuple[str, float] | None, upheld: set[str]
) -> list[tuple[str, float]]:
    """One clause's problems with their confidence: both readers agreeing is surest; a clear meaning
    that the rules' words contradict wins over them, else the rules' words stand, and so do they where
    the process the clause names backs them (`_Reading.upheld`). A clause that reads
    as a constraint, a consequence or what is in place states none, whatever its words ("customers
    get contradictory answers" is what a problem causes, not the problem)."""
    if meant is not None and meant[0] in STATES_NONE:
        return [] if meant[0] != "none" and meant[1] >= MEANING_MARGIN else [(key, 0.8) for key in rule_keys]
    if meant is None or meant[1] < MEANING_MARGIN:
        return [(key, 0.8) for key in rule_keys]
    key, margin = meant
    if key in rule_keys:  # the other problems the rules' words state there stand beside it
        return [(key, AGREED), *((k, 0.8) for k in rule_keys if k != key)]
    if not rule_keys:
        return [(key, _confidence(margin))]
    if margin >= CLEAR and not upheld:
        return [(key, _confidence(margin))]
    return [(k, 0.8) for k in rule_keys]


def _scores(parts: list[Clause], live: set[int], kb: Knowledge) -> dict[int, dict[str, float]]:
    """For each live clause, every kind's score by meaning (`_challenge_index`)."""
    read = sorted(live)
    if not read:
        return {}
    rows = _challenge_index(kb).scores(meaning.embed([parts[i].text for i in read]))
    return dict(zip(read, rows, strict=True))


def _by_meaning(scores: dict[int, dict[str, float]]) -> dict[int, tuple[str, float]]:
    """For each clause read by meaning, its nearest kind: a problem, with its margin over "no problem",
    or a kind of clause that states none, with its lead over the nearest problem."""
    out = {}
    for i, row in scores.items():
        problem = max((k for k in row if k not in STATES_NONE), key=row.__getitem__)
        calm = max(STATES_NONE, key=row.__getitem__)
        lead = row[problem] - row[calm]
        out[i] = (problem, lead) if lead > 0 else (calm, -lead)
    return out


def _by_rules(text: str, parts: list[Clause], kb: Knowledge) -> dict[int, list[str]]:
    """For each clause, the challenges the rules find in it."""
    out: dict[int, list[str]] = {}
    for finding in read_challenges(text, None if kb is _shipped() else kb):
        for a, _ in finding.spans:
            i = next((i for i, c in enumerate(parts) if c.start <= a < c.end or a <= c.start < c.end), None)
            if i is not None and finding.key not in out.setdefault(i, []):
                out[i].append(finding.key)
    return out


def _shipped() -> Knowledge:
    from ..knowledge import load_knowledge

    return load_knowledge()


def read_process(text: str, kb: Knowledge, mode: Mode = "hybrid") -> ProcessReading | None:
    """The process that breaks (see `_process`), read from the text alone."""
    return _process(_read_clauses(text, kb, mode), text, kb, mode)


def _process(reading: _Reading, text: str, kb: Knowledge, mode: Mode) -> ProcessReading | None:
    """The process that breaks: the clause that reads most clearly as one by meaning, unless the words
    that name a process ("refunds", "zamówienia") point elsewhere; with the client's objects. A clause
    that says nothing breaks ("we also take bookings in the app") names no failing process. Of two
    processes the words of one clause name, the one whose failing states the clause's problem comes
    first (orders "credited to the wrong café" are sales credit), else the first named."""
    at = [i for i in sorted(reading.live) if reading.breaks(i)]
    if not at:
        return None
    parts = [reading.parts[i] for i in at]
    by_meaning = mode != "rules" and meaning.available()
    rows = _process_index(kb).scores(meaning.embed([c.text for c in parts])) if by_meaning else []
    named = [(i, key) for i, c in enumerate(at) for key in reading.named[c]]
    named.sort(key=lambda n: (n[0], reading.likely[n[1]] not in reading.stated(at[n[0]])))  # stable: else text order
    best: tuple[float, int, str] | None = None
    for i, row in enumerate(rows):
        key = max((k for k in row if k != "other"), key=row.__getitem__)
        margin = row[key] - row["other"]
        if margin >= MEANING_MARGIN and (best is None or margin > best[0]):
            best = (margin, i, key)
    if best and (not named or (best[1], best[2]) in named):
        margin, i, key = best
        confidence = 0.9 if (i, key) in named else _confidence(margin)
    elif named and mode != "meaning":
        (i, key), confidence = named[0], NAMED
    else:
        return None
    clause, cause = parts[i], reading.cause(at[i])
    named_cause = _named(cause.text, kb) if cause is not None and _may_state(cause, kb) else []
    if cause is not None and named_cause and named_cause[0] != key:  # "we refund because we oversold"
        clause, key = cause, named_cause[0]
    spec = next(p for p in kb.processes if p.key.value == key)
    return ProcessReading(
        key=Process(key),
        confidence=confidence,
        evidence=clause.text,
        objects=objects(clause.text, spec.words, detect_language(text) == "pl"),
    )


@lru_cache(maxsize=1)
def _measure_before() -> re.Pattern[str]:
    """The end of a text that makes the next word a measure: "... z liczby ", "... the number of "."""
    stems = "|".join(re.escape(stem) for stem in reading_cues().measure)
    return re.compile(rf"(?<![a-z0-9])(?:{stems})[a-z]*\s+$")


def _named(clause: str, kb: Knowledge) -> list[str]:
    """The processes whose words stand in the clause as the process, not as a measure ("e-commerce is
    settled on the number of orders" names a target, not the orders that break); where two processes'
    words overlap ("kody rabatowe": a discount code, not a price), the longer one wins."""
    folded = fold(clause)
    hits = [(a, b, p.key.value) for p in kb.processes for a, b, _ in stem_hits(folded, p.words)]
    hits = [h for h in hits if not _measure_before().search(folded[: h[0]])]
    kept = [h for h in hits if not any(o[0] < h[1] and h[0] < o[1] and o[1] - o[0] > h[1] - h[0] for o in hits)]
    return list(dict.fromkeys(key for _, _, key in sorted(kept)))


def objects(clause: str, words: list[str], polish: bool) -> list[str]:
    """The client's own words for what the process moves: each whole noun phrase around a word that
    names it ("kody rabatowe", "motor claim"), none where no clean phrase stands (`nounphrase`)."""
    folded = fold_aligned(clause)
    hits = sorted(stem_hits(folded, words))
    found = (noun_phrase(clause, a, b, polish) for a, b, _ in hits if not _measure_before().search(folded[:a]))
    return list(dict.fromkeys(f for f in found if f))[:4]


_QUESTION = re.compile(r"[^.!?\n]*\?+")
_ASKED_LEAD = re.compile(
    r"^.*?(?:pyta\w*(?: mnie)?|asks?(?: me)?|pytanie|question|zastanawiam sie|wondering)\s*[:,-]\s*", re.I
)


def read_question(text: str) -> str | None:
    """The client's own question, as written: the last sentence that asks one."""
    asked = [m.group(0) for m in _QUESTION.finditer(sentence_text(text))]
    if not asked:
        return None
    question = _ASKED_LEAD.sub("", asked[-1].strip())
    return clean_phrase(question.split(": ")[-1]) + "?"


def _after_process(
    problems: list[ProblemReading], process: ProcessReading | None, kb: Knowledge
) -> list[ProblemReading]:
    """The problems, led by the one the process's failing most likely states (`problem` in the data)
    when the process is named and no clause states a problem surely: stock that goes wrong between
    channels states no shared data, whatever a clause's faint reading says, and so does a process
    whose failing the client states only by its consequence ("refunds take three weeks"). A problem
    inferred so is never sure by itself (naming a process is not saying it fails): the chat confirms
    it first."""
    if process is None or process.confidence < NAMED or any(p.confidence >= SURE for p in problems):
        return problems
    if any(p.evidence == process.evidence for p in problems):  # the process's own clause says why it fails
        return sorted(problems, key=lambda p: p.evidence != process.evidence)
    key = next(p.problem for p in kb.processes if p.key == process.key)
    led = ProblemReading(key=key, confidence=min(process.confidence, INFERRED), evidence=process.evidence)
    return [led, *(p for p in problems if p.key != key)][:4]


def diagnose(text: str, kb: Knowledge, mode: Mode = "hybrid") -> Diagnosis:
    """What one text says breaks: problems, process and objects, what is in place, markets, partners, question."""
    reading = _read_clauses(text, kb, mode)
    process = _process(reading, text, kb, mode)
    problems = _after_process(_problems(reading), process, kb)
    sure = bool(problems) and problems[0].confidence >= SURE
    outlets = read_outlets(text, is_place if mode != "rules" else None)
    return Diagnosis(
        problems=problems,
        process=process,
        in_place=[c.text for c in reading.parts if _settled(c, kb)][:8],
        constraints=reading.of_kind("constraint")[:8],
        question=read_question(text),
        goal=stated_goal(text),
        markets=read_markets(text),
        partners=read_partners(text),
        outlet_word=outlets.word,
        counts=outlets.counts,
        confident=sure,
        reader="rules" if mode == "rules" or not meaning.available() else "meaning",
    )
