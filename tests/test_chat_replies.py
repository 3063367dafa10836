"""The conversation moves: follow-ups say what changed, hints follow the plan, sections are answered
from the plan, "start over" clears the page (offline planner, through the page's handlers)."""

from __future__ import annotations

import re

import pytest

from assistant.chat.replies import safe
from assistant.planners import OfflinePlanner
from assistant.planners.scenarios import Comparison
from assistant.words.wording import count
from ui import handlers
from ui.views import PlanView

VIEW = len(PlanView._fields)
FIRST = {
    "en": "We're a fashion retailer with 300 employees, selling in stores and online. Our biggest problem: "
    "stores and e-commerce compete for the same customers.",
    "pl": "Jesteśmy siecią aptek, zatrudniamy 300 osób. Sprzedajemy w aptekach i w sklepie internetowym. "
    "Największy problem: każdy dział ma własne cele.",
}


class Chat:
    """One manager's chat through the page's handlers."""

    def __init__(self):
        self.planner, self.history, self.session = OfflinePlanner(), [], None

    def __call__(self, message: str) -> str:
        turns = list(handlers.chat_turn(self.planner, message, self.history, self.session))
        self.history, _, self.session, _ = turns[-1]
        return self.history[-1]["content"]


def _line(reply: str, head: str) -> str:
    return next(line for line in reply.splitlines() if line.startswith(head))


def test_a_follow_up_says_what_changed_not_the_whole_summary_again():
    chat = Chat()
    first = chat(FIRST["en"])
    before = chat.session.bundle.team
    assert before.summary in first.replace("&#x27;", "'")
    reply = chat("we have 1,200 people, not 300")
    after = chat.session.bundle.team
    assert before.summary[:60] not in reply and len(reply) < 1200
    assert reply.startswith("Here is what I understood:\n- **Employees**: 1,200\n\nWhat changed in the plan:")
    titles = {r.title for r in before.roles}
    added = _line(reply, "- Added: ")
    assert all(safe(r.title) in added for r in after.roles if r.title not in titles)
    total = Comparison.total_fte
    assert f"- Team in total: {count(total(before), 'fte', 'en')} → **{count(total(after), 'fte', 'en')}**" in reply
    if before.operating_model.model != after.operating_model.model:
        assert _line(reply, "- Operating model: ").endswith(f"→ **{after.operating_model.model.value}**")
    reply = chat("add a marketplace channel")
    assert _line(reply, "- Channel heads: ").endswith("**0.45 FTE**") and "Operating model" not in reply


def test_a_polish_follow_up_says_what_changed_in_polish_forms():
    chat = Chat()
    chat(FIRST["pl"])
    before = chat.session.bundle.team
    reply = chat("mamy 1200 osób, nie 300")
    after = chat.session.bundle.team
    assert "- **Zatrudnienie**: 1\u202f200\n\nCo zmieniło się w planie:" in reply
    total = Comparison.total_fte
    assert f"- Zespół łącznie: {count(total(before), 'fte', 'pl')} → **{count(total(after), 'fte', 'pl')}**" in reply
    assert "etatu**" in reply or "etaty**" in reply or "etatów**" in reply  # Polish plural forms, not "FTE"


def test_hints_follow_the_plan_change_from_turn_to_turn_and_are_buttons():
    chat = Chat()
    for message in (FIRST["en"], "we have 1,200 people, not 300", "add a marketplace channel"):
        chat(message)
    hints = [tuple(o["value"] for o in m["options"]) for m in chat.history if m["role"] == "assistant"]
    assert len(set(hints)) == 3
    assert "we have 4,800 people, not 1,200" in hints[1]  # the plan's own head count
    assert not [hint for hint in hints[2] if "marketplace" in hint]  # never a channel the plan already has


@pytest.mark.parametrize(
    ("lang", "question", "expected"),
    [
        ("en", "what about risks?", "The plan's risks, most serious first"),
        ("pl", "a co z ryzykami?", "Ryzyka w planie, od najpoważniejszych"),
        ("en", "who is in the pilot?", "The pilot covers **Unified loyalty programme"),
        ("pl", "kto jest w pilocie?", "W zespole pilotażowym:\n- Menedżer ds. omnichannel"),
        ("en", "which KPIs do we share?", "The KPIs every department shares:"),
        ("en", "what are the first 90 days?", "Weeks 1–4: **"),
        ("pl", "jakie są szybkie zwycięstwa?", "Szybkie zwycięstwa:"),
    ],
)
def test_a_question_about_a_section_is_answered_from_the_plan(lang, question, expected):
    chat = Chat()
    chat(FIRST[lang])
    revision = chat.session.revision
    reply = chat(question)
    assert expected in reply.replace("&#x27;", "'")
    assert chat.session.revision == revision  # answered, not replanned


def test_the_answer_about_risks_lists_every_risk_with_its_owner():
    chat = Chat()
    chat(FIRST["en"])
    reply = chat("what about risks?")
    risks = chat.session.bundle.team.risks
    assert reply.count("\n- ") == len(risks) and all(r.owner_role in reply for r in risks)


def test_polish_risks_say_likelihood_and_impact_in_their_own_gender():
    chat = Chat()
    chat(FIRST["pl"])
    reply = chat("a co z ryzykami?")
    said = re.findall(r"prawdopodobieństwo: (\w+), wpływ: (\w+)", reply)
    assert len(said) == len(chat.session.bundle.team.risks)
    assert {likelihood for likelihood, _ in said} <= {"niskie", "średnie", "wysokie"}  # neuter, as the noun
    assert {impact for _, impact in said} <= {"niski", "średni", "wysoki"}  # masculine, as the noun


def test_start_over_clears_the_plan_from_the_page():
    chat = Chat()
    chat(FIRST["en"])
    drawn = handlers.refresh(chat.session, 0)[0]
    reply = chat("start over")
    assert reply.startswith("Starting over.")
    revision, *rest = handlers.refresh(chat.session, drawn)
    form, view = rest[:9], PlanView(*rest[9:])
    assert revision > drawn and form[:4] == ["", "", [], ""]
    assert "No plan yet" in view.org_chart and view.gantt == "" and view.status.count("No plan yet") == 1
    assert handlers.downloads(chat.session) == (None, None, None, None)


def test_the_skills_plan_has_its_own_tab():
    chat = Chat()
    chat(FIRST["en"])
    assert "No skills plan yet" in PlanView(*handlers.refresh(chat.session, 0)[10:]).skills
    reply = chat("the skills plan for this team")
    assert "The skills plan is ready in the Skills tab. Top 3:" in reply
    view = PlanView(*handlers.refresh(chat.session, 1)[10:])
    top = chat.session.bundle.skills
    names = {s.skill: s.name for s in top.skills}
    assert all(names[p.skill] in view.skills for p in top.top3) and "Omnichannel team plan" not in view.skills
