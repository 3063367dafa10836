"""Reading the user's files with one discipline: bounded, decoded as they were written, strict.

A small data file (a profile, eval cases) is read whole after its size is checked against its
limit, in the encoding `assistant.files.encoding` finds (or refused naming it), with zero
bytes dropped. YAML is read by the safe loader made stricter: no anchors or aliases (a
"billion laughs" file is one line, not gigabytes), no tags but plain strings (`!!binary`,
`!!python/...`), no key given twice (the last one would silently win), no nesting deeper than
`MAX_DEPTH`. JSON gets the same rules for keys and depth. A large file (a batch CSV) is read
line by line, each line bounded, so a 300 MB line is refused before it is held.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import IO, Any

import yaml

from ..errors import InputError
from ..limits import Limits, get_limits
from .encoding import detect_encoding

MAX_DEPTH = 20  # levels of nesting a profile or a case file may use (they need 4)
STRING_TAG = "tag:yaml.org,2002:str"
SAVE_AS_UTF8 = "Save it as UTF-8"
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"


def read_text(path: Path, *, what: str, limit: str, limits: Limits | None = None) -> str:
    """The text of the small file `path` (`what` names it in errors): its size within the limit
    called `limit` (in KB), its encoding detected or refused, zero bytes and a BOM dropped."""
    limits = limits or get_limits()
    try:
        limits.check(limit, path.stat().st_size / 1000, f"{what} {path} is too large (KB)")
        text = path.read_bytes().decode(detect_encoding(path, fix=SAVE_AS_UTF8))
    except OSError as error:
        raise InputError(f"cannot read {what} {path}: {error.strerror}") from None
    return text.removeprefix("\ufeff").replace("\0", "")


def load_data(path: Path, *, what: str, limit: str, limits: Limits | None = None) -> Any:
    """The data in a .json file, or else a YAML file, read by `read_text` and parsed strictly."""
    text = read_text(path, what=what, limit=limit, limits=limits)
    if path.suffix.lower() == ".json":
        return _json(text, path, what)
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader, made stricter
    except yaml.YAMLError as error:
        raise InputError(f"{what} {path} is not valid YAML: {_yaml_problem(error)}") from None


def _json(text: str, path: Path, what: str) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except RecursionError:
        data = None  # deeper than Python's own stack: certainly too deep
    except ValueError as error:  # json.JSONDecodeError is one
        raise InputError(f"{what} {path} is not valid JSON: {error}") from None
    if data is None or _depth(data) > MAX_DEPTH:
        raise InputError(f"{what} {path} is not valid JSON: {TOO_DEEP}")
    return data


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    twice = next((key for key in keys if keys.count(key) > 1), None)
    if twice is not None:
        raise ValueError(f"the key {twice!r} appears twice")
    return dict(pairs)


def _depth(data: Any) -> int:
    """How deeply lists and mappings nest in `data` (walked without recursion)."""
    deepest, todo = 0, [(data, 1)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            todo += [(child, level + 1) for child in (item.values() if isinstance(item, dict) else item)]
    return deepest


def _yaml_problem(error: yaml.YAMLError) -> str:
    """A YAML error in one line: the problem and where (PyYAML spreads it over several)."""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    mark = getattr(error, "problem_mark", None)
    return f"{problem} (line {mark.line + 1}, column {mark.column + 1})" if mark else problem


class StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors, aliases, tags other than plain strings, repeated keys
    or deep nesting: what a profile or a case file never needs, and what attacks or hides."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            self._refuse("anchors and aliases (&name, *name) are not allowed", event)
        if getattr(event, "tag", None) not in (None, "!", STRING_TAG):
            self._refuse(f"tags such as {event.tag.replace('tag:yaml.org,2002:', '!!')} are not allowed", event)
        nests = isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent)
        self._depth += nests
        if self._depth > MAX_DEPTH:
            self._refuse(TOO_DEEP, event)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= nests

    def construct_mapping(self, node, deep=False):
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                repeated = key in seen
            except TypeError:  # an unhashable key: the safe loader refuses it itself
                continue
            if repeated:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)

    @staticmethod
    def _refuse(problem: str, event) -> None:
        raise yaml.composer.ComposerError(None, None, problem, event.start_mark)


def bounded_lines(handle: IO[str], max_chars: int, what: str, why: str = "") -> Iterator[str]:
    """The lines of a text file, zero characters dropped; a line longer than `max_chars` is refused
    in one line before more of it is read (`what` names the file, `why` explains the bound)."""
    for number in count(1):
        line = handle.readline(max_chars + 1)
        if not line:
            return
        if len(line) > max_chars:
            raise InputError(f"{what} line {number} is longer than {max_chars:,} characters{why}")
        yield line.replace("\0", "") if "\0" in line else line
