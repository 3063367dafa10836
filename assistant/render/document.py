"""A plan bundle as a printable document, independent of the file format: the DOCX and the PDF
renderers lay out the same blocks, so both files say the same thing in the same order.

The document opens with a title page and a table of contents; each plan opens with its board
brief, and the method's detail follows as an appendix (with the org chart and the timeline).
Nothing in it is bookkeeping: rule ids, tokens and cost stay in the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..knowledge import load_knowledge
from ..plans import PlanBundle, SkillsPlan, TeamPlan
from ..profile import CompanyProfile
from ..terms import Language
from ..words.vocab import CHANNEL_LABELS
from ..words.wording import count
from .appendix import skills_appendix, team_appendix
from .blocks import Block, Bullets, Figure, Heading, PageBreak, Paragraph, Table
from .brief import brief_blocks
from .parts import made_by, render_text

__all__ = ["Block", "Bullets", "Document", "Figure", "Heading", "PageBreak", "Paragraph", "Table", "bundle_document"]


@dataclass
class Document:
    """What both renderers lay out: the title page's words and the blocks after the contents."""

    title: str
    subtitle: str
    prepared: str
    language: Language
    contents_title: str
    blocks: list[Block] = field(default_factory=list)


def company_title(profile: CompanyProfile) -> str:
    """The company as a title names it: its name, else its industry with a capital ("Ceramika: Plan…")."""
    name = profile.company or profile.industry
    return name[:1].upper() + name[1:]


def profile_line(plan: TeamPlan | SkillsPlan) -> str:
    """The company in one line under the title: head count, industry, channels in the brief's words (the sector's
    word for its outlets: branches, not stores), the brief quotes the rest."""
    profile, lang = plan.profile, plan.language
    channels = (plan.brief.channels if plan.brief else []) or [
        CHANNEL_LABELS[c][lang] for c in profile.channels
    ] + profile.other_channels
    return " · ".join([count(profile.employees, "person", lang), profile.industry, ", ".join(channels)])


def plan_blocks(plan: TeamPlan | SkillsPlan, figures: bool = True, diagnosis: bool = True) -> list[Block]:
    """A plan as a document lays it out: its title, the company, who made it, the brief, then the appendix."""
    kb = load_knowledge()
    t = lambda key: kb.label(key, plan.language)  # noqa: E731
    appendix = team_appendix(plan, figures=figures) if isinstance(plan, TeamPlan) else skills_appendix(plan)
    return [
        Heading(t(f"plan_title_{plan.kind}"), 1),
        Paragraph(profile_line(plan)),
        Paragraph(made_by(plan.provenance, plan.language)),
        *brief_blocks(plan, diagnosis=diagnosis),
        *appendix,
    ]


def bundle_document(bundle: PlanBundle, today: date | None = None) -> Document:
    """The document of every plan in the bundle, each starting on a new page."""
    first = bundle.plans[0]
    lang: Language = first.language
    kb = load_knowledge()
    company = company_title(first.profile)
    day = (today or date.today()).isoformat()
    doc = Document(
        title=" + ".join(kb.label(f"plan_title_{p.kind}", lang) for p in bundle.plans),
        subtitle=company,
        prepared=render_text("prepared", lang, day=day),
        language=lang,
        contents_title=render_text("contents", lang),
    )
    team = bundle.team is not None
    for i, plan in enumerate(bundle.plans):
        doc.blocks += ([PageBreak()] if i else []) + plan_blocks(plan, diagnosis=not (team and plan.kind == "skills"))
    return doc
