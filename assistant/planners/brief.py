"""The board brief of a plan: built from the plan, the `Diagnosis` and the practice data.

It says what breaks in the client's words, answers the client's own question, recommends the
team the plan staffed (sized by the staffing table) and costs it by the salary bands, always as
an estimate; it turns the client's goal into the headline KPI (never inventing one), builds the
three actions around the process that breaks, names the three risks most specific to this
company and who decides what. Any planner's plan gets one: the offline planner passes its own
three actions, another planner's are taken as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from ..brief import Brief, BriefAction, BriefRisk, Decision, Estimate, Measure, Staffed, Staffing, TeamLine
from ..diagnosis import Diagnosis
from ..knowledge.practice import Country, Practice, ProcessSpec
from ..plans import Action, SkillsPlan, TeamPlan
from ..reading.context import Context, say
from ..reading.diagnosis import SURE
from ..reading.goal import bound_of
from ..resources import read_yaml
from ..terms import Language
from ..words.inflect import Case, counted, declinable, gender, inflect, nominal_start, plural
from ..words.phrasebook import Phrasebook
from ..words.text import fold, has_stem, lower_first, quotes_client
from ..words.wording import fill_map, listing, number, plural_category, unit_noun
from .fit import risk_words
from .moves import Move, chosen_moves
from .practised import as_object, practice_facts, practised
from .staffing import (
    cap_of,
    role_cost,
    rounded,
    size_reasoning,
    staffed_as,
    tools_cost,
    total,
    users_of,
)

brief_say = Phrasebook(Path(__file__).with_name("brief.yaml"))
_CASES: tuple[Case, ...] = ("gen", "dat", "acc", "inst", "loc")
_PRACTICE_HOURS = 26  # two hours a week for thirteen weeks
_WORK_HOURS_A_YEAR = 1760
PROCESS_SURE = 0.7  # a process read less surely than this does not carry the actions: the problem does
PILOT_TWO_PLACES_FROM = 1000  # from this head count the pilot runs in two outlets, as the method's pilot does
ASSUMED_TEAM = 8  # people in a skills programme when the client gives no team size


@lru_cache(maxsize=1)
def _channel_words() -> dict[str, dict[str, dict[str, str]]]:
    return read_yaml(Path(__file__).with_name("channel_words.yaml"))


def mid(text: str, lang: Language) -> str:
    """A Polish title used mid-sentence starts in lower case ("prowadzi go menedżer ..."); English keeps it."""
    if lang == "pl" and text[:2] != text[:2].upper():
        return text[:1].lower() + text[1:]
    return text


def quote(text: str, lang: Language) -> str:
    """The client's whole clause in the language's quotation marks."""
    text = re.sub(r"\s+", " ", text).strip().strip('"„”“»«').rstrip(".")
    return f"„{text}”" if lang == "pl" else f"“{text}”"


_NOT_A_NAME = frozenset(
    "see sees saw when where which who other others our their its the a an then also get gets".split()
)


_NOT_AN_END = frozenset("for of to in on at with about from by and or".split())


def object_words(words: str, lang: Language) -> str:
    """The client's word for the thing that breaks, as a sentence uses it: without a verb or function word before
    it, and not capitalised mid-sentence."""
    if lang == "pl":
        words = inflect(nominal_start(words), "nom")
    else:
        tokens = words.split()
        while len(tokens) > 1 and tokens[0].lower() in _NOT_A_NAME:
            tokens = tokens[1:]
        while len(tokens) > 1 and tokens[-1].lower() in _NOT_AN_END:
            tokens = tokens[:-1]  # "credit for" names the credit
        words = " ".join(tokens)
    return lower_first(words)


_UNCOUNTED_EN = frozenset("data information stock feedback equipment software inventory".split())


def plural_en(phrase: str) -> str:
    """An English noun phrase with its head in the plural, as the sentences speak of the thing: "move order" →
    "move orders", "enquiry" → "enquiries"; a plural head or a mass noun ("customer data") stays."""
    head = phrase.split()[-1] if phrase.split() else ""
    low = head.lower()
    if not low.isalpha() or low in _UNCOUNTED_EN or (low.endswith("s") and not low.endswith("ss")):
        return phrase
    if low.endswith("y") and low[-2:-1] not in tuple("aeiou"):
        return phrase[:-1] + "ies"
    return phrase + ("es" if low.endswith(("ss", "x", "ch", "sh")) else "s")


_COUNT = re.compile(r"(\d[\d\s.,]*)\s+(?=[^\W\d])")


def inflect_counted(phrase: str, case: Case) -> str:
    """A Polish phrase in this case, a count before it kept and its noun put in the plural the count asks for:
    "11 składów" → "11 składami", "12 piekarni" → "12 piekarniach"; a phrase without a count as `inflect` has it."""
    found = _COUNT.match(phrase)
    if found is None:
        return inflect(phrase, case)
    rest = phrase[found.end() :]
    one = found.group(1).strip() == "1"
    return f"{found.group(1).strip()} {inflect(rest, case, None if one else 'pl')}"


def _with_vowel(preposition: str, following: str) -> str:
    """Polish z and w before a consonant cluster take a vowel: "ze sklepu", "we Wrocławiu"."""
    first, second = following[:1].lower(), following[1:2].lower()
    clusters = {"z": "szźżś", "w": "wf"}
    if first in clusters.get(preposition, "") and second and second not in "aeiouyąęó":
        return preposition + "e"
    return preposition


class Words:
    """The names the brief's sentences use for one company: the thing that breaks, its channels,
    outlets and people, each in the form the sentence needs."""

    def __init__(self, ctx: Context, diagnosis: Diagnosis, practice: Practice):
        self.ctx, self.diagnosis, self.practice, self.lang = ctx, diagnosis, practice, ctx.lang
        read = diagnosis.process if diagnosis.process and diagnosis.process.confidence >= PROCESS_SURE else None
        self.read = read
        self.process: ProcessSpec | None = practice.process(read.key.value) if read else None
        self.outlets = diagnosis.outlet_word or str(ctx.facts["outlets"])
        # the departments the client names, those a Polish sentence can put in a case
        self.involved = [i for i in diagnosis.involved if self.lang == "en" or declinable(i)]
        client_object = object_words(read.objects[0], self.lang) if read and read.objects else None
        if client_object and (
            declinable(client_object) if self.lang == "pl" else not self._singular_default(client_object)
        ):
            self.object = plural(client_object) if self.lang == "pl" else plural_en(client_object)
        elif self.process:
            self.object = self.process.object(self.lang)
        else:
            self.object = brief_say("object_default", self.lang)
        self.facts = self._facts()
        self.moves: list[Move] = (
            chosen_moves(self.process, practice, ctx.profile.challenge, self.lang) if self.process else []
        )

    @property
    def traced(self) -> bool:
        """Whether the actions open by tracing recent cases: the process is named, but not how it breaks."""
        return self.read is not None and not self.moves

    def _singular_default(self, words: str) -> bool:
        """Whether the client's English word is the singular of the process's own, alone ("case" for "customer
        cases"): the sentences speak of the thing in the plural, so the process's word serves them better."""
        if self.lang != "en" or self.process is None or " " in words.strip():
            return False
        default = self.process.object("en").split()[-1:]
        return bool(default) and plural_en(words).lower() == default[0].lower()

    @property
    def named(self) -> bool:
        """Whether the diagnosis names the process that breaks (else the brief speaks of the problem)."""
        return self.process is not None

    @property
    def counted_case(self) -> str | None:
        """What the process counts one by one where its object is not counted so, on the client's object
        ("changes to customer data"); None where the object is counted as it is."""
        case = self.process.case if self.process else None
        if case is None:
            return None
        gen = inflect(self.object, "gen") if self.lang == "pl" else self.object
        return fill_map(case(self.lang), self.lang, {"object": self.object, "object_gen": gen})

    def cases_of(self, thing: str) -> dict[str, str]:
        """{cases} of the thing (`cases_of`), counted as the process counts it where the thing is not counted so."""
        return cases_of(thing, self.lang, self.counted_case)

    def say(self, key: str, **facts: object) -> str:
        return brief_say.with_facts(key, self.lang, {**self.facts, **facts})

    def fill(self, template: str, **facts: object) -> str:
        return fill_map(template, self.lang, {**self.facts, **facts} if facts else self.facts)

    def _nouns(self) -> list[tuple[str, dict[str, str]]]:
        """Each channel's noun (Polish: nominative) and its preposition, the known channels first."""
        words = _channel_words()
        out = []
        services = self.ctx.traits.offer == "services"
        for channel in self.ctx.profile.channels:
            entry = dict(words[channel.value][self.lang])
            noun = entry.get("services_noun", entry["noun"]) if services else entry["noun"]
            out.append((noun.format(outlets=self.outlets), entry))
        at = "w" if self.lang == "pl" else "in"
        out += [(other, {"noun": other, "at": at, "case": "loc"}) for other in self.ctx.profile.other_channels]
        return out

    @property
    def channel_names(self) -> list[str]:
        """The channels as a line names them, without an article: "branches, the app" → "branches, app"."""
        return [re.sub(r"^the ", "", noun) for noun, _ in self._nouns()]

    def _from_where(self) -> str:
        """ "from the showrooms, the online shop and the phone line" / "z salonów, ze sklepu internetowego i z infolinii"."""
        nouns = self._nouns()
        if self.lang == "en":
            return "from " + listing([noun for noun, _ in nouns], "en")
        parts = []
        for noun, entry in nouns:
            gen = inflect_counted(noun, "gen")
            parts.append(f"{'od' if entry.get('at') == 'u' else _with_vowel('z', gen)} {gen}")
        return listing(parts, "pl")

    @property
    def pilot_places(self) -> int:
        """How many outlets the pilot runs in: one, two from the size where one is not representative."""
        return 1 if self.ctx.n < PILOT_TWO_PLACES_FROM else 2

    def _pilot_where(self) -> str:
        """Where the pilot runs, the one place both the action and the appendix's pilot name."""
        traits = self.ctx.traits
        if traits.micro:
            return brief_say("pilot_where_micro", self.lang)
        if not traits.physical:
            return brief_say("pilot_where_channel", self.lang)
        two = self.pilot_places == 2
        if self.lang == "en":
            return f"in {'two' if two else 'one'} of the {self.outlets}"
        if two:
            return f"w dwóch {inflect(self.outlets, 'loc', 'pl')}"
        kind = gender(self.outlets)
        if kind is None:
            return "w jednej lokalizacji"
        return f"w {'jednej' if kind == 'f' else 'jednym'} {inflect(self.outlets, 'loc', 'sg')}"

    def _facts(self) -> dict[str, object]:
        lang = self.lang
        default = "involved_default_micro" if self.ctx.traits.micro else "involved_default"
        involved = self.involved or [brief_say(default, lang)]
        close = self.process.close if self.process else None
        facts: dict[str, object] = {
            "object": self.object,
            "close": close(lang) if close else brief_say("close_default", lang),
        }
        named = self.named
        trouble = brief_say(
            "trouble" if named else "trouble_default",
            lang,
            object=self.object,
            object_inst=inflect(self.object, "inst") if lang == "pl" else self.object,
        )
        facts.update(trouble=trouble, Trouble=trouble[:1].upper() + trouble[1:])
        for case in _CASES:
            facts[f"object_{case}"] = inflect(self.object, case) if lang == "pl" else self.object
        facts.update(self.cases_of(self.object))
        between = [noun if lang == "en" else inflect_counted(noun, "inst") for noun, _ in self._nouns()]
        facts.update(
            from_where=self._from_where(),
            between=listing(between, lang),
            involved=listing(involved, lang),
            involved_gen=listing([inflect(i, "gen") for i in involved], lang) if lang == "pl" else "",
            pilot_where=self._pilot_where(),
            outlet=self.outlets,
            outlet_loc1=inflect(self.outlets, "loc", "sg") if lang == "pl" else self.outlets,
        )
        return facts


def cases_of(thing: str, lang: Language, counted: str | None = None) -> dict[str, str]:
    """ "cases of refunds" ({cases}; Polish {cases_nom}, {cases_gen}, {cases_loc}), or the client's object alone
    where it already names cases ("customer cases", "zgłoszenia"): never "cases of customer cases". A thing not
    counted case by case ("customer data", "stany magazynu") is counted as its process counts it (`counted`:
    "changes to customer records"), never "cases of customer data"."""
    cases: tuple[Case, ...] = ("gen", "loc")
    named = thing if has_stem(fold(thing), tuple(brief_say("case_nouns", lang).split())) else counted
    if named:
        forms = {f"cases_{case}": inflect(named, case) if lang == "pl" else named for case in cases}
        return {"cases": named, "cases_nom": named} | forms
    return {
        key: brief_say(
            f"cases_of_{key}", lang, object=thing, object_gen=inflect(thing, "gen") if lang == "pl" else thing
        )
        for key in ("cases", "cases_nom", "cases_gen", "cases_loc")
    }


def money(estimate: Estimate, lang: Language) -> str:
    """A range as a board reads it: "PLN 190,000–340,000" / "190–340 tys. zł" (one figure when both ends meet)."""
    low, high = estimate.low, estimate.high
    if lang == "pl":
        unit = "zł" if estimate.currency == "PLN" else estimate.currency
        scale, suffix, decimals = (
            (1e6, " mln", 1) if high >= 1_000_000 else (1e3, " tys.", 0) if high >= 10_000 else (1, "", 0)
        )
    else:
        unit = {"EUR": "€", "GBP": "£"}.get(estimate.currency) or f"{estimate.currency} "
        scale, suffix, decimals = (1e6, "m", 1) if high >= 1_000_000 else (1, "", 0)
    ends = [number(v / scale, lang, decimals) for v in (low, high)]
    amount = ends[1] if ends[0] == ends[1] else "–".join(ends) if lang == "pl" else f"{ends[0]}{suffix}–{ends[1]}"
    return f"{amount}{suffix} {unit}" if lang == "pl" else f"{unit}{amount}{suffix}"


# -- what breaks ------------------------------------------------------------------------------


def diagnosis_text(words: Words) -> str:
    """What breaks, in the client's words: the process and its quote, a second problem, what already works."""
    diagnosis, ctx, lang = words.diagnosis, words.ctx, words.lang
    problems = [p for p in diagnosis.problems if p.key != "none"]
    if words.read:
        parts = [
            words.say("diag_process" if words.involved else "diag_process_between"),
            words.say("diag_quote", quote=quote(words.read.evidence, lang)),
        ]
        others = [p for p in problems if p.confidence >= SURE and fold(p.evidence) != fold(words.read.evidence)][:1]
    elif problems:
        name = ctx.name_of(ctx.kb.challenge(problems[0].key))
        parts = [words.say("diag_problem", problem=name)]
        if fold(name) not in fold(problems[0].evidence):
            parts.append(words.say("diag_quote", quote=quote(problems[0].evidence, lang)))
        others = [p for p in problems[1:] if p.confidence >= SURE and fold(p.evidence) != fold(problems[0].evidence)][
            :1
        ]
    else:
        parts, others = [words.say("diag_none")], []
    parts += [words.say("diag_also", quote=quote(p.evidence, lang)) for p in others]
    if diagnosis.in_place:
        practices = [
            say(f"practice_{p}", lang) if f"practice_{p}" in say else lower_first(p) for p in diagnosis.in_place
        ]
        parts.append(words.say("diag_in_place", practices=listing(practices, lang)))
    return " ".join(parts)


ANSWER_KINDS = 2  # a question that asks two things (the cost and a new department) gets both answers


def answer(words: Words, facts: dict[str, object]) -> str | None:
    """A direct answer to the client's own question, by its kinds (`practice/questions.yaml`), in the order
    the question asks them, built from the diagnosis and the recommendation's facts."""
    asked = words.diagnosis.question
    if not asked:
        return None
    folded = f" {fold(asked)}"
    kinds = words.practice.questions
    found = sorted(
        (min(folded.find(f" {w}") for w in q.words if f" {w}" in folded), n, q)
        for n, q in enumerate(kinds)
        if q.words and any(f" {w}" in folded for w in q.words)
    )
    asked_kinds = [q for *_, q in found]
    covered = {key for q in asked_kinds for key in q.covers}
    chosen = [q for q in asked_kinds if q.key not in covered][:ANSWER_KINDS] or [kinds[-1]]
    said = [(q.answer_hires if q.answer_hires and facts.get("hires") else q.answer)(words.lang) for q in chosen]
    text = " ".join(fill_map(template, words.lang, {**words.facts, **facts}) for template in said)
    return f"{quote(asked, words.lang)} {text}"


# -- the team and its cost ------------------------------------------------------------------------


def lead_of(plan: TeamPlan) -> str:
    """The title of the team's lead: the omnichannel manager's, else the first role's."""
    return next((r.title for r in plan.roles if r.key == "omnichannel_manager"), plan.roles[0].title)


def staffing_of(
    plan: TeamPlan, words: Words, country: Country, staffed: list[Staffed] | None, closed: str | None = None
) -> tuple[Staffing, Estimate | None, Estimate]:
    """The team line by line with its cost, the people's total, and the tools; nobody is a hire where hiring
    is `closed` (see `fit.hiring_closed`)."""
    practice, ctx, lang = words.practice, words.ctx, words.lang
    table = practice.staffing
    who = ["existing"] * len(plan.roles) if closed else staffed or staffed_as(plan.roles, ctx.n, table)
    year = str(practice.salaries.source_of(country.key)[1])
    lines = [
        TeamLine(
            role=r.title,
            staffed=s,
            fte=r.fte,
            cost=role_cost(r, country.key, practice, year, hat=ctx.traits.micro and s == "existing"),
        )
        for r, s in zip(plan.roles, who, strict=True)
    ]
    fte = round(sum(r.fte for r in plan.roles), 2)
    staffing = Staffing(
        fte=fte,
        cap=cap_of(ctx.n, table),
        hires=who.count("hire"),
        band=table.band(ctx.n).name(lang),
        reasoning=size_reasoning(ctx.n, fte, table, closed, lang),
        lines=lines,
    )
    currency = practice.salaries.countries[country.key].currency
    tools = tools_cost(ctx.n, users_of(plan.roles), currency, practice)
    return staffing, total([line.cost for line in lines], f"{fte:g} FTE"), tools


def recommendation(
    plan: TeamPlan,
    words: Words,
    staffing: Staffing,
    people: Estimate | None,
    tools: Estimate,
    closed: str | None = None,
) -> tuple[str, Estimate | None]:
    """One paragraph: who owns the process, how big the team is (and why nobody is hired, where hiring is
    `closed`), its operating model and its cost; and the total."""
    lang = words.lang
    lead = mid(lead_of(plan), lang)
    heads = any(r.key == "channel_manager" for r in plan.roles)
    band_hires = words.practice.staffing.band(words.ctx.n).hires
    parts = [
        words.say(
            ("rec_team" if words.named else "rec_problem") + ("_hires" if staffing.hires else ""),
            lead=lead,
            fte=staffing.fte,
            hires=staffing.hires,
            heads=brief_say("rec_heads", lang) if heads and not staffing.hires else "",
        ),
        *([words.say(f"rec_closed_{closed}")] if closed else []),
        *([words.say("rec_no_hire_size")] if not closed and not staffing.hires and not band_hires else []),
        words.say(f"rec_model_{plan.operating_model.model.value}"),
    ]
    all_in = total([people, tools], "")
    if all_in is not None:
        hired = total([line.cost for line in staffing.lines if line.staffed == "hire"], "")
        existing = total([line.cost for line in staffing.lines if line.staffed == "existing"], "")
        new = total([hired, tools], "") or tools
        facts = dict(cost=money(all_in, lang), new_spend=money(new, lang))
        if hired and existing:
            parts.append(words.say("rec_cost", existing=money(existing, lang), **facts))
        else:
            parts.append(words.say("rec_cost_no_hires", **facts))
    return " ".join(parts), all_in


# -- KPIs and actions ---------------------------------------------------------------------------------


def unit_for(unit: str, value: float, lang: Language) -> str:
    """The goal's unit as this value takes it: "1 day" / "3 days", "1 dzień" / "3 dni"; "a month" and "%" as they are."""
    if not unit or not unit[:1].isalpha() or (" " in unit and unit_noun(unit, value, lang) is None):
        return unit
    known = unit_noun(unit, value, lang)
    if known is not None:
        return known
    return counted(unit, plural_category(value, lang)) if lang == "pl" else unit


def headline(diagnosis: Diagnosis, lang: Language, owner: str, traced: bool = False) -> Measure | None:
    """The client's quarterly goal as the headline KPI; None when no goal was given (none is invented). Its
    baseline is the client's where given, else measured: by action 1's trace where the actions trace the process."""
    goal = diagnosis.goal
    if goal is None:
        return None
    unit = goal.unit or ""
    space = "" if unit in ("%", "") else " "

    def value(v: float | None) -> str | None:
        if v is None:
            return None
        return f"{number(v, lang, 2)}{space}{unit_for(unit, v, lang)}"

    return Measure(
        metric=goal.metric or goal.text,
        baseline=value(goal.baseline) or brief_say("baseline_from_trace" if traced else "baseline_weeks", lang),
        target=_bounded(value(goal.target), bound_of(goal), lang)
        or _change(value, goal.change)
        or goal.metric
        or goal.text,  # else the goal's words
        due=goal.due or brief_say("due_default", lang),
        owner=mid(owner, lang),
        client_goal=True,
    )


def _bounded(target: str | None, bound: str | None, lang: Language) -> str | None:
    """A target that is a bound, as the client set it: "below 1%", "poniżej 1%"."""
    return brief_say(f"target_{bound}", lang, value=target) if target and bound else target


def _change(value: Callable[[float | None], str | None], change: float | None) -> str | None:
    """A change asked for by an amount, signed: "+15%", "−10 dni"."""
    if change is None:
        return None
    return ("+" if change > 0 else "−") + str(value(abs(change)))


def process_actions(words: Words, titles: dict[str, str], goal: Measure | None) -> list[BriefAction]:
    """Three actions around the process that breaks. Where the client says how it breaks (`Words.moves`), the
    fix's base record or rule comes first, then the moves its words call for; where not, recent cases are traced
    first. The rule that rewards the breaking (`lever_action`), where stated, or else a pilot, fills a third
    place the moves leave; the last action carries the client's goal."""
    lang = words.lang
    process = words.process or words.practice.process("other")
    assert process is not None  # the catalogue always has "other"
    lead = titles["omnichannel_manager"]
    baseline = brief_say("baseline_from_trace" if words.traced else "baseline_weeks", lang)
    fix_owner = titles.get(process.owner_role, lead)
    base = _step(words, fix_owner, (process.fix, process.fix_deliverable, process.metric, process.target), baseline)
    if words.traced:
        steps = [trace_action(words, titles.get("cx_specialist", lead)), base]
    else:
        steps = [base.model_copy(update={"start_week": 1, "end_week": 6})]
        steps += [
            _step(
                words,
                titles.get(m.spec.owner_role or process.owner_role, lead),
                (m.spec.title, m.spec.deliverable, m.spec.metric or process.metric, m.spec.target or process.target),
                baseline,
                window=m.window,
                item=m.item or "",
            )
            for m in words.moves
        ]
    third = lever_action(words, lead, goal, baseline)
    if third is None and len(steps) > 2:
        third = steps[2].model_copy(update={"start_week": 6, "end_week": 13, "measure": goal or steps[2].measure})
    return [*steps[:2], third or _pilot_action(words, lead, goal or base.measure)]


Texts = tuple[
    Callable[[Language], str], Callable[[Language], str], Callable[[Language], str], Callable[[Language], str]
]


def _step(words: Words, owner: str, texts: Texts, baseline: str, window: str = "", item: str = "") -> BriefAction:
    """One move of the fix as an action, weeks 3-8: its title, deliverable and metric on the client's words
    (and the time it names, `window`, the thing that runs short, `item`), its target by week 13."""
    lang = words.lang
    title, deliverable, metric, target = (words.fill(text(lang), window=window, item=item) for text in texts)
    return BriefAction(
        title=title,
        owner=owner,
        start_week=3,
        end_week=8,
        deliverable=deliverable,
        measure=Measure(
            metric=metric,
            baseline=baseline,
            target=brief_say("target_by_week", lang, target=target, week=13),
            due=brief_say("due_default", lang),
            owner=mid(owner, lang),
        ),
    )


def trace_action(words: Words, owner: str) -> BriefAction:
    """Action 1 where the cause is not known yet: trace twenty recent cases and name an owner for each hand-off."""
    lang = words.lang
    return BriefAction(
        title=words.say("act_trace"),
        owner=owner,
        start_week=1,
        end_week=3,
        deliverable=words.say("act_trace_deliverable"),
        measure=Measure(
            metric=words.say("trace_metric"),
            baseline=brief_say("trace_baseline", lang),
            target=brief_say("trace_target", lang),
            due=brief_say("due_trace", lang),
            owner=mid(owner, lang),
        ),
    )


def _pilot_action(words: Words, lead: str, measure: Measure) -> BriefAction:
    """The third action where the client's words call for no further move: the fix run in one place and compared."""
    return BriefAction(
        title=words.say("act_pilot"),
        owner=lead,
        start_week=8,
        end_week=13,
        deliverable=words.say("act_pilot_deliverable"),
        measure=measure.model_copy(update={"owner": mid(lead, words.lang)}),
    )


def lever_action(words: Words, lead: str, goal: Measure | None, baseline: str) -> BriefAction | None:
    """The third action when the client also says the channels are rewarded for letting the process break
    (targets that collide or disputed credit, surely read, the rule named in its words): change that
    rule, weeks 4-8, in force from week 9 (`practice/levers.yaml`). None for a micro firm, which has no
    channel targets, and when no such problem is stated."""
    if words.ctx.traits.micro or words.read is None:
        return None
    stated = [p for p in words.diagnosis.problems if p.confidence >= SURE and p.evidence != words.read.evidence]
    said = fold(words.ctx.profile.challenge)
    levers = [words.practice.lever(p.key) for p in stated]
    lever = next((found for found in levers if found and has_stem(said, tuple(found.words))), None)
    if lever is None:
        return None
    lang = words.lang
    return BriefAction(
        title=words.fill(lever.title(lang)),
        owner=lead,
        start_week=4,
        end_week=8,
        deliverable=words.fill(lever.deliverable(lang)),
        measure=goal
        or Measure(
            metric=words.fill(lever.metric(lang)),
            baseline=baseline,
            target=brief_say("lever_target", lang),
            due=brief_say("due_default", lang),
            owner=mid(lead, lang),
        ),
    )


def as_action(action: BriefAction, diagnosis: Diagnosis, lang: Language) -> Action:
    """A brief's action as the plan's content states it: its KPI in words, what it answers in the client's words."""
    evidence = diagnosis.process.evidence if diagnosis.process else action.title
    return Action(
        title=action.title,
        owner_role=action.owner,
        start_week=action.start_week,
        end_week=action.end_week,
        deliverable=action.deliverable,
        kpi=f"{action.measure.metric}: {action.measure.baseline} → {action.measure.target}",
        addresses=brief_say("addresses_process", lang, quote=quote(evidence, lang)),
    )


_KPI = re.compile(r"(?P<metric>[^:→]+?): (?P<baseline>[^→]+?) → (?P<target>.+)", re.S)


def _unmeasured_baseline(kpi: str, lang: Language) -> str:
    """A KPI without a stated baseline starts from 0 where it counts work done ("20 cases traced"), else its
    baseline is measured in weeks 1-4."""
    done = re.match(brief_say("work_done", lang), kpi.strip(), re.I)
    return brief_say("trace_baseline", lang) if done else brief_say("baseline_weeks", lang)


def written_measure(kpi: str, owner: str, lang: Language) -> Measure:
    """An action's KPI as its planner wrote it. Written as the plan's content states a brief's action
    ("metric: baseline → target", see `as_action`), it is read back into its parts, so the actions that
    share a metric say it once; any other text is its own target, the baseline measured in weeks 1-4 (0 where
    it counts work the team does)."""
    found = _KPI.fullmatch(kpi.strip())
    metric, baseline, target = (
        (found["metric"], found["baseline"], found["target"]) if found else (kpi, _unmeasured_baseline(kpi, lang), kpi)
    )
    return Measure(
        metric=metric,
        baseline=baseline,
        target=target,
        due=brief_say("due_default", lang),
        owner=mid(owner, lang),
    )


def as_written(actions: list[Action], lang: Language, challenge: str | None = None) -> list[BriefAction]:
    """Another planner's actions as the brief shows them, with their KPIs (see `written_measure`).
    Given the client's `challenge`, what each action answers in its planner's own words is kept too,
    unless it quotes the client again (the diagnosis does, once)."""
    return [
        BriefAction(
            title=a.title,
            owner=a.owner_role,
            start_week=a.start_week,
            end_week=a.end_week,
            deliverable=a.deliverable,
            addresses=None if challenge is None or quotes_client(a.addresses, challenge) else a.addresses,
            measure=written_measure(a.kpi, a.owner_role, lang),
        )
        for a in actions
    ]


# -- risks and decisions --------------------------------------------------------------------------------


def top_risks(plan: TeamPlan | SkillsPlan, words: Words, titles: dict[str, str]) -> list[BriefRisk]:
    """The three most specific risks: the sector's and the structure's first, then the plan's own (a team
    plan's without those of a skills programme, which its learning partner owns)."""
    lang, ctx = words.lang, words.ctx
    lead = titles.get("omnichannel_manager") or plan.risks[0].owner_role
    found = [
        BriefRisk(risk=risk, mitigation=mitigation, owner=titles.get(r.owner_role, lead), source="sector", key=r.key)
        for r in ctx.sector_risks
        for risk, mitigation in [risk_words(r, ctx.profile, lang)]
    ]
    learning = titles.get("learning_partner") if isinstance(plan, TeamPlan) else None
    found += [
        BriefRisk(risk=r.risk, mitigation=r.mitigation, owner=r.owner_role, source="company")
        for r in plan.risks
        if learning is None or r.owner_role != learning  # a skills programme's risk belongs in the skills plan
    ]
    return found[:3]


def _parties(plan: TeamPlan | None, words: Words, titles: dict[str, str]) -> dict[str, str]:
    """Who each party of the decisions is at this company; a party it does not have is absent."""
    ctx, lang = words.ctx, words.lang
    lead = titles.get("omnichannel_manager") or brief_say("team_lead", lang)
    process = words.process or words.practice.process("other")
    parties = {
        "sponsor": brief_say(f"sponsor_{ctx.top}", lang),
        "lead": lead,
        "process_owner": titles.get(process.owner_role, lead) if process else lead,
        "data": titles.get("data_analyst", lead),
    }
    if ctx.channel_count >= 2 and not ctx.traits.micro:
        parties["channel_heads"] = brief_say("party_channel_heads", lang)
    if words.involved:
        parties["involved"] = listing(words.involved, lang)
    if ctx.steering:
        parties["steering"] = brief_say("party_steering", lang)
    if ctx.n >= 50:
        parties["finance"] = brief_say("party_finance", lang)
    if ctx.n >= 100:
        parties["hr"] = brief_say("party_hr", lang)
    if not ctx.traits.micro and (ctx.traits.physical or ctx.profile.channels):  # in a micro firm all serve
        parties["front_line"] = brief_say("party_front_line", lang)
    return parties


def decisions(
    words: Words, titles: dict[str, str], cost_high: str, plan: TeamPlan | None, hires: bool = True
) -> list[Decision]:
    """Who decides what: one accountable per decision, nobody named twice in a row; no hires where none are."""
    parties = _parties(plan, words, titles)
    facts = {**words.facts, "cost_high": cost_high}
    rows = []
    for spec in words.practice.decisions:
        accountable = parties[spec.accountable]
        taken = {accountable}
        responsible = (
            _named(spec.responsible, parties, taken) or _named(["process_owner", "data", "lead"], parties, taken)[:1]
        )
        rows.append(
            Decision(
                decision=fill_map(
                    (spec.decision if hires or spec.without_hires is None else spec.without_hires)(words.lang),
                    words.lang,
                    facts,
                ),
                accountable=accountable,
                responsible=responsible,
                consulted=_named(spec.consulted, parties, taken),
                informed=_named(spec.informed, parties, taken),
            )
        )
    return rows


def _named(keys: list[str], parties: dict[str, str], taken: set[str]) -> list[str]:
    """The parties of these keys that the company has and that no earlier column of the row names."""
    out = list(dict.fromkeys(parties[k] for k in keys if k in parties and parties[k] not in taken))
    taken.update(out)
    return out


def assumptions(words: Words, country: Country) -> list[str]:
    """What the brief assumed where the client's text was silent."""
    practice, lang = words.practice, words.lang
    salaries, tools = practice.salaries, practice.tool_prices
    source, year = salaries.source_of(country.key)
    facts = dict(country=salaries.countries[country.key].name(lang), source=source, year=year, tools_year=tools.year)
    silent = country.named or (lang == "pl" and country.key == "PL")  # a Polish firm is costed in Poland unsaid
    found = [brief_say("assume_country_named" if silent else "assume_country", lang, **facts)]
    if words.diagnosis.goal is None:
        found.append(brief_say("assume_no_goal", lang))
    return found + list(words.diagnosis.assumptions)


# -- the briefs -------------------------------------------------------------------------------------------------


def team_brief(
    plan: TeamPlan,
    ctx: Context,
    diagnosis: Diagnosis,
    practice: Practice,
    actions: list[BriefAction] | None = None,
    staffed: list[Staffed] | None = None,
    words: Words | None = None,
) -> Brief:
    """The board brief of a team plan; `actions` and `staffed` are the planner's own where it has them,
    else the plan's actions are taken as written and its hires read from the roles. The company's country, sector
    risks and closed hiring are the context's (read once with it)."""
    words = words or Words(ctx, diagnosis, practice)
    lang = ctx.lang
    titles = {r.key: r.title for r in reversed(plan.roles)}
    staffing, people, tools = staffing_of(plan, words, ctx.country, staffed, ctx.closed)
    text, all_in = recommendation(plan, words, staffing, people, tools, ctx.closed)
    first = actions[0].title if actions else None  # the process's actions open with the trace
    traced = words.traced and first == words.say("act_trace")
    goal = headline(diagnosis, lang, lead_of(plan), traced)
    hires = [line.role for line in staffing.lines if line.staffed == "hire"]
    process = words.process or practice.process("other")
    assert process is not None  # the catalogue always has "other"
    facts = dict(
        n=ctx.n,
        fte=staffing.fte,
        hires=len(hires),
        hired=brief_say("hired_some" if hires else "hired_none", lang, hires=len(hires)),
        hire_roles=listing(hires, lang),
        fix=lower_first(words.fill(process.fix(lang))),
        people=money(people, lang) if people else "",
        lead=mid(lead_of(plan), lang),
        cost=money(all_in, lang) if all_in else "",
        new_spend=money(
            total([*(line.cost for line in staffing.lines if line.staffed == "hire"), tools], "") or tools, lang
        ),
        tools=money(tools, lang),
    )
    return Brief(
        diagnosis=diagnosis_text(words),
        answer=answer(words, facts),
        recommendation=text,
        staffing=staffing,
        cost=all_in,
        tools=tools,
        headline=goal,
        actions=actions or as_written(plan.first_90_days, lang),
        risks=top_risks(plan, words, titles),
        decisions=decisions(
            words,
            titles,
            money(all_in.model_copy(update={"low": all_in.high}), lang) if all_in else "",
            plan,
            hires=bool(hires),
        ),
        assumptions=assumptions(words, ctx.country),
        channels=words.channel_names,
    )


def _skills_team(ctx: Context) -> tuple[int, bool]:
    """The people in the skills programme and whether the size is assumed: the team the client names, at most
    the company; the whole firm when it is smaller than a programme; else the assumed programme."""
    n, size = ctx.n, ctx.profile.team_size
    if size:
        return min(size, n), False
    return min(n, ASSUMED_TEAM), n > ASSUMED_TEAM


def _practice_cost(team: int, level: str, country: Country, practice: Practice) -> Estimate:
    """The team's practice hours at its salary band: a junior team at the band's lower half, a senior one at
    its upper half, a mixed one across it."""
    bands = practice.salaries.countries[country.key]
    band = bands.levels["specialist"]
    middle = (band.low + band.high) / 2
    low, high = {"junior": (band.low, middle), "senior": (middle, band.high)}.get(level, (band.low, band.high))
    hours = (1 + bands.on_cost) / _WORK_HOURS_A_YEAR * _PRACTICE_HOURS * team
    return Estimate(
        low=rounded(low * hours),
        high=rounded(high * hours),
        currency=bands.currency,
        period="quarter",
        basis=f"{team} × {_PRACTICE_HOURS} h × {band.basis}, {level} ({country.key} {practice.salaries.source_of(country.key)[1]})",
    )


def _skills_assumptions(words: Words, country: Country, assumed_team: int | None) -> list[str]:
    """What the skills brief assumed: the salary bands of its cost (why that country only where the plan's language
    does not make it plain: a Polish plan is costed in Poland without a word), no goal, the team's size."""
    salaries, lang = words.practice.salaries, words.lang
    silent = country.named or (lang == "pl" and country.key == "PL")  # as the team brief's assumptions say it
    key = "assume_skills_cost_named" if silent else "assume_skills_cost"
    source, year = salaries.source_of(country.key)
    found = [brief_say(key, lang, country=salaries.countries[country.key].name(lang), source=source, year=year)]
    if words.diagnosis.goal is None:
        found.append(brief_say("assume_no_goal", lang))
    found += words.diagnosis.assumptions
    return found + ([brief_say("assume_team", lang, team=assumed_team)] if assumed_team else [])


def _skills_actions(plan: SkillsPlan, words: Words, facts: dict, lead: str) -> list[BriefAction]:
    """Each Top 3 skill practised on the process that breaks: its action, what it produces and its sized KPI."""
    ctx, lang = words.ctx, words.lang
    names = {s.skill: s.name for s in plan.skills}
    weeks = ((1, 4), (3, 8), (6, 13))
    actions = []
    for p, (start, end) in zip(plan.top3, weeks, strict=True):
        done = practised(ctx.kb.skill(p.skill), lang, facts, ctx.profile.team_level)
        actions.append(
            BriefAction(
                title=brief_say("skills_act", lang, action=done.action, skill=lower_first(names[p.skill])),
                owner=lead,
                start_week=start,
                end_week=end,
                deliverable=done.deliverable,
                measure=Measure(
                    metric=done.metric,
                    baseline=brief_say("baseline_week1", lang),
                    target=done.target,
                    due=brief_say("due_default", lang),
                    owner=mid(lead, lang),
                ),
            )
        )
    return actions


def _skills_decisions(ctx: Context, lead: str) -> list[Decision]:
    """Who grants the practice time and who sets the skills; a micro firm's owner does both, without an L&D partner."""
    lang = ctx.lang
    sponsor = brief_say(f"sponsor_{ctx.top}", lang)
    partner = None if ctx.traits.micro else brief_say("learning_partner", lang)
    return [
        Decision(
            decision=brief_say("skills_decision_time", lang),
            accountable=sponsor,
            responsible=[lead] if lead != sponsor else [],
        ),
        Decision(
            decision=brief_say("skills_decision_order", lang),
            accountable=lead,
            responsible=[partner] if partner else [],
            informed=[sponsor] if sponsor != lead else [],
        ),
    ]


def skills_brief(
    plan: SkillsPlan, ctx: Context, diagnosis: Diagnosis, practice: Practice, words: Words | None = None
) -> Brief:
    """The board brief of a skills plan: the three skills, the time and its cost, each skill practised on the
    process that breaks (what it produces, a sized KPI), the practice's own risks, decisions (`words`: the
    planner's, where it has them)."""
    words = words or Words(ctx, diagnosis, practice)
    lang, level = ctx.lang, ctx.profile.team_level
    names = {s.skill: s.name for s in plan.skills}
    lead = brief_say("sponsor_owner" if ctx.traits.micro else "team_lead", lang)  # in a micro firm the owner leads
    team, assumed = _skills_team(ctx)
    cost = _practice_cost(team, level.value if level else "mixed", ctx.country, practice)
    whole = not ctx.profile.team_size and team == ctx.n
    facts = practice_facts(words.facts, words.read, ctx.traits.offer, ctx.kb, lang)
    facts |= words.cases_of(str(facts["object"]))
    text = " ".join(
        [
            words.say(
                "skills_rec",
                **facts,
                who=brief_say("skills_whole_firm" if whole else "skills_team", lang, team=team),
                top3=listing([as_object(names[p.skill], lang) for p in plan.top3], lang),
                hours=_PRACTICE_HOURS,
            ),
            words.say("skills_rec_cost", cost=money(cost, lang)),
        ]
    )
    actions = _skills_actions(plan, words, facts, lead)
    rows = _skills_decisions(ctx, lead)
    return Brief(
        diagnosis=diagnosis_text(words),
        answer=None,
        recommendation=text,
        cost=cost,
        headline=headline(diagnosis, lang, lead),
        actions=actions,
        risks=[
            BriefRisk(
                risk=r.risk, mitigation=r.mitigation, owner=lead if ctx.traits.micro else r.owner_role, source="company"
            )
            for r in plan.risks[:3]
        ],
        decisions=rows,
        assumptions=_skills_assumptions(words, ctx.country, team if assumed else None),
        channels=words.channel_names,
    )
