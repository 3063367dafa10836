"""The conversation behind the chat: profile kept across turns, follow-ups, explanations."""

from __future__ import annotations

import pytest

from assistant.chat.session import Session, explain
from assistant.planners import OfflinePlanner
from assistant.testing import Reply

DESCRIPTION = (
    "We are a fashion retailer with 300 employees, stores and e-commerce. Our biggest problem: stores and "
    "e-commerce compete for the same customers."
)


def _say(session: Session, message: str) -> str:
    return list(session.chat(message, OfflinePlanner()))[-1]


def test_one_message_with_everything_plans_at_once():
    session = Session()
    reply = _say(session, DESCRIPTION)
    assert session.bundle.team.profile.employees == 300 and "ready" in reply


def test_a_bare_answer_fills_the_field_that_was_asked():
    session = Session()
    _say(session, "fashion retailer, stores and e-commerce, our departments work in silos")
    assert session.expecting == "employees" and session.bundle is None
    _say(session, "about 450")
    assert session.bundle is not None and session.bundle.team.profile.employees == 450


def test_follow_ups_refine_the_same_plan():
    session = Session()
    _say(session, DESCRIPTION)
    _say(session, "add a marketplace channel")
    assert [c.value for c in session.bundle.team.profile.channels] == ["stores", "ecommerce", "marketplace"]
    _say(session, "drop the marketplace")
    assert [c.value for c in session.bundle.team.profile.channels] == ["stores", "ecommerce"]
    _say(session, "give me the skills plan for this team")
    assert session.kind == "both" and session.bundle.skills is not None and session.bundle.team is not None


def test_nothing_new_does_not_replan():
    session = Session()
    _say(session, DESCRIPTION)
    plan = session.bundle
    assert "did not find anything new" in _say(session, "hmm ok")
    assert session.bundle is plan


def test_explanations_come_from_the_plan():
    session = Session()
    _say(session, DESCRIPTION)
    bundle = session.bundle
    assert bundle is not None
    team = bundle.team
    role = next(r for r in team.roles if "Analyst" in r.title)
    answer = explain(bundle, f"why do we need a {role.title.split()[0].lower()} analyst?", "en")
    assert role.why in answer.replace("&#x27;", "'")
    model_answer = explain(bundle, "why not decentralized?", "en")
    assert model_answer is not None and team.operating_model.reasons[0] in model_answer and "Scenarios" in model_answer


def test_question_before_any_plan():
    assert "no plan" in _say(Session(), "why hybrid?")


def test_reset_forgets_the_company():
    session = Session()
    _say(session, DESCRIPTION)
    _say(session, "start over")
    assert session.data == {} and session.bundle is None


def test_after_starting_over_the_next_message_sets_the_plans_language_again():
    session = Session()
    _say(session, "Sieć aptek, 300 osób, apteki i sklep internetowy. Problem: działy pracują w silosach.")
    _say(session, "od nowa")
    reply = _say(session, DESCRIPTION)
    assert session.bundle.team.language == "en" and "Twoja" not in reply and "Your company" in reply


def test_the_plan_language_follows_the_first_message_and_can_switch():
    session = Session()
    _say(session, "Firma odzieżowa, 300 pracowników, sklepy i e-commerce. Problem: działy pracują w silosach.")
    assert session.bundle.team.language == "pl"
    _say(session, "in English please")
    assert session.bundle.team.language == "en"


def test_user_text_echoed_in_the_chat_is_escaped():
    session = Session()
    reply = _say(session, "fashion retailer, 300 people, stores; problem: <script>alert</script> teams work in silos")
    assert "<script>" not in reply and "&lt;script&gt;" in reply


def test_with_an_llm_what_the_rules_cannot_answer_goes_to_the_chat_model(llm_settings, fake_openai):
    from assistant.planners.llm import LLMPlanner

    planner = LLMPlanner(settings=llm_settings, use_cache=False)
    session = Session()
    replies = list(session.chat("what is omnichannel?", planner))
    assert len(replies) > 1  # streamed
    assert replies[-1].startswith("(fake model) You said: what is omnichannel?")
    assert "gpt-4o-mini ·" in replies[-1] and "tokens" in replies[-1]
    list(session.chat(DESCRIPTION, planner))
    answer = list(session.chat("tell me more about <b>budgets</b>", planner))[-1]
    assert "&lt;b&gt;budgets" in answer and "<b>" not in answer
    pilot = list(session.chat("tell me more about the pilot", planner))[-1]
    assert pilot.startswith("The pilot covers")  # a section of the plan is answered from the plan
    sent = fake_openai.chat_requests()[-1]["messages"]
    assert sent[0]["role"] == "system" and "omniteam" in sent[0]["content"]
    assert "fashion retail" in sent[1]["content"]  # what the session knows, as data
    assert [m["content"] for m in sent if m["role"] == "user"][:2] == ["what is omnichannel?", DESCRIPTION]


def test_offline_the_rules_answer_alone():
    session = Session()
    assert "no plan" in _say(session, "what is omnichannel?")
    assert len(session.turns) == 1 and session.turns[0][0] == "what is omnichannel?"
    assert "no plan" in session.turns[0][1]


def test_with_an_llm_a_question_the_plan_does_not_cover_goes_to_the_model(llm_settings, fake_openai):
    from assistant.planners.llm import LLMPlanner

    planner = LLMPlanner(settings=llm_settings, use_cache=False)
    session = Session()
    list(session.chat(DESCRIPTION, planner))
    assert "because" in list(session.chat("why hybrid?", planner))[-1]  # the plan's own reasons
    assert list(session.chat("why is the sky blue?", planner))[-1].startswith("(fake model)")
    assert session.bundle is not None
    assert str(explain(session.bundle, "why is the sky blue?", "en")).startswith("How the plan was decided")


def test_a_channel_sentence_keeps_the_industry_and_the_level_is_translated():
    from assistant.chat.session import Session
    from assistant.planners import OfflinePlanner

    session, planner = Session(), OfflinePlanner()
    list(session.chat("Jesteśmy siecią drogerii, zatrudniamy około dwóch tysięcy osób.", planner))
    industry = session.data["industry"]
    list(session.chat("Sprzedajemy w sklepach stacjonarnych, w sklepie internetowym i przez aplikację", planner))
    assert session.data["industry"] == industry
    assert session.understood("pl").count("**Branża**") == 1
    session.data.update(team_level="mixed")
    assert "mieszany" in session.understood("pl")


def test_with_an_llm_the_model_reads_what_the_rules_missed(llm_settings, fake_openai):
    import json

    from assistant.planners.llm import LLMPlanner

    planner = LLMPlanner(settings=llm_settings, use_cache=False)
    session = Session()
    fake_openai.queue(
        {"employees": "around 300", "industry": "craft brewing", "channels": ["taproom", "webshop"], "challenge": None}
    )
    reply = list(session.chat("We brew craft beer, roughly three hundred of us, taproom plus webshop.", planner))[-1]
    assert session.data["industry"] == "craft brewing"  # the rules found no industry; the model did
    assert session.data["employees"] == 300  # the rules' reading, validated the same way either way
    assert "ecommerce" in session.data["channels"]
    assert "challenge" in session.missing() and "collaboration problem" in reply
    [read] = [r for r in fake_openai.chat_requests() if r["response_format"]["json_schema"]["name"] == "ProfileDraft"]
    user = next(m["content"] for m in read["messages"] if m["role"] == "user")
    assert json.loads(user.split("<message>")[1].split("</message>")[0]).startswith("We brew craft beer")


@pytest.mark.parametrize("failure", ["{not json", Reply.error(500)])
def test_a_model_that_cannot_read_leaves_the_rules_reading(llm_settings, fake_openai, caplog, failure):
    from assistant.planners.llm import LLMPlanner

    planner = LLMPlanner(settings=llm_settings.model_copy(update={"max_retries": 0}), use_cache=False)
    session = Session()
    fake_openai.queue(failure)
    reply = list(session.chat("We brew craft beer, 300 people, taproom and webshop.", planner))[-1]
    assert "industry" not in session.data and session.data["employees"] == 300
    assert "industry" in reply.lower()  # the chat asks, as it would offline
    if isinstance(failure, Reply):
        assert "could not read the message" in caplog.text


def test_sessions_starting_at_once_share_one_chat_model(llm_settings):
    from concurrent.futures import ThreadPoolExecutor

    from assistant.chat.model import chat_model
    from assistant.planners.llm import LLMPlanner

    planner = LLMPlanner(settings=llm_settings, use_cache=False)
    with ThreadPoolExecutor(20) as pool:
        talks = list(pool.map(lambda _: chat_model(planner), range(20)))
    assert talks[0] is not None and all(talk is talks[0] for talk in talks)  # one set of HTTP clients, not 20


@pytest.mark.parametrize("answer", ["nothing specific", "nic konkretnego"])
def test_nothing_specific_is_planned_as_no_problem_stated(answer):
    session = Session()
    _say(session, "We are a fashion retailer with 300 employees, stores and e-commerce.")
    assert session.expecting == "challenge"
    _say(session, answer)
    assert "You describe no collaboration problem" in session.bundle.team.summary
