"""What the diagnose prompt (`prompts/diagnose/`) makes a model return: the diagnosis, every part quoted.

Each field carries the client's own words that support it; `assistant.llm.diagnose` keeps only
what the client's text really contains, so a model cannot put words in the client's mouth.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..diagnosis import Process


class _Quoted(BaseModel):
    model_config = ConfigDict(extra="forbid")


class QuotedProblem(_Quoted):
    """A collaboration problem the text states."""

    key: str = Field(description="Challenge key from the catalogue given in the prompt.")
    quote: str = Field(description="The client's words that state it, copied exactly.")


class QuotedProcess(_Quoted):
    """The process that breaks between channels."""

    key: Process = Field(description="Process key from the catalogue given in the prompt.")
    quote: str = Field(description="The client's words that name it, copied exactly.")
    objects: list[str] = Field(default_factory=list, max_length=4, description="The client's words for what it moves.")


class QuotedGoal(_Quoted):
    """The quarter's goal."""

    quote: str = Field(description="The client's words for the goal, copied exactly.")
    metric: str | None = Field(None, description="What is measured.")
    baseline: float | None = Field(None, description="Today's value, only if the client gives it.")
    target: float | None = Field(None, description="The value to reach, only if the client gives it.")
    unit: str | None = Field(None, description="'%', 'days', 'hours', 'points' ...")


class ModelReading(_Quoted):
    """A model's reading of a client's text; every part backed by a quote."""

    problems: list[QuotedProblem] = Field(default_factory=list, max_length=4, description="Strongest first.")
    process: QuotedProcess | None = None
    involved: list[str] = Field(default_factory=list, max_length=8, description="Departments and roles, quoted.")
    in_place: list[str] = Field(default_factory=list, max_length=8, description="What already works, quoted.")
    goal: QuotedGoal | None = None
