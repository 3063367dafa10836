"""Markdown rendering: every section present, tables intact, provenance stated honestly."""

from __future__ import annotations

import re

import pytest

from assistant.knowledge import load_knowledge
from assistant.planners import OfflinePlanner
from assistant.plans import Provenance
from assistant.render import bundle_json, render_bundle
from assistant.render.markdown import cell, provenance_line, skills_markdown, team_markdown
from tests.helpers import make_profile

planner = OfflinePlanner()


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_team_markdown_has_every_section_in_the_plan_language(lang):
    plan = planner.team_plan(make_profile(language=lang, company="Modna Sp. z o.o."))
    text = team_markdown(plan)
    kb = load_knowledge()
    for key in (
        "summary",
        "roles",
        "operating_model",
        "first_90_days",
        "risks",
        "kpis",
        "maturity",
        "pilot",
        "rollout",
        "quick_wins",
        "rationale",
    ):
        assert f"## {kb.label(key, lang)}" in text
    assert text.startswith(f"# {kb.label('plan_title_team', lang)}: Modna Sp. z o.o.")
    for role in plan.roles:
        assert f"| {cell(role.title)} |" in text
    assert len(re.findall(r"^\d\. \*\*", text, re.M)) == 3


def test_skills_markdown_lists_all_ten_skills_in_order():
    plan = planner.skills_plan(make_profile(language="pl"))
    section = skills_markdown(plan).split(f"## {load_knowledge().label('skills', 'pl')}\n")[1].split("\n## ")[0]
    rows = re.findall(r"^\| (\d+) \| ([^|]+) \|", section, re.M)
    assert [int(n) for n, _ in rows] == list(range(1, 11))
    assert [name.strip() for _, name in rows] == [s.name for s in plan.skills]


def test_pipes_and_newlines_cannot_break_a_table():
    plan = planner.team_plan(make_profile())
    evil = plan.model_copy(update={"risks": [plan.risks[0].model_copy(update={"risk": "a | b\nc"})] + plan.risks[1:]})
    line = next(line for line in team_markdown(evil).splitlines() if "a \\| b c" in line)
    assert line.count(" | ") == 4  # five cells, the pipe in the text escaped


def test_provenance_says_a_fallback_in_words_counts_tokens_and_keeps_internals_out():
    reason = "http://127.0.0.1:9/v1 did not answer within 2 s; raise OMNITEAM_TIMEOUT if the server is slow to start"
    text = provenance_line(
        Provenance(
            planner="offline",
            model="gpt-4o-mini",
            fallback=True,
            fallback_reason=reason,
            fallback_kind="busy",
            prompt_tokens=1200,
            completion_tokens=800,
            tokens_approximate=True,
            cost_usd=0.0012,
            trimmed=["quick_wins"],
        ),
        "en",
    )
    sentence, facts = text.split("  \n")
    assert sentence.startswith("_The AI model did not answer (it is busy or too slow), so this is the offline plan")
    assert "~1200+800" in facts and "$0.0012" in facts  # the model's bookkeeping on a line of its own
    assert "127.0.0.1" not in text and "OMNITEAM" not in text and "quick_wins" not in text
    offline = provenance_line(planner.team_plan(make_profile()).provenance, "pl")
    assert offline == "_Przygotowany bez modelu AI, według reguł metody omnichannel._"  # no "Tokens: 0+0" noise


def test_both_plans_render_and_json_round_trips():
    bundle = planner.plan(make_profile(), "both")
    text = render_bundle(bundle, "markdown")
    assert isinstance(text, str) and text.count("\n---\n") == 1
    assert '"skills"' in bundle_json(bundle) and render_bundle(bundle, "json") == bundle_json(bundle)
