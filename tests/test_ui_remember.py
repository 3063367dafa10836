"""The page's memory as plain handlers on a real SQLite store: conversations and plans kept,
"My plans" reopening, versions side by side, share links and feedback."""

from __future__ import annotations

import pytest

from assistant.planners import OfflinePlanner
from assistant.store import open_store
from tests.conftest import make_profile
from ui import handlers, remember
from ui.remember import Kept

OPENING = "We are a fashion retailer, 300 employees, stores and e-commerce. Problem: silos between departments."
FOLLOW_UP = "Actually we have 2500 employees."


@pytest.fixture
def store(tmp_path):
    opened = open_store(url=f"sqlite:///{tmp_path / 'page.db'}")
    yield opened
    opened.close()


def turn(message: str, history=None, session=None):
    """One chat turn on the page, to its end: (history, session)."""
    *_, (history, _, session, _) = handlers.chat_turn(OfflinePlanner(), message, history, session)
    return history, session


def talk(store, *messages):
    """A conversation kept turn by turn as the page keeps it: (token, kept, session, history)."""
    token, kept, session, history = None, Kept(), None, None
    for message in messages:
        history, session = turn(message, history, session)
        token, kept = remember.after_chat(store, token, kept, session, history)
    return token, kept, session, history


def test_a_turn_is_kept_with_its_messages(store):
    token, *_ = talk(store, OPENING)
    assert [m.role for m in store.conversation(token).messages] == ["user", "assistant"]


def test_the_first_plan_is_saved_as_version_1(store):
    _, kept, *_ = talk(store, OPENING)
    assert [v.number for v in store.versions(kept.plan_id)] == [1]


def test_a_follow_up_saves_the_next_version_with_its_cause(store):
    _, kept, *_ = talk(store, OPENING, FOLLOW_UP)
    assert store.versions(kept.plan_id)[-1].cause == f"chat: {FOLLOW_UP}"


def test_a_restored_page_has_the_conversation_and_the_plan(store):
    token, _, session, history = talk(store, OPENING, FOLLOW_UP)
    restored, kept, shown, _ = remember.restore(store, token)
    said = [{"role": m["role"], "content": m["content"]} for m in history]  # the reply's buttons are not kept
    assert (restored.bundle, shown, kept.revision) == (session.bundle, said, session.revision)


def test_an_unknown_token_restores_a_fresh_page(store):
    assert remember.restore(store, "nope") == (None, Kept(), [], None)


def test_a_form_plan_is_saved_as_the_next_version(store):
    token, kept, session, _ = talk(store, OPENING)
    *_, (session, *_rest) = handlers.submit_form(
        OfflinePlanner(), session, "en", 900, "fashion retail", ["stores", "ecommerce"], "silos", "team", "en"
    )
    _, kept = remember.after_form(store, token, kept, session)
    assert [v.cause for v in store.versions(kept.plan_id)] == [f"chat: {OPENING}", "form"]


def test_after_starting_over_the_next_plan_is_a_new_one(store):
    _, kept, *_ = talk(store, OPENING, "start over", OPENING)
    assert len(store.plans()) == 2


def test_a_reopened_batch_plan_gets_the_conversation_that_continues_it(store):
    ref = store.save(OfflinePlanner().plan(make_profile(company="Acme"), "team"), source="batch")
    session, kept, history, token = remember.open_plan(store, ref.plan_id)
    history, session = turn(FOLLOW_UP, history, session)
    token, kept = remember.after_chat(store, token, kept, session, history)
    assert (store.conversation_of(ref.plan_id), len(store.versions(ref.plan_id))) == (token, 2)


def test_find_plans_lists_the_matches(store):
    store.save(OfflinePlanner().plan(make_profile(company="Acme"), "team"))
    store.save(OfflinePlanner().plan(make_profile(company="Beta"), "team"))
    choices, _ = remember.find_plans(store, "acm", "", "", "en")
    assert [label.split(" · ")[0] for label, _ in choices["choices"]] == ["Acme"]


def test_a_bad_date_in_the_search_is_said_plainly(store):
    _, note = remember.find_plans(store, "", "yesterday", "", "en")
    assert "YYYY-MM-DD" in note


def test_versions_are_shown_side_by_side(store):
    _, kept, *_ = talk(store, OPENING, FOLLOW_UP)
    table = remember.compare_versions(store, kept, 1, 2, "en")
    assert 'class="changed"' in table


def test_the_versions_list_says_what_changed(store):
    _, kept, *_ = talk(store, OPENING, FOLLOW_UP)
    listed, *_ = remember.versions_view(store, kept, "en")
    assert "total FTE" in listed


def test_a_link_made_on_the_page_shows_the_plan(store):
    _, kept, *_ = talk(store, OPENING)
    note, _ = remember.make_link(store, kept, "week", "en")
    token = note.split("/share/")[1].split("<")[0]
    assert store.shared(token) is not None


def test_a_link_revoked_on_the_page_shows_nothing(store):
    _, kept, *_ = talk(store, OPENING)
    link = store.share(kept.plan_id)
    remember.revoke_link(store, kept, link.token, "en")
    assert store.shared(link.token) is None


def test_feedback_on_the_plan_is_kept_with_its_version(store):
    token, kept, *_ = talk(store, OPENING, FOLLOW_UP)
    remember.send_feedback(store, token, kept, "plan", -1, "too many roles", "en")
    row = store.feedback()[0]
    assert (row.target, row.version, row.comment) == ("plan", 2, "too many roles")


def test_feedback_on_the_last_answer_is_kept_with_that_message(store):
    token, kept, _, history = talk(store, OPENING)
    remember.send_feedback(store, token, kept, "answer", 1, "", "en")
    assert store.feedback()[0].answer == store.conversation(token).messages[-1].content


def test_new_conversation_forgets_the_token():
    assert remember.token_of(remember.new_conversation()[0]) is None
