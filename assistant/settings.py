"""Settings from arguments, then `OMNITEAM_*` environment variables, then `.env`.

The API key is a `SecretStr`: it prints as '**********' in logs, reprs and errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """How omniteam reaches a model, and where it keeps its cache and its store."""

    model_config = SettingsConfigDict(env_prefix="OMNITEAM_", env_file=".env", extra="ignore")

    provider: Literal["offline", "openai"] | None = Field(
        None, description="offline or openai; empty picks openai when configured."
    )
    api_key: SecretStr | None = Field(
        None,
        description="API key (OMNITEAM_API_KEY, else OPENAI_API_KEY).",
        validation_alias=AliasChoices("api_key", "omniteam_api_key", "openai_api_key"),
    )
    base_url: str | None = Field(
        None,
        description="OpenAI-compatible server, e.g. http://localhost:11434/v1 "
        "(OMNITEAM_BASE_URL, else OPENAI_BASE_URL).",
        validation_alias=AliasChoices("base_url", "omniteam_base_url", "openai_base_url"),
    )
    model: str = Field("gpt-4o-mini", description="Chat model name.")
    temperature: float = Field(0.2, ge=0, le=2)
    timeout: float = Field(
        20.0,
        gt=0,
        description="Seconds the server may stay silent (connecting, queueing or "
        "between two pieces of an answer) before it counts as dead.",
    )
    deadline: float = Field(
        300.0,
        gt=0,
        description="Seconds one plan may take in all: connection, queue, generation, retries and the repair.",
    )
    max_output_tokens: int | None = Field(
        None, ge=16, description="Cap on the tokens of one answer; empty sizes it per plan kind."
    )
    max_retries: int = Field(3, ge=0, le=10)
    max_concurrency: int = Field(8, ge=1, le=256)
    cache_dir: Path = Field(Path(".omniteam-cache"), description="On-disk response cache.")
    prompt_version: str = Field(
        "latest",
        description="Prompt versions: latest (each prompt's newest: the team plan over the method's draft), v2, or "
        "per prompt, e.g. team_structure=v4 (from scratch; the others at their latest).",
    )
    structured_output: Literal["json_schema", "function_calling", "json_mode"] = Field(
        "json_schema",
        description="How the model is made to answer in the plan's schema; "
        "function_calling or json_mode for servers without json_schema.",
    )
    max_input_tokens: int = Field(
        6000, ge=500, description="Prompt budget, the answer's schema included; grounding is trimmed to fit it."
    )
    price_file: Path | None = Field(None, description="A TOML price table replacing the shipped one.")
    database_url: str | None = Field(
        None,
        description="Where plans, conversations, share links and feedback are kept: sqlite:///path/omniteam.db "
        "or postgresql+psycopg://user:password@host/db; empty is omniteam.db in the user's data folder.",
    )

    def default_provider(self) -> str:
        """The provider to use when none is named: openai once a key or base URL is set."""
        if self.provider:
            return self.provider
        return "openai" if (self.api_key or self.base_url) else "offline"


def get_settings(**overrides) -> Settings:
    """Settings with explicit overrides first, then the environment and `.env`."""
    return Settings(**overrides)
