"""The chat people know, through the page's handlers: regenerate, undo, edit, stop, a new conversation,
suggestions that send, a change of language, and the page's language after "start over"."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.chat.session import Session
from assistant.chat.unavailable import with_retries
from assistant.planners import OfflinePlanner
from ui import handlers
from ui.views import PlanView

FIRST = "We're a fashion retailer with 300 employees, stores and e-commerce. Our problem: departments work in silos."
VIEW = len(PlanView._fields)


class Chat:
    """One manager's chat through the page's handlers; each call returns the last update."""

    def __init__(self, page: str = "en"):
        self.planner, self.page = OfflinePlanner(), page
        self.history: list[dict] = []
        self.session: Any = None  # the page's Session once the first turn made it

    def take(self, updates) -> tuple:
        *_, last = updates
        history, _, self.session, _ = last
        self.history = history if isinstance(history, list) else self.history  # a skipped update keeps it
        return last

    def __call__(self, message: str) -> tuple:
        return self.take(handlers.chat_turn(self.planner, message, self.history, self.session, self.page))

    def reply(self) -> str:
        return self.history[-1]["content"]

    def employees(self) -> int:
        return self.session.bundle.team.profile.employees


def test_regenerate_answers_the_last_message_again_as_one_turn():
    chat = Chat()
    chat(FIRST)
    chat("we have 1,200 people, not 300")
    first_answer, saved = chat.reply(), len(chat.session.saved)
    chat.take(handlers.chat_retry(chat.planner, chat.history, chat.session, "en"))
    assert [m["role"] for m in chat.history] == ["user", "assistant"] * 2
    assert chat.history[-2]["content"] == "we have 1,200 people, not 300" and chat.reply() == first_answer
    assert chat.employees() == 1200 and len(chat.session.saved) == saved


def test_undo_takes_the_plan_back_and_puts_the_message_in_the_box():
    chat = Chat()
    chat(FIRST)
    chat("we have 1,200 people, not 300")
    revision = chat.session.revision
    history, box, session, _ = handlers.chat_undo(chat.history, chat.session, "en")
    assert len(history) == 2 and box["value"] == "we have 1,200 people, not 300"
    assert session.bundle.team.profile.employees == 300 and session.data["employees"] == 300
    assert session.revision > revision  # the page redraws the plan it went back to
    assert handlers.refresh(session, revision)[0] == session.revision


def test_editing_an_earlier_message_plans_from_the_new_words_and_drops_the_turns_after_it():
    chat = Chat()
    chat(FIRST)
    chat("add a marketplace channel")
    edit = gr.EditData(None, {"index": 0, "value": FIRST.replace("300", "900"), "previous_value": FIRST})
    chat.take(handlers.chat_edit(chat.planner, chat.history, chat.session, "en", edit))
    assert [m["role"] for m in chat.history] == ["user", "assistant"]
    assert chat.employees() == 900
    assert [c.value for c in chat.session.bundle.team.profile.channels] == ["stores", "ecommerce"]


def test_a_message_too_far_back_to_edit_says_so_and_changes_nothing():
    chat = Chat()
    chat(FIRST)
    plan = chat.session.bundle
    chat.session.saved = []  # as after more turns than are kept
    edit = gr.EditData(None, {"index": 0, "value": "we have 900 people", "previous_value": FIRST})
    *_, session, notice = list(handlers.chat_edit(chat.planner, chat.history, chat.session, "en", edit))[-1]
    assert session.bundle is plan and "too far back" in notice


def test_a_stopped_turn_changes_nothing_and_says_so():
    chat = Chat()
    chat(FIRST)
    plan, revision = chat.session.bundle, chat.session.revision
    turn = handlers.chat_turn(chat.planner, "we have 1,200 people, not 300", chat.history, chat.session, "en")
    history, box, session, _ = next(turn)  # the message shown, the box offering to stop
    assert box["stop_btn"] == "Stop" and box["submit_btn"] is False
    history, box, session, _ = handlers.chat_stop(history, session, "en")
    for _ in turn:  # the stopped turn runs on, but what it made is not kept
        pass
    assert session.bundle is plan and session.revision == revision and session.data["employees"] == 300
    assert "Stopped. Nothing changed" in history[-1]["content"] and box["submit_btn"] == "Send"


def test_a_stopped_stream_is_closed_so_the_model_stops_writing():
    stop, more, closed = threading.Event(), threading.Event(), threading.Event()

    def stream():
        try:
            yield "first"
            more.wait()
            yield "second"
            yield "third"
        finally:
            closed.set()

    items = with_retries(stream(), stop)
    assert next(items) == "first"
    stop.set()
    more.set()
    assert list(items) == [] and closed.wait(5)


def test_a_new_conversation_forgets_messages_plan_company_and_files():
    from types import SimpleNamespace

    chat = Chat()
    chat(FIRST)
    request: Any = SimpleNamespace(session_hash="new-conversation")  # what the handlers read of a gr.Request
    files = handlers.downloads(chat.session, request)
    history, _, session, _ = handlers.new_conversation(chat.session, "pl", request)
    assert history == [] and session.bundle is None and session.data == {} and session.saved == []
    assert not any(Path(f).exists() for f in files)
    drawn, *_ = refreshed = handlers.refresh(session, chat.session.revision, "pl")  # the plan shown till now
    assert drawn == session.revision and "Nie ma jeszcze planu" in PlanView(*refreshed[10:]).org_chart


def test_a_finished_plan_reply_offers_follow_ups_that_send_when_clicked():
    chat = Chat()
    chat(FIRST)
    options = [option["value"] for option in chat.history[-1]["options"]]
    assert len(options) == 3 and "See the plan ↓](#plan-view)" in chat.reply()
    picked = gr.SelectData(None, {"index": 1, "value": options[1]})
    chat.take(handlers.chat_pick(chat.planner, chat.history, chat.session, "en", picked))
    assert chat.history[-2] == {"role": "user", "content": options[1]} and len(chat.history) == 4


def test_an_example_in_the_empty_chat_sends_its_whole_opening():
    chat = Chat()
    example = {"text": FIRST, "display_text": "A fashion retailer"}
    chat.take(handlers.chat_pick(chat.planner, [], None, "en", gr.SelectData(None, {"index": 0, "value": example})))
    assert chat.history[0]["content"] == FIRST and chat.session.bundle is not None


def test_in_polish_please_says_the_plan_again_in_polish_without_a_false_diff():
    chat = Chat()
    chat(FIRST)
    chat("in Polish please")
    reply = chat.reply()
    assert reply.startswith("Oto plan zespołu jeszcze raz, po polsku.") and chat.session.bundle.team.language == "pl"
    assert "Usunięte role" not in reply and "Dodane role" not in reply


def test_start_over_on_a_polish_page_shows_the_empty_plan_in_polish():
    chat = Chat(page="pl")
    chat(FIRST)
    chat("start over")
    view = PlanView(*handlers.refresh(chat.session, 1, "pl")[10:])
    assert "Nie ma jeszcze planu" in view.org_chart and "No plan yet" not in "".join(view)
    assert handlers.refresh(chat.session, 1, "pl")[6] == "pl"  # the form's plan language follows the page


def test_a_session_goes_back_only_as_far_as_it_keeps():
    session = Session()
    assert session.go_back(1) is None
    list(session.chat(FIRST, OfflinePlanner()))
    assert session.go_back(2) is None and session.go_back(1) == FIRST and session.bundle is None


def test_what_if_compares_the_plan_with_the_variant_and_keeps_the_plan():
    chat = Chat()
    chat(FIRST)
    plan = chat.session.bundle
    chat("what if we had 1,200 people?")
    assert chat.session.bundle is plan and "Scenarios tab" in chat.reply() and "(#plan-view)" in chat.reply()
    assert [o["value"] for o in chat.history[-1]["options"]] == ["we have 1,200 people, not 300"]
    tabs, model, people, table = handlers.show_what_if(chat.session)
    assert tabs["selected"] == "scenarios-tab" and (model, people) == ("auto", "1200")
    assert "A: your plan" in table and "B: variant · " in table and "1,200" in table
    assert handlers.show_what_if(chat.session) == (handlers.gr.skip(),) * 4  # shown once


def test_what_if_in_polish_names_the_model_asked_about():
    chat = Chat(page="pl")
    chat("Jesteśmy siecią aptek, 300 osób, apteki i sklep internetowy. Problem: każdy dział ma własne cele.")
    other = (
        "zdecentralizowany" if chat.session.bundle.team.operating_model.model.value != "decentralized" else "hybrydowy"
    )
    chat(f"a gdyby to był model {other}?")
    assert f"**{other}**: " in chat.reply() and "zob. zakładka Scenariusze" in chat.reply()


def test_the_scenarios_tab_opens_on_the_plan_beside_another_model():
    chat = Chat()
    chat(FIRST)
    chosen = chat.session.bundle.team.operating_model.model.value
    model, table = handlers.open_scenarios(chat.session, chosen, "", "en")
    assert model != chosen and f"A: your plan · {chosen}" in table and f"B: variant · {model}" in table


def test_scenarios_without_a_plan_say_where_to_start():
    assert "describe the company" in handlers.compare_scenarios(None, "hybrid", "", "en")
