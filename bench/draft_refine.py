"""Draft-and-refine (team_structure v5: the model writes over the method's draft) against planning from scratch
(the default team prompt), on the project's recorded answers and the fake server (no network, no key).

Prints, per approach:
- tokens in: the plan request as built (the schema counted), mean and max over the eval profiles in both
  languages, plus the diagnosis call draft-and-refine makes first;
- on the recorded cases (tests/data/llm): whether the answer is accepted on the first request over HTTP
  (the fake server answering like OpenAI), the tokens out, whether the team's FTE is within the staffing
  cap, whether the client's goal is a KPI (n/a: the case gives no goal). From scratch, the answers are the
  recorded ones (written by a capable LLM for the default prompt's requests); draft and refine, the answers
  recorded in refine/ (written the same way for the v5 request) where there is one; "draft (kept)" is the
  draft itself as the answer, what a model that keeps the draft returns, not a model's behaviour;
- over the eval profiles: how often the draft's team is within the cap and carries the client's goal as a
  KPI (the figures a refine that keeps the draft inherits).

    python bench/draft_refine.py
"""

from __future__ import annotations

import logging
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.evals.cases import load_cases  # noqa: E402
from assistant.knowledge.practice import load_practice  # noqa: E402
from assistant.llm.chain import build_request  # noqa: E402
from assistant.llm.diagnose import diagnose_request  # noqa: E402
from assistant.llm.outline import outline_of  # noqa: E402
from assistant.llm.prompts import latest_version  # noqa: E402
from assistant.llm.tokens import count_text  # noqa: E402
from assistant.planners.llm import LLMPlanner  # noqa: E402
from assistant.planners.offline import OfflinePlanner  # noqa: E402
from assistant.planners.staffing import cap_of  # noqa: E402
from assistant.plans import TeamPlan, TeamPlanContent  # noqa: E402
from assistant.profile import CompanyProfile, build_profile  # noqa: E402
from assistant.reading.goal import read_goal  # noqa: E402
from assistant.settings import Settings, get_settings  # noqa: E402
from assistant.testing import FakeOpenAIServer, Reply  # noqa: E402
from assistant.words.text import fold  # noqa: E402
from tests.recorded import answer, cases, profile_of, refined  # noqa: E402

DRAFT = "v5"
MODEL = "gpt-4o-mini"


def within_cap(plan: TeamPlanContent, profile: CompanyProfile) -> bool:
    """The team's FTE in all is not above what the staffing table staffs at this size."""
    return round(sum(r.fte for r in plan.roles), 2) <= cap_of(profile.employees, load_practice().staffing)


def goal_as_kpi(plan: TeamPlanContent, profile: CompanyProfile) -> bool | None:
    """A KPI states the client's goal: its target number where it has one, else its metric's words; None when
    the client gave no goal."""
    if not profile.quarterly_goal:
        return None
    goal = read_goal(profile.quarterly_goal)
    sought = f"{goal.target:g}" if goal.target is not None else fold(goal.metric or goal.text)
    return any(sought in fold(f"{k.name} {k.target}") for k in plan.kpis)


def _profiles() -> list[CompanyProfile]:
    return [
        build_profile({**c.profile, "language": lang})
        for c in load_cases()
        if not c.adversarial
        for lang in ("en", "pl")
    ]


def tokens_in(profiles: list[CompanyProfile], settings: Settings) -> None:
    scratch = latest_version("team_structure")
    rules = OfflinePlanner()
    sizes: dict[str, list[int]] = {scratch: [], DRAFT: []}
    diagnose: list[int] = []
    for profile in profiles:
        sizes[scratch].append(build_request(profile, "team", settings, scratch).prompt_tokens)
        bundle = rules.plan(profile, "team")
        assert bundle.team is not None
        draft = outline_of(bundle.team, bundle.diagnosis)
        sizes[DRAFT].append(build_request(profile, "team", settings, DRAFT, draft).prompt_tokens)
        diagnose.append(diagnose_request(profile, settings).prompt_tokens)
    print(f"Tokens in per team plan ({len(profiles)} eval profiles, en and pl, {MODEL}, the schema counted):")
    for version, label in ((scratch, "from scratch"), (DRAFT, "draft and refine")):
        found = sizes[version]
        print(f"  {label:17s} team_structure {version}: mean {statistics.mean(found):6.0f}  max {max(found):5d}")
    print(
        f"  draft and refine also reads the diagnosis first: mean {statistics.mean(diagnose):4.0f} in, at most 600 out"
    )


def _served(settings: Settings, profile: CompanyProfile, content: dict, draft: bool) -> tuple[TeamPlan, int]:
    """The plan omniteam makes of `content` served as the answer (a fresh server answering like OpenAI, a repair
    served the same answer), and how many plan requests it took."""
    with FakeOpenAIServer(dialect="openai") as server:
        server.queue(*([Reply()] if draft else []), content, content)  # the diagnosis call: the default reading
        version = f"team_structure={DRAFT}" if draft else "latest"
        served = settings.model_copy(update={"base_url": server.base_url, "prompt_version": version})
        plan = LLMPlanner(settings=served, use_cache=False).team_plan(profile)
        return plan, len(server.chat_requests()) - draft


def _row(label: str, plan: TeamPlan, asked: int, content: dict, profile: CompanyProfile) -> str:
    accepted = plan.provenance.planner == "llm" and not plan.provenance.repaired and asked == 1
    goal = goal_as_kpi(plan, profile)
    out = count_text(TeamPlanContent.model_validate(content).model_dump_json(), MODEL)
    return (
        f"    {label:17s} accepted at once {'yes' if accepted else 'no ':3s}  tokens out {out:5d}  "
        f"FTE {sum(r.fte for r in plan.roles):5.2f} within cap {'yes' if within_cap(plan, profile) else 'no '}  "
        f"goal as KPI {'n/a' if goal is None else 'yes' if goal else 'no'}"
    )


def recorded() -> None:
    print("Recorded team cases (a fake server answering like OpenAI):")
    rules = OfflinePlanner()
    settings = get_settings(api_key="sk-fake-test-key", max_retries=0, timeout=30, _env_file=None)
    for case_id, case in sorted(cases().items()):
        if case["kind"] != "team":
            continue
        profile = profile_of(case)
        print(
            f"  {case_id} ({profile.employees} people, cap {cap_of(profile.employees, load_practice().staffing):g} FTE)"
        )
        scratch = answer(case_id)
        print(_row("from scratch", *_served(settings, profile, scratch, False), scratch, profile))
        written = refined(case_id)
        if written is not None:
            print(_row("draft and refine", *_served(settings, profile, written, True), written, profile))
        kept = rules.team_plan(profile).model_dump(mode="json", include=set(TeamPlanContent.model_fields))
        print(_row("draft (kept)", *_served(settings, profile, kept, True), kept, profile))


def drafts(profiles: list[CompanyProfile]) -> None:
    rules = OfflinePlanner()
    plans = [(rules.team_plan(p), p) for p in profiles]
    capped = sum(within_cap(plan, p) for plan, p in plans)
    goals = [g for g in (goal_as_kpi(plan, p) for plan, p in plans) if g is not None]
    print(
        f"The draft over the eval profiles: FTE within cap {capped}/{len(plans)}; "
        f"the client's goal as a KPI {sum(goals)}/{len(goals)} (profiles with a goal)"
    )


def main() -> None:
    logging.disable(logging.WARNING)
    profiles = _profiles()
    tokens_in(profiles, get_settings(model=MODEL, _env_file=None))
    recorded()
    drafts(profiles)


if __name__ == "__main__":
    main()
