"""A plan bundle as a printable document, independent of the file format: the DOCX and the PDF
renderers lay out the same blocks, so both files say the same thing in the same order.

The document opens with a title page and a table of contents; sections are headings, tables
(with column widths fitted to their content), bullet lists and the two charts as pictures.
Nothing in it is bookkeeping: tokens and cost stay in the JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..knowledge import load_knowledge
from ..plans import PlanBundle, SkillsPlan, TeamPlan
from ..terms import Language
from ..words.vocab import CHANNEL_LABELS
from ..words.wording import number
from .charts import Picture, gantt_picture, org_picture
from .parts import (
    kpis_table,
    made_by,
    microlearning_table,
    rationale_table,
    render_text,
    risks_table,
    roles_table,
    rollout_table,
    skills_table,
)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""  # bold words before the text


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[str, str], ...]  # (bold lead or "", text)
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def widths(self, line_chars: int = 95) -> tuple[float, ...]:
        """Each column's share of the width: first what its longest word needs (no word is broken),
        then the rest shared by how much text the column holds, so prose gets room and numbers don't."""
        columns = [[header, *(row[i] for row in self.rows)] for i, header in enumerate(self.headers)]
        need = [  # + 4: the cell's margins and a bold header's wider letters (LibreOffice wrapped "(FTE)" at + 2)
            (max(len(word) for text in cells for word in (text.split() or [""])) + 4) / line_chars for cells in columns
        ]
        want = [min(sum(len(text) for text in cells) / len(cells), 60) + 1 for cells in columns]
        spare = max(0.0, 1 - sum(need))
        shares = [n + spare * w / sum(want) for n, w in zip(need, want, strict=True)]
        return tuple(share / sum(shares) for share in shares)


@dataclass(frozen=True)
class Figure:
    picture: Picture


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Bullets | Table | Figure | PageBreak


@dataclass
class Document:
    """What both renderers lay out: the title page's words and the blocks after the contents."""

    title: str
    subtitle: str
    prepared: str
    language: Language
    contents_title: str
    blocks: list[Block] = field(default_factory=list)


def _table(table: tuple[list[str], list[list[object]]]) -> Table:
    headers, rows = table
    return Table(tuple(str(h) for h in headers), tuple(tuple(str(v) for v in row) for row in rows))


def _sentences(parts: list[str]) -> str:
    """Responsibilities as one text: sentences joined by spaces, phrases by semicolons."""
    return " ".join(p if p.rstrip().endswith((".", "!", "?")) else p + ";" for p in parts).rstrip(";")


def _profile(plan: TeamPlan | SkillsPlan, t: Callable[[str], str]) -> list[Block]:
    profile, lang = plan.profile, plan.language
    channels = [CHANNEL_LABELS[c][lang] for c in profile.channels] + profile.other_channels
    return [
        Bullets(
            (
                (t("employees"), number(profile.employees, lang)),
                (t("industry"), profile.industry),
                (t("channels"), ", ".join(channels)),
                (t("challenge"), profile.challenge),
            )
        ),
        Paragraph(made_by(plan.provenance, lang)),
    ]


def _team(plan: TeamPlan, t: Callable[[str], str]) -> list[Block]:
    om, pilot = plan.operating_model, plan.pilot
    return [
        Heading(t("plan_title_team"), 1),
        *_profile(plan, t),
        Heading(t("summary"), 2),
        Paragraph(plan.summary),
        Heading(t("roles"), 2),
        Figure(org_picture(plan)),
        _table(roles_table(plan, t)),
        Heading(t("responsibilities"), 3),
        Bullets(tuple((r.title, _sentences(r.responsibilities)) for r in plan.roles)),
        Heading(f"{t('operating_model')}: {t('model_' + om.model.value)}", 2),
        Bullets(tuple(("", reason) for reason in om.reasons)),
        Bullets(
            (
                (t("decision_rights"), om.decision_rights),
                (t("budget_model"), om.budget_model),
                (t("coordination"), om.coordination),
            )
        ),
        Heading(t("first_90_days"), 2),
        Figure(gantt_picture(plan)),
        _table(
            (
                ["#", t("first_90_days"), t("owner"), t("weeks"), t("deliverable"), t("kpi")],
                [
                    [i, a.title, a.owner_role, f"{a.start_week}–{a.end_week}", a.deliverable, a.kpi]
                    for i, a in enumerate(plan.first_90_days, 1)
                ],
            )
        ),
        Heading(t("risks"), 2),
        _table(risks_table(plan.risks, t)),
        Heading(t("kpis"), 2),
        _table(kpis_table(plan.kpis, t)),
        Heading(t("maturity"), 2),
        Paragraph(
            f"{plan.maturity.current} — {plan.maturity.current_name} → {plan.maturity.target} — "
            f"{plan.maturity.target_name}",
            lead=f"{t('current_level')} → {t('target_level')}: ",
        ),
        Bullets(tuple(("", r) for r in plan.maturity.reasons)),
        Heading(t("pilot"), 2),
        Bullets(
            (
                (t("scope"), pilot.scope),
                (t("team_size"), f"{pilot.team_size} ({t('time_share')}: {pilot.time_share})"),
                (t("members"), ", ".join(pilot.members)),
                (t("success_criteria"), "; ".join(pilot.success_criteria)),
            )
        ),
        Heading(t("rollout"), 2),
        _table(rollout_table(plan, t)),
        Heading(t("quick_wins"), 2),
        Bullets(tuple((w.title, f"{w.why} ({w.horizon}, {w.owner_role})") for w in plan.quick_wins)),
        Heading(t("rationale"), 2),
        _table(rationale_table(plan, t)),
    ]


def _skills(plan: SkillsPlan, t: Callable[[str], str]) -> list[Block]:
    names = {s.skill: s.name for s in plan.skills}
    return [
        Heading(t("plan_title_skills"), 1),
        *_profile(plan, t),
        Heading(t("summary"), 2),
        Paragraph(plan.summary),
        Heading(t("top3"), 2),
        Bullets(tuple((names[p.skill], f"{p.reason} {t('target')}: {p.target}") for p in plan.top3), numbered=True),
        Heading(t("skills"), 2),
        _table(skills_table(plan, t)),
        Heading(t("quick_wins_30d"), 2),
        Bullets(tuple((w.title, f"{w.why} ({w.owner_role})") for w in plan.quick_wins_30d)),
        Heading(t("risks"), 2),
        _table(risks_table(plan.risks, t)),
        Heading(t("microlearning"), 2),
        _table(microlearning_table(plan, t)),
        Heading(t("rationale"), 2),
        _table(rationale_table(plan, t)),
    ]


def bundle_document(bundle: PlanBundle, today: date | None = None) -> Document:
    """The document of every plan in the bundle, each starting on a new page."""
    first = bundle.plans[0]
    lang: Language = first.language
    kb = load_knowledge()
    company = first.profile.company or first.profile.industry
    day = (today or date.today()).isoformat()
    doc = Document(
        title=" + ".join(kb.label(f"plan_title_{p.kind}", lang) for p in bundle.plans),
        subtitle=company,
        prepared=render_text("prepared", lang, day=day),
        language=lang,
        contents_title=render_text("contents", lang),
    )
    for i, plan in enumerate(bundle.plans):
        t = lambda key, lang=plan.language: kb.label(key, lang)  # noqa: E731
        doc.blocks += ([PageBreak()] if i else []) + (
            _team(plan, t) if isinstance(plan, TeamPlan) else _skills(plan, t)
        )
    return doc
