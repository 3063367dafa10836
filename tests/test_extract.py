"""Chat extraction: real-sounding messages in Polish and English, typos, numbers written out."""

from __future__ import annotations

import pytest

from assistant.chat.extract import extract, missing_fields
from assistant.words.headcount import words_to_digits
from assistant.words.vocab import Channel, Sector, detect_language, match_sector

S, E, APP, M, SOC, CC, B2B = (
    Channel.stores,
    Channel.ecommerce,
    Channel.mobile_app,
    Channel.marketplace,
    Channel.social_media,
    Channel.call_centre,
    Channel.b2b_sales,
)

# message, employees, sector of the industry, channels (in order of mention), challenge fragment, language
DESCRIPTIONS = [
    (
        "We're a fashion chain, about three hundred people, stores + online shop + Allegro; "
        "marketing and stores don't talk to each other.",
        300,
        Sector.fashion,
        [S, E, M],
        "don't talk",
        "en",
    ),
    (
        "We are an electronics retailer with 1,200 employees. We sell in 40 stores, through our webshop and a mobile "
        "app. The biggest challenge is that each department has its own KPIs.",
        1200,
        Sector.electronics,
        [S, E, APP],
        "own KPIs",
        "en",
    ),
    (
        "pharmacy chain, 2k staff, brick and mortar + e-commerce + call center. problem: nobody owns the customer, "
        "we blame each other for complaints",
        2000,
        Sector.pharmacy,
        [S, E, CC],
        "blame each other",
        "en",
    ),
    (
        "Hi! We're a DIY retailer employing roughly two thousand five hundred people; stores, online, Amazon and "
        "Facebook. Stores and e-commerce compete for the same customers.",
        2500,
        Sector.diy,
        [S, E, M, SOC],
        "compete",
        "en",
    ),
    (
        "Cosmetics brand, 85 employees, we sell on Instagram, TikTok and our own online store. Hard to get marketing "
        "and customer service aligned.",
        85,
        Sector.beauty,
        [SOC, E],
        "Hard to",
        "en",
    ),
    (
        "Furniture company with fifty-five employees, showrooms and an online shop. Our challenge: the showroom team "
        "and the web team have separate budgets.",
        55,
        Sector.furniture,
        [S, E],
        "separate budgets",
        "en",
    ),
    (
        "we're an insurance company ~5000 employees, branches, phone sales and a mobile app; the issue is that "
        "nobody shares customer data between channels",
        5000,
        Sector.insurance,
        [S, CC, APP],
        "nobody shares",
        "en",
    ),
    (
        "Sporting goods retailer, 450 ppl employees, stores and ecommerce and an app. Biggest struggle - attribution "
        "of online sales to stores.",
        450,
        Sector.sports,
        [S, E, APP],
        "attribution",
        "en",
    ),
    (
        "Jesteśmy siecią aptek, zatrudniamy półtora tysiąca osób. Sprzedajemy w aptekach stacjonarnych, w sklepie "
        "internetowym i przez aplikację. Największy problem: każdy dział ma własne cele i nikt nie dzieli się danymi.",
        1500,
        Sector.pharmacy,
        [S, E, APP],
        "każdy dział",
        "pl",
    ),
    (
        "Firma odzieżowa, 300 pracowników, sklepy stacjonarne, e-commerce i Allegro. Sklepy i e-commerce rywalizują "
        "o tych samych klientów.",
        300,
        Sector.fashion,
        [S, E, M],
        "rywalizują",
        "pl",
    ),
    (
        "Mamy ok. 1200 osób, branża elektronika (RTV/AGD), kanały: sklepy, sklep internetowy, aplikacja mobilna, "
        "infolinia. Wyzwanie: dział IT i marketing w ogóle nie współpracują.",
        1200,
        Sector.electronics,
        [S, E, APP, CC],
        "nie współpracują",
        "pl",
    ),
    (
        "sklepy meblowe, trzysta osób, salony + sklep internetowy + facebook i instagram. problem: brak wspólnych "
        "danych o klientach",
        300,
        Sector.furniture,
        [S, E, SOC],
        "brak wspólnych",
        "pl",
    ),
    (
        "Hurtownia artykułów biurowych, dwa tysiące pracowników, przedstawiciele handlowi, sklep online i Allegro. "
        "Handlowcy traktują e-commerce jak konkurencję i walczą o prowizje.",
        2000,
        Sector.b2b_wholesale,
        [B2B, E, M],
        "walczą",
        "pl",
    ),
    (
        "Bank, 8 tys. pracowników, oddziały, aplikacja, call center. Problem: oddziały i aplikacja mają osobne cele "
        "sprzedażowe.",
        8000,
        Sector.banking,
        [S, APP, CC],
        "osobne cele",
        "pl",
    ),
    (
        "Jestesmy siecia drogerii, zatrudniamy okolo 900 osob, sklepy stacjonarne i e-sklep, wyzwanie: kazdy dzial "
        "pracuje w silosie",
        900,
        Sector.beauty,
        [S, E],
        "kazdy dzial",
        "pl",
    ),
    (
        "firma z branży spożywczej, 650 pracowników, sieć sklepów, sklep internetowy i aplikacja; największe "
        "wyzwanie to konflikt między sklepami a e-commerce o budżety",
        650,
        Sector.grocery,
        [S, E, APP],
        "konflikt między sklepami",
        "pl",
    ),  # the lead words "największe wyzwanie to" are not quoted
]


@pytest.mark.parametrize("message,employees,sector,channels,challenge,language", DESCRIPTIONS)
def test_a_description_yields_the_whole_profile(message, employees, sector, channels, challenge, language):
    found = extract(message)
    assert found.fields["employees"] == employees
    assert match_sector(found.fields["industry"]) == sector
    assert found.add_channels == channels
    assert challenge in found.fields["challenge"]
    assert found.language == language
    assert missing_fields({**found.fields, "channels": found.add_channels}) == []


@pytest.mark.parametrize(
    "message,employees",
    [
        ("we have 1,200 people, not 300", 1200),
        ("mamy 1200 osób, nie 300", 1200),
        ("It's 1200, not 300.", 1200),
        ("Sorry, not 300 but 1 200 employees", 1200),
        ("zatrudniamy dwa tysiące, nie tysiąc", 2000),
        ("actually we're closer to two hundred and fifty employees", 250),
        ("around 3.5k employees", 3500),
        ("ponad 5 tys. pracowników", 5000),
    ],
)
def test_corrections_keep_the_number_that_is_not_negated(message, employees):
    assert extract(message).fields["employees"] == employees


@pytest.mark.parametrize(
    "message,expected",
    [
        ("three hundred people", "300 people"),
        ("twenty-five employees", "25 employees"),
        ("a thousand staff", "1000 staff"),
        ("one and a half thousand workers", "1500 workers"),
        ("trzysta osob", "300 osob"),
        ("poltora tysiaca osob", "1500 osob"),
        ("dwa tysiace piecset", "2500"),
        ("dwiescie piecdziesiat osob", "250 osob"),
        ("a new app", "a new app"),
    ],
)
def test_number_words_become_digits(message, expected):
    assert words_to_digits(message) == expected


def test_numbers_that_are_not_head_counts_are_left_alone():
    found = extract("We run 40 stores and 3 warehouses across 12 cities.")
    assert "employees" not in found.fields
    assert found.add_channels == [S]


@pytest.mark.parametrize(
    "message",
    [
        "why hybrid?",
        "Why did you choose hybrid?",
        "dlaczego hybrydowy?",
        "Czemu model hybrydowy, a nie scentralizowany?",
        "explain the data analyst role",
    ],
)
def test_why_questions_are_questions_not_profile_facts(message):
    found = extract(message)
    assert found.question == message
    assert not found.changes_profile


@pytest.mark.parametrize(
    "message,added,removed",
    [
        ("add a marketplace channel", [M], []),
        ("we also sell on allegro and amazon now", [M], []),
        ("dodaj kanał marketplace", [M], []),
        ("add TikTok and a call center", [SOC, CC], []),
        ("drop the call centre, we closed it", [], [CC]),
        ("nie mamy już aplikacji mobilnej", [], [APP]),
        ("usuń infolinię i dodaj Allegro", [M], [CC]),
    ],
)
def test_channel_follow_ups(message, added, removed):
    found = extract(message)
    assert (found.add_channels, found.remove_channels) == (added, removed)


def test_only_replaces_the_channel_list():
    found = extract("we sell only online")
    assert found.only_channels and found.add_channels == [E]


@pytest.mark.parametrize(
    "message,kind",
    [
        ("give me the skills plan for this team", "skills"),
        ("Poproszę plan rozwoju kompetencji dla zespołu", "skills"),
        ("both plans please", "both"),
        ("back to the team structure", "team"),
    ],
)
def test_plan_kind_requests(message, kind):
    assert extract(message).kind == kind


def test_skills_details_in_one_message():
    found = extract("Skills plan please: my team is 12 people, mostly juniors. Goal: cut response time by 30%")
    assert found.kind == "skills"
    assert found.fields["team_size"] == 12
    assert found.fields["team_level"] == "junior"
    assert found.fields["quarterly_goal"].startswith("cut response time")
    assert "employees" not in found.fields


def test_polish_skills_details():
    found = extract("Plan rozwoju kompetencji dla zespołu 8 osób, doświadczeni. Cel: podnieść NPS o 10 punktów")
    assert (found.kind, found.fields["team_size"], found.fields["team_level"]) == ("skills", 8, "senior")
    assert "NPS" in found.fields["quarterly_goal"]


@pytest.mark.parametrize(
    "answer,field,value",
    [
        ("450", "employees", 450),
        ("about 450", "employees", 450),
        ("czterysta pięćdziesiąt", "employees", 450),
        ("optical retail", "industry", "optical retail"),
        (
            "The warehouse team hides stock from the web shop team",
            "challenge",
            "The warehouse team hides stock from the web shop team",
        ),
    ],
)
def test_a_bare_answer_fills_the_field_that_was_asked_for(answer, field, value):
    assert extract(answer, expecting=field).fields[field] == value


def test_a_bare_number_without_being_asked_is_not_a_head_count():
    assert "employees" not in extract("450").fields


def test_reset_and_language_switch():
    assert extract("let's start over").reset
    assert extract("zacznijmy od nowa").reset
    assert extract("the plan in Polish please, po polsku").plan_language == "pl"
    assert extract("in English please").plan_language == "en"


@pytest.mark.parametrize(
    "message,language",
    [
        ("mamy sklepy i e-commerce", "pl"),
        ("Jestesmy firma odziezowa", "pl"),
        ("we have stores and e-commerce", "en"),
        ("Zatrudniamy 300 osób", "pl"),
        ("our team is small", "en"),
    ],
)
def test_language_detection(message, language):
    assert detect_language(message) == language


def test_missing_fields_lists_only_what_is_unknown():
    found = extract("We're a 300-person fashion retailer")
    assert found.fields["employees"] == 300
    assert missing_fields({**found.fields, "channels": found.add_channels}) == ["channels", "challenge"]


@pytest.mark.parametrize(
    "message",
    [
        "Sprzedajemy w sklepach stacjonarnych, w sklepie internetowym i przez aplikację",
        "We sell online and in our stores",
    ],
)
def test_a_sentence_about_channels_is_not_read_as_the_industry(message):
    found = extract(message)
    assert "industry" not in found.fields
    assert found.add_channels


def test_a_stated_industry_is_still_read():
    assert extract("we sell furniture").fields["industry"] == "furniture and home decor"


def test_resistance_is_recognised_as_the_challenge():
    found = extract(
        "Electronics retailer, 5,000 employees, stores and webshop. Our departments are entrenched and resist change."
    )
    assert found.fields["challenge"] == "Our departments are entrenched and resist change."


def test_a_channel_command_is_not_taken_as_the_awaited_challenge():
    found = extract("add social media", expecting="challenge")
    assert "challenge" not in found.fields and "industry" not in found.fields
    assert found.add_channels == [SOC]


@pytest.mark.parametrize(
    "message, lang", [("switch to Polish", "pl"), ("change to English", "en"), ("przejdź na polski", "pl")]
)
def test_language_switch_phrases(message, lang):
    assert extract(message).plan_language == lang


@pytest.mark.parametrize(
    "message, quoted",
    [
        (
            "siec aptek 80 osob, apteki i apka mobilna, problem klienci nie widza tych samych cen",
            "klienci nie widza tych samych cen",
        ),
        (
            "fashion, 300 people, stores and online; the issue is that departments work in silos",
            "departments work in silos",
        ),
        ("300 ludzi, sklepy, e-sklep; największy problem to silosy między działami", "silosy między działami"),
        (
            "Bank, 300 osób, oddziały i aplikacja. Problem z komunikacją między działami",
            "Problem z komunikacją między działami",
        ),  # here "problem" belongs to the phrase
    ],
)
def test_the_problem_is_quoted_without_its_lead_words(message, quoted):
    assert extract(message).fields["challenge"] == quoted


def test_a_shop_named_by_its_goods_selling_online_names_the_trade_not_a_store():
    found = extract("mamy sklep ze świeczkami, sprzedajemy na insta i olx")
    assert (found.fields["industry"], found.add_channels) == ("sklep ze świeczkami", [SOC, M])


def test_a_shop_placed_in_a_town_is_a_store():
    found = extract("mam sklep z rowerami w Krakowie, sprzedajemy też na allegro")
    assert found.add_channels == [S, M]


def test_a_shop_word_alone_is_not_taken_for_the_industry():
    assert "industry" not in extract("We run a shop selling tea, we sell on Instagram and Etsy").fields


def test_the_challenge_keeps_the_constraint_and_the_question_said_beside_the_problem():
    found = extract(
        "Sieć 12 drogerii i sklep online. Zwroty z internetu giną w drogeriach. "
        "Nowych etatów nie dostaniemy. Czy to w ogóle sprawa dla zespołu omnichannel?"
    )
    assert found.fields["challenge"] == (
        "Zwroty z internetu giną w drogeriach. Nowych etatów nie dostaniemy. "
        "Czy to w ogóle sprawa dla zespołu omnichannel?"
    )


def test_the_challenge_keeps_what_is_in_place_and_where_the_firm_is():
    found = extract(
        "Sieć 12 drogerii w Niemczech i sklep online. Mamy już wspólny CRM. Zwroty z internetu giną w drogeriach."
    )
    assert found.fields["challenge"] == (
        "Sieć 12 drogerii w Niemczech i sklep online. Mamy już wspólny CRM. Zwroty z internetu giną w drogeriach."
    )
