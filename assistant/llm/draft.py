"""The chat's profile draft: what the extract prompt (`prompts/extract/`) makes a model return."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

MAX_CHANNELS = 8  # a bound the grammar holds a small model to: an unbounded list lets it repeat an item until cut off


class ProfileDraft(BaseModel):
    """Profile facts a chat model read from one message (prompts/extract); unstated ones stay empty."""

    model_config = ConfigDict(extra="ignore")

    employees: str | None = Field(None, description="Head count as written, e.g. 'about 300'.")
    industry: str | None = Field(None, description="The industry in a few words.")
    channels: list[str] = Field(
        default_factory=list, max_length=MAX_CHANNELS, description="Sales and service channels named."
    )
    challenge: str | None = Field(None, description="The collaboration problem in the user's words.")
    team_size: str | None = Field(None, description="Size of the team for a skills plan.")
    team_level: str | None = Field(None, description="junior, mixed or senior.")
    quarterly_goal: str | None = Field(None, description="The quarter's goal.")
