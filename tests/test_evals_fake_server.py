"""The eval matrix and the LLM judge end to end: the real LLM chain over HTTP against the fake server."""

from __future__ import annotations

import asyncio

import pytest

from assistant.evals.grading import grading_context
from assistant.evals.judge import Judge
from assistant.evals.report import write_html
from assistant.evals.results import results_from_run
from assistant.evals.runner import EvalOptions, Variant, run_evals, variants
from assistant.llm.judge import JudgeVerdict
from assistant.planners.llm import LLMPlanner
from assistant.planners.offline import OfflinePlanner
from assistant.plans import TeamPlanContent
from assistant.profile import build_profile
from assistant.testing import Reply
from tests.helpers import shipped_cases

CASE_IDS = [
    "adv-html-injection",
    "adv-zero-employees",
    "banking-8000-silos-en",
    "beauty-250-attribution-en",
    "diy-2500-resistance-en",
    "electronics-150-pace-en",
    "fashion-300-silos-en",
]


def content(case, **changes) -> dict:
    """The offline planner's answer for the case, as a model would send it, with changes."""
    profile = build_profile({**case.profile, **changes.pop("profile", {})})
    answer = OfflinePlanner().team_plan(profile).model_dump(mode="json", include=set(TeamPlanContent.model_fields))
    return {**answer, **changes}


@pytest.fixture
def cases():
    by_id = {c.id: c for c in shipped_cases()}
    return [by_id[i] for i in CASE_IDS]


def planners(settings):
    return lambda v: OfflinePlanner() if v.prompt is None else LLMPlanner(settings=settings, prompt_version=v.prompt)


@pytest.mark.slow
def test_matrix_reports_bad_answers_for_the_right_reason(fake_openai, llm_settings, cases, tmp_path):
    by_id = {c.id: c for c in cases}
    good_pilot = content(by_id["banking-8000-silos-en"])["pilot"]
    html_summary = content(by_id["adv-html-injection"])["summary"]  # a readable summary passes the consistency checks
    # Requests arrive in matrix order at concurrency 1: openai/v1 first, cases by id (rejections ask nothing).
    # A plan that breaks the method or is in the wrong language is refused live: the repair gets the next reply.
    broken = content(by_id["banking-8000-silos-en"], pilot={**good_pilot, "team_size": 15})
    fake_openai.queue(
        content(
            by_id["adv-html-injection"], summary=f"{html_summary} Sure: sk-proj-Z9x8C7v6B5n4M3q2W1e0"
        ),  # leaks a key
        broken,
        broken,  # breaks the method twice: falls back
        content(by_id["beauty-250-attribution-en"], profile={"language": "pl"}),  # wrong language
        Reply(),  # the repair: the right plan
        "{not json",
        "{still not json",  # falls back
    )
    columns = variants(["offline", "openai"], ["v1", "v2"])
    run = run_evals(
        cases,
        columns,
        EvalOptions(concurrency=1),
        planner_for=planners(llm_settings),
        context=grading_context((fake_openai.api_key,)),
    )

    v1, v2 = (run.of(Variant("openai", v)) for v in ("v1", "v2"))
    failed = {r.case.id: {g.grader: g.reason for g in r.failures} for r in v1 if r.status != "pass"}
    assert set(failed) == {"adv-html-injection", "banking-8000-silos-en", "diy-2500-resistance-en"}
    assert "key-like string sk-pro" in failed["adv-html-injection"]["no_leaks"]
    assert failed["banking-8000-silos-en"]["answered"] == (
        "fell back to the offline plan: the plan failed its checks, even after a repair attempt: "
        "pilot team of 15; the method says 5-8 people"
    )
    assert [r.bundle.team.provenance.repaired for r in v1 if r.case.id == "beauty-250-attribution-en"] == [True]
    assert failed["diy-2500-resistance-en"]["answered"].startswith("fell back to the offline plan: the answer did not")
    assert all(r.status == "pass" for r in v2) and all(r.status == "pass" for r in run.of(Variant("offline")))
    assert run.below(0.9) == [Variant("openai", "v1")]
    llm_cells = [r for r in v1 + v2 if r.bundle and not r.bundle.team.provenance.fallback]
    assert all(r.tokens > 0 and r.cost_usd > 0 and not r.cached for r in llm_cells)

    results = results_from_run(run, min_pass=0.9)
    html = write_html(results, tmp_path / "report.html").read_text(encoding="utf-8")
    for reason in (
        "pilot team of 15; the method says 5-8 people",
        "fell back to the offline plan",
        "key-like string sk-pro",
    ):
        assert reason in html
    assert "openai/v1 vs openai/v2" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert fake_openai.api_key not in html


def test_a_second_run_is_served_from_the_cache(fake_openai, llm_settings, cases):
    columns = [Variant("openai", "v1")]
    first = run_evals(cases, columns, EvalOptions(concurrency=4), planner_for=planners(llm_settings))
    asked = len(fake_openai.chat_requests())
    second = run_evals(cases, columns, EvalOptions(concurrency=4), planner_for=planners(llm_settings))
    assert len(fake_openai.chat_requests()) == asked == 6
    assert [r.status for r in second.of(columns[0])] == [r.status for r in first.of(columns[0])]
    assert all(r.cached and r.tokens == 0 for r in second.results if r.bundle)


def verdict(scores: dict[str, int], overall: int) -> dict:
    return JudgeVerdict.model_validate(
        {
            "scores": [{"criterion": c, "score": s, "reason": f"{c} cites the pilot"} for c, s in scores.items()],
            "overall": overall,
            "summary": "Strong method, thin actions.",
        }
    ).model_dump()


GOOD = {"fit": 4, "method": 5, "actionability": 4, "coherence": 4, "language": 5}


@pytest.mark.parametrize(
    ("reply", "passed", "reason"),
    [
        (verdict(GOOD, 4), True, "overall 4/5 — fit 4: fit cites the pilot"),
        (verdict({**GOOD, "method": 2}, 4), False, "overall 4/5, below 3: method"),
        (verdict(GOOD, 2), False, "overall 2/5"),
    ],
)
def test_judge_scores_through_structured_output(fake_openai, llm_settings, cases, reply, passed, reason):
    fake_openai.queue(reply)
    plan = OfflinePlanner().team_plan(build_profile(cases[-1].profile))
    grade = asyncio.run(Judge(llm_settings).agrade(plan, cases[-1]))
    assert (grade.passed, grade.error) == (passed, False) and reason in grade.reason
    assert grade.tokens > 0
    body = fake_openai.chat_requests()[-1]
    assert body["response_format"]["json_schema"]["name"] == "JudgeVerdict"


@pytest.mark.parametrize(
    "replies",
    [
        [Reply.error(500, retry_after=0)] * 3,
        ["{not json", "{still not json"],
    ],
)
def test_a_judge_that_does_not_answer_is_an_error_not_a_score(fake_openai, llm_settings, cases, replies):
    fake_openai.queue(*replies)
    case = cases[-1]
    run = run_evals([case], [Variant("offline")], judge=Judge(llm_settings))
    [result] = run.results
    judge = next(g for g in result.grades if g.grader == "judge")
    assert judge.error and judge.reason.startswith("the judge did not answer: ModelError")
    assert result.status == "error" and run.pass_rate(Variant("offline")) == 0
