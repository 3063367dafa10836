"""A saved plan turned into an eval case draft: the company as it was given, and what the plan chose.

A manager's thumbs down says a plan was wrong, not what right is; the draft therefore repeats the
plan's choices as its expectations and says so at the top, for a developer to correct before
adding it to `evals/cases/`. The draft validates as a `Case`, so `omniteam eval` can load it as it is.
"""

from __future__ import annotations

from ..errors import InputError
from ..evals.cases import Case
from ..planners.offline import OfflinePlanner
from ..reading import read_challenges
from .store import Store

_PROFILE_FIELDS = (
    "company",
    "employees",
    "industry",
    "channels",
    "challenge",
    "language",
    "team_size",
    "team_level",
    "quarterly_goal",
)


def case_draft(store: Store, plan_id: int, number: int | None = None) -> str:
    """The eval case draft of the plan's version `number` (its newest when None), as YAML."""
    import yaml

    bundle = store.load(plan_id, number)
    version = next(v for v in reversed(store.versions(plan_id)) if number in (None, v.number))
    plan = bundle.team or bundle.skills
    assert plan is not None  # a saved bundle holds at least one plan
    profile = plan.profile.model_dump(mode="json", include=set(_PROFILE_FIELDS), exclude_none=True)
    profile["channels"] = ", ".join(profile.get("channels", []) + plan.profile.other_channels)
    found = read_challenges(plan.profile.challenge)
    if not found:
        raise InputError(f"plan {plan_id}: its challenge names no problem the method knows; write the case by hand")
    opinions = [f for f in store.feedback() if f.plan_id == plan_id and f.version == version.number]
    said = "; ".join(f"{'+1' if f.rating > 0 else '-1'} {f.comment}".strip() for f in opinions) or "no feedback"
    expect: dict = {"challenge": found[0].key}
    team = bundle.team or OfflinePlanner().team_plan(plan.profile)  # a case names the team's model either way
    expect["operating_model"] = [team.operating_model.model.value]
    if bundle.skills:
        expect["top3"] = [p.skill.value for p in bundle.skills.top3]
    if len(found) > 1:
        expect["also"] = found[1].key
    entry = {
        "id": f"feedback-plan-{plan_id}-v{version.number}",
        "description": f"From saved plan {plan_id}@{version.number} ({said})."[:300],
        "kind": "both" if bundle.team and bundle.skills else plan.kind,
        "profile": profile,
        "expect": expect,
    }
    Case.model_validate(entry)
    head = (
        f"# Eval case draft from plan {plan_id}@{version.number}, made by the {version.planner} planner"
        f"{f' ({version.model})' if version.model else ''}.\n"
        "# The expectations repeat what the plan chose: change them to what it should have chosen,\n"
        "# then add the case to a file in evals/cases/.\n"
    )
    return head + yaml.safe_dump([entry], allow_unicode=True, sort_keys=False)
