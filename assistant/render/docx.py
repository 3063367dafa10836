"""A Word document of a plan bundle, for a consultant to hand to a client.

Same content and labels as the Markdown rendering, laid out for print: a title, the company
profile, then headings with real tables (roles, the 90 days, risks, KPIs, phases) instead of
Markdown pipes. python-docx is imported lazily: only this renderer needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from io import BytesIO
from typing import TYPE_CHECKING

from ..knowledge import load_knowledge
from ..plans import PlanBundle, SkillsPlan, TeamPlan
from ..profile import CompanyProfile, Language
from ..vocab import CHANNEL_LABELS
from .parts import kpis_table, microlearning_table, provenance_facts, risks_table, roles_table, rollout_table, skills_table

if TYPE_CHECKING:
    from docx.document import Document

def _table(doc: Document, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A 'Table Grid' table with a bold header row."""
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    for cell, header in zip(grid.rows[0].cells, headers):
        cell.text = ""
        cell.paragraphs[0].add_run(str(header)).bold = True
    for row in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = str(value)
    doc.add_paragraph()


def _bullets(doc: Document, items: Sequence[str], bold_lead: Sequence[str] | None = None) -> None:
    for i, item in enumerate(items):
        paragraph = doc.add_paragraph(style="List Bullet")
        if bold_lead:
            paragraph.add_run(f"{bold_lead[i]}: ").bold = True
        paragraph.add_run(str(item))


def _profile(doc: Document, plan: TeamPlan | SkillsPlan, t: Callable[[str], str]) -> None:
    """The company and who made the plan, as a two-column table."""
    profile: CompanyProfile = plan.profile
    channels = [CHANNEL_LABELS[c][plan.language] for c in profile.channels] + profile.other_channels
    made_by = " · ".join(f"{label}: {value}" if value else label for label, value in provenance_facts(plan.provenance, t))
    rows = [("employees", f"{profile.employees:,}".replace(",", " ")), ("industry", profile.industry),
            ("channels", ", ".join(channels)), ("challenge", profile.challenge), ("made_by", made_by)]
    grid = doc.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    for name, value in rows:
        cells = grid.add_row().cells
        cells[0].text = ""
        cells[0].paragraphs[0].add_run(t(name)).bold = True
        cells[1].text = value
    doc.add_paragraph()


def _team(doc: Document, plan: TeamPlan, t: Callable[[str], str]) -> None:
    om = plan.operating_model
    doc.add_heading(f"{t('plan_title_team')}: {plan.profile.company or plan.profile.industry}", level=0)
    _profile(doc, plan, t)
    doc.add_heading(t("summary"), level=1)
    doc.add_paragraph(plan.summary)
    doc.add_heading(t("roles"), level=1)
    _table(doc, *roles_table(plan, t))
    doc.add_heading(t("responsibilities"), level=2)
    _bullets(doc, ["; ".join(r.responsibilities) for r in plan.roles], [r.title for r in plan.roles])
    doc.add_heading(f"{t('operating_model')}: {t('model_' + om.model.value)}", level=1)
    _bullets(doc, om.reasons)
    _bullets(doc, [om.decision_rights, om.budget_model, om.coordination],
             [t("decision_rights"), t("budget_model"), t("coordination")])
    doc.add_heading(t("first_90_days"), level=1)
    _table(doc, ["#", t("first_90_days"), t("owner"), t("weeks"), t("deliverable"), t("kpi")],
           [[i, a.title, a.owner_role, f"{a.start_week}-{a.end_week}", a.deliverable, a.kpi]
            for i, a in enumerate(plan.first_90_days, 1)])
    doc.add_heading(t("risks"), level=1)
    _table(doc, *risks_table(plan.risks, t))
    doc.add_heading(t("kpis"), level=1)
    _table(doc, *kpis_table(plan.kpis, t))
    doc.add_heading(t("maturity"), level=1)
    doc.add_paragraph(f"{t('current_level')}: {plan.maturity.current} — {plan.maturity.current_name}; "
                      f"{t('target_level')}: {plan.maturity.target} — {plan.maturity.target_name}")
    _bullets(doc, plan.maturity.reasons)
    doc.add_heading(t("pilot"), level=1)
    pilot = plan.pilot
    _bullets(doc, [pilot.scope, f"{pilot.team_size} ({t('time_share')}: {pilot.time_share})",
                   ", ".join(pilot.members), "; ".join(pilot.success_criteria)],
             [t("scope"), t("team_size"), t("members"), t("success_criteria")])
    doc.add_heading(t("rollout"), level=1)
    _table(doc, *rollout_table(plan, t))
    doc.add_heading(t("quick_wins"), level=1)
    _bullets(doc, [f"{w.why} ({w.horizon}, {w.owner_role})" for w in plan.quick_wins],
             [w.title for w in plan.quick_wins])


def _skills(doc: Document, plan: SkillsPlan, t: Callable[[str], str]) -> None:
    names = {s.skill: s.name for s in plan.skills}
    doc.add_heading(f"{t('plan_title_skills')}: {plan.profile.company or plan.profile.industry}", level=0)
    _profile(doc, plan, t)
    doc.add_heading(t("summary"), level=1)
    doc.add_paragraph(plan.summary)
    doc.add_heading(t("top3"), level=1)
    for priority in plan.top3:
        paragraph = doc.add_paragraph(style="List Number")
        paragraph.add_run(f"{names[priority.skill]}: ").bold = True
        paragraph.add_run(f"{priority.reason} {t('target')}: {priority.target}")
    doc.add_heading(t("skills"), level=1)
    _table(doc, *skills_table(plan, t))
    doc.add_heading(t("quick_wins_30d"), level=1)
    _bullets(doc, [f"{w.why} ({w.owner_role})" for w in plan.quick_wins_30d], [w.title for w in plan.quick_wins_30d])
    doc.add_heading(t("risks"), level=1)
    _table(doc, *risks_table(plan.risks, t))
    doc.add_heading(t("microlearning"), level=1)
    _table(doc, *microlearning_table(plan, t))


def bundle_docx(bundle: PlanBundle) -> bytes:
    """Every plan of the bundle in one .docx, each starting on a new page."""
    from docx import Document as new_document

    doc = new_document()
    kb = load_knowledge()
    for i, plan in enumerate(bundle.plans):
        lang: Language = plan.language
        t = lambda key, lang=lang: kb.label(key, lang)  # noqa: E731
        if i:
            doc.add_page_break()
        (_team if isinstance(plan, TeamPlan) else _skills)(doc, plan, t)
    first = bundle.plans[0] if bundle.plans else None
    if first is not None:
        doc.core_properties.title = f"omniteam: {first.profile.company or first.profile.industry}"
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
