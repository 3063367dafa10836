"""Polish noun phrases are put in the case the sentence needs, from morfeusz2's dictionary."""

from __future__ import annotations

import pytest

from assistant.words.inflect import declinable, gender, inflect, plural, second_person_singular


@pytest.mark.parametrize(
    ("phrase", "case", "expected"),
    [
        ("zamówienia specjalne", "loc", "zamówieniach specjalnych"),
        ("zamówienia personalizowane", "gen", "zamówień personalizowanych"),
        ("sklep internetowy", "loc", "sklepie internetowym"),
        ("aplikacja mobilna", "inst", "aplikacją mobilną"),
        ("infolinia", "acc", "infolinię"),
        ("salony", "loc", "salonach"),
        ("lokale", "loc", "lokalach"),
        ("sprzedaż B2B", "loc", "sprzedaży B2B"),
        ("obsługa klienta", "gen", "obsługi klienta"),
        ("informacje o opóźnieniach", "loc", "informacjach o opóźnieniach"),
    ],
)
def test_a_phrase_takes_the_case_with_its_adjectives(phrase, case, expected):
    assert inflect(phrase, case) == expected


@pytest.mark.parametrize("phrase", ["call center", "e-commerce", "marketplace", "social media"])
def test_a_foreign_phrase_stays_as_it_is(phrase):
    assert inflect(phrase, "loc") == phrase


def test_a_singular_is_asked_for_a_plural_word():
    assert inflect("salony", "loc", "sg") == "salonie"


def test_a_capital_is_kept():
    assert inflect("Zamówienia hurtowe", "gen") == "Zamówień hurtowych"


@pytest.mark.parametrize(("phrase", "expected"), [("piekarnie", "f"), ("salony", "m"), ("studia", "n")])
def test_the_gender_of_a_head_noun(phrase, expected):
    assert gender(phrase) == expected


def test_a_gender_the_readings_disagree_on_is_unknown():
    assert gender("kliniki") is None


@pytest.mark.parametrize(("phrase", "expected"), [("zamówienia", True), ("zamowienia", False), ("kody rabatowe", True)])
def test_a_phrase_is_declinable_only_when_the_dictionary_knows_its_head(phrase, expected):
    assert declinable(phrase) is expected


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("wycena", "wyceny"),
        ("lead", "leady"),
        ("zamówienia tortów", "zamówienia tortów"),
        ("obsługa klienta", "obsługa klienta"),
    ],
)
def test_a_thing_the_sentences_count_is_named_in_the_plural(phrase, expected):
    assert plural(phrase) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zaangażujcie inspektora i dokumentuj decyzje.", ["dokumentuj"]),
        ("Zastosujcie zasadę, z której skorzystasz najczęściej.", ["skorzystasz"]),
        ("- **Wyznacz zastępcę** dla każdej roli.", ["Wyznacz"]),
        ("Koszty są znane. Zakup sprzętu zaplanujcie na luty.", ["Zakup"]),
    ],
)
def test_a_verb_addressing_one_person_is_found(text, expected):
    assert second_person_singular(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Wyznaczcie właściciela i co tydzień śledźcie odsetek profili.",
        "Plan obejmuje zakup sprzętu.",  # a homograph mid-sentence is read as its noun
        "Dzień 30",
        "Top 3 priorytety",
        "Tryb awaryjny",
    ],
)
def test_a_plural_address_or_a_noun_homograph_is_not_found(text):
    assert second_person_singular(text) == []


def test_the_head_is_read_as_the_noun_its_adjective_agrees_with():
    assert inflect("dyrektor zarządzający", "acc") == "dyrektora zarządzającego"  # not the indeclinable feminine
