"""Renderers: one `PlanBundle` to Markdown, JSON, DOCX or mermaid diagrams."""

from __future__ import annotations

from ..plans import PlanBundle
from ..sanitize import inert_markdown
from .markdown import bundle_markdown

__all__ = ["bundle_json", "bundle_markdown", "render_bundle"]


def bundle_json(bundle: PlanBundle) -> str:
    """The bundle as indented JSON, absent plans left out."""
    return bundle.model_dump_json(indent=2, exclude_none=True)


def render_bundle(bundle: PlanBundle, fmt: str) -> str | bytes:
    """Render to "markdown", "json" or "docx" (bytes). The Markdown is inert: a model's raw HTML
    is escaped and its images broken, so a viewer of the file fetches nothing."""
    if fmt == "json":
        return bundle_json(bundle)
    if fmt == "docx":
        from .docx import bundle_docx

        return bundle_docx(bundle)
    return inert_markdown(bundle_markdown(bundle))
