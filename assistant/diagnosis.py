"""`Diagnosis`: what breaks at one company, read once from its own words and shown to the user.

Every front door reads a company once (`assistant.reading`, by meaning, with rules where they
are plainly better, or by a model when one is configured) and hands the same `Diagnosis` to the
planner, the chat, the brief and the JSON. Each finding carries the client's own sentence that
supports it, so a reader of the plan can check it; below the confidence threshold the chat asks
one pointed question instead of guessing, and the plan states what it assumed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .terms import Process

__all__ = ["Diagnosis", "Goal", "ProblemReading", "Process", "ProcessReading"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProblemReading(_Part):
    """One stated collaboration problem, ranked by how strongly the text states it."""

    key: str = Field(description="Challenge key from the knowledge base, e.g. silos or no_shared_data.")
    confidence: float = Field(ge=0, le=1, description="How sure the reader is that the text states it.")
    evidence: str = Field(description="The client's clause that states it, quoted whole.")


class ProcessReading(_Part):
    """The process that breaks, with the client's words for the thing it moves."""

    key: Process = Field(description="The process from the catalogue.")
    confidence: float = Field(ge=0, le=1, description="How sure the reader is.")
    evidence: str = Field(description="The client's clause that names it, quoted whole.")
    objects: list[str] = Field(
        default_factory=list, max_length=4, description='The client\'s own words for it, e.g. "wedding orders".'
    )


class Goal(_Part):
    """The quarter's goal as a measurable target, in the client's words and as numbers where given."""

    text: str = Field(description="The goal as the client wrote it, a whole clause.")
    metric: str | None = Field(None, description="What is measured, e.g. 'refund time' or 'repeat purchase rate'.")
    baseline: float | None = Field(None, description="Today's value, when the client gives it.")
    target: float | None = Field(None, description="The value to reach.")
    change: float | None = Field(
        None,
        description="A change asked for without today's value: +15 for 'increase sales by 15%', -10 for 'cut by 10'.",
    )
    unit: str | None = Field(None, description="'%', 'days', 'hours', 'PLN', 'points' ...")
    due: str | None = Field(None, description="When, as the client said it ('end of Q1', '31.03.2027').")


class Diagnosis(_Part):
    """What breaks at this company, in its own words, with how sure the reader is of each part."""

    problems: list[ProblemReading] = Field(default_factory=list, max_length=4, description="Ranked, strongest first.")
    process: ProcessReading | None = Field(None, description="The process that fails between channels, if named.")
    involved: list[str] = Field(
        default_factory=list, max_length=8, description="Departments and roles the client names, in its words."
    )
    in_place: list[str] = Field(
        default_factory=list, max_length=8, description="What the client says already exists or works."
    )
    constraints: list[str] = Field(
        default_factory=list,
        max_length=8,
        description="Limits the plan must respect, in the client's words ('hiring freeze until June'); never a problem.",
    )
    question: str | None = Field(None, description="The client's own question, to be answered directly.")
    goal: Goal | None = Field(None, description="The quarter's goal; never invented when the client gave none.")
    markets: list[str] = Field(default_factory=list, description="Countries or regions named: markets, never channels.")
    partners: list[str] = Field(
        default_factory=list, description="Partner kinds named (resellers, designers, brokers, agents, franchisees)."
    )
    outlet_word: str | None = Field(
        None, description="The client's own noun for its outlets, nominative plural, e.g. 'piekarnie'."
    )
    counts: dict[str, int] = Field(
        default_factory=dict, description="How many of each own channel the client states, e.g. {'stores': 12}."
    )
    confident: bool = Field(True, description="False when the reading is unsure and the chat should ask first.")
    ask: str | None = Field(None, description="The one pointed question to ask when not confident.")
    assumptions: list[str] = Field(default_factory=list, description="What the plan assumed where the text was unsure.")
    reader: Literal["meaning", "rules", "model"] = Field("rules", description="What read the text.")
