"""Estimated tokens and cost of a batch, for `--dry-run` and the tokens-per-minute limiter.

The offline planner costs nothing. For an LLM provider the estimate is the LLM chain's own
(`assistant.llm.estimate.estimate_request`: the rendered prompt counted with tiktoken, the
answer sized like the offline plan this module passes it, priced from the price table), so dry run and bill agree.
Large files are estimated from an evenly spread sample of rows, scaled to the row count.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..llm.estimate import estimate_request
from ..planners.offline import OfflinePlanner
from ..profile import CompanyProfile
from ..settings import Settings

SAMPLE_ROWS = 100


def uses_llm(options, settings: Settings) -> bool:
    """True when the options' provider (or the settings' default) is an LLM."""
    return (options.provider or settings.default_provider()) != "offline"


def row_usage(profile: CompanyProfile, options, settings: Settings) -> tuple[int, float]:
    """(tokens, USD) one row is expected to use; (0, 0.0) offline."""
    if not uses_llm(options, settings):
        return 0, 0.0

    prompt, completion, cost = estimate_request(profile, options.kind, None, settings, draft=OfflinePlanner().plan)
    return prompt + completion, cost


def estimate_usage(
    profiles: Sequence[CompanyProfile], options, settings: Settings, *, total: int | None = None
) -> tuple[int, float]:
    """Total (tokens, USD) to plan `total` rows (default: all `profiles`), from a sample of at
    most `SAMPLE_ROWS` of `profiles` (a caller streaming rows passes its own sample)."""
    if not profiles or not uses_llm(options, settings):
        return 0, 0.0
    step = max(1, len(profiles) / SAMPLE_ROWS)
    sample = [profiles[int(i * step)] for i in range(min(len(profiles), SAMPLE_ROWS))]
    usages = [row_usage(profile, options, settings) for profile in sample]
    scale = (total or len(profiles)) / len(sample)
    return round(sum(t for t, _ in usages) * scale), round(sum(c for _, c in usages) * scale, 6)
