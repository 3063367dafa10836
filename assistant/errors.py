"""One exception root; user mistakes are kept apart from model misbehaviour."""

from __future__ import annotations


class OmniteamError(Exception):
    """Root of every error omniteam raises on purpose."""


class InputError(OmniteamError, ValueError):
    """The user gave something omniteam cannot use (a bad field, file or option)."""

    def __init__(self, message: str, *, field: str | None = None, row: int | None = None):
        self.field = field
        self.row = row
        super().__init__(message)


class ConfigError(OmniteamError):
    """Settings are missing or wrong; the message names the setting to fix. A server's refusal
    (unreachable, key rejected, unknown model) also carries a `code` and `facts`, so the reason can
    be told in a plan's language (assistant.llm.faults)."""

    def __init__(self, message: str, *, setting: str | None = None, code: str | None = None, facts: dict | None = None):
        self.setting = setting
        self.code = code
        self.facts = facts or {}
        super().__init__(message)


class PromptError(OmniteamError):
    """A prompt file is invalid or a template variable was not supplied."""

    def __init__(self, message: str, *, missing_vars: list[str] | None = None):
        self.missing_vars = missing_vars or []
        super().__init__(message)


class ModelError(OmniteamError):
    """The model misbehaved: unreachable, refused, or answered with something unusable.

    `code` and `facts` let the reason be told in the plan's language (assistant.llm.faults);
    the token counts are what the failed attempts spent, `answered_by` the model that answered.
    """

    def __init__(
        self,
        message: str,
        *,
        raw_output: str | None = None,
        attempts: int = 0,
        code: str = "failed",
        facts: dict | None = None,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        answered_by: str | None = None,
    ):
        self.raw_output = raw_output
        self.attempts = attempts
        self.code = code
        self.facts = facts or {}
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens
        self.answered_by = answered_by
        super().__init__(message)
