"""The `omniteam` command: thin commands that parse, call plain functions and print.

Each command lives in its own module; heavy libraries are imported inside the commands,
so `omniteam --help` stays instant.
"""

from __future__ import annotations

import sys

import typer

from ..errors import OmniteamError

app = typer.Typer(
    name="omniteam",
    help="Plan omnichannel teams: roles, operating model, first 90 days, risks and skills.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

from . import plan  # noqa: E402,F401  (registers its command)


def main() -> None:
    """Console entry point: an `OmniteamError` becomes one clear line and exit code 2."""
    try:
        app(standalone_mode=False)
    except OmniteamError as error:
        print(f"omniteam: error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    except typer.Abort:
        print("omniteam: aborted", file=sys.stderr)
        raise SystemExit(130) from None
    except typer.Exit as done:
        raise SystemExit(done.exit_code) from None
    except Exception as error:  # click usage errors
        import click

        if isinstance(error, click.ClickException):
            error.show()
            raise SystemExit(2) from None
        raise
