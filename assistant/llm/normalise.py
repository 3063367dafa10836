"""Normalise a model's answer before it is validated, so a good answer is not refused for its form.

Capable models answer the right content in slightly wrong shapes; each shape below used to
cost a second full request (the repair) and often a fallback. Fixed here, in the same pass:
- the JSON is found in the text: a `<think>…</think>` block, prose around it and code fences
  are left out (a cut answer stays an error: the JSON is never closed for it);
- a single wrapping root key (`{"team_plan": {...}}`) is unwrapped;
- keys the schema does not have are dropped, and logged;
- enum values are case-folded ("Hybrid" -> "hybrid", "centralised" -> "centralized");
- numbers and lists are coerced to the schema's form: a number where text is expected, a text
  where a list is expected, a share of time given as 0.6 -> "60%";
- in a team plan, role references (owners, reporting lines, pilot members) written as the
  role's key, a short form of its title or one side of an "A / B" title take the team's title,
  and a KPI named by its acronym or name ("ces", "Net Promoter Score") takes the catalogue's key.
What was changed is returned as notes, for the log.
"""

from __future__ import annotations

import json
import re
import types
from enum import Enum
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ..plans import Pilot, TeamPlanContent
from ..words.text import fold

_THINK = re.compile(r"<think(?:ing)?>.*?</think(?:ing)?>", re.S | re.I)
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)\s*```", re.S)
PERCENT_FIELDS = {(Pilot, "time_share")}  # text fields that hold a share of time


def json_of(text: str) -> Any:
    """The JSON object of an answer: without a think block, code fences or prose around it.

    Only the first object is read; a cut answer raises `ValueError` (json.JSONDecodeError).
    """
    text = _THINK.sub("", text).strip()
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1)
    start = text.find("{")
    if start < 0:
        return json.loads(text)  # raises: no object in the answer
    value, _ = json.JSONDecoder().raw_decode(text, start)
    return value


def unwrapped(data: Any, model: type[BaseModel]) -> Any:
    """The object inside a single wrapping key that is not one of the model's fields."""
    if isinstance(data, dict) and len(data) == 1:
        (key, inner), fields = next(iter(data.items())), model.model_fields
        if key not in fields and isinstance(inner, dict) and set(inner) & set(fields):
            return inner
    return data


def _arms(annotation: Any) -> tuple[Any, ...]:
    """The types of a union, None left out (or the annotation alone)."""
    if get_origin(annotation) in (Union, types.UnionType):
        return tuple(a for a in get_args(annotation) if a is not type(None))
    return (annotation,)


def _enum_value(value: str, allowed: list) -> Any:
    """The allowed value a text means, ignoring case, spaces vs underscores and British -ise spellings."""
    folded = re.sub(r"[\s-]+", "_", fold(value))
    for option in allowed:
        candidate = str(option.value if isinstance(option, Enum) else option)
        if folded in (candidate, candidate.replace("ized", "ised")):
            return option.value if isinstance(option, Enum) else option
    return value


def _percent(value: float) -> str:
    return f"{round(value * 100) if 0 < value <= 1 else round(value)}%"


class _Conformer:
    """Walks parsed JSON along a pydantic model and coerces it to the model's form, noting each change."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def model(self, data: Any, model: type[BaseModel], path: str) -> Any:
        if not isinstance(data, dict):
            return data
        unknown = [key for key in data if key not in model.model_fields]
        if unknown:
            self.notes.append(f"dropped unknown keys at {path or 'the root'}: {', '.join(map(str, unknown))}")
        kept = {}
        for name, info in model.model_fields.items():
            if name in data:
                where = f"{path}.{name}" if path else name
                percent = (model, name) in PERCENT_FIELDS
                kept[name] = self.value(data[name], info.annotation, where, percent)
        return kept

    def value(self, value: Any, annotation: Any, path: str, percent: bool = False) -> Any:
        arms = _arms(annotation)
        if value is None or len(arms) != 1:
            return value
        kind, origin = arms[0], get_origin(arms[0])
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return self.model(value, kind, path)
        if origin is list:
            (item,) = get_args(kind) or (Any,)
            items = [value] if isinstance(value, (str, dict)) else value
            if items is not value:
                self.notes.append(f"{path}: a single value taken as a list")
            return (
                [self.value(v, item, f"{path}[{i}]") for i, v in enumerate(items)] if isinstance(items, list) else value
            )
        if isinstance(value, str) and (origin is Literal or (isinstance(kind, type) and issubclass(kind, Enum))):
            options = list(get_args(kind)) if origin is Literal else list(kind)
            fixed = _enum_value(value, options)
            if fixed != value:
                self.notes.append(f"{path}: {value!r} read as {fixed!r}")
            return fixed
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            text = _percent(value) if percent else f"{value:g}"
            self.notes.append(f"{path}: the number {value!r} written as {text!r}")
            return text
        if kind is str and isinstance(value, list) and all(isinstance(v, str) for v in value):
            self.notes.append(f"{path}: a list joined into one text")
            return "; ".join(value)
        return value


def conform(data: Any, model: type[BaseModel]) -> tuple[Any, list[str]]:
    """The parsed answer in the model's form (see the module docstring), and notes of what changed."""
    conformer = _Conformer()
    inner = unwrapped(data, model)
    if inner is not data:
        conformer.notes.append(f"unwrapped the root key {next(iter(data))!r}")
    fixed = conformer.model(inner, model, "")
    if model is TeamPlanContent and isinstance(fixed, dict):
        conformer.notes += align_titles(fixed) + align_kpis(fixed)
    return fixed, conformer.notes


def _variants(title: str) -> set[str]:
    """A title and, for "A / B" titles, each reading of it: "Omnichannel Manager / Director" is also
    "Omnichannel Manager" and "Omnichannel Director"; "Manager / Dyrektor ds. omnichannel" is also
    "Manager ds. omnichannel" and "Dyrektor ds. omnichannel". One-word readings are too vague to keep."""
    found = {title}
    if title.count(" / ") == 1:
        first, second = (side.split() for side in title.split(" / "))
        found |= {" ".join(first), " ".join(second), " ".join([*first[:-1], *second]), " ".join([*first, *second[1:]])}
    return {name for name in found if len(name.split()) > 1 or name == title}


def _names(role: dict) -> set[str]:
    """What a role can be called: its title and its readings, its key, its catalogue titles."""
    from ..knowledge import load_knowledge

    title, key = str(role.get("title") or ""), str(role.get("key") or "")
    names = {key, key.replace("_", " "), *_variants(title)}
    spec = next((r for r in load_knowledge().roles if r.key == key), None)
    if spec is not None:
        names |= _variants(spec.title("en")) | _variants(spec.title("pl"))
    return {fold(name) for name in names if len(name.strip()) > 1}


def _resolver(roles: list[dict]):
    """A function from a role reference to the team's title, for references that name exactly one role."""
    titled = [r for r in roles if isinstance(r, dict) and isinstance(r.get("title"), str)]
    names = [(role["title"], _names(role)) for role in titled]

    def resolve(reference: str, besides: str = "") -> str:
        wanted, known = fold(reference), [(title, called) for title, called in names if title != besides]
        exact = {title for title, called in known if wanted in called}
        if not exact:  # a short form: the reference's words inside one title
            exact = {title for title, _ in known if f" {wanted} " in f" {fold(title)} "}
        return exact.pop() if len(exact) == 1 else reference

    return resolve


def align_titles(plan: dict) -> list[str]:
    """Point a team plan's owners, reporting lines and pilot members at the team's own titles (in place)."""
    roles = plan.get("roles")
    if not isinstance(roles, list):
        return []
    resolve, notes = _resolver(roles), []

    def fix(holder: dict, field: str, where: str, besides: str = "") -> None:
        reference = holder.get(field)
        if isinstance(reference, str) and (title := resolve(reference, besides)) != reference:
            holder[field] = title
            notes.append(f"{where}: {reference!r} is the team's {title!r}")

    for section, field in (("first_90_days", "owner_role"), ("risks", "owner_role"), ("quick_wins", "owner_role")):
        for n, item in enumerate(plan.get(section) or []):
            if isinstance(item, dict):
                fix(item, field, f"{section}[{n}].{field}")
    for n, role in enumerate(roles):
        if isinstance(role, dict):
            fix(role, "reports_to", f"roles[{n}].reports_to", besides=str(role.get("title")))  # never itself
    pilot = plan.get("pilot")
    if isinstance(pilot, dict) and isinstance(pilot.get("members"), list):
        members = pilot["members"]
        for n, member in enumerate(members):
            if isinstance(member, str) and (title := resolve(member)) != member:
                members[n] = title
                notes.append(f"pilot.members[{n}]: {member!r} is the team's {title!r}")
    return notes


def _kpi_keys() -> dict[str, str]:
    """Folded ways to name a catalogue KPI (its key, its names, the acronym in a name's brackets) -> its key."""
    from ..knowledge import load_knowledge

    names: dict[str, str] = {}
    for kpi in load_knowledge().kpis:
        for name in (kpi.key, kpi.name("en"), kpi.name("pl")):
            names[_spoken(name)] = kpi.key
            names.update({_spoken(acronym): kpi.key for acronym in re.findall(r"\(([^)]+)\)", name)})
    return names


def _spoken(name: str) -> str:
    """A name folded, with underscores and hyphens as spaces ("cross_channel_conversion", "Cross-channel ...")."""
    return fold(re.sub(r"[_-]+", " ", name))


def align_kpis(plan: dict) -> list[str]:
    """Give a team plan's KPIs named by acronym or name the catalogue's key (in place)."""
    kpis, notes = plan.get("kpis"), list[str]()
    if not isinstance(kpis, list):
        return notes
    keys = _kpi_keys()
    for n, kpi in enumerate(kpis):
        if not isinstance(kpi, dict) or kpi.get("key") in keys.values():
            continue
        for said in (kpi.get("key"), kpi.get("name")):
            key = keys.get(_spoken(said)) if isinstance(said, str) else None
            if key:
                notes.append(f"kpis[{n}].key: {kpi.get('key')!r} is the catalogue's {key!r}")
                kpi["key"] = key
                break
    return notes
