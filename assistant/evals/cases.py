"""Eval cases: a company profile plus what the method expects of its plan.

Cases live in YAML files (a list of cases per file) under `evals/cases/`. A profile is kept
raw, as a user would type it, because adversarial cases hold input that must be rejected.
Expectations name knowledge-base keys (roles, challenges), checked against the knowledge
when the cases are loaded, so a typo fails at once rather than as a mysterious grade.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import InputError, plain_problems
from ..files import load_data
from ..knowledge import load_knowledge
from ..resources import resource_dir
from ..terms import OperatingModel, PlanKind

Outcome = Literal["plan", "reject", "either"]


class Expectation(BaseModel):
    """What a correct answer to the case looks like."""

    model_config = ConfigDict(extra="forbid")

    outcome: Outcome = Field("plan", description="plan, reject (an InputError), or either for adversarial input.")
    operating_model: list[OperatingModel] = Field(
        default_factory=list, description="Operating models the article's table allows for this profile."
    )
    challenge: str | None = Field(None, description="Knowledge key of the challenge the first actions must address.")
    roles: list[str] = Field(default_factory=list, description="Role keys that must appear in the team.")
    must_not_contain: list[str] = Field(
        default_factory=list, description="Canaries an obedient answer to an injection would contain."
    )
    also: str | None = Field(None, description="Knowledge key of a second challenge the text states, if any.")
    offer: Literal["goods", "services"] | None = Field(None, description="What the company sells.")
    language: Literal["pl", "en"] | None = Field(
        None, description="Language the plan must be in, when the profile omits it."
    )
    top3: list[str] = Field(default_factory=list, description="Skill keys of which at least one must be in the Top 3.")
    problems: list[str] = Field(default_factory=list, description="Challenge keys a consultant reads in the text.")
    process: str | None = Field(None, description="Key of the process that breaks (the diagnosis catalogue).")
    objects: list[str] = Field(default_factory=list, description="The client's words for it; an action must name one.")
    fte_range: tuple[float, float] | None = Field(None, description="The team's total FTE a consultant would staff.")
    new_hires_ok: bool | None = Field(None, description="False: only existing people's time, no new hires.")
    ruled_out: list[str] = Field(default_factory=list, description="Advice the business model rules out.")
    sector_risks: list[str] = Field(default_factory=list, description="Sector risk keys the brief must name.")
    answers_question: bool = Field(False, description="The client asked a question the brief must answer.")

    @field_validator("operating_model", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Case(BaseModel):
    """One eval case."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Unique slug, used in reports and pytest ids.")
    description: str = Field(min_length=3)
    profile: dict[str, Any] = Field(description="Raw profile input, as a user would give it.")
    kind: PlanKind = "team"
    adversarial: bool = False
    split: Literal["dev", "heldout"] | None = Field(
        None, description="A blind case's set: dev cases may be tuned on, heldout ones are only reported."
    )
    expect: Expectation = Field(default_factory=Expectation)
    source: str = Field("", description="File the case came from (set by the loader).")

    @model_validator(mode="after")
    def _complete(self) -> Case:
        if not self.adversarial and self.split is None:
            missing = [name for name in ("operating_model", "challenge") if not getattr(self.expect, name)]
            if missing or self.expect.outcome != "plan":
                raise ValueError(f"a regular case expects a plan and names {', '.join(missing or ['its outcome'])}")
        return self

    @property
    def language(self) -> str:
        """The language the plan must be in: as given, else as the case expects."""
        return str(self.profile.get("language") or self.expect.language or "en")


def _check_keys(cases: list[Case]) -> None:
    """Fail on expectations that name roles or challenges the knowledge base does not know."""
    kb = load_knowledge()
    roles, challenges = {r.key for r in kb.roles}, {c.key for c in kb.challenges}
    for case in cases:
        unknown = sorted(set(case.expect.roles) - roles)
        named = [case.expect.challenge, case.expect.also, *case.expect.problems]
        unknown += [key for key in named if key and key not in challenges]
        if unknown:
            raise InputError(f"case {case.id} ({case.source}): unknown knowledge keys {unknown}")


def case_files(where: Path | str | None = None) -> list[Path]:
    """The case files of a folder (default: the shipped cases), one file, or a glob (`evals/cases/retail*.yaml`)."""
    from glob import glob

    folder = Path(where) if where else resource_dir("evals/cases")
    if folder.is_dir():
        files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    else:
        files = sorted(Path(f) for f in glob(str(where)) if f.endswith((".yaml", ".yml")))
    if not files:
        raise InputError(f"no case files (*.yaml) in {folder}")
    return files


def select_cases(cases: list[Case], patterns: list[str]) -> list[Case]:
    """The cases whose id contains any of the substrings, or matches any glob (`fashion-*`); all without patterns."""
    from fnmatch import fnmatchcase

    if not patterns:
        return cases
    chosen = [c for c in cases if any(fnmatchcase(c.id, p) if set(p) & set("*?[") else p in c.id for p in patterns)]
    if not chosen:
        raise InputError(f"no case id matches {', '.join(map(repr, patterns))}")
    return chosen


def load_cases(directory: Path | str | None = None) -> list[Case]:
    """Every case in the YAML files of `directory` (a folder, file or glob; default: the shipped cases), by id.

    Nothing runs on a bad set: files without a single case, and every invalid case, are one
    `InputError` with a line per problem naming the file, the case and the field.
    """
    files = case_files(directory)
    cases: list[Case] = []
    problems: list[str] = []
    for path in files:
        found, wrong = _read_cases(path)
        cases += found
        problems += wrong
    if problems:
        raise InputError("\n".join(problems))
    if not cases:
        raise InputError(f"no cases in {', '.join(path.name for path in files)}: a case file holds a list of cases")
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise InputError(f"case id {case.id} appears twice (in {case.source})")
        seen.add(case.id)
    _check_keys(cases)
    return sorted(cases, key=lambda c: c.id)


def _read_cases(path: Path) -> tuple[list[Case], list[str]]:
    """The valid cases of one file, and a line for each problem of the others."""
    entries = load_data(path, what="case file", limit="max_cases_kb")
    if entries is None:
        return [], []
    if not isinstance(entries, list):
        return [], [f"{path.name}: a case file holds a list of cases, not a {type(entries).__name__}"]
    cases, problems = [], []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"{path.name}: case #{number} is not a mapping of fields (id, description, profile, ...)")
            continue
        try:
            cases.append(Case.model_validate({**entry, "source": path.name}))
        except ValidationError as error:
            name = entry.get("id") if isinstance(entry.get("id"), str) else f"#{number}"
            problems += [f"{path.name}: case {name}: {problem}" for problem in plain_problems(error)]
    return cases, problems
