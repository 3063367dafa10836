"""One exception root; user mistakes are kept apart from model misbehaviour; pydantic's
validation errors said in plain words (`plain_problems`), for every front door alike."""

from __future__ import annotations

from pydantic import ValidationError

# What each kind of pydantic error means, in plain words (its `ctx` fills the braces).
PLAIN_PROBLEMS = {
    "missing": "required, but not given",
    "extra_forbidden": "not a field omniteam knows (check its spelling)",
    "literal_error": "accepted values are {expected}",
    "enum": "accepted values are {expected}",
    "string_too_short": "too short: write at least {min_length} characters",
    "string_too_long": "too long: at most {max_length} characters",
    "too_short": "needs at least {min_length} entries",
    "too_long": "at most {max_length} entries",
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be more than {gt}",
    "less_than_equal": "must be at most {le}",
    "less_than": "must be less than {lt}",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a mapping of fields",
    "model_type": "must be a mapping of fields",
}


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


def plain_problems(error: ValidationError) -> list[str]:
    """Each problem of a validation on its own line: the field, what is wrong in plain words (never
    pydantic's "Field required" or "Input should be"), and the value given."""
    lines = []
    for item in error.errors(include_url=False):
        field = ".".join(str(part) for part in item["loc"])
        template = PLAIN_PROBLEMS.get(item["type"])
        message = template.format(**item.get("ctx", {})) if template else _own_message(item["msg"])
        given = item.get("input")
        shown = (
            ""
            if isinstance(given, dict | list) or given is None or item["type"] == "missing"
            else f" (got {str(given)[:60]!r})"
        )
        lines.append(f"{field}: {message}{shown}" if field else f"{message}{shown}")
    return lines


def _own_message(message: str) -> str:
    """The message a validator of ours raised, without pydantic's prefix."""
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
