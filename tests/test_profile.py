"""Profile validation: messy human input in, clean values or one clear message out."""

from __future__ import annotations

import pytest

from assistant.errors import InputError
from assistant.plans import json_schemas
from assistant.profile import build_profile, guess_language, parse_channels
from assistant.terms import TeamLevel
from assistant.words.headcount import parse_employees
from assistant.words.text import fold
from assistant.words.vocab import Channel, Sector, match_channels, match_sector
from assistant.words.wordlike import reads_as_words
from tests.helpers import make_profile


@pytest.mark.parametrize(
    "raw, expected",
    [
        (200, 200),
        ("200", 200),
        ("1 000+", 1000),
        ("1\u00a0000", 1000),
        ("1,200", 1200),
        ("1.500", 1500),
        ("50-200", 125),
        ("50–200 osób", 125),
        ("50 do 200", 125),
        ("ok. 300", 300),
        ("~300", 300),
        ("około 300 pracowników", 300),
        ("2k", 2000),
        ("5 tys.", 5000),
        ("2,5 tys", 2500),
        ("ponad 1000", 1000),
        ("over 5,000 people", 5000),
        ("1.2k", 1200),
        ("3 mln", 3_000_000),
        (12.0, 12),
    ],
)
def test_employees_are_read_the_way_people_write_them(raw, expected):
    assert parse_employees(raw) == expected


@pytest.mark.parametrize(
    "raw, message",
    [
        ("lots", "no number found"),
        ("", "no number found"),
        (0, "at least 1"),
        ("-5", "at least 1"),
        ("10 mln", "at most"),
        (True, "expected a number"),
    ],
)
def test_nonsense_head_counts_are_rejected_with_the_reason(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_employees(raw)


@pytest.mark.parametrize(
    "cell, channels, other",
    [
        ("stores; e-commerce | mobile app / marketplace", ["stores", "ecommerce", "mobile_app", "marketplace"], []),
        ("Sklepy stacjonarne, sklep internetowy, aplikacja", ["stores", "ecommerce", "mobile_app"], []),
        ("sklepy, Allegro, Instagram i infolinia", ["stores", "marketplace", "social_media", "call_centre"], []),
        ("e-commerce, vending machines", ["ecommerce"], ["vending machines"]),
        ("B2B / przedstawiciele handlowi", ["b2b_sales"], []),
        ("ONLINE + call center", ["ecommerce", "call_centre"], []),
        ("supermarkety, sklep internetowy", ["stores", "ecommerce"], []),
        (["stores", Channel.ecommerce, "stores"], ["stores", "ecommerce"], []),
        (
            "sklep, insta, telefon",
            ["stores", "social_media", "call_centre"],
            [],
        ),  # a brand's short name as a list entry
        ("instalacje, sklep", ["stores"], ["instalacje"]),
    ],
)
def test_channels_are_split_and_normalised(cell, channels, other):
    known, others = parse_channels(cell)
    assert [c.value for c in known] == channels
    assert others == other


def test_channel_matching_prefers_the_longer_phrase():
    assert match_channels("sklep internetowy") == [Channel.ecommerce]
    assert match_channels("apparel") == []  # "app" must be a whole word
    assert match_channels("mamy 20 sklepów, sklep online i Allegro") == [
        Channel.stores,
        Channel.ecommerce,
        Channel.marketplace,
    ]


@pytest.mark.parametrize(
    "industry, sector",
    [
        ("retail modowy", Sector.fashion),
        ("Odzież i obuwie", Sector.fashion),
        ("elektronika użytkowa", Sector.electronics),
        ("FMCG", Sector.fmcg),
        ("DIY / dom i ogród", Sector.diy),
        ("sieć aptek", Sector.pharmacy),
        ("bankowość detaliczna", Sector.banking),
        ("hurtownia B2B", Sector.b2b_wholesale),
        ("quantum yoga", Sector.other),
    ],
)
def test_sector_is_recognised_from_free_text(industry, sector):
    assert match_sector(industry) == sector


def test_fold_strips_polish_diacritics():
    assert fold("  Łódź   ŻÓŁĆ ") == "lodz zolc"


def test_profile_normalises_everything():
    profile = build_profile(
        {
            "employees": "ok. 1 200",
            "industry": "Moda damska",
            "channels": "sklepy; e-sklep",
            "challenge": "  silosy  ",
            "language": "Polski",
            "team_level": "Seniorzy",
            "team_size": "12",
            "company": "",
        }
    )
    assert profile.employees == 1200
    assert profile.sector == Sector.fashion
    assert profile.channels == [Channel.stores, Channel.ecommerce]
    assert profile.language == "pl"
    assert profile.challenge == "silosy"
    assert profile.team_level == TeamLevel.senior and profile.team_size == 12
    assert profile.company is None


def test_explicit_sector_is_kept():
    assert make_profile(industry="something new", sector="electronics").sector == Sector.electronics


@pytest.mark.parametrize(
    "change, field",
    [
        ({"employees": "many"}, "employees"),
        ({"industry": ""}, "industry"),
        ({"channels": ""}, "channels"),
        ({"challenge": "x" * 1001}, "challenge"),
        ({"language": "de"}, "language"),
        ({"team_level": "guru"}, "team_level"),
        ({"unknown_field": 1}, "unknown_field"),
    ],
)
def test_bad_input_names_field_value_and_rule(change, field):
    with pytest.raises(InputError) as error:
        make_profile(**change)
    message = str(error.value)
    assert message.startswith("invalid company profile:")
    assert field in message
    assert "\n" not in message


def test_language_error_says_what_is_allowed():
    with pytest.raises(InputError, match=r"language: accepted values are 'pl' or 'en' \(got 'de'\)"):
        make_profile(language="de")


def test_row_number_travels_with_the_error():
    with pytest.raises(InputError) as error:
        build_profile({"employees": "?"}, row=7)
    assert error.value.row == 7


def test_every_output_model_exports_a_json_schema():
    schemas = json_schemas()
    assert set(schemas) == {"team_plan", "skills_plan", "team_plan_content", "skills_plan_content"}
    team = schemas["team_plan_content"]
    assert team["properties"]["first_90_days"]["minItems"] == 3
    assert team["properties"]["first_90_days"]["maxItems"] == 3
    assert "provenance" not in team["properties"]
    assert schemas["skills_plan_content"]["properties"]["skills"]["minItems"] == 10


@pytest.mark.parametrize(
    "cell, known, other",
    [
        ("38 stores, webshop for contact lenses and frames", ["stores", "ecommerce"], []),
        ("własny sklep internetowy, Amazon (DE, FR)", ["ecommerce", "marketplace"], []),
        ("field sales reps, B2B web ordering portal", ["b2b_sales", "ecommerce"], []),
        ("sklep i Allegro", ["stores", "marketplace"], []),
        ("two cash & carry depots, stores", ["stores"], ["two cash & carry depots"]),
    ],
)
def test_a_channel_list_is_read_as_its_entries_say(cell, known, other):
    channels, others = parse_channels(cell)
    assert ([c.value for c in channels], others) == (known, other)


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"industry": "moda", "channels": "sklepy, tiktok shop", "challenge": "silosy"}, "pl"),
        ({"industry": "odzież", "channels": "Allegro, Instagram", "challenge": "rozjazd cen"}, "pl"),
        ({"industry": "fashion retail", "channels": "sklepy, Allegro", "challenge": "pricing silos"}, "en"),
    ],
)
def test_the_clients_own_words_set_the_language_over_channel_brands(data, expected):
    assert guess_language(data) == expected


def test_a_keyboard_mash_channel_is_refused_by_name():
    with pytest.raises(InputError, match=r"channels: 'asdf' does not read as a channel name"):
        build_profile({"employees": 300, "industry": "moda", "channels": "sklepy, asdf", "challenge": "silosy"})


@pytest.mark.parametrize("name", ["Rossmann", "targi", "CRM", "foodtruck"])
def test_a_plausible_unknown_channel_is_kept(name):
    profile = build_profile({"employees": 30, "industry": "moda", "channels": f"sklepy, {name}", "challenge": "silosy"})
    assert profile.other_channels == [name]


@pytest.mark.parametrize("mash", ["asdf", "qwerty", "sdfsdf", "xkcdq", "aaaa"])
def test_a_keyboard_mash_does_not_read_as_words(mash):
    assert not reads_as_words(mash)
