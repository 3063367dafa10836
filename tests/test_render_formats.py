"""One registry of output formats for `plan`, `batch` and the page; the PDF is the DOCX's document."""

from __future__ import annotations

import re

import pytest

from assistant.errors import InputError
from assistant.planners import OfflinePlanner
from assistant.render import render_bundle
from assistant.render.formats import FORMATS, output_format
from tests.helpers import make_profile


def test_formats_are_found_by_name_or_extension_and_unknown_ones_named():
    assert output_format("md") is FORMATS["markdown"] and output_format(".PDF") is FORMATS["pdf"]
    assert [f.name for f in FORMATS.values() if f.binary] == ["docx", "pdf"]
    with pytest.raises(InputError, match="unknown format 'xls': choose from markdown, json, docx, pdf"):
        output_format("xls")


@pytest.mark.slow
def test_pdf_is_a4_with_contents_pictures_and_properties():
    bundle = OfflinePlanner().plan(make_profile(company="Modna Sieć", language="pl"), "both")
    data = render_bundle(bundle, "pdf")
    assert isinstance(data, bytes) and data.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595.28 841.89]" in data
    assert len(re.findall(rb"/Subtype /Image", data)) >= 2
    assert b"/Outlines" in data and b"/Lang (pl)" in data
    assert len(re.findall(rb"/Type /Page\b", data)) >= 8


def test_plan_command_writes_a_pdf_and_refuses_it_to_the_terminal(tmp_path):
    from typer.testing import CliRunner

    from assistant.cli import app

    runner = CliRunner()
    args = ["plan", "-e", "300", "-i", "fashion retail", "-c", "stores, e-commerce", "--challenge", "silos"]
    refused = runner.invoke(app, [*args, "-f", "pdf"])
    assert refused.exit_code == 2 and "PDF is binary" in refused.output
    done = runner.invoke(app, [*args, "-f", "pdf", "-o", str(tmp_path / "plan.pdf")])
    assert done.exit_code == 0 and (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
