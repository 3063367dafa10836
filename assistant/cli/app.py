"""The typer app every command registers on, and the options several commands share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def offline_offered() -> Iterator[None]:
    """A model server's refusal (unreachable, key rejected, no such model) stops the command in one
    line that also says how to plan without the server."""
    from ..errors import ConfigError

    try:
        yield
    except ConfigError as error:
        if error.code is None:  # a setting missing or wrong, not a server's answer
            raise
        raise ConfigError(
            f"{error}, or plan offline with --provider offline",
            setting=error.setting,
            code=error.code,
            facts=error.facts,
        ) from None
