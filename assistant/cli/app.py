"""The typer app every command registers on, and the options several commands share."""

from __future__ import annotations

from enum import Enum

import typer

from ..settings import Settings, get_settings

app = typer.Typer(
    name="omniteam",
    help="Plan omnichannel teams: roles, operating model, first 90 days, risks and skills.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: no "<bool>" beside every flag, and no rich import for --help
)


class Provider(str, Enum):
    offline = "offline"
    openai = "openai"


class StructuredOutput(str, Enum):
    json_schema = "json_schema"
    function_calling = "function_calling"
    json_mode = "json_mode"


PROVIDER_HELP = "offline or openai (default: offline unless OMNITEAM_API_KEY or OMNITEAM_BASE_URL is set)."
STRUCTURED_HELP = (
    "How the model is made to answer in the plan's schema (OMNITEAM_STRUCTURED_OUTPUT): json_schema, "
    "or function_calling / json_mode for servers without it."
)


def command_settings(structured_output: StructuredOutput | None = None) -> Settings:
    """The command's settings, built once: its flags first, then the environment and `.env`."""
    return get_settings(**({"structured_output": structured_output.value} if structured_output else {}))
