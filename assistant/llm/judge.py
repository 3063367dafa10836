"""The LLM-as-judge verdict: what the judge prompt (`prompts/judge/`) makes a model return."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Criterion = Literal["fit", "method", "actionability", "coherence", "language"]


class CriterionScore(BaseModel):
    """One rubric criterion, scored 1-5 with the reason."""

    model_config = ConfigDict(extra="forbid")

    criterion: Criterion = Field(description="fit, method, actionability, coherence or language.")
    score: int = Field(ge=1, le=5, description="1 = poor, 3 = acceptable, 5 = excellent.")
    reason: str = Field(description="One or two sentences that justify the score, citing the plan.")


class JudgeVerdict(BaseModel):
    """A judge's scores for one plan."""

    model_config = ConfigDict(extra="forbid")

    scores: list[CriterionScore] = Field(min_length=5, max_length=5, description="One score per criterion.")
    overall: int = Field(ge=1, le=5, description="Overall score, 1-5.")
    summary: str = Field(description="The main strength and the main weakness, in two sentences.")
