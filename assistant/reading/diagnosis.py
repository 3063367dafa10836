"""The diagnosis: what breaks at one company, read clause by clause from its own words.

Every clause of the client's text is read twice: by meaning (its nearest labelled examples,
`meaning`) and by the rules (signals, topics and idioms of `challenges`). The
rules stay where they are plainly better: a clause that denies a problem or says it is settled
("we're not short of data", "we already have shared KPIs") states none, and sentences aimed at a
model are not read. A label both readers give is sure; one only the rules give is sure enough;
one only the meaning gives counts when it stands clearly above the clause's "no problem" reading.
Each clause gives at most one problem, so two problems stated in two clauses are both found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from ..diagnosis import Diagnosis, ProblemReading, Process, ProcessReading
from ..words.nounphrase import noun_phrase
from ..words.outlets import read_outlets
from ..words.text import clean_phrase, fold, fold_aligned, has_stem, reading_cues, sentence_text, stem_hits
from ..words.vocab import FUNCTION_WORDS, detect_language, read_markets, read_partners, without_names
from . import meaning
from .challenges import _compiled, read_challenges
from .goal import stated_goal

if TYPE_CHECKING:
    from ..knowledge import Knowledge

Mode = Literal["rules", "meaning", "hybrid"]

# A clause ends at a sentence end, a semicolon, a dash between spaces, a colon, or a joining word
# that starts a new statement ("..., and the stores resist", "ale", "however").
_BREAK = re.compile(
    r"(?<=[.!?;])\s+|\n+|\s+[-\u2013\u2014]\s+|"
    r",?\s+(?:but|ale|however|jednak|natomiast|za to|whereas|although|chociaz|choc|poza tym|besides|on top of that|"
    r"a do tego|do tego|plus)\s+|,\s+(?:and|i|a|oraz|so|wiec|yet|because|bo|poniewaz)\s+"
)
MEANING_MARGIN = 0.05  # how far above "no problem" a clause must score to state a problem by meaning alone
CLEAR = 0.15  # a meaning this far above "no problem" outweighs the rules' words in its clause
INFERRED = 0.7  # the confidence of a problem inferred from the process alone: below SURE
SURE = 0.75  # below this confidence the reading is unsure and the chat asks first
NAMED = 0.7  # a process named by the client's own words ("zamówienia", "refunds")


@dataclass(frozen=True)
class Clause:
    """One clause of the client's text: where it stands and what it says, as written."""

    start: int
    end: int
    text: str


def clauses(text: str) -> list[Clause]:
    """The clauses of a text, leaving out sentences aimed at a model."""
    folded = sentence_text(fold_aligned(text))  # "ok. 300", "np. Allegro": no sentence ends there
    injection = _compiled(tuple(reading_cues().injection))
    found, start = [], 0
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
            found.append(Clause(offset, offset + len(words), words))
        start = brk.end() if brk else len(text)
    return found


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


def _settled(clause: Clause) -> bool:
    """A clause that says the matter is fine, denies a problem, or says it is in place states no problem."""
    folded = fold(clause.text)
    return bool(_DENIED.search(folded)) or has_stem(folded, tuple(reading_cues().solved))


@dataclass(frozen=True)
class Parts:
    """A text's clauses, read once: all of them, those that may state a problem, and those that say it is settled."""

    all: tuple[Clause, ...]
    live: tuple[int, ...]  # indexes of the clauses that are neither settled nor facts only
    settled: tuple[int, ...]


@lru_cache(maxsize=1024)
def parts(text: str) -> Parts:
    """The text's clauses with what each may say (the knowledge base plays no part: `clauses`)."""
    found = tuple(clauses(text))
    settled = tuple(i for i, c in enumerate(found) if _settled(c))
    live = tuple(i for i, c in enumerate(found) if i not in settled and not facts_only(c.text))
    return Parts(found, live, settled)


def read_ahead(texts: Sequence[str], mode: Mode = "hybrid") -> None:
    """Embed every clause the meaning reads in these texts (each distinct clause once) in one call to the
    model, so that diagnosing each text after it finds its vectors remembered (`meaning.embed`): many
    texts read together cost the model's start-up once, and each reading stays the one of its text alone."""
    if mode != "rules" and meaning.available():
        read = (parts(text) for text in dict.fromkeys(texts))
        meaning.embed(list(dict.fromkeys(p.all[i].text for p in read for i in p.live)))


_INDEXES: dict[tuple[int, str], meaning.Index] = {}


def _challenge_index(kb: Knowledge) -> meaning.Index:
    """The challenges' examples, embedded once per knowledge base."""
    key = (id(kb), "challenges")
    if key not in _INDEXES:
        _INDEXES[key] = meaning.Index.build(
            [(k, t) for k, texts in kb.challenge_examples.items() for t in texts.en + texts.pl]
        )
    return _INDEXES[key]


def _process_index(kb: Knowledge) -> meaning.Index:
    """The processes' examples, with the "no problem" examples as `other`, embedded once per knowledge base."""
    key = (id(kb), "processes")
    if key not in _INDEXES:
        none = kb.challenge_examples["none"]
        pairs = [(p.key.value, t) for p in kb.processes for t in p.examples.en + p.examples.pl]
        _INDEXES[key] = meaning.Index.build(pairs + [("other", t) for t in none.en + none.pl])
    return _INDEXES[key]


def _confidence(margin: float) -> float:
    """A margin over "no problem" as a confidence: 0.5 at the threshold, near 1 at twice it."""
    return round(max(0.0, min(0.99, 0.5 + (margin - MEANING_MARGIN) * 4)), 2)


def read_problems(text: str, kb: Knowledge, mode: Mode = "hybrid") -> list[ProblemReading]:
    """The problems a text states, strongest first, each with its confidence and its clause."""
    read = parts(text)
    by_meaning = _by_meaning(read, kb) if mode != "rules" and meaning.available() else {}
    by_rules = _by_rules(text, read.all, kb) if mode != "meaning" else {}
    found: dict[str, ProblemReading] = {}
    order: dict[str, int] = {}
    for i in read.live:
        clause = read.all[i]
        rule_keys = by_rules.get(i, [])
        meant = by_meaning.get(i)
        readings = _clause_readings(rule_keys, meant)
        for key, confidence in readings:
            if key not in found or found[key].confidence < confidence:
                found[key] = ProblemReading(key=key, confidence=confidence, evidence=clause.text)
                order.setdefault(key, i)
    ranked = sorted(found.values(), key=lambda p: (p.confidence < SURE, order[p.key]))
    return ranked[:4]


def _clause_readings(rule_keys: list[str], meant: tuple[str, float] | None) -> list[tuple[str, float]]:
    """One clause's problems with their confidence: both readers agreeing is surest; a clear meaning
    that the rules' words contradict wins over them, else the rules' words stand."""
    if meant is None:
        return [(key, 0.8) for key in rule_keys]
    key, margin = meant
    if key in rule_keys or not rule_keys:
        return [(key, 0.95 if key in rule_keys else _confidence(margin))]
    if margin >= CLEAR:
        return [(key, _confidence(margin))]
    return [(k, 0.8) for k in rule_keys]


def _by_meaning(read: Parts, kb: Knowledge) -> dict[int, tuple[str, float]]:
    """For each live clause, the problem its meaning states and its margin over "no problem"."""
    if not read.live:
        return {}
    index = _challenge_index(kb)
    out = {}
    for i, scores in zip(read.live, index.scores(meaning.embed([read.all[i].text for i in read.live])), strict=True):
        best = max((k for k in index.keys if k != "none"), key=scores.__getitem__)
        margin = scores[best] - scores["none"]
        if margin >= MEANING_MARGIN:
            out[i] = (best, margin)
    return out


def _by_rules(text: str, found: Sequence[Clause], kb: Knowledge) -> dict[int, list[str]]:
    """For each clause, the challenges the rules find in it."""
    out: dict[int, list[str]] = {}
    for finding in read_challenges(text, None if kb is _shipped() else kb):
        for a, _ in finding.spans:
            i = next((i for i, c in enumerate(found) if c.start <= a < c.end or a <= c.start < c.end), None)
            if i is not None and finding.key not in out.setdefault(i, []):
                out[i].append(finding.key)
    return out


def _shipped() -> Knowledge:
    from ..knowledge import load_knowledge

    return load_knowledge()


def read_process(text: str, kb: Knowledge, mode: Mode = "hybrid") -> ProcessReading | None:
    """The process that breaks: the clause that reads most clearly as one by meaning, unless the
    words that name a process ("refunds", "zamówienia") point elsewhere; with the client's objects."""
    read = parts(text)
    live = [read.all[i] for i in read.live]
    if not live:
        return None
    named = [(i, key) for i, c in enumerate(live) for key in _named(c.text, kb)]
    by_meaning = mode != "rules" and meaning.available()
    rows = _process_index(kb).scores(meaning.embed([c.text for c in live])) if by_meaning else []
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
    spec = next(p for p in kb.processes if p.key.value == key)
    return ProcessReading(
        key=Process(key),
        confidence=confidence,
        evidence=live[i].text,
        objects=objects(live[i].text, spec.words, detect_language(text) == "pl"),
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
    channels states no shared data, whatever a clause's faint reading says. A problem inferred so is never
    sure by itself (naming a process is not saying it fails): the chat confirms it first."""
    if process is None or process.confidence < NAMED or any(p.confidence >= SURE for p in problems):
        return problems
    key = next(p.problem for p in kb.processes if p.key == process.key)
    led = ProblemReading(key=key, confidence=min(process.confidence, INFERRED), evidence=process.evidence)
    return [led, *(p for p in problems if p.key != key)][:4]


def diagnose(text: str, kb: Knowledge, mode: Mode = "hybrid") -> Diagnosis:
    """What one text says breaks: problems, process and objects, what is in place, markets, partners, question."""
    read = parts(text)
    process = read_process(text, kb, mode)
    problems = _after_process(read_problems(text, kb, mode), process, kb)
    sure = bool(problems) and problems[0].confidence >= SURE
    outlets = read_outlets(text)
    return Diagnosis(
        problems=problems,
        process=process,
        in_place=[read.all[i].text for i in read.settled][:8],
        question=read_question(text),
        goal=stated_goal(text),
        markets=read_markets(text),
        partners=read_partners(text),
        outlet_word=outlets.word,
        counts=outlets.counts,
        confident=sure,
        reader="rules" if mode == "rules" or not meaning.available() else "meaning",
    )
