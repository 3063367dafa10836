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

import argparse
import json
import logging
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.consistency import plan_texts  # noqa: E402
from assistant.evals.board import words_of  # noqa: E402
from assistant.evals.cases import load_cases  # noqa: E402
from assistant.knowledge import load_knowledge  # noqa: E402
from assistant.knowledge.practice import load_practice  # noqa: E402
from assistant.llm.chain import build_request  # noqa: E402
from assistant.llm.diagnose import diagnose_request  # noqa: E402
from assistant.llm.outline import outline_of  # noqa: E402
from assistant.llm.tokens import count_text  # noqa: E402
from assistant.planners.diagnosed import diagnose  # noqa: E402
from assistant.planners.llm import LLMPlanner  # noqa: E402
from assistant.planners.offline import OfflinePlanner  # noqa: E402
from assistant.planners.staffing import cap_of  # noqa: E402
from assistant.plans import PlanBundle, TeamPlanContent  # noqa: E402
from assistant.profile import CompanyProfile, build_profile  # noqa: E402
from assistant.reading.goal import read_goal  # noqa: E402
from assistant.render.markdown import bundle_markdown  # noqa: E402
from assistant.settings import Settings, get_settings  # noqa: E402
from assistant.testing import FakeOpenAIServer, Reply  # noqa: E402
from assistant.words.text import fold, has_stem  # noqa: E402
from assistant.words.vocab import CHANNEL_ALIASES  # noqa: E402
from tests.recorded import (  # noqa: E402
    DRAFT,
    SCRATCH,
    answer,
    cases,
    diagnose_request_of,
    draft_of,
    draft_request_of,
    profile_of,
    reading,
    refined,
    request_of,
)

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
    rules = OfflinePlanner()
    sizes: dict[str, list[int]] = {SCRATCH: [], DRAFT: []}
    diagnose: list[int] = []
    for profile in profiles:
        sizes[SCRATCH].append(build_request(profile, "team", settings, SCRATCH).prompt_tokens)
        bundle = rules.plan(profile, "team")
        assert bundle.team is not None
        draft = outline_of(bundle.team, bundle.diagnosis)
        sizes[DRAFT].append(build_request(profile, "team", settings, DRAFT, draft).prompt_tokens)
        diagnose.append(diagnose_request(profile, settings).prompt_tokens)
    print(f"Tokens in per team plan ({len(profiles)} eval profiles, en and pl, {MODEL}, the schema counted):")
    for version, label in ((SCRATCH, "from scratch"), (DRAFT, "draft and refine")):
        found = sizes[version]
        print(f"  {label:17s} {version}: mean {statistics.mean(found):6.0f}  max {max(found):5d}")
    print(
        f"  draft and refine also reads the diagnosis first: mean {statistics.mean(diagnose):4.0f} in, at most 600 out"
    )


def _served(settings: Settings, case_id: str, content: dict, draft: bool) -> tuple[PlanBundle, int]:
    """The plan omniteam makes of `content` served as the answer (a fresh server answering like OpenAI, a repair
    served the same answer), and how many plan requests it took. Over the draft, the diagnosis call is answered
    first with the case's recorded reading (or the fake's default: none, so the rules' diagnosis)."""
    with FakeOpenAIServer(dialect="openai") as server:
        server.queue(*([reading(case_id) or Reply()] if draft else []), content, content)
        served = settings.model_copy(
            update={"base_url": server.base_url, "prompt_version": DRAFT if draft else SCRATCH}
        )
        bundle = LLMPlanner(settings=served, use_cache=False).plan(profile_of(cases()[case_id]), "team")
        return bundle, len(server.chat_requests()) - draft


def _objects(case_id: str, profile: CompanyProfile) -> list[str]:
    """The client's words for what breaks, the same for both approaches: the recorded model reading's where there
    is one, else the rules' reading's."""
    recorded = reading(case_id)
    if recorded is not None and recorded.get("process"):
        return recorded["process"].get("objects", [])
    process = diagnose(profile, load_knowledge()).process
    return process.objects if process else []


def _stems(text: str) -> set[str]:
    return {w[:5] for w in (fold(x) for x in words_of(text)) if len(w) >= 4}


def names_object(plan: TeamPlanContent, objects: list[str]) -> bool | None:
    """An action of the plan names one of the client's objects (all its words, in any inflection); None when the
    client's text names none."""
    if not objects:
        return None
    actions = [_stems(f"{a.title} {a.deliverable}") for a in plan.first_90_days]
    return any(_stems(o) and _stems(o) <= found for o in objects for found in actions)


def channels_named(plan: TeamPlanContent, profile: CompanyProfile) -> tuple[int, int]:
    """How many of the client's channels the plan names, of how many."""
    folded = fold(" ".join(plan_texts(plan)))
    named = sum(has_stem(folded, CHANNEL_ALIASES[c]) for c in profile.channels)
    named += sum(fold(c) in folded for c in profile.other_channels)
    return named, len(profile.channels) + len(profile.other_channels)


@dataclass
class Row:
    """One approach on one recorded case."""

    accepted: bool
    tokens_in: int
    tokens_out: int
    fte: float
    within_cap: bool
    goal: bool | None
    obj: bool | None
    channels: tuple[int, int]

    def line(self, label: str) -> str:
        def flag(value: bool | None) -> str:
            return "n/a" if value is None else "yes" if value else "no"

        return (
            f"    {label:17s} at once {flag(self.accepted):3s}  in {self.tokens_in:5d}  out {self.tokens_out:5d}  "
            f"FTE {self.fte:5.2f} in cap {flag(self.within_cap):3s}  goal KPI {flag(self.goal):3s}  "
            f"object {flag(self.obj):3s}  channels {self.channels[0]}/{self.channels[1]}"
        )


def _row(bundle: PlanBundle, asked: int, content: dict, case_id: str, draft: bool, spent: int) -> Row:
    plan, profile = bundle.team, profile_of(cases()[case_id])
    assert plan is not None
    answered = count_text(TeamPlanContent.model_validate(content).model_dump_json(), MODEL)
    if draft and reading(case_id) is not None:
        answered += count_text(json.dumps(reading(case_id), ensure_ascii=False), MODEL)  # the diagnosis answer
    return Row(
        accepted=plan.provenance.planner == "llm" and not plan.provenance.repaired and asked == 1,
        tokens_in=spent,
        tokens_out=answered,
        fte=round(sum(r.fte for r in plan.roles), 2),
        within_cap=within_cap(plan, profile),
        goal=goal_as_kpi(plan, profile),
        obj=names_object(plan, _objects(case_id, profile)),
        channels=channels_named(plan, profile),
    )


def _write(folder: Path | None, name: str, bundle: PlanBundle) -> None:
    """The plan as a consultant reads it (no provenance: the approach stays hidden), for a blind reading."""
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.md").write_text(bundle_markdown(bundle, provenance=False), encoding="utf-8")


def recorded(folder: Path | None) -> dict[str, list[Row]]:
    """Each approach on every recorded team case that has answers for both, printed; the rows by approach."""
    print("Recorded team cases (a fake server answering like OpenAI):")
    settings = get_settings(api_key="sk-fake-test-key", max_retries=0, timeout=30, _env_file=None)
    rows: dict[str, list[Row]] = {"from scratch": [], "draft and refine": [], "draft (kept)": []}
    for case_id, case in sorted(cases().items()):
        written = refined(case_id)
        if case["kind"] != "team" or written is None:
            continue
        profile = profile_of(case)
        cap = cap_of(profile.employees, load_practice().staffing)
        print(f"  {case_id} ({profile.employees} people, cap {cap:g} FTE)")
        scratch_in = request_of(case, settings).prompt_tokens
        draft_in = draft_request_of(case, settings).prompt_tokens + diagnose_request_of(case, settings).prompt_tokens
        kept = draft_of(case)[0].model_dump(mode="json", include=set(TeamPlanContent.model_fields))  # as sent
        for label, content, draft, spent, name in (
            ("from scratch", answer(case_id), False, scratch_in, "v4"),
            ("draft and refine", written, True, draft_in, "v5"),
            ("draft (kept)", kept, True, draft_in, None),
        ):
            bundle, asked = _served(settings, case_id, content, draft)
            row = _row(bundle, asked, content, case_id, draft, spent)
            rows[label].append(row)
            print(row.line(label))
            if name is not None:
                _write(folder, f"{case_id}-{name}", bundle)
    return rows


def totals(rows: dict[str, list[Row]]) -> None:
    """The comparison over the recorded cases, one line per approach."""

    def share(values: list[bool | None]) -> str:
        known = [v for v in values if v is not None]
        return f"{sum(known)}/{len(known)}"

    print("Over the recorded cases:")
    print(f"  {'':17s} at once  in (mean)  out (mean)  FTE in cap  goal KPI  object  channels named")
    for label, found in rows.items():
        named = sum(r.channels[0] for r in found), sum(r.channels[1] for r in found)
        print(
            f"  {label:17s} {share([r.accepted for r in found]):7s}  {statistics.mean(r.tokens_in for r in found):9.0f}"
            f"  {statistics.mean(r.tokens_out for r in found):10.0f}  {share([r.within_cap for r in found]):10s}"
            f"  {share([r.goal for r in found]):8s}  {share([r.obj for r in found]):6s}  {named[0]}/{named[1]}"
        )


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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", type=Path, help="write each case's accepted plans here as <case>-v4.md, -v5.md")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    profiles = _profiles()
    tokens_in(profiles, get_settings(model=MODEL, _env_file=None))
    totals(recorded(args.markdown))
    drafts(profiles)


if __name__ == "__main__":
    main()
