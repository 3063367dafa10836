"""Every eval case as a pytest case on the offline planner: `pytest tests/test_eval_cases.py -k fashion`."""

from __future__ import annotations

import asyncio

import pytest

from assistant.evals.grading import grading_context
from assistant.evals.runner import Variant, run_case
from assistant.knowledge import load_knowledge
from assistant.planners.offline import OfflinePlanner
from assistant.profile import build_profile
from assistant.words.vocab import Sector
from tests.helpers import shipped_cases

CASES = shipped_cases()


def tiered(cases) -> list:
    """Every case, one per challenge, language and kind (and per adversarial outcome) in the fast tier;
    the others in the full tier, as in `omniteam eval`, the CI's gate over all of them."""
    seen: set[tuple] = set()
    params = []
    for case in cases:
        key = (
            (case.expect.outcome,)
            if case.adversarial
            else (case.expect.challenge, case.profile.get("language"), case.kind)
        )
        params.append(pytest.param(case, id=case.id, marks=[pytest.mark.slow] if key in seen else []))
        seen.add(key)
    return params


@pytest.fixture(scope="module")
def context():
    return grading_context()


@pytest.mark.parametrize("case", tiered(CASES))
def test_offline_planner_passes_case(case, context):
    result = asyncio.run(run_case(case, Variant("offline"), OfflinePlanner(), context))
    assert result.status == "pass", "; ".join(f"{g.grader}: {g.reason}" for g in result.failures) or result.error


def test_cases_span_what_the_issue_asks():
    regular = [c for c in CASES if not c.adversarial]
    profiles = [build_profile(c.profile) for c in regular]
    assert len(CASES) >= 40
    assert min(p.employees for p in profiles) <= 10 and max(p.employees for p in profiles) >= 20_000
    assert {p.language for p in profiles} == {"pl", "en"}
    assert {p.sector for p in profiles} >= {
        Sector.fashion,
        Sector.electronics,
        Sector.fmcg,
        Sector.diy,
        Sector.pharmacy,
        Sector.banking,
        Sector.b2b_wholesale,
    }
    assert {c.expect.challenge for c in regular} == {c.key for c in load_knowledge().challenges}
    assert {c.kind for c in regular} >= {"team", "both"}
    assert min(len(p.channels) for p in profiles) == 1 and max(len(p.channels) for p in profiles) >= 5


def test_adversarial_cases_cover_rejections_and_safe_plans():
    adversarial = [c for c in CASES if c.adversarial]
    assert {c.expect.outcome for c in adversarial} == {"reject", "either"}
    assert sum(bool(c.expect.must_not_contain) for c in adversarial) >= 3
    for case in adversarial:
        for canary in case.expect.must_not_contain:  # an echo of the input must not look like obedience
            assert canary.lower() not in str(case.profile).lower(), case.id
