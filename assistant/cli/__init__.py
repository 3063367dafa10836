"""The `omniteam` command: thin commands that parse, call plain functions and print.

The typer app and the options commands share are in `app`; each command lives in its own
module and registers itself on import. Heavy libraries are imported inside the commands, so
`omniteam --help` stays instant.
"""

from __future__ import annotations

import sys

from ..errors import OmniteamError
from .app import app

# Command modules register themselves on import (one line each), in the order --help lists them.
# isort: off
from . import plan  # noqa: F401
from . import batch  # noqa: F401
from . import plans  # noqa: F401
from . import ui  # noqa: F401
from . import evaluate  # noqa: F401
from . import schema  # noqa: F401
# isort: on


def main() -> None:
    """Console entry point: an `OmniteamError` (or running out of memory) becomes one clear line
    and exit code 2, never a traceback."""
    try:
        app()
    except OmniteamError as error:
        for line in str(error).splitlines():  # an error of several problems says each on its own line
            print(f"omniteam: error: {line}", file=sys.stderr)
        raise SystemExit(2) from None
    except MemoryError:
        print(
            "omniteam: error: out of memory reading the input; lower the OMNITEAM_MAX_* limits "
            "(docs/batch.md, Limits) or give the process more memory",
            file=sys.stderr,
        )
        raise SystemExit(2) from None
