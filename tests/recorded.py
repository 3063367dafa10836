"""The recorded requests and answers of tests/data/llm: what omniteam asks, and what a capable model answers.

The answers were written by a capable LLM playing a gpt-4o-mini-class model, from the captured
requests (see tests/data/llm/cases.yaml); the variants (variants.yaml) are the shapes such a
model is seen to answer in (fixable) and the plans that must be refused (wrong). refine/ holds answers to the
team prompt over the method's draft (team_structure v5), written the same way (by a capable LLM playing the
model, from the v5 request and its <draft>); refine/diagnose/ the answers to the diagnosis call made first, where
one is recorded (else the fake's default reading: none, so the draft is read from the rules' diagnosis).

The answers in answers/ were written for planning from scratch (team_structure v4), those in refine/ over the
draft (v5); each is asked with its own version pinned, whatever the default.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data" / "llm"
SCRATCH = "team_structure=v4"  # the version answers/ was written for: planning from scratch
DRAFT = "team_structure=v5"  # the version refine/ was written for: over the method's draft


@lru_cache(maxsize=1)
def cases() -> dict[str, dict]:
    """The recorded cases by id."""
    return {case["id"]: case for case in yaml.safe_load((DATA / "cases.yaml").read_text(encoding="utf-8"))["cases"]}


@lru_cache(maxsize=1)
def variants() -> dict[str, dict[str, dict]]:
    """{"fixable": {name: spec}, "wrong": {name: spec}} (variants.yaml)."""
    return yaml.safe_load((DATA / "variants.yaml").read_text(encoding="utf-8"))


def answer(case_id: str) -> dict:
    """The recorded answer to a case, as parsed JSON (a fresh copy)."""
    return json.loads((DATA / "answers" / f"{case_id}.json").read_text(encoding="utf-8"))


def refined(case_id: str) -> dict | None:
    """The recorded answer to a case's request over the method's draft (refine/), or None when none is recorded."""
    path = DATA / "refine" / f"{case_id}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def reading(case_id: str) -> dict | None:
    """The recorded answer to a case's diagnosis call (refine/diagnose/), or None when none is recorded."""
    path = DATA / "refine" / "diagnose" / f"{case_id}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def profile_of(case: dict):
    from assistant.profile import build_profile

    return build_profile(case["profile"])


def request_of(case: dict, settings):
    """The `PlanRequest` omniteam builds for a case, with the settings given."""
    from assistant.llm.chain import build_request, request_for
    from assistant.llm.prompts import load_prompt

    if case["kind"] == "extract":
        prompt = load_prompt("extract", settings.prompt_version, case["language"])
        return request_for("extract", prompt, prompt.render(message=case["message"], known=case["known"]), settings)
    return build_request(profile_of(case), case["kind"], settings, SCRATCH)


def draft_of(case: dict):
    """(the method's draft, the diagnosis it was read from) for a case: the offline team plan over its recorded
    diagnosis (the model's over the rules'), or over the rules' diagnosis when none is recorded."""
    from assistant.llm.diagnose import checked, client_text, over
    from assistant.llm.reading import ModelReading
    from assistant.planners.diagnosed import diagnose
    from assistant.planners.offline import OfflinePlanner

    profile, rules = profile_of(case), OfflinePlanner()
    diagnosis = diagnose(profile, rules.kb)
    recorded = reading(case["id"])
    if recorded is not None:
        diagnosis = over(diagnosis, checked(ModelReading.model_validate(recorded), client_text(profile))[0])
    return rules.team_plan_on(profile, diagnosis), diagnosis


def draft_request_of(case: dict, settings):
    """The team request over the method's draft (v5) for a case, the draft read from its recorded diagnosis."""
    from assistant.llm.chain import build_request
    from assistant.llm.outline import outline_of

    return build_request(profile_of(case), "team", settings, DRAFT, outline_of(*draft_of(case)))


def diagnose_request_of(case: dict, settings):
    """The diagnosis call a plan over the draft makes first, for a case."""
    from assistant.llm.diagnose import diagnose_request

    return diagnose_request(profile_of(case), settings)


def recorded_request(case: dict, settings, request=None) -> dict:
    """The body omniteam sends for a case (`request`, else the case's own), its schema named rather than spelled
    out (for requests/)."""
    from assistant.llm.chain import PlanChain

    request = request or request_of(case, settings)
    body = copy.deepcopy(PlanChain(settings).request_body(request))  # the schema fields are shared
    spec = body.get("response_format", {}).get("json_schema", {})
    if "schema" in spec:
        spec["schema"] = f"<the JSON schema of {spec['name']}>"
    return {"prompt": request.prompt.ref, "prompt_tokens": request.prompt_tokens, "body": body}


def _set(data: Any, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data[int(part)] if isinstance(data, list) else data[part]
    if isinstance(data, list):
        data[int(last)] = value
    else:
        data[last] = value


def apply(spec: dict) -> str | dict:
    """The answer a variant describes: its base answer changed (`set`), wrapped in a root key (`key`), or
    written inside a text (`text`, where {answer} is the JSON)."""
    data = copy.deepcopy(answer(spec["base"]))
    for path, value in (spec.get("set") or {}).items():
        _set(data, path, value)
    if "key" in spec:
        data = {spec["key"]: data}
    if "text" in spec:
        return spec["text"].replace("{answer}", json.dumps(data, ensure_ascii=False, indent=2))
    return data
