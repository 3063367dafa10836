"""The firm's own channels as a message names them (assistant/reading/channels.py)."""

from __future__ import annotations

from assistant.chat.extract import extract
from assistant.reading.channels import read_channels
from assistant.words.text import fold
from assistant.words.vocab import Channel


def test_the_own_shop_of_a_firm_that_sells_only_online_is_its_web_shop():
    added, _ = read_channels(fold("sprzedajemy tylko online - wlasny sklep, Allegro i troche przez insta"))
    assert added == [Channel.ecommerce, Channel.marketplace, Channel.social_media]


def test_a_shop_is_a_shop_where_nothing_says_the_firm_is_online_only():
    added, _ = read_channels(fold("mamy własny sklep w Gdańsku i Allegro"))
    assert added == [Channel.stores, Channel.marketplace]


def test_customer_service_named_where_something_breaks_is_a_department():
    text = fold("Mamy ok. 45 osób: dział sprzedaży i obsługa klienta grają do innej bramki.")
    assert read_channels(text, [(0, len(text))]) == ([], [])


def test_customer_service_named_in_the_facts_is_a_channel():
    added, _ = read_channels(fold("Stores, a webshop and customer service by phone."))
    assert added == [Channel.stores, Channel.ecommerce, Channel.call_centre]


def test_an_app_named_as_the_way_orders_come_in_is_a_channel_where_something_breaks():
    text = fold("Cafés only, but orders from our loyalty app get credited to the wrong café.")
    added, _ = read_channels(text, [(text.index("orders"), len(text))])
    assert Channel.mobile_app in added


def test_an_app_named_as_a_tool_where_something_breaks_is_no_channel():
    text = fold("We have 12 cafés. The staff ignore the new ordering app.")
    added, _ = read_channels(text, [(text.index("the staff"), len(text))])
    assert Channel.mobile_app not in added


def test_dropped_channels_are_told_from_those_kept():
    assert read_channels(fold("stores and a webshop, no call centre")) == (
        [Channel.stores, Channel.ecommerce],
        [Channel.call_centre],
    )


def test_an_opening_that_asks_a_question_and_describes_the_firm_is_read():
    found = extract(
        "What's the right size for a team at a dealer group? We have 9 showrooms, a website and a phone team."
    )
    assert found.question is None and found.add_channels == [Channel.stores, Channel.ecommerce, Channel.call_centre]
