"""Planners: the offline rules planner (the default) and the LLM chain planner."""

from __future__ import annotations

from ..settings import Settings, get_settings
from .base import Planner
from .llm import LLMPlanner
from .offline import OfflinePlanner

__all__ = ["OfflinePlanner", "Planner", "make_planner"]


def make_planner(provider: str | None = None, settings: Settings | None = None, **options) -> Planner:
    """The planner for a provider: "offline", "openai", or None for the configured default.

    The default is the offline planner unless an API key or a base URL is configured.
    `options` go to the LLM planner (use_cache, prompt_version, ...).
    """
    settings = settings or get_settings()
    chosen = provider or settings.default_provider()
    if chosen == "offline":
        return OfflinePlanner()
    return LLMPlanner(settings=settings, **options)
