"""The board brief as the blocks every medium lays out: the page, Markdown, DOCX and PDF.

The brief comes first in every output, made once here from `plan.brief`; Markdown writes the
blocks as text, the documents lay them out on A4. The words are in `brief_texts.yaml`; the
machinery (rule ids, the rationale) is never part of it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..brief import Estimate, Measure
from ..planners.brief import brief_say, money
from ..planners.staffing import total
from ..plans import SkillsPlan, TeamPlan
from ..reading import read_traits
from ..terms import Language
from ..words.phrasebook import Phrasebook
from ..words.wording import number
from .blocks import Block, Bullets, Heading, Paragraph, Table
from .parts import sentences

RISK_WORDS = 25  # a risk longer than this leads with its first clause
WEEK_HOURS = 40  # one FTE as hours of a working week
brief_text = Phrasebook(Path(__file__).with_name("brief_texts.yaml"))


def _money(estimate: Estimate | None, lang: Language) -> str:
    return money(estimate, lang) if estimate is not None else "—"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _bare(text: str) -> str:
    return text.strip().rstrip(".")


def aside(text: str) -> str:
    """Who or when, after a sentence: in brackets, or after a dash where it has brackets of its own, never
    nested ("… (Dane i narzędzia)", "… — Lider omnichannel (właściciel)")."""
    return f" — {text}" if "(" in text else f" ({text})"


def _risk_head(text: str) -> str:
    """A risk as the brief's bold lead: a long one to its first clause (the statement; the rest is its detail)."""
    head, semicolon, _ = _bare(text).partition("; ")
    return head if semicolon and len(_bare(text).split()) > RISK_WORDS else _bare(text)


def measure_text(measure: Measure, lang: Language, baseline_said: bool = False) -> str:
    """A KPI with its baseline and target, as the actions show it; a KPI that is its own target once; a
    baseline the brief said already ("measured in weeks 1–4") is not said again."""
    metric = _cap(_bare(measure.metric))
    if measure.metric == measure.target:
        return metric if baseline_said else brief_text("measure_plain", lang, metric=metric, baseline=measure.baseline)
    key = "measure_target" if baseline_said else "measure"
    return brief_text(key, lang, metric=metric, baseline=measure.baseline, target=_bare(measure.target))


def headline_text(measure: Measure, lang: Language) -> str:
    """The headline KPI in one sentence: what, from where, to where, by when, who."""
    key = "headline_plain" if measure.metric == measure.target else "headline"
    return brief_text(
        key,
        lang,
        metric=_cap(_bare(measure.metric)),
        baseline=measure.baseline,
        target=_bare(measure.target),
        due=measure.due,
        owner=measure.owner,
    )


def brief_blocks(plan: TeamPlan | SkillsPlan, level: int = 2, diagnosis: bool = True) -> list[Block]:
    """The brief's blocks under headings of this level; `diagnosis=False` leaves out what a team brief above said."""
    brief = plan.brief
    if brief is None:
        return []
    lang = plan.language
    t = lambda key, **facts: brief_text(key, lang, **facts)  # noqa: E731
    blocks: list[Block] = []
    if diagnosis:
        blocks += [Heading(t("what_breaks"), level), Paragraph(brief.diagnosis)]
        if brief.answer:
            blocks += [Heading(t("your_question"), level), Paragraph(brief.answer)]
    blocks += [Heading(t("recommendation"), level), Paragraph(brief.recommendation)]
    if brief.staffing:
        staffing = brief.staffing
        hours = read_traits(plan.profile).micro  # a micro firm's hats are hours of its people's week, not salaries
        amount = (
            (lambda fte: t("hours", hours=number(fte * WEEK_HOURS, lang)))
            if hours
            else (lambda fte: number(fte, lang, 2))
        )
        rows = [
            (
                line.role + (f" ({brief_say('staffed_hire', lang)})" if line.staffed == "hire" else ""),
                amount(line.fte),
                _money(line.cost, lang),
            )
            for line in staffing.lines
        ]
        people = total([line.cost for line in staffing.lines], "")
        rows.append((t("total"), amount(staffing.fte), _money(people, lang)))
        headers = (t("role"), t("hours_week"), t("time_value_year")) if hours else (t("role"), t("fte"), t("cost_year"))
        blocks.append(Table(headers, tuple(rows)))
        if brief.tools:
            blocks.append(Paragraph(t("tools_line", tools=_money(brief.tools, lang))))
    if brief.headline and diagnosis:
        blocks += [Heading(t("headline_kpi"), level), Paragraph(headline_text(brief.headline, lang))]
    blocks.append(Heading(t("three_actions"), level))
    items = []
    baselines = {brief.headline.baseline} if brief.headline and diagnosis else set()
    for i, a in enumerate(brief.actions):
        said = any(b.measure.metric == a.measure.metric for b in brief.actions[:i])
        kpi = (
            brief_text("measure_same", lang, target=_bare(a.measure.target))
            if said
            else measure_text(a.measure, lang, a.measure.baseline in baselines)
        )
        baselines.add(a.measure.baseline)
        when = t("owner_weeks", owner=a.owner, start=a.start_week, end=a.end_week)
        why = f"{sentences([a.addresses])} " if a.addresses else ""
        items.append((a.title, f"{why}{when}. {t('deliverable')}: {_bare(a.deliverable)}. {t('kpi')}: {kpi}."))
    blocks.append(Bullets(tuple(items), numbered=True))
    blocks.append(Heading(t("risks"), level))
    blocks.append(Bullets(tuple((_risk_head(r.risk), f"{_bare(r.mitigation)}{aside(r.owner)}.") for r in brief.risks)))
    blocks.append(Heading(t("who_decides"), level))
    blocks.append(
        Table(
            (t("decision"), t("accountable"), t("responsible"), t("consulted"), t("informed")),
            tuple(
                (
                    d.decision,
                    _cap(d.accountable),
                    ", ".join(map(_cap, d.responsible)),
                    ", ".join(map(_cap, d.consulted)),
                    ", ".join(map(_cap, d.informed)),
                )
                for d in brief.decisions
            ),
        )
    )
    return blocks


def assumptions_block(plan: TeamPlan | SkillsPlan) -> list[Block]:
    """What the brief assumed where the client was silent (the country of the salary bands, a team size):
    the first lines of the appendix."""
    if plan.brief is None or not plan.brief.assumptions:
        return []
    return [Paragraph(" ".join(plan.brief.assumptions), lead=f"{brief_text('assumptions', plan.language)}: ")]


def blocks_markdown(blocks: list[Block], cell: Callable[[str], str]) -> str:
    """Blocks as Markdown: headings, paragraphs, numbered or bulleted items with bold leads, tables."""
    out = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Paragraph):
            out.append(f"**{block.lead.strip()}** {block.text}" if block.lead else block.text)
        elif isinstance(block, Bullets):
            mark = (lambda i: f"{i}.") if block.numbered else (lambda i: "-")
            out.append(
                "\n".join(
                    f"{mark(i)} **{lead}.** {text}" if lead else f"{mark(i)} {text}"
                    for i, (lead, text) in enumerate(block.items, 1)
                )
            )
        elif isinstance(block, Table):
            lines = ["| " + " | ".join(cell(h) for h in block.headers) + " |", "|" + "---|" * len(block.headers)]
            lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in block.rows]
            out.append("\n".join(lines))
    return "\n\n".join(out)
