"""The `omniteam` command: thin commands that parse, call plain functions and print.

Each command lives in its own module; heavy libraries are imported inside the commands,
so `omniteam --help` stays instant.
"""

from __future__ import annotations

import os
import sys
from enum import Enum

import typer

from ..errors import OmniteamError

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


def use_structured_output(method: StructuredOutput | None) -> None:
    """Make `--structured-output` the setting for everything this command runs."""
    if method is not None:
        os.environ["OMNITEAM_STRUCTURED_OUTPUT"] = method.value


# Command modules register themselves on import (one line each), in the order --help lists them.
# isort: off
from . import plan  # noqa: E402,F401
from . import batch  # noqa: E402,F401
from . import plans  # noqa: E402,F401
from . import ui  # noqa: E402,F401
from . import evaluate  # noqa: E402,F401
from . import schema  # noqa: E402,F401
# isort: on


def main() -> None:
    """Console entry point: an `OmniteamError` (or running out of memory) becomes one clear line
    and exit code 2, never a traceback."""
    try:
        app()
    except OmniteamError as error:
        print(f"omniteam: error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    except MemoryError:
        print(
            "omniteam: error: out of memory reading the input; lower the OMNITEAM_MAX_* limits "
            "(docs/batch.md, Limits) or give the process more memory",
            file=sys.stderr,
        )
        raise SystemExit(2) from None
