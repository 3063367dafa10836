"""Settings from arguments, then `OMNITEAM_*` environment variables, then `.env`.

The API key is a `SecretStr`: it prints as '**********' in logs, reprs and errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """How omniteam reaches a model, and where it keeps its cache."""

    model_config = SettingsConfigDict(env_prefix="OMNITEAM_", env_file=".env", extra="ignore")

    provider: str | None = Field(None, description="offline or openai; empty picks openai when configured.")
    api_key: SecretStr | None = Field(None, description="API key (OMNITEAM_API_KEY, else OPENAI_API_KEY).",
                                      validation_alias=AliasChoices("api_key", "omniteam_api_key", "openai_api_key"))
    base_url: str | None = Field(None, description="OpenAI-compatible server, e.g. http://localhost:11434/v1.")
    model: str = Field("gpt-4o-mini", description="Chat model name.")
    temperature: float = Field(0.2, ge=0, le=2)
    timeout: float = Field(60.0, gt=0, description="Seconds per request.")
    max_retries: int = Field(3, ge=0, le=10)
    max_concurrency: int = Field(8, ge=1, le=256)
    cache_dir: Path = Field(Path(".omniteam-cache"), description="On-disk response cache.")
    prompt_version: str = Field("v1", description="Prompt versions: v2, latest, or per prompt, e.g. "
                                "team_structure=v3 (the others at their latest).")
    structured_output: Literal["json_schema", "function_calling", "json_mode"] = Field(
        "json_schema", description="How the model is made to answer in the plan's schema; "
                                   "function_calling or json_mode for servers without json_schema.")
    max_input_tokens: int = Field(2500, ge=500, description="Prompt budget; grounding is trimmed to fit it.")
    price_file: Path | None = Field(None, description="A TOML price table replacing the shipped one.")

    def default_provider(self) -> str:
        """The provider to use when none is named: openai once a key or base URL is set."""
        if self.provider:
            return self.provider
        return "openai" if (self.api_key or self.base_url) else "offline"


def get_settings(**overrides) -> Settings:
    """Settings with explicit overrides first, then the environment and `.env`."""
    return Settings(**overrides)
