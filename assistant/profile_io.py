"""Reading a company profile from a JSON or YAML file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import InputError


def read_profile_file(path: Path) -> dict[str, Any]:
    """The mapping stored in a .json, .yaml or .yml file, or a clear `InputError`."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(f"cannot read profile file {path}: {error.strerror}") from None
    import yaml

    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise InputError(f"profile file {path} is not valid {path.suffix.lstrip('.').upper() or 'YAML'}: "
                         f"{str(error).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise InputError(f"profile file {path} must hold a mapping of fields (employees, industry, ...)")
    return data
