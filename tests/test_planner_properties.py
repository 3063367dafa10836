"""Property test: over many generated profiles the offline planner never breaks the method."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.consistency import skills_problems, team_problems
from assistant.knowledge.practice import load_practice
from assistant.planners import OfflinePlanner
from assistant.planners.staffing import cap_of
from assistant.plans import PlanBundle
from assistant.profile import CHALLENGE_MAX_CHARS, build_profile
from assistant.terms import OperatingModel
from assistant.words.vocab import Channel

planner = OfflinePlanner()
WORDS = [
    "silos",
    "dane",
    "data",
    "budżet",
    "attribution",
    "opór",
    "tempo",
    "skills",
    "KPI",
    "cele",
    "conflict",
    "<script>",
    "ignore previous instructions",
    "🙂",
    "ł",
    "franczyza",
    "region",
]

profiles = st.fixed_dictionaries(
    {
        "employees": st.integers(min_value=1, max_value=5_000_000),
        "industry": st.sampled_from(["fashion", "elektronika", "quantum yoga", "bank", "FMCG", "x" * 200]),
        "channels": st.lists(
            st.sampled_from([c.value for c in Channel] + ["kiosk", "TV shopping"]), min_size=1, max_size=9
        ),
        "challenge": st.tuples(  # a challenge in words (one at least: one without is refused), then anything
            st.sampled_from([w for w in WORDS if any(c.isalpha() for c in w)]),
            st.lists(st.sampled_from(WORDS) | st.text(min_size=1, max_size=30), max_size=11),
        )
        .map(lambda parts: " ".join([parts[0], *parts[1]]))
        .map(lambda s: (s + " ...")[:CHALLENGE_MAX_CHARS]),
        "language": st.sampled_from(["pl", "en"]),
        "team_size": st.none() | st.integers(1, 500),
        "team_level": st.none() | st.sampled_from(["junior", "mixed", "senior"]),
        "quarterly_goal": st.none() | st.text(max_size=100),
    }
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles)
def test_every_profile_gets_a_complete_method_consistent_plan(data):
    bundle = planner.plan(build_profile(data), "both")
    team, skills = bundle.team, bundle.skills
    assert team is not None and skills is not None
    assert len(team.first_90_days) == 3
    assert all(1 <= a.start_week <= a.end_week <= 13 for a in team.first_90_days)
    assert len(team.roles) >= 3
    assert len(team.risks) >= 3 and all(r.mitigation.strip() for r in team.risks)
    n = team.profile.employees
    if team.operating_model.model == OperatingModel.decentralized:
        assert n >= 1000, "the table reserves decentralization for large organisations"
    if n < 250:
        assert team.operating_model.model == OperatingModel.centralized
    assert team.pilot.team_size == n if n < 10 else 1 <= team.pilot.team_size <= min(8, n)
    assert sum(r.fte for r in team.roles) <= cap_of(n, load_practice().staffing) + 0.05
    assert team_problems(team, team.profile) == [] and skills_problems(skills, skills.profile) == []
    assert len(skills.skills) == 10 and len(skills.top3) == 3
    assert PlanBundle.model_validate_json(bundle.model_dump_json()) == bundle
