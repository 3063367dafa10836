"""Planners: the offline rules planner (the default) and the LLM chain planner."""

from __future__ import annotations

from .base import Planner
from .offline import OfflinePlanner

__all__ = ["OfflinePlanner", "Planner", "make_planner"]


def make_planner(provider: str | None = None, **options) -> Planner:
    """The planner for a provider: "offline", "openai", or None for the configured default.

    The default is the offline planner unless an API key or a base URL is configured.
    """
    from ..settings import get_settings

    settings = get_settings()
    chosen = provider or settings.default_provider()
    if chosen == "offline":
        return OfflinePlanner()
    from .llm import LLMPlanner

    return LLMPlanner(settings=settings, **options)
