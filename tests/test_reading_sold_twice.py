"""Stock one channel sells after another has already sold it is stock not shared between the
channels (no shared data), read by meaning in other words than the examples, in English and Polish."""

from __future__ import annotations

import pytest

from assistant.knowledge import load_knowledge
from assistant.reading.diagnosis import diagnose


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.mark.parametrize(
    "text",
    [
        "We are a garden centre chain of 120 people with 6 garden centres and an online shop; "
        "online orders promise plants the centres have already sold.",
        "Our webshop keeps taking orders for bikes the shop sold that morning.",
        "Sklep internetowy przyjmuje zamówienia na rowery, które salon sprzedał rano.",
    ],
)
def test_selling_what_another_channel_already_sold_is_no_shared_data(kb, text):
    assert diagnose(text, kb).problems[0].key == "no_shared_data"


@pytest.mark.parametrize(
    "text",
    [
        "The same dress gets sold twice: once at the till and once on the website.",
        "Ten sam produkt sprzedajemy dwa razy, raz w sklepie, raz w internecie.",
    ],
)
def test_an_item_sold_twice_names_the_stock_process(kb, text):
    reading = diagnose(text, kb)
    assert reading.process is not None and reading.process.key.value == "stock"
