"""omniteam: plans omnichannel teams from a company profile, offline or with an LLM.

The public API is re-exported here and loaded on first use, so importing the package (and
starting the CLI) stays instant.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_EXPORTS = {
    "CompanyProfile": "profile",
    "build_profile": "profile",
    "TeamPlan": "plans",
    "SkillsPlan": "plans",
    "PlanBundle": "plans",
    "json_schemas": "plans",
    "Planner": "planners",
    "OfflinePlanner": "planners",
    "make_planner": "planners",
    "load_knowledge": "knowledge",
    "render_bundle": "render",
    "OmniteamError": "errors",
    "InputError": "errors",
    "ConfigError": "errors",
    "PromptError": "errors",
    "ModelError": "errors",
    "Settings": "settings",
    "get_settings": "settings",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from .errors import ConfigError, InputError, ModelError, OmniteamError, PromptError
    from .knowledge import load_knowledge
    from .planners import OfflinePlanner, Planner, make_planner
    from .plans import PlanBundle, SkillsPlan, TeamPlan, json_schemas
    from .profile import CompanyProfile, build_profile
    from .render import render_bundle
    from .settings import Settings, get_settings


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
