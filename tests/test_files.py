"""The probes of issue 22, "files you can trust", each as a fault and the behaviour expected of it.

Every document renders whatever the model wrote; one format's failure never takes another;
a batch row's files are written all or nothing.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document

from assistant.batch import BatchOptions, run_batch
from assistant.planners.offline import OfflinePlanner
from assistant.plans import PlanBundle
from assistant.render.docx import bundle_docx
from assistant.render.pdf import bundle_pdf
from tests.conftest import make_profile

WORD = "Wielokanałowość" * 4  # 60 letters, no space
URL = "https://intranet.example.com/omnichannel/" + "raport-kwartalny-" * 8 + "?id=" + "0123456789" * 4
HEADER = "Firma;Pracownicy;Branża;Kanały;Wyzwanie"


def long_token_bundle() -> PlanBundle:
    """A plan as a model might answer: a 60-letter word and a long URL in tables, lists and text."""
    bundle = OfflinePlanner().plan(make_profile(company=WORD, language="pl"), "both")
    team, skills = bundle.team, bundle.skills
    team.summary = f"{WORD} {URL}"
    team.roles[0].title, team.roles[0].mission = WORD, URL
    team.risks[0].risk, team.risks[0].owner_role = URL, WORD
    team.first_90_days[0].title = WORD + WORD
    team.kpis[0].name = URL
    skills.skills[0].progress_indicator = URL
    return bundle


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]), encoding="utf-8")
    return path


# --- every document renders ------------------------------------------------------------------


def test_a_pdf_renders_a_60_letter_word_and_a_long_url_in_its_tables_and_text():
    assert bundle_pdf(long_token_bundle()).startswith(b"%PDF")


def test_a_long_url_in_a_docx_table_leaves_the_other_columns_their_room():
    doc = Document(io.BytesIO(bundle_docx(long_token_bundle())))
    roles = next(table for table in doc.tables if table.rows[0].cells[0].text == "Rola")
    widths = [cell.width for cell in roles.rows[0].cells]
    assert min(widths) > max(widths) / 5  # the URL breaks; "FTE" and "Raportuje do" keep their width


def test_the_docx_keeps_the_long_tokens_whole_in_its_text():
    doc = Document(io.BytesIO(bundle_docx(long_token_bundle())))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert URL in cells and WORD in cells


def test_a_download_that_fails_in_its_library_leaves_the_other_downloads(monkeypatch, tmp_path):
    from fpdf.errors import FPDFException

    from ui import views

    def broken(bundle):
        raise FPDFException("Not enough horizontal space to render a single character")

    monkeypatch.setattr("assistant.render.pdf.bundle_pdf", broken)
    md, js, docx, pdf = views.write_downloads(long_token_bundle(), tmp_path)
    assert pdf is None and all(Path(p).stat().st_size > 0 for p in (md, js, docx))


def test_a_batch_row_whose_pdf_fails_leaves_no_other_file(monkeypatch, tmp_path):
    def broken(bundle):
        raise RuntimeError("the PDF library failed")

    monkeypatch.setattr("assistant.render.pdf.bundle_pdf", broken)
    source = write_csv(tmp_path / "klienci.csv", ["Moda;300;moda;sklepy, e-commerce;silosy"])
    report = run_batch(source, tmp_path / "out", BatchOptions(formats=("md", "pdf")))
    assert report.failed == 1 and list((tmp_path / "out" / "plans").iterdir()) == []
