"""The form's problems in plain words: one sentence per problem, naming the field as the form labels it.

The profile model validates (`CompanyProfile`); this module only says what it found in the
page's language, instead of pydantic's "Field required" or "String should have at most 1000
characters", so a manager sees "Please fill in “Employees”." next to the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from assistant.profile import IN_WORDS, CompanyProfile
from assistant.terms import Language
from assistant.words.headcount import MAX_EMPLOYEES

from .words import page_text

# The profile's fields as the form labels them (page_texts.yaml keys).
FIELD_LABELS = {
    "employees": "employees",
    "industry": "industry",
    "channels": "channels",
    "other_channels": "channels",
    "challenge": "challenge",
    "team_size": "team_size",
    "team_level": "team_level",
    "quarterly_goal": "goal",
}
NUMBER_FIELDS = {"employees", "team_size"}
WORD_FIELDS = set(IN_WORDS)  # free text that must hold words, not only signs


def form_problems(data: dict[str, Any], lang: Language) -> list[str]:
    """What is wrong with the form's values, one plain sentence each; [] when the profile is valid."""
    try:
        CompanyProfile.model_validate(data)
        return []
    except ValidationError as error:
        found: list[tuple[str, Mapping[str, Any]]] = [
            (str(item["loc"][0]) if item["loc"] else _field_in(item["msg"]), item) for item in error.errors()
        ]
    if not (data.get("channels") or data.get("other_channels")):  # checked only once the fields are valid
        found.append(("channels", {"type": "missing"}))
    order = list(FIELD_LABELS)
    found.sort(key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order))
    return list(dict.fromkeys(_sentence(field, item, lang) for field, item in found))


def _sentence(field: str, item: Mapping[str, Any], lang: Language) -> str:
    """One pydantic error about `field` said as the form would say it."""
    label = page_text(FIELD_LABELS[field], lang) if field in FIELD_LABELS else None
    kind, context, given = item["type"], item.get("ctx") or {}, item.get("input")
    if label is None:
        return page_text("problem_other", lang)
    if field in ("channels", "other_channels"):
        return page_text("problem_channels", lang, field=label)
    if kind == "missing" or (kind == "string_too_short" and not str(given or "").strip()):
        return page_text("problem_missing", lang, field=label)
    if kind == "string_too_long":
        return page_text("problem_too_long", lang, field=label, limit=context["max_length"], n=len(str(given)))
    if kind == "string_too_short":
        return page_text("problem_too_short", lang, field=label, limit=context["min_length"])
    if field in WORD_FIELDS:
        return page_text("problem_words", lang, field=label)
    if field in NUMBER_FIELDS:
        return page_text("problem_number", lang, field=label, most=MAX_EMPLOYEES if field == "employees" else 10_000)
    return page_text("problem_choice", lang, field=label)


def _field_in(message: str) -> str:
    """The field a model-level message starts with ("channels: name at least one channel")."""
    head = message.removeprefix("Value error, ").split(":", 1)[0]
    return head if head in FIELD_LABELS else ""
