"""Renderers: one `PlanBundle` to Markdown, JSON, DOCX, PDF, charts (SVG, PNG) or mermaid diagrams."""

from __future__ import annotations

from ..plans import PlanBundle
from ..sanitize import inert_markdown
from .formats import output_format
from .markdown import bundle_markdown

__all__ = ["bundle_json", "bundle_markdown", "markdown_export", "render_bundle"]


def bundle_json(bundle: PlanBundle) -> str:
    """The bundle as indented JSON, absent plans left out."""
    return bundle.model_dump_json(indent=2, exclude_none=True)


def render_bundle(bundle: PlanBundle, fmt: str) -> str | bytes:
    """Render to any format of the registry ("markdown", "json", "docx", "pdf" or their extensions)."""
    return output_format(fmt).render(bundle)


def markdown_export(bundle: PlanBundle) -> str:
    """The Markdown export, inert: a model's raw HTML is escaped and its images broken, so a viewer fetches nothing."""
    return inert_markdown(bundle_markdown(bundle))
