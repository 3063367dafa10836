"""The optional LLM-as-judge: a model scores a plan 1-5 per rubric criterion, with reasons.

The rubric is the prompt `prompts/judge/`; the answer is a `JudgeVerdict` through structured
output, sent by the LLM chain (so it gets the same retries, repair attempt and token count as
a plan). It runs only when a model is configured, and a judge that does not answer yields an
error grade, never a silent low score.
"""

from __future__ import annotations

from ..llm.chain import PlanChain, PlanRequest, request_for
from ..llm.judge import JudgeVerdict
from ..llm.pricing import cost_usd
from ..llm.prompts import load_prompt
from ..plans import SkillsPlanContent, TeamPlanContent
from ..settings import Settings
from .cases import Case
from .grading import Grade, Plan

PASS_SCORE = 3  # "acceptable" on the rubric's scale


class Judge:
    """Grades plans with a chat model and the judge rubric."""

    def __init__(
        self, settings: Settings, *, chain: PlanChain | None = None, version: str = "v1", pass_score: int = PASS_SCORE
    ):
        self.settings = settings
        self.chain = chain or PlanChain(settings)
        self.version = version
        self.pass_score = pass_score

    def request(self, plan: Plan) -> PlanRequest:
        """The rendered rubric for one plan (in the plan's language)."""
        prompt = load_prompt("judge", self.version, plan.language)
        content = TeamPlanContent if plan.kind == "team" else SkillsPlanContent
        messages = prompt.render(
            kind=plan.kind,
            profile=plan.profile.model_dump(mode="json", exclude_none=True),
            plan=plan.model_dump(mode="json", include=set(content.model_fields)),
        )
        return request_for("judge", prompt, messages, self.settings)

    async def agrade(self, plan: Plan, case: Case) -> Grade:
        """The rubric's verdict as a grade: passes when the overall and every criterion reach `pass_score`."""
        name = "judge" if plan.kind == "team" else "skills/judge"
        try:
            result = await self.chain.ainvoke(self.request(plan))
        except Exception as error:  # noqa: BLE001 - any failure to answer is reported, never scored
            return Grade(name, False, f"the judge did not answer: {type(error).__name__}: {error}", error=True)
        verdict = result.content
        assert isinstance(verdict, JudgeVerdict)  # the judge prompt's output model
        low = [s.criterion for s in verdict.scores if s.score < self.pass_score]
        reasons = "; ".join(f"{s.criterion} {s.score}: {s.reason}" for s in verdict.scores)
        cost = cost_usd(self.settings.model, result.prompt_tokens, result.completion_tokens, self.settings.price_file)
        return Grade(
            name,
            verdict.overall >= self.pass_score and not low,
            f"overall {verdict.overall}/5"
            + (f", below {self.pass_score}: {', '.join(low)}" if low else "")
            + f" — {reasons}",
            tokens=result.prompt_tokens + result.completion_tokens,
            cost_usd=cost,
        )
