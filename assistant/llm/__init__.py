"""The LLM chain's parts: prompt files, grounding, tokens, prices, cache and the chain itself.

Public API (heavy libraries load on first use, not on import):
- `load_prompt(name, version, lang)` -> `Prompt` (`.render(**vars)` -> langchain messages,
  `.output_model`, `.variables`); `prompt_versions(name)`; `JudgeVerdict` for the judge rubric.
- `build_request(profile, kind, settings, prompt_version)` -> `PlanRequest` (messages, tokens,
  trimmed grounding); `estimate_request(profile, kind, prompt_version, settings, draft=...)` ->
  (prompt tokens, estimated completion tokens, estimated USD) for dry runs.
- `PlanChain(settings, chat_model=None)`: invoke / ainvoke / stream one request.
- `count_text`, `count_messages`, `cost_usd`.
The planner that wraps them is `assistant.planners.llm.LLMPlanner`.
"""

from .chain import PlanChain, PlanRequest, build_request
from .estimate import estimate_request
from .judge import CriterionScore, JudgeVerdict
from .pricing import cost_usd
from .prompts import Prompt, load_prompt, prompt_versions
from .tokens import count_messages, count_text

__all__ = [
    "CriterionScore",
    "JudgeVerdict",
    "PlanChain",
    "PlanRequest",
    "Prompt",
    "build_request",
    "cost_usd",
    "count_messages",
    "count_text",
    "estimate_request",
    "load_prompt",
    "prompt_versions",
]
