"""Plan-quality graders: clean text, a plan that holds together and advice that fits the firm.

They grade what a reader notices at once (a "manager(s)" hack, "Model Model", "a omnichannel",
"12.7 etatu" in a Polish plan, a stray bracket, a plan in two languages, "Wyznacz" where a Polish
plan says "Wyznaczcie" to the client's team), the consistency
checks every plan must pass, advice that does not apply (click & collect for an insurer, a
board in a 6-person firm) and the language a case expects when the profile names none.
They are *quality* graders, reported in their own table and gated like the method graders: the offline
planner passes all of them on every eval case.
The goods-only and small-firm words are data, in `applicability.yaml` beside this module.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..consistency import skills_problems, team_problems
from ..words.inflect import second_person_singular
from ..words.text import fold, stem_hits
from ..words.vocab import language_evidence
from .cases import Case
from .grading import SMALL_FIRM, GradingContext, Plan, detect_language, grader, plan_texts

FOREIGN_SHARE = 0.1  # a plan with more of its texts in the other language than this is mixed
MIN_EVIDENCE = 3  # function words a text needs before its language is judged

_HACK = re.compile(r"\((?:s|es|ów|ow|y|a|e|i|ki|ka|owie|ego|ej)\)", re.I)
_DOUBLED = re.compile(r"\b(\w\w+) \1\b", re.I)
_A_VOWEL = re.compile(r"\ba\s+(?!(?:uni|use|usu|usa|eu|one|once|u\b|e-?mail)\w*)(?=[aeiou])", re.I)
_DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.]*\.\d)(?!\w)")
_PAIRS = (("(", ")"), ("[", "]"), ("„“", "”"))  # Polish „…” and English “…” quotes close alike
_BRACKETED_LINE = re.compile(r"^.*[()\[\]„“”].*$", re.M)
_WORD_END = re.compile(r"[^\W\d_]+$")
_STRAY = re.compile(r"[,;:][ \t]*[,;:.]|[ \t][,;:.)](?!\w)|\([ \t]*\)")
MIN_JUDGED_WORDS = 8  # shorter texts (names, labels, KPIs) carry too few function words to judge


@lru_cache(maxsize=1)
def applicability_words() -> dict[str, dict[str, tuple[str, ...]]]:
    """The word lists of `applicability.yaml`, folded: {list: {language: stems}}."""
    import yaml

    data = yaml.safe_load((Path(__file__).with_name("applicability.yaml")).read_text(encoding="utf-8"))
    return {
        name: {lang: tuple(fold(w) for w in words) for lang, words in by_lang.items()} for name, by_lang in data.items()
    }


def _word_before(text: str, at: int) -> str:
    """The letters that end text[:at] (looking at most 40 characters back)."""
    found = _WORD_END.search(text[max(0, at - 40) : at])
    return found.group(0) if found else ""


def text_defects(text: str, language: str) -> list[str]:
    """The defects a reader trips over, each named with the words at fault (texts may be joined by newlines)."""
    found = [
        f"plural/gender hack {_word_before(text, m.start()) + m.group(0)!r}"
        for m in _HACK.finditer(text)
        if text[m.start() - 1 : m.start()].isalpha()
    ]
    found += [f"doubled word {m.group(0)!r}" for m in _DOUBLED.finditer(text) if not m.group(1).isdigit()]
    if language == "en":
        found += [f"'a' before a vowel sound in {text[m.start() : m.end() + 12]!r}" for m in _A_VOWEL.finditer(text)]
    else:
        found += [f"decimal point in a Polish number {m.group(0)!r}" for m in _DECIMAL_POINT.finditer(text)]
    for line in _BRACKETED_LINE.findall(text):
        found += [
            f"unbalanced {left[0]}{right} in {line[:60]!r}"
            for left, right in _PAIRS
            if sum(map(line.count, left)) != line.count(right)
        ]
    found += [
        f"stray punctuation {m.group(0).strip()!r} in {_around(text, m.start())!r}" for m in _STRAY.finditer(text)
    ]
    return found


def _around(text: str, at: int) -> str:
    """The line of `text` around position `at`, shortened."""
    start = text.rfind("\n", 0, at) + 1
    return text[start : start + 60]


def foreign_texts(texts: list[str], language: str) -> list[str]:
    """The texts clearly written in the other language (enough function words, none of the plan's)."""
    foreign = []
    for text in texts:
        polish, english = language_evidence(text)
        other, own = (english, polish) if language == "pl" else (polish, english)
        if other >= MIN_EVIDENCE and own == 0:
            foreign.append(text)
    return foreign


@grader("text_hygiene", quality=True)
def text_hygiene(plan: Plan, case: Case, context: GradingContext) -> tuple[bool, str]:
    """No "(s)"/"(ów)" hacks, doubled words, "a omnichannel", "12.7 etatu", stray brackets, or mixed languages."""
    texts = plan_texts(plan)
    defects = text_defects("\n".join(texts), plan.language)
    judged = [t for t in texts if t.count(" ") >= MIN_JUDGED_WORDS - 1]
    foreign = foreign_texts(judged, plan.language)
    if len(foreign) > FOREIGN_SHARE * len(judged):
        defects.append(
            f"mixed languages: {len(foreign)} of {len(judged)} sentences not in {plan.language}, "
            f"e.g. {foreign[0][:60]!r}"
        )
    if defects:
        return False, "; ".join(dict.fromkeys(defects))
    return True, f"{len(texts)} texts without hacks, doubled words, stray punctuation or another language"


@grader("address_form", quality=True)
def address_form(plan: Plan, case: Case, context: GradingContext) -> tuple[bool, str] | None:
    """A Polish plan addresses the client's team as "wy" ("Wyznaczcie"), never one person ("Wyznacz")."""
    if plan.language != "pl":
        return None
    found = [word for text in plan_texts(plan) for word in second_person_singular(text)]
    if found:
        return False, f"addressed to one person (ty): {', '.join(dict.fromkeys(found))}"
    return True, "the client's team is addressed in the plural (wy) throughout"


@grader("consistency", quality=True)
def consistency(plan: Plan, case: Case, context: GradingContext) -> tuple[bool, str]:
    """The plan holds together (`assistant.consistency`): owners exist, FTE adds up, no phantom committee."""
    problems = team_problems(plan, plan.profile) if plan.kind == "team" else skills_problems(plan, plan.profile)
    return (False, "; ".join(problems)) if problems else (True, "consistent")


@grader("applicability", quality=True)
def applicability(plan: Plan, case: Case, context: GradingContext) -> tuple[bool, str] | None:
    """No goods-only advice for a services firm; no board, committee or textbook 5-8-person pilot in a firm under 10."""
    small = plan.profile.employees < SMALL_FIRM
    if case.expect.offer != "services" and not small:
        return None
    words = applicability_words()
    folded = " \n ".join(fold(t) for t in plan_texts(plan))
    problems = []
    if case.expect.offer == "services":
        hits = {stem for _, _, stem in stem_hits(folded, words["goods_only"][plan.language])}
        problems += [f"goods-only advice for a services firm: {', '.join(sorted(hits))}"] if hits else []
    if small:
        hits = {stem for _, _, stem in stem_hits(folded, words["small_firm_bodies"][plan.language])}
        problems += [f"{', '.join(sorted(hits))} in a firm of {plan.profile.employees}"] if hits else []
        size = plan.pilot.team_size if plan.kind == "team" else 0
        textbook = 5 <= size <= 8 and size != plan.profile.employees  # the whole micro firm is its pilot
        if textbook or re.search(r"\b5\s*[-–]\s*8\b", folded):
            pilot = f" ({size})" if size else ""  # a skills plan has no pilot, only its text to read
            problems.append(f"a 5-8-person pilot{pilot} in a firm of {plan.profile.employees}")
    return (False, "; ".join(problems)) if problems else (True, "advice fits the firm's offer and size")


@grader("expected_language", quality=True)
def expected_language(plan: Plan, case: Case, context: GradingContext) -> tuple[bool, str] | None:
    """With no language in the profile, the plan is in the language the case expects (e.g. a Polish request)."""
    wanted = case.expect.language
    if wanted is None or "language" in case.profile:
        return None
    found = detect_language(plan_texts(plan))[0]
    if plan.language != wanted or found != wanted:
        return False, f"labelled {plan.language}, written in {found}; the request was in {wanted}"
    return True, f"written in {wanted}, as the request was"
