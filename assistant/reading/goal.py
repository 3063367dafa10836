"""The quarter's goal as a measurable target, read from the client's words: "from 21 to 10 days by
end of Q3", "z 6 do 4 tygodni do końca Q1", "from 4% of orders to under 1.5%".

`read_goal` reads a goal the client gave as such (the profile's field); `stated_goal` finds one
in a free text, in the last sentence that both names a goal ("goal", "cel", "chcemy", "we want")
and moves a number from one value to another. A goal is never invented.
"""

from __future__ import annotations

import re
from typing import Literal

from ..diagnosis import Goal
from ..words.inflect import inflect
from ..words.text import clean_phrase, fold_aligned, has_stem, reading_cues

# what a goal moves, from one value to another, a few words between allowed; "9,000" and "9 000" are thousands
_NUMBER = r"(\d{1,3}(?:[, ]\d{3})+(?![\d.,])|\d+(?:[.,]\d+)?)"
_NOT_A_UNIT = r"(?!(?:by|until|before|within|in|of|w|do|przed|od|and|i|or|lub)\b)"  # the word after a number
_UNIT = rf"(%|(?:a|an|per|na)\s+[^\W\d]+|w\s+(?:miesi[aą]cu|tygodniu|roku|kwartale|dniu)\b|{_NOT_A_UNIT}(?:working\s+|business\s+)?[^\W\d]+(?:\s+roboczych)?)?"
_ABOUT = r"(?:ok\.\s*|about\s+|~\s*)?"
_FROM_TO = re.compile(
    rf"[\s(](?:from|z|ze|od)\s+{_ABOUT}{_NUMBER}\s*{_UNIT}(?:/\w+)?(?:\s+(?!\d+\b)[^\s,;.]+){{0,6}}?\s+"
    rf"(?:to|do|na)\s+(?:ok\.\s*|about\s+|~\s*|under\s+|below\s+|over\s+|above\s+|ponizej\s+|poniżej\s+|powyzej\s+|powyżej\s+)?{_NUMBER}\s*{_UNIT}(?=[\s,.;)]|$)",
    re.I,
)
# "within 1 day instead of 3 days", "w 1 dzień zamiast 3 dni": the target first, then today's value
_INSTEAD = re.compile(
    rf"\s(?:within|in|under|below|to|w|do|poniżej|w\s+ciągu)?\s*{_NUMBER}\s*{_UNIT}\s+"
    rf"(?:instead\s+of|rather\s+than|zamiast|a\s+nie)\s+{_ABOUT}{_NUMBER}\s*{_UNIT}(?=[\s,.;]|$)",
    re.I,
)
# "90% within 48 hours (today about 55%)", "zero zamówień bez towaru; dziś ok. 6 w miesiącu": the target, then today's
_TODAY = re.compile(
    rf"[\s(;,:–-]+(?:today|now|currently|at present|dzi[sś](?:iaj)?|obecnie|teraz|aktualnie)\s*(?:is\s+|jest\s+|"
    rf"wynosi\s+|:\s*)?{_ABOUT}{_NUMBER}\s*{_UNIT}\)?(?=[\s,.;)]|$)",
    re.I,
)
_VALUE = re.compile(rf"(?<![\w.,]){_NUMBER}\s*{_UNIT}(?=[\s,.;)]|$)", re.I)
_ZERO = re.compile(r"(?<!\w)(?:zero|none|no)(?!\w)\s*", re.I)  # a target of none: "zero zamówień", "no oversold orders"
_DUE = re.compile(
    r"\b(?:by|until|before)\s+((?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?(?:Q[1-4]|quarter|(?:financial|fiscal|school|academic"
    r"|calendar|tax)\s+year|[A-Z][a-z]+(?:\s+\d{4})?|\d{4}))"
    r"|\b((?:do|przed)\s+(?:ko[nń]ca\s+)?(?:Q[1-4]|[IV]+\s+kwarta\w+|kwarta\w+|\d{1,2}\s+[a-ząćęłńóśźż]+|\w+\s+\d{4}"
    r"|roku\s+(?:finansowego|szkolnego|obrotowego)|[a-ząćęłńóśźż]+)|w\s+Q[1-4]|w\s+sezonie(?:\s+[a-ząćęłńóśźż]+)?"
    r"|in\s+(?:the\s+)?(?:\w+\s+)?season)",
    re.I,
)
_ASIDE = re.compile(r"\s*\([^()]*\)")  # a date's aside in brackets, part of the date
_UNITS = {"procent": "%", "percent": "%", "pp": "pp"}


def read_goal(text: str) -> Goal:
    """The goal as a measurable target: the whole clause, and its metric, numbers, unit and date where given.
    The date is not part of the metric ("do końca marca przepadnięte zamówienia z 6 do 0" measures
    "przepadnięte zamówienia", due "do końca marca"); "within 1 day instead of 3 days" has 3 days as its baseline."""
    whole = clean_phrase(text)
    padded = f" {whole}"
    found = _FROM_TO.search(padded) or _INSTEAD.search(padded)
    numbers = (found.start() - 1, found.end() - 1) if found else (0, 0)
    dated = next((d for d in _DUE.finditer(whole) if d.end() <= numbers[0] or d.start() >= numbers[1]), None)
    aside = _ASIDE.match(whole, dated.end()) if dated else None  # "do końca sezonu (październik)"
    span = (dated.start(), aside.end() if aside else dated.end()) if dated else (0, 0)
    due = whole[dated.start(1 if dated.group(1) else 2) : span[1]] if dated else None
    padded = f" {_without(whole, span)}" if dated else padded
    found, instead = _FROM_TO.search(padded), _INSTEAD.search(padded)
    if found is None and instead is None:
        today = _TODAY.search(padded)
        return _from_today(padded, today, whole, due) if today else _by_amount(padded.strip(), whole, due)
    if found is not None:
        low, unit_a, high, unit_b = found.groups()
        start = found.start()
    else:
        assert instead is not None
        high, unit_b, low, unit_a = instead.groups()
        start = instead.start()
    unit = (unit_b or unit_a or "").strip()
    metric = _balanced(_after_verb(_last_part(clean_phrase(padded[:start]).rstrip(" ,;:-–(")))) or whole
    return Goal(
        text=whole,
        metric=metric,
        baseline=_number(low),
        target=_number(high),
        unit=_UNITS.get(unit.lower(), unit) or None,
        due=due,
    )


def _number(text: str) -> float:
    """A number as the client wrote it: "9,000" and "9 000" are thousands, "1,5" is a decimal comma."""
    if re.fullmatch(r"\d{1,3}(?:[, ]\d{3})+", text):
        return float(re.sub(r"[, ]", "", text))
    return float(text.replace(",", "."))


def _from_today(text: str, today: re.Match[str], whole: str, due: str | None) -> Goal:
    """A goal that states its target, then today's value after it ("90% within 48 hours (today 55%)",
    "zero zamówień bez towaru; dziś ok. 6 w miesiącu"): the target is the first value before it in today's unit,
    else none where the goal asks for zero. The metric is what comes before today's value, after a target that
    leads it (then back in the nominative: "zamówienia bez towaru")."""
    baseline, unit = _number(today.group(1)), (today.group(2) or "").strip()
    before = text[: today.start()].strip()
    values = [v for v in _VALUE.finditer(before) if (v.group(2) or "").strip().lower() == unit.lower()]
    zero = _ZERO.match(before)
    target = _number(values[0].group(1)) if values else (0.0 if zero else None)
    leading = values[0].end() if values and values[0].start() == 0 else zero.end() if zero and not values else 0
    metric = clean_phrase(before[leading:]).strip(" ,;:-–(")
    metric = inflect(metric, "nom") if leading else _after_verb(metric)
    return Goal(
        text=whole,
        metric=metric or None,
        baseline=baseline,
        target=target,
        unit=_UNITS.get(unit.lower(), unit) or None,
        due=due,
    )


_BY = re.compile(rf"\s(?:o|by)\s+{_ABOUT}{_NUMBER}\s*{_UNIT}(?=[\s,.;]|$)", re.I)


def _by_amount(text: str, whole: str, due: str | None) -> Goal:
    """A goal that changes its metric by an amount, today's value unstated: "zwiększyć sprzedaż online o 15%"
    measures "sprzedaż online", +15 %; "reduce returns by 10%" measures "returns", -10 %. Else the goal as written."""
    cues = reading_cues()
    folded = fold_aligned(text)
    for found in _BY.finditer(f" {text}"):
        verbs = [(m, sign) for sign, stems in ((1, cues.rise), (-1, cues.fall)) for m in _stems(folded, stems)]
        verbs = [(m, sign) for m, sign in verbs if m.end() <= found.start() - 1]
        if not verbs:
            continue
        verb, sign = max(verbs, key=lambda v: v[0].end())
        metric = clean_phrase(text[verb.end() : found.start() - 1]).strip(" ,;:-–")
        if metric:
            amount, unit = float(found.group(1).replace(",", ".")), (found.group(2) or "").strip()
            return Goal(
                text=whole, metric=metric, change=sign * amount, unit=_UNITS.get(unit.lower(), unit) or None, due=due
            )
    return Goal(text=whole, due=due)


_WHEN = re.compile(r"^(?:(?:w|in)\s+(?:tym\s+|this\s+)?(?:kwartale|quarter|q[1-4])|this\s+quarter)\s*,?\s*")


def _after_verb(metric: str) -> str:
    """The metric without the goal's leading verb (and a "this quarter" before it), as its subject:
    "skrócić czas zwrotów" measures "czas zwrotów", "w tym kwartale zmniejszyć liczbę sporów" measures
    "liczba sporów" (the noun back in the nominative)."""
    cues = reading_cues()
    folded = fold_aligned(metric)
    lead = _WHEN.match(folded)
    at = lead.end() if lead else 0
    verb = next((m for m in _stems(folded, [*cues.rise, *cues.fall]) if m.start() == at), None)
    rest = metric[verb.end() :].strip() if verb else ""
    if not rest:
        return metric
    return inflect(rest, "nom") if verb and verb.group(0).endswith(_PL_VERB_END) else _ARTICLE.sub("", rest)


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)  # "cut the share of…" measures "share of…", a heading's subject
_QUOTES = (("'", "'"), ('"', '"'), ("„", "”"), ("“", "”"), ("‘", "’"), ("«", "»"))


_JOINED = re.compile(r"(?:,|;|\s(?:and|i|oraz|a\s+tak[zż]e))\s+(?=\S)", re.I)


def _last_part(metric: str) -> str:
    """Of a goal that joins two aims ("publish messages within 10 minutes and cut Delay Repay processing"), the
    aim the numbers that follow measure: the last part that opens with a verb of change."""
    cues = reading_cues()
    folded = fold_aligned(metric)
    starts = [m.end() for m in _JOINED.finditer(folded)]
    verbs = {m.start() for m in _stems(folded, [*cues.rise, *cues.fall])}
    return next((metric[at:] for at in reversed(starts) if at in verbs), metric)


def _balanced(metric: str) -> str:
    """The metric with a quote it opens closed: the goal's numbers may follow the quote's end ("liczba reklamacji
    'cena inna niż w aplikacji' z 900 do 200" measures the quoted complaint, quote and all)."""
    for opening, closing in _QUOTES:
        marks = re.sub(r"(?<=\w)['’](?=\w)", "", metric) if opening in "'’" else metric  # "control's" opens none
        opened = marks.count(opening) % 2 if opening == closing else marks.count(opening) - marks.count(closing)
        if opened > 0:
            metric += closing
    return metric


_BOUND = re.compile(r"\b(under|below|over|above|ponizej|powyzej)\s+(?:ok\.\s*|about\s+|~\s*)?(\d+(?:[.,]\d+)?)")
_BOUNDS: dict[str, Literal["below", "above"]] = {
    "under": "below",
    "below": "below",
    "ponizej": "below",
    "over": "above",
    "above": "above",
    "powyzej": "above",
}


def bound_of(goal: Goal) -> Literal["below", "above"] | None:
    """Whether the goal's target is a bound, not a value ("to under 1%", "do poniżej 1%"): "below" or "above"."""
    if goal.target is None:
        return None
    for found in _BOUND.finditer(fold_aligned(goal.text)):
        if float(found.group(2).replace(",", ".")) == goal.target:
            return _BOUNDS[found.group(1)]
    return None


_EN_VERB_END = frozenset({"", "s", "d", "ed", "e", "es"})  # "cut(s)", "reduce(d)"
_PL_VERB_END = ("c", "my", "cie")  # "zwiększyć", "obniżymy", "skróćcie" (folded)


def _stems(folded: str, stems: list[str]) -> list[re.Match[str]]:
    """Each whole word of the folded text that is a verb form of one of the stems ("increase", "zwiekszyc";
    not "customer" for "cut" nor "improvement" for "improve")."""
    found = (m for stem in stems for m in re.finditer(rf"\b{re.escape(stem)}\w*", folded))
    rests = ((m, m.group(0)[len(_stem_of(m.group(0), stems)) :]) for m in found)
    return [m for m, rest in rests if rest in _EN_VERB_END or rest.endswith(_PL_VERB_END)]


def _stem_of(word: str, stems: list[str]) -> str:
    return max((s for s in stems if word.startswith(s)), key=len)


def _without(text: str, span: tuple[int, int]) -> str:
    """The text with one span cut out, its spaces and a dangling comma tidied."""
    cut = f"{text[: span[0]]} {text[span[1] :]}"
    return re.sub(r"\s+([,.;])|\s{2,}", lambda m: m.group(1) or " ", cut).strip(" ,;")


_LEAD = re.compile(r"^.*?\b(?:goal|target|cel|celem)\b[^:]*:\s*", re.I)


def stated_goal(text: str) -> Goal | None:
    """The goal a free text states (see the module), or None."""
    folded = fold_aligned(text)
    cues = tuple(reading_cues().goal)
    for found in reversed(list(_FROM_TO.finditer(f" {text}"))):
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, max(0, found.start() - 1))), default=0)
        stop = next((m.start() for m in _SENTENCE_END.finditer(text, found.end() - 1)), len(text))
        if has_stem(folded[start:stop], cues):
            return read_goal(_LEAD.sub("", text[start:stop].strip()))
    return None


_SENTENCE_END = re.compile(r"(?<!\d)[.!?](?=\s|$)|\n")  # not the point of "1.5%"
