"""Dry-run estimates: the tokens and cost of planning a profile, counted offline, the schema included.

For `--dry-run`s and the eval's estimates: the prompt is rendered and counted as `build_request`
sends it; the completion is sized as the plan `draft` makes (the caller passes the offline
planner's `plan`, which has the same schema, so `llm/` needs no planner). A prompt that writes
over the method's draft also costs the diagnosis call before it, counted the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from ..plans import PlanBundle
from ..profile import CompanyProfile
from ..settings import Settings
from ..terms import PlanKind
from .chain import build_request
from .diagnose import diagnose_request
from .outline import outline_of
from .pricing import cost_usd
from .tokens import count_text

READING = {"problems", "process", "goal", "involved", "in_place"}  # what the model's reading of a diagnosis holds


def estimate_request(
    profile: CompanyProfile,
    kind: str,
    prompt_version: str | None,
    settings: Settings,
    *,
    draft: Callable[[CompanyProfile, PlanKind], PlanBundle],
) -> tuple[int, int, float]:
    """(prompt tokens, estimated completion tokens, estimated USD) of planning a profile; kind "both" sums the
    team and skills requests."""
    prompt_tokens = completion_tokens = 0
    for one in ("team", "skills") if kind == "both" else (kind,):
        made = draft(profile, one)
        plan = made.plans[0]
        request = build_request(profile, one, settings, prompt_version, outline_of(plan, made.diagnosis))
        prompt_tokens += request.prompt_tokens
        completion_tokens += count_text(
            plan.model_dump_json(include=set(request.content_model.model_fields)), settings.model
        )
        if request.draft is not None and made.diagnosis is not None:  # the diagnosis call, sized as the reader's
            prompt_tokens += diagnose_request(profile, settings).prompt_tokens
            completion_tokens += count_text(made.diagnosis.model_dump_json(include=READING), settings.model)
    return (
        prompt_tokens,
        completion_tokens,
        cost_usd(settings.model, prompt_tokens, completion_tokens, settings.price_file),
    )
