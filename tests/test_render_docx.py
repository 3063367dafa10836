"""The DOCX a consultant hands to a client: opened back with python-docx and read."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document

from assistant.planners import OfflinePlanner
from assistant.render import render_bundle
from assistant.render.docx import bundle_docx
from tests.conftest import make_profile


def _open(data: bytes):
    return Document(BytesIO(data))


def _table_with(doc, header: str):
    return next(t for t in doc.tables if header in [c.text for c in t.rows[0].cells])


@pytest.fixture(scope="module")
def bundle():
    return OfflinePlanner().plan(make_profile(company="Modna Sieć"), "both")


def test_team_plan_tables_hold_every_role_action_and_risk(bundle):
    doc = _open(bundle_docx(bundle))
    team = bundle.team
    roles = _table_with(doc, "Role")
    assert [row.cells[0].text for row in roles.rows[1:]] == [r.title for r in team.roles]
    assert [row.cells[1].text for row in roles.rows[1:]] == [f"{r.fte:g}" for r in team.roles]
    risks = _table_with(doc, "Risk")
    assert [row.cells[0].text for row in risks.rows[1:len(team.risks) + 1]] == [r.risk for r in team.risks]
    actions = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["#", "First 90 days"])
    assert [row.cells[1].text for row in actions.rows[1:]] == [a.title for a in team.first_90_days]
    assert [row.cells[3].text for row in actions.rows[1:]] == [f"{a.start_week}-{a.end_week}" for a in team.first_90_days]


def test_headings_follow_the_plan_and_each_plan_has_its_title(bundle):
    doc = _open(bundle_docx(bundle))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert sum("Modna Sieć" in h for h in headings) == 2
    assert any(h.startswith("Operating model") for h in headings)
    assert doc.core_properties.title == "omniteam: Modna Sieć"
    texts = "\n".join(p.text for p in doc.paragraphs)
    assert bundle.team.summary in texts and bundle.skills.summary in texts
    skills = _table_with(doc, "Skill")
    assert len(skills.rows) == 11


def test_profile_table_says_who_made_the_plan_and_a_fallback_loudly(bundle):
    provenance = bundle.team.provenance.model_copy(update={"planner": "llm", "model": "gpt-4o-mini", "fallback": True,
                                                           "fallback_reason": "model answered twice with bad JSON"})
    team = bundle.team.model_copy(update={"provenance": provenance})
    doc = _open(bundle_docx(bundle.model_copy(update={"team": team, "skills": None})))
    cells = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert cells["Employees"] == "300"
    assert cells["Channels"] == "physical stores, e-commerce"
    assert "gpt-4o-mini" in cells["Made by"] and "FALLBACK: model answered twice with bad JSON" in cells["Made by"]


def test_polish_plan_gets_polish_headings():
    bundle = OfflinePlanner().plan(make_profile(language="pl"), "team")
    doc = _open(render_bundle(bundle, "docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Ryzyka" in headings or any(h.startswith("Ryzyk") for h in headings)
    assert doc.tables[0].rows[0].cells[0].text == "Zatrudnienie"


def test_markup_in_plan_text_is_kept_as_plain_text(bundle):
    challenge = "<script>alert(1)</script> & silos"
    bundle = OfflinePlanner().plan(make_profile(challenge=challenge), "team")
    doc = _open(bundle_docx(bundle))
    cells = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert cells["Challenge"] == challenge
