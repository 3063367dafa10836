"""Reading a company profile from a JSON or YAML file.

A profile file is small and plain: its size is bounded (`OMNITEAM_MAX_PROFILE_KB`) and YAML
anchors and aliases are refused before anything is built from them, so a 600-byte "billion
laughs" file is one clear error, not gigabytes of memory.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import InputError
from .limits import Limits, get_limits


def read_profile_file(path: Path, limits: Limits | None = None) -> dict[str, Any]:
    """The mapping stored in a .json, .yaml or .yml file, or a clear `InputError` (`limits`: the
    caller's, else the environment's)."""
    try:
        size = path.stat().st_size
        (limits or get_limits()).check("max_profile_kb", size / 1000, f"profile file {path} is too large (KB)")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(f"cannot read profile file {path}: {error.strerror}") from None
    import yaml

    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.load(text, Loader=_loader())
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise InputError(
            f"profile file {path} is not valid {path.suffix.lstrip('.').upper() or 'YAML'}: "
            f"{str(error).splitlines()[0]}"
        ) from None
    if not isinstance(data, dict):
        raise InputError(f"profile file {path} must hold a mapping of fields (employees, industry, ...)")
    return data


def _loader():
    """yaml's safe loader that refuses anchors and aliases (a profile never needs them)."""
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent) or getattr(self.peek_event(), "anchor", None):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, "anchors and aliases (&name, *name) are not allowed in a profile file", event.start_mark
                )
            return super().compose_node(parent, index)

    return NoAliasLoader
