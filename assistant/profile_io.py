"""Reading a company profile from a JSON or YAML file.

A profile file is small and plain, and read with the discipline of every user file
(`assistant.files.reading`): its size bounded (`OMNITEAM_MAX_PROFILE_KB`), its encoding
detected (a cp1250 or UTF-16 file reads as written) or refused naming it, and YAML read
strictly: no anchors or aliases (a 600-byte "billion laughs" file is one clear error, not
gigabytes of memory), no tags such as `!!binary`, no key given twice, no deep nesting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import InputError
from .files import load_data
from .limits import Limits


def read_profile_file(path: Path, limits: Limits | None = None) -> dict[str, Any]:
    """The mapping stored in a .json, .yaml or .yml file, or a clear `InputError` (`limits`: the
    caller's, else the environment's)."""
    data = load_data(path, what="profile file", limit="max_profile_kb", limits=limits)
    if not isinstance(data, dict):
        raise InputError(f"profile file {path} must hold a mapping of fields (employees, industry, ...)")
    return data
