"""The answers a capable model gives to omniteam's real requests, replayed over HTTP through the fake server.

The answers (tests/data/llm/answers) were written by a capable LLM playing a gpt-4o-mini-class
model, from the requests omniteam really sends (requests/, made by capture.py); the fake server
answers like OpenAI (`dialect="openai"`). Good answers are accepted on the first request,
fixable shapes without a second request, and wrong plans are refused.
"""

from __future__ import annotations

import pytest

from assistant.errors import ModelError
from assistant.llm.chain import PlanChain
from assistant.planners.llm import LLMPlanner
from assistant.testing import FakeOpenAIServer
from tests.recorded import (
    DRAFT,
    SCRATCH,
    answer,
    apply,
    cases,
    draft_request_of,
    profile_of,
    reading,
    refined,
    request_of,
    variants,
)


@pytest.fixture
def openai_like(llm_settings):
    """A fake server that answers like OpenAI, and settings pointed at it (no cache: every plan is asked), the team
    prompt the answers in answers/ were written for (from scratch)."""
    with FakeOpenAIServer(dialect="openai", api_key=llm_settings.api_key.get_secret_value()) as server:
        yield server, llm_settings.model_copy(update={"base_url": server.base_url, "prompt_version": SCRATCH})


def served(server, settings, case_id: str, reply, fallback: bool = True):
    """What omniteam makes of `reply` to the recorded request `case_id`: a plan, or the chat's reading."""
    case = cases()[case_id]
    server.queue(reply, reply)  # a repair, if one is asked for, gets the same answer again
    if case["kind"] == "extract":
        return PlanChain(settings).invoke(request_of(case, settings)).content
    planner = LLMPlanner(settings=settings, use_cache=False, fallback=fallback)
    return planner.plan(profile_of(case), case["kind"]).plans[0]


def accepted_at_once(result, server) -> tuple:
    """(answered by the model, not repaired, one request) for a plan; (one request,) for a reading."""
    made = getattr(result, "provenance", None)
    asked = len(server.chat_requests())
    return (made.planner, made.repaired, asked) if made else (asked,)


@pytest.mark.parametrize("case_id", sorted(cases()))
def test_a_good_answer_is_accepted_on_the_first_request(openai_like, case_id):
    server, settings = openai_like
    result = served(server, settings, case_id, answer(case_id))
    expected = ("llm", False, 1) if cases()[case_id]["kind"] != "extract" else (1,)
    assert accepted_at_once(result, server) == expected


@pytest.mark.parametrize("case_id", [c for c in sorted(cases()) if refined(c) is not None])
def test_a_good_answer_over_the_draft_is_accepted_on_the_first_request(openai_like, case_id):
    """The default team prompt (v5): the diagnosis call is answered with the recorded reading (or the fake's, none),
    then the plan over the draft with the recorded answer."""
    from assistant.testing import Reply

    server, settings = openai_like
    server.queue(reading(case_id) or Reply(), refined(case_id), refined(case_id))
    drafted = settings.model_copy(update={"prompt_version": "latest"})  # the default
    plan = LLMPlanner(settings=drafted, use_cache=False).plan(profile_of(cases()[case_id]), "team").plans[0]
    assert (plan.provenance.planner, plan.provenance.repaired, len(server.chat_requests())) == ("llm", False, 2)


@pytest.mark.parametrize("case_id", [c for c in sorted(cases()) if reading(c) is not None])
def test_the_recorded_draft_request_is_the_one_sent_after_the_recorded_diagnosis(openai_like, case_id):
    """The v5 request a recorded answer was written for (capture.py) is the one omniteam sends."""
    server, settings = openai_like
    case = cases()[case_id]
    server.queue(reading(case_id))
    LLMPlanner(settings=settings.model_copy(update={"prompt_version": DRAFT}), use_cache=False).plan(
        profile_of(case), "team"
    )
    sent = server.chat_requests()[-1]["messages"][-1]["content"]
    assert sent == draft_request_of(case, settings).messages[-1].content


@pytest.mark.parametrize("name", sorted(variants()["fixable"]))
def test_a_fixable_answer_is_accepted_without_a_second_request(openai_like, name):
    server, settings = openai_like
    spec = variants()["fixable"][name]
    case_id = spec.get("request", spec["base"])
    result = served(server, settings, case_id, apply(spec))
    expected = ("llm", False, 1) if cases()[case_id]["kind"] != "extract" else (1,)
    assert accepted_at_once(result, server) == expected


@pytest.mark.parametrize("name", sorted(variants()["wrong"]))
def test_a_wrong_plan_is_refused(openai_like, name):
    server, settings = openai_like
    spec = variants()["wrong"][name]
    with pytest.raises(ModelError, match="the plan failed its checks") as refused:
        served(server, settings, spec.get("request", spec["base"]), apply(spec), fallback=False)
    assert spec["expect"] in refused.value.facts["problem"]


@pytest.fixture
def model_plan(openai_like):
    """The recorded team plan as omniteam accepts it (phrases as responsibilities, as models write them)."""
    server, settings = openai_like
    return served(server, settings, "team-fashion-300-en", answer("team-fashion-300-en"))


def test_a_model_plans_team_shows_each_roles_mission_as_written_in_markdown(model_plan):
    from assistant.plans import PlanBundle
    from assistant.render import render_bundle

    markdown = render_bundle(PlanBundle(team=model_plan), "markdown")  # the appendix: role, FTE, reports to, mission
    assert (
        "| Data Analyst | 1 | Omnichannel Manager | "
        "Builds the single view of the customer from the data that the stores and e-commerce keep apart today. |"
    ) in markdown


def test_a_model_plans_markdown_says_what_each_action_answers(model_plan):
    from assistant.plans import PlanBundle
    from assistant.render import render_bundle

    markdown = render_bundle(PlanBundle(team=model_plan), "markdown")
    assert (
        "2. **Audit customer data across the stores and e-commerce.** It shows exactly which customer data the "
        "departments keep apart and how to share it. Data Analyst, weeks 2–8."
    ) in markdown


def test_a_model_plans_docx_keeps_what_each_action_answers(model_plan):
    from io import BytesIO

    from docx import Document

    from assistant.plans import PlanBundle
    from assistant.render import render_bundle

    rendered = render_bundle(PlanBundle(team=model_plan), "docx")
    document = Document(BytesIO(rendered if isinstance(rendered, bytes) else rendered.encode()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert all(action.addresses in text for action in model_plan.first_90_days)


def test_the_first_actions_grader_ties_a_model_plans_own_words_to_the_challenge(openai_like):
    from assistant.evals.cases import Case
    from assistant.evals.graders import first_actions
    from assistant.evals.grading import grading_context

    server, settings = openai_like
    plan = served(server, settings, "team-bank-5000-en", answer("team-bank-5000-en"))
    case = Case(
        id="bank",
        description="a bank whose channels chase conflicting targets",
        profile=cases()["team-bank-5000-en"]["profile"],
        expect={"challenge": "conflicting_goals", "operating_model": ["hybrid"]},
    )
    assert first_actions(plan, case, grading_context()) == (
        True,
        "actions [1, 2, 3] address 'Departments pursue different goals'",
    )
