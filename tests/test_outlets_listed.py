"""A counted item of a channel list that no channel word names is read as the firm's own outlets when
its meaning is a place customers come to, and not when it is people, stock sites or vehicles."""

from __future__ import annotations

import pytest

from assistant.chat.extract import extract
from assistant.knowledge import load_knowledge
from assistant.reading.diagnosis import diagnose
from assistant.words.outlets import listed_outlets, read_outlets
from assistant.words.vocab import Channel


@pytest.mark.parametrize(
    ("text", "count", "word"),
    [
        ("Kanały: 8 składów z placem, przedstawiciele handlowi, platforma B2B i telesprzedaż.", 8, "składy"),
        ("Mamy 64 punkty pobrań, ok. 700 osób, wyniki na stronie, aplikację i infolinię.", 64, "punkty pobrań"),
        ("We run 12 garden centres, a webshop and a phone line.", 12, "garden centres"),
    ],
)
def test_a_counted_place_in_a_channel_list_is_the_firm_s_outlets(text, count, word):
    reading = diagnose(text, load_knowledge())
    assert (reading.counts.get("stores"), reading.outlet_word) == (count, word)


@pytest.mark.parametrize(
    "text",
    [
        "Mamy 3 magazyny, sklep internetowy i infolinię.",
        "We have 2 warehouses, an online shop and 5 delivery vans.",
    ],
)
def test_counted_stock_sites_and_vehicles_are_not_outlets(text):
    assert "stores" not in diagnose(text, load_knowledge()).counts


def test_counted_people_in_a_channel_list_are_not_places():
    assert listed_outlets("Sklep online, 2 handlowców i infolinia.") == []


def test_a_counted_item_outside_any_channel_list_is_not_read():
    assert listed_outlets("Chcemy zejść z 9 pomylonych zamówień do 2.") == []


def test_without_meaning_the_rules_read_no_listed_outlet():
    assert read_outlets("Kanały: 8 składów, platforma B2B i telesprzedaż.").counts == {}


def test_the_chat_adds_stores_for_outlets_counted_in_a_channel_list():
    found = extract("Hurtownia, 130 osób. Kanały: 8 składów, platforma B2B i telesprzedaż.")
    assert Channel.stores in found.add_channels


@pytest.mark.parametrize(
    ("text", "count", "word"),
    [
        ("We are a family firm of 45 people with 4 bike workshops and a webshop.", 4, "bike workshops"),
        ("Mamy 9 piekarni, które przyjmują też zamówienia z aplikacji.", 9, "piekarnie"),
        ("Our 3 pick-up points handle parcels; most sales come through the marketplace.", 3, "pick-up points"),
    ],
)
def test_a_counted_place_in_prose_is_the_firm_s_outlets(text, count, word):
    reading = diagnose(text, load_knowledge())
    assert (reading.counts.get("stores"), reading.outlet_word) == (count, word)


@pytest.mark.parametrize(
    "text",
    [
        "We employ 6 drivers and sell through a webshop.",
        "We have 2 warehouses and an online shop.",
        "Sprzedajemy w 40 miastach przez sklep internetowy.",
        "Każda zmiana przechodzi przez 3 komitety, a klienci piszą na infolinię.",
    ],
)
def test_counted_people_stock_sites_and_towns_in_prose_are_not_outlets(text):
    assert "stores" not in diagnose(text, load_knowledge()).counts


def test_the_chat_adds_stores_for_outlets_counted_in_prose():
    found = extract("A chain of 80 people with 5 tea rooms and an online shop.")
    assert Channel.stores in found.add_channels


def test_a_count_before_two_words_joined_by_and_counts_the_outlet_word():
    assert read_outlets("A family chain of 5 DIY and garden stores.").counts == {"stores": 5}


def test_a_count_before_a_hyphenated_word_counts_the_outlet_word():
    assert read_outlets("We run 9 company-owned cafés.").counts == {"stores": 9}
