"""Limits on every input, so no file, profile or chat can exhaust the machine.

Each limit has a default and a setting (an `OMNITEAM_MAX_*` environment variable or `.env`
line), and breaking one is a one-line `InputError` that names both: what was found and the
setting that raises the limit. Limits are read once at the edge (a command, the app factory)
and passed down.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import InputError


class Limits(BaseSettings):
    """Upper bounds on inputs; raise one with its `OMNITEAM_MAX_*` variable."""

    model_config = SettingsConfigDict(env_prefix="OMNITEAM_", env_file=".env", extra="ignore")

    max_file_mb: float = Field(500, gt=0, description="Size of a batch input file (CSV or XLSX), in MB.")
    max_rows: int = Field(2_000_000, ge=1, description="Data rows in a batch input file.")
    max_columns: int = Field(200, ge=1, description="Cells in one row of a batch input file.")
    max_cell_chars: int = Field(20_000, ge=100, description="Characters in one cell of a batch input file.")
    max_xlsx_mb: float = Field(1000, gt=0, description="Uncompressed size of an XLSX workbook, in MB.")
    max_shared_strings_mb: float = Field(100, gt=0, description="Uncompressed shared strings of an XLSX, in MB.")
    max_profile_kb: float = Field(256, gt=0, description="Size of a profile file (JSON or YAML), in KB.")
    max_cases_kb: float = Field(2000, gt=0, description="Size of one eval case file (YAML), in KB.")
    max_channels: int = Field(30, ge=1, description="Channels named in one profile.")
    max_chat_messages: int = Field(200, ge=2, description="Messages of the chat history the page sends back.")
    max_chat_message_chars: int = Field(20_000, ge=100, description="Characters of one message in that history.")

    def check(self, name: str, found: float, what: str) -> None:
        """Raise the one-line error for limit `name` when `found` is over it."""
        limit = getattr(self, name)
        if found > limit:
            raise InputError(
                f"{what}: {_shown(found)} is over the limit of {_shown(limit)} "
                f"(set OMNITEAM_{name.upper()} to allow more)",
                field=name,
            )


def _shown(value: float) -> str:
    """2000001 → "2,000,001", 150.002 → "150", 0.001 → "0.001" (not "2e+06")."""
    return f"{round(value):,}" if abs(value) >= 1000 else f"{value:.4g}"


def get_limits(**overrides) -> Limits:
    """Limits with explicit overrides first, then the environment and `.env`."""
    return Limits(**overrides)
