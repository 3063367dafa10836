"""Prompt files: versioned, validated YAML templates that render to langchain messages.

A prompt lives in `prompts/<name>/<version>.<lang>.yaml` and names its variables, the output
model it targets and its version. Templates are sandboxed Jinja; the `data` filter writes a
value as JSON that cannot close the tag around it (`<`, `>`, `&` are escaped), so user input
stays inside its data block. A prompt change is a new version, so evals can compare versions.

Each prompt versions on its own. Wherever a version is asked for, a *selection* is accepted:
`v2` (that version), `latest` (the newest not on trial), or per-prompt entries such as `team_structure=v3` (that prompt
at v3, every other prompt at its latest), combinable as `v1,team_structure=v3`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import PromptError
from ..plans import OUTPUT_MODELS
from ..resources import read_yaml, resource_dir
from ..terms import Language
from .draft import ProfileDraft
from .judge import JudgeVerdict
from .reading import ModelReading

MODELS: dict[str, type[BaseModel]] = {
    **OUTPUT_MODELS,
    "judge_verdict": JudgeVerdict,
    "profile_draft": ProfileDraft,
    "model_reading": ModelReading,
}
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def as_data(value: Any) -> str:
    """JSON for a data block: readable (UTF-8 kept) and unable to break out of its tags."""
    return re.sub(r"[<>&]", lambda m: _ESCAPES[m.group()], json.dumps(value, ensure_ascii=False))


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False)
    env.filters["data"] = as_data
    return env


@lru_cache(maxsize=256)
def _compiled(template: str):
    return _environment().from_string(template)


class PromptMessage(BaseModel):
    """One message of a prompt: its role and its Jinja template."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Literal["system", "user"]
    template: str = Field(min_length=1)


class Prompt(BaseModel):
    """A validated prompt file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="Folder name, e.g. team_structure.")
    version: str = Field(pattern=r"^v\d+$", description="v1, v2, ...")
    language: Language
    description: str
    output: str | None = Field(description="Name of the output model (see MODELS); null for free text.")
    variables: list[str] = Field(description="Every variable the templates use.")
    grounding: Literal["full", "lean"] = Field("full", description="How much of the method the `grounding` carries.")
    trial: bool = Field(False, description="A version on trial: `latest` passes it over; it is used when named.")
    messages: list[PromptMessage] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Prompt:
        from jinja2 import meta

        if self.output is not None and self.output not in MODELS:
            raise ValueError(f"output {self.output!r} is not one of {sorted(MODELS)}")
        used = set().union(*(meta.find_undeclared_variables(_environment().parse(m.template)) for m in self.messages))
        if used != set(self.variables):
            raise ValueError(f"variables {sorted(self.variables)} do not match the templates' {sorted(used)}")
        return self

    @property
    def output_model(self) -> type[BaseModel] | None:
        """The pydantic model the answer must validate against."""
        return MODELS[self.output] if self.output else None

    @property
    def ref(self) -> str:
        """name/version.lang, for provenance and messages."""
        return f"{self.name}/{self.version}.{self.language}"

    def render(self, **values: Any) -> list:
        """langchain messages; every declared variable must be given, and nothing else."""
        from langchain_core.messages import HumanMessage, SystemMessage

        missing = sorted(set(self.variables) - values.keys())
        if missing:
            raise PromptError(
                f"prompt {self.ref} needs variables it was not given: {', '.join(missing)}", missing_vars=missing
            )
        unknown = sorted(values.keys() - set(self.variables))
        if unknown:
            raise PromptError(f"prompt {self.ref} does not use variables: {', '.join(unknown)}")
        kinds = {"system": SystemMessage, "user": HumanMessage}
        return [kinds[m.role](_compiled(m.template).render(**values).strip()) for m in self.messages]


def prompt_dir() -> Path:
    """Where the prompt files are (packaged copy or source tree)."""
    return resource_dir("prompts")


def prompt_versions(name: str) -> list[str]:
    """Versions available for a prompt, oldest first."""
    found = {path.name.split(".")[0] for path in (prompt_dir() / name).glob("v*.*.yaml")}
    return sorted(found, key=lambda v: int(v[1:]))


LATEST = "latest"
_VERSION = re.compile(r"^v\d+$")


def parse_selection(selection: str) -> tuple[str, dict[str, str]]:
    """(default version, per-prompt versions) of a selection such as `v1,team_structure=v3`.

    The default is `latest` unless one bare version is given; a typo is a `PromptError`.
    """
    default, named = LATEST, {}
    for item in (part.strip() for part in selection.split(",")):
        name, _, version = item.rpartition("=")
        if not (_VERSION.match(version) or version == LATEST) or (name and not re.match(r"^[a-z_]+$", name)):
            raise PromptError(f"prompt version {item!r} is not vN, latest or <prompt>=vN (in {selection!r})")
        if not name and default != LATEST:
            raise PromptError(f"prompt selection {selection!r} names two default versions")
        if name:
            named[name] = version
        else:
            default = version
    return default, named


def resolve_version(name: str, selection: str) -> str:
    """The version of prompt `name` that a selection picks (its latest where the selection says so)."""
    default, named = parse_selection(selection)
    version = named.get(name, default)
    if version == LATEST:
        return latest_version(name)
    return version


def latest_version(name: str) -> str:
    """The newest version of a prompt that is not on trial (what `latest` picks)."""
    versions = [v for v in prompt_versions(name) if not _load_prompt(name, v, "en").trial]
    if not versions:
        raise PromptError(f"no versions of prompt {name} in {prompt_dir()}")
    return versions[-1]


def load_prompt(name: str, version: str = "v1", lang: Language = "en") -> Prompt:
    """The prompt a version selection picks (see `resolve_version`), e.g. `v2` or `team_structure=v3`."""
    return _load_prompt(name, resolve_version(name, version), lang)


@lru_cache(maxsize=64)
def _load_prompt(name: str, version: str, lang: Language) -> Prompt:
    """Read and validate `prompts/<name>/<version>.<lang>.yaml`, or raise a clear `PromptError`."""
    path = prompt_dir() / name / f"{version}.{lang}.yaml"
    if not path.is_file():
        available = ", ".join(prompt_versions(name)) or "none"
        raise PromptError(f"no prompt {name} {version} in {lang!r} at {path} (versions: {available})")
    try:
        prompt = Prompt.model_validate(read_yaml(path))
    except (yaml.YAMLError, ValidationError) as error:
        raise PromptError(f"invalid prompt file {path}: {error}") from None
    if (prompt.name, prompt.version, prompt.language) != (name, version, lang):
        raise PromptError(f"{path} declares {prompt.ref}; the file name and its fields must agree")
    return prompt
