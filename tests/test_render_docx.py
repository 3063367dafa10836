"""The DOCX a consultant hands to a client: opened back with python-docx and read."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document

from assistant.planners import OfflinePlanner
from assistant.render import render_bundle
from assistant.render.docx import bundle_docx
from tests.helpers import make_profile


def _open(data: str | bytes):
    assert isinstance(data, bytes)
    return Document(BytesIO(data))


def _table_with(doc, header: str):
    return next(t for t in doc.tables if header in [c.text for c in t.rows[0].cells])


@pytest.fixture(scope="module")
def bundle():
    return OfflinePlanner().plan(make_profile(company="Modna Sieć"), "both")


def test_the_brief_table_holds_every_role_with_its_fte(bundle):
    roles = _table_with(_open(bundle_docx(bundle)), "Cost a year (estimate)")
    assert [(row.cells[0].text.removesuffix(" (new hire)"), row.cells[1].text) for row in roles.rows[1:-1]] == [
        (r.title, f"{r.fte:g}") for r in bundle.team.roles
    ]


def test_the_brief_lists_the_three_actions(bundle):
    paragraphs = [p.text for p in _open(bundle_docx(bundle)).paragraphs if p.style.name == "List Number"]
    titles = [a.title for a in bundle.team.brief.actions]
    assert [text.startswith(title) for text, title in zip(paragraphs, titles, strict=False)] == [True] * 3


def test_a4_title_page_contents_page_numbers_and_properties(bundle):
    doc = _open(bundle_docx(bundle))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert doc.paragraphs[6].style.name == "Title" and doc.paragraphs[7].text == "Modna Sieć"
    fields = "".join(doc.element.body.itertext()) + "".join(section.footer._element.itertext())
    assert "TOC \\o" in fields and " PAGE " in fields and " NUMPAGES " in fields
    assert doc.core_properties.author == "omniteam" and doc.core_properties.title.endswith(": Modna Sieć")
    assert doc.core_properties.language == "en"


def test_charts_are_pictures_with_alternative_text_and_columns_are_fitted(bundle):
    data = bundle_docx(bundle)
    doc = _open(data)
    pictures = doc.inline_shapes
    assert len(pictures) == 2
    described = [p._inline.docPr.get("descr") or p._inline.xpath(".//pic:cNvPr")[0].get("descr") for p in pictures]
    assert described == ["Team and reporting lines", "First 90 days"]
    roles = _table_with(doc, "Mission")
    widths = [cell.width for cell in roles.rows[0].cells]
    assert widths[1] < widths[3] / 3  # the FTE column is narrow, the mission gets room


def test_no_bookkeeping_rows_and_the_maker_in_words(bundle):
    provenance = bundle.team.provenance.model_copy(
        update={
            "planner": "llm",
            "model": "gpt-4o-mini",
            "fallback": True,
            "fallback_reason": "http://127.0.0.1:9/v1 refused",
            "fallback_kind": "gone",
        }
    )
    team = bundle.team.model_copy(update={"provenance": provenance})
    doc = _open(bundle_docx(bundle.model_copy(update={"team": team, "skills": None})))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "The AI model is not available right now, so this is the offline plan" in text  # as the chat says it
    assert "127.0.0.1" not in text and "Tokens" not in text and "$0.0000" not in text
    assert "300 people · fashion retail · stores, online shop" in text


def test_polish_plan_gets_polish_headings_and_numbers():
    bundle = OfflinePlanner().plan(make_profile(language="pl", employees=1200), "team")
    doc = _open(render_bundle(bundle, "docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert {"Spis treści", "Trzy ryzyka właściwe dla was"} <= set(headings)
    assert "1\u202f200 osób" in "\n".join(p.text for p in doc.paragraphs)


def test_markup_in_plan_text_is_kept_as_plain_text(bundle):
    challenge = "<script>alert(1)</script> & silos"
    bundle = OfflinePlanner().plan(make_profile(challenge=challenge), "team")
    doc = _open(bundle_docx(bundle))
    assert any(challenge in p.text for p in doc.paragraphs)
