"""The output formats, one registry for `omniteam plan`, `omniteam batch` and the page's downloads.

A format is a name, a file extension, whether its output is binary, and its renderer; a new
format is one renderer module plus one line here. Renderers are imported when first used, so
python-docx and fpdf2 load only for the formats that need them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from ..errors import InputError
from ..plans import PlanBundle


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    binary: bool
    renderer: str  # "module:function" taking a PlanBundle, imported on first use

    @property
    def render(self) -> Callable[[PlanBundle], str | bytes]:
        module, function = self.renderer.split(":")
        return getattr(import_module(module), function)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("markdown", "md", False, "assistant.render:markdown_export"),
        Format("json", "json", False, "assistant.render:bundle_json"),
        Format("docx", "docx", True, "assistant.render.docx:bundle_docx"),
        Format("pdf", "pdf", True, "assistant.render.pdf:bundle_pdf"),
    )
}


def output_format(name: str) -> Format:
    """The format called `name` or by its extension ("md"); one clear error otherwise."""
    wanted = name.strip().lower().lstrip(".")
    for fmt in FORMATS.values():
        if wanted in (fmt.name, fmt.extension):
            return fmt
    choices = ", ".join(FORMATS)
    raise InputError(f"unknown format {name!r}: choose from {choices}", field="format")
