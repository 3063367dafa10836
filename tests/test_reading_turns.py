"""A sentence that turns from what is in place to the problem (", the problem is that ...", ", kłopot w
tym, że ...", ", tyle że ...") is read as two clauses: the first says what is in place, the second
states the problem."""

from __future__ import annotations

import pytest

from assistant.chat.extract import extract
from assistant.knowledge import load_knowledge
from assistant.reading.diagnosis import clauses, diagnose
from assistant.words.text import clause_spans, fold


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "We already run one CRM for every channel, the issue is that the shops ignore the web leads.",
            "We already run one CRM for every channel",
        ),
        (
            "Mamy już wspólne cele sprzedażowe, kłopot w tym, że oddziały nie widzą zamówień z aplikacji.",
            "Mamy już wspólne cele sprzedażowe",
        ),
        (
            "Wdrożyliśmy już program lojalnościowy, tyle że infolinia nie widzi punktów klienta.",
            "Wdrożyliśmy już program lojalnościowy",
        ),
    ],
)
def test_the_part_before_a_turn_is_what_is_in_place(kb, text, first):
    assert diagnose(text, kb).in_place == [first]


@pytest.mark.parametrize(
    "text",
    [
        "We already run one CRM for every channel, the issue is that the shops ignore the web leads.",
        "Mamy już wspólne cele sprzedażowe, kłopot w tym, że oddziały nie widzą zamówień z aplikacji.",
        "Wdrożyliśmy już program lojalnościowy, tyle że infolinia nie widzi punktów klienta.",
    ],
)
def test_the_part_after_a_turn_states_a_problem(kb, text):
    assert diagnose(text, kb).problems


def test_a_turn_opens_the_clause_that_follows_it(kb):
    parts = clauses("Our stock is synced nightly, the real problem is that nobody owns returns.", kb)
    assert [c.text for c in parts] == ["Our stock is synced nightly", "the real problem is that nobody owns returns"]


def test_a_turn_without_a_comma_ends_a_rules_clause_too():
    folded = fold("we share one customer base the trouble is that nobody reads it")
    assert [folded[a:b].strip() for a, b in clause_spans(folded, ())] == [
        "we share one customer base",
        "the trouble is that nobody reads it",
    ]


def test_a_problem_named_at_the_start_of_a_sentence_splits_nothing(kb):
    assert len(clauses("The main problem is that stores never see web orders.", kb)) == 1


def test_the_chat_quotes_the_problem_without_the_turn_words():
    found = extract("Mamy już wspólne KPI, problem w tym, że sklepy nie widzą zamówień z internetu.")
    assert found.fields["challenge"] == "sklepy nie widzą zamówień z internetu."
