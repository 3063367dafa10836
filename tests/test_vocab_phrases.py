"""The controlled vocabulary (assistant/words/vocab.yaml) on phrases as managers type them, and on ordinary
sentences that must not be read as a channel or an industry."""

from __future__ import annotations

import pytest

from assistant.words.text import fold, stem_hits
from assistant.words.vocab import (
    ALL_CHANNELS_WORDS,
    BRANDS,
    CHANNEL_ALIASES,
    SECTOR_ALIASES,
    Channel,
    Sector,
    match_channels,
    match_sector,
)

S, E, APP, M, SOC, CC, B2B = (
    Channel.stores,
    Channel.ecommerce,
    Channel.mobile_app,
    Channel.marketplace,
    Channel.social_media,
    Channel.call_centre,
    Channel.b2b_sales,
)

CHANNEL_PHRASES = [
    # stores: everyday words for outlets, inflected, with and without diacritics
    ("we sell in our shops and online", [S, E]),
    ("a boutique in Kraków and an e-shop", [S, E]),
    ("mamy 3 butiki i eshop", [S, E]),
    ("sieć 120 aptek", [S]),
    ("sprzedajemy w aptekach i przez e-aptekę", [S, E]),
    ("dostępne w każdej aptece", [S]),
    ("we run 40 pharmacies", [S]),
    ("drogerie stacjonarne i drogeria internetowa", [S, E]),
    ("mamy salony w galeriach handlowych", [S]),
    ("residents come to 4 customer service centres or use the phone line", [S, CC]),
    ("a few walk-in centres and a web portal", [S, E]),
    ("a group of 3 dental practices, patients book by phone", [S, CC]),
    ("showrooms in five cities", [S]),
    ("oddziały i placówki w całej Polsce", [S]),
    ("bank branches and online banking", [S, E]),
    ("factory outlets", [S]),
    ("stoiska na targach i wyspy handlowe", [S]),
    ("kioski z prasą", [S]),
    ("punkty sprzedaży na stacjach", [S]),
    ("w naszych punktach obsługi klienta", [S]),
    ("punkty obsługi klienta i infolinia", [S, CC]),
    ("12 restauracji i 4 kawiarnie", [S]),
    ("our restaurants and delivery through Glovo", [S, M]),
    ("lokale w centrach miast", [S]),
    ("30 lokalizacji w Polsce", [S]),
    ("we have 25 locations across Germany", [S]),
    ("studio tatuażu w Gdańsku", [S]),
    ("pracownie krawieckie", [S]),
    ("gabinety w 10 miastach", [S]),
    ("our clinics and online booking", [S, E]),
    ("przychodnie i rejestracja telefoniczna", [S, CC]),
    ("8 hotels, bookings on our website and Booking.com", [S, E, M]),
    ("sprzedajemy stacjonarnie i przez internet", [S, E]),
    ("stationary stores", [S]),
    ("brick-and-mortar stores", [S]),
    ("sieć franczyzowa", [S]),
    ("kluby fitness i aplikacja", [S, APP]),
    ("market budowlany i sklep online", [S, E]),
    ("sieć marketów i e-sklep", [S, E]),
    ("punkty nadań i aplikacja", [S, APP]),
    ("a car dealership group with listings on Otomoto and AutoScout24", [S, M]),
    ("the counter and Uber Eats", [S, M]),
    # e-commerce: the own online shop, whatever it is called
    ("sklep internetowy", [E]),
    ("w naszym sklepie internetowym", [E]),
    ("sklep www i sklep on-line", [E]),
    ("internetowy sklep z kosmetykami", [E]),
    ("zamówienia przez stronę", [E]),
    ("rezerwacje na naszej stronie", [E]),
    ("an online pharmacy", [E]),
    ("apteka internetowa", [E]),
    ("web store and webshop", [E]),
    ("online ordering on our website", [E]),
    ("we are a D2C brand", [E]),
    ("Shopify store", [E]),
    ("sklep na Shoperze", [E]),
    ("bankowość internetowa i bankowość elektroniczna", [E]),
    ("e-bank and phone banking", [E, CC]),
    ("tienda online", [E]),
    ("sales reps and a B2B ordering portal", [B2B, E]),
    ("przedstawiciele, strona i call center", [B2B, E, CC]),
    # mobile app: never a call centre, even with "phone" in it
    ("aplikacja na telefon", [APP]),
    ("apka na telefon i infolinia", [APP, CC]),
    ("mamy appkę i sklep online", [APP, E]),
    ("w apce", [APP]),
    ("a phone app", [APP]),
    ("our app on the phone", [APP]),
    ("an app in the App Store and Google Play", [APP]),
    ("in-app purchases", [APP]),
    ("aplikacja mobilna", [APP]),
    # call centre
    ("infolinia i czat na stronie", [CC]),
    ("helpline, hotline and live chat", [CC]),
    ("kontakt telefonicznie albo mailowo", [CC]),
    ("obsługa klienta przez telefon i e-mail support", [CC]),
    ("BOK", [CC]),
    ("contact center", [CC]),
    ("phone orders", [CC]),
    ("dział obsługi klienta", [CC]),
    ("a chat on our website", [CC]),
    # b2b
    ("przedstawiciele handlowi i handlowcy w terenie", [B2B]),
    ("sprzedajemy przez hurtownie i dystrybutorów", [B2B]),
    ("dealers and distributors", []),  # partners who sell for the firm: partners, not its own channel
    ("sieć partnerska", [B2B]),
    ("key accounts and trade partners", [B2B]),
    ("przez agentów i brokerów", []),
    # a shop on a platform is the platform; customers' and partners' outlets are not the firm's
    ("oferujemy świeczki w naszym sklepiku na Shopify", [E]),
    ("we run a small shop on Etsy", [M]),
    ("we supply 300 cafés and bakeries across the region", []),
    ("nasi przedstawiciele odwiedzają sklepy osiedlowe", [B2B]),
    ("kartridże trafiają do sklepów, które zaopatrujemy co tydzień", []),
    ("bilety sprzedajemy w kasach i w aplikacji", [S, APP]),
    ("four sales offices and a call centre", [S, CC]),
    ("residents come to our service points", [S]),
    ("door-to-door reps sign most contracts", [B2B]),
    ("hurtownicy zamawiają przez platformę B2B", [E]),
    ("klienci piszą przez eBOK", [E]),
    ("we sell to retailers and HoReCa", [B2B]),
    ("we also sell wholesale", [B2B]),
    ("we sell wholesale to pharmacies and on Amazon", [B2B, M]),
    ("sprzedajemy do aptek i drogerii", [B2B]),
    ("piekarnie rzemieślnicze, 14 lokali", [S]),
    # social
    ("social media", [SOC]),
    ("sociale i socjale", [SOC]),
    ("stores, web shop and social.", [S, E, SOC]),
    ("sprzedajemy na insta i na fejsie", [SOC]),
    ("na fb", [SOC]),
    ("zapisy przez insta", [SOC]),
    ("sieć kwiaciarni z dowozem przez Glovo", [S, M]),
    ("media społecznościowe", [SOC]),
    ("TikTok, YouTube i LinkedIn", [SOC]),
    ("we answer on WhatsApp and Messenger", [SOC]),
    # marketplaces, booking and delivery apps
    ("Allegro, Amazon i eBay", [M]),
    ("Zalando, eMAG, Empik i Kaufland", [M]),
    ("sprzedajemy na Temu i AliExpress", [M]),
    ("Etsy, Vinted i OLX", [M]),
    ("sklep na Allegro", [M]),
    ("Uber Eats, Wolt i Pyszne.pl", [M]),
    ("Bolt Food, Just Eat and Deliveroo", [M]),
    ("rezerwacje przez Booksy i ZnanyLekarz", [M]),
    ("na Bookingu i Airbnb", [M]),
    ("Booking.com, Expedia and Airbnb", [M]),
    ("Treatwell and Fresha", [M]),
    ("patients book via Doctolib", [M]),
    ("Bol.com, Cdiscount, Otto, Fnac", [M]),
    ("morele.net i x-kom", [M]),
    ("marketplace'y i porównywarki cen", [M]),
    ("delivery apps", [M]),
    # several at once, in order of mention
    ("sklepy, sklep internetowy, aplikacja, infolinia i Allegro", [S, E, APP, CC, M]),
    ("stores, e-shop, app, Instagram and a helpline", [S, E, APP, SOC, CC]),
    ("sklepy i strona internetowa sklepu", [S, E]),
    # cheap words in German, Czech, Spanish, French
    ("Filialen, Onlineshop und Kundenservice-Hotline", [S, E, CC]),
    ("Großhändler und Außendienst", [B2B]),
    ("prodejny, e-shop a zákaznická linka", [S, E, CC]),
    ("tiendas y tienda online", [S, E]),
    ("magasins et boutique en ligne", [S, E]),
]

NOT_CHANNELS = [
    "dwa lata temu otworzyliśmy nowy dział",
    "mamy pyszne pierogi",
    "instalacje elektryczne",
    "it hurts our margins",
    "z punktu widzenia klienta",
    "w regionach nikt nie słucha centrali",
    "z drugiej strony zarząd chce oszczędności",
    "po stronie zarządu brakuje decyzji",
    "podnieść NPS o 10 punktów",
    "wsparcie ze strony działów jest słabe",
    "po obu stronach barykady",
    "zatrudniamy 300 pracowników",
    "rozmawialiśmy z pracownikami",
    "lokalny rynek",
    "kolejny projekt",
    "apparel",
    "a socially responsible company",
    "the studio of our designer",
    "we book meetings weekly",
    "świadczenia socjalne i pakiet socjalny",
    "studia podyplomowe",
    "clinical trials",
    "pharmaceutical manufacturing",
    "our go-to-market plan",
    "marketowiec uczy zespół segmentacji",
    "our market share fell",
    "corporate social responsibility",
]

SECTOR_PHRASES = [
    ("sieć drogerii", Sector.beauty),  # a Polish drogeria sells cosmetics
    ("mamy salony meblowe", Sector.furniture),
    ("piekarnie rzemieślnicze", Sector.food_service),
    ("sklep z butami", Sector.fashion),
    ("odzieżówka", Sector.fashion),
    ("handmade leather bags", Sector.fashion),
    ("a running gear shop", Sector.sports),
    ("we sell sofas", Sector.furniture),
    ("prywatna opieka medyczna", Sector.healthcare),
    ("mamy hurtownię budowlaną", Sector.b2b_wholesale),
    ("sprzedajemy ciuchy", Sector.fashion),
    ("elektronika użytkowa", Sector.electronics),
    ("laptops and smartphones", Sector.electronics),
    ("neobank", Sector.banking),
    ("fintech", Sector.banking),
    ("a financial services company", Sector.banking),
    ("usługi finansowe", Sector.banking),
    ("B2B SaaS", Sector.software),
    ("software house", Sector.software),
    ("hardware and software", Sector.software),
    ("uczelnia", Sector.education),
    ("a university", Sector.education),
    ("szkoła językowa", Sector.education),
    ("komunikacja miejska", Sector.transport),
    ("a transit authority", Sector.transport),
    ("miejskie przedsiębiorstwo komunikacyjne", Sector.transport),
    ("przewoźnik kolejowy", Sector.transport),
    ("przychodnia", Sector.healthcare),
    ("a private clinic", Sector.healthcare),
    ("ochrona zdrowia", Sector.healthcare),
    ("siłownia", Sector.sports),
    ("a gym chain", Sector.sports),
    ("hotel", Sector.travel),
    ("hospitality", Sector.travel),
    ("biuro podróży", Sector.travel),
    ("sieć stacji paliw", Sector.energy),
    ("dostawca energii", Sector.energy),
    ("operator telefonii komórkowej", Sector.telecom),
    ("dostawca internetu", Sector.telecom),
    ("towarzystwo ubezpieczeń", Sector.insurance),
    ("urząd miasta", Sector.public_sector),
    ("gmina", Sector.public_sector),
    ("hurtownia budowlana", Sector.b2b_wholesale),
    ("wholesale distribution", Sector.b2b_wholesale),
    ("industrial B2B wholesale", Sector.b2b_wholesale),
    ("market budowlany, dom i ogród", Sector.diy),
    ("salon fryzjerski", Sector.beauty),
    ("gabinet kosmetyczny", Sector.beauty),
    ("restauracje i bary", Sector.food_service),
    ("car dealership", Sector.automotive),
    ("części samochodowe", Sector.automotive),
    ("księgarnia", Sector.books_media),
    ("books and media", Sector.books_media),
    ("producent żywności FMCG", Sector.fmcg),
    ("napoje", Sector.fmcg),
    ("sieć dyskontów spożywczych", Sector.grocery),
    ("convenience stores", Sector.grocery),
    ("apteki", Sector.pharmacy),
    ("Möbelhaus", Sector.furniture),
    ("lékárna", Sector.pharmacy),
    ("pojišťovna", Sector.insurance),
    ("supermercados", Sector.grocery),
    ("vêtements", Sector.fashion),
    ("w aptece", Sector.pharmacy),
    # the industry stated first wins over a channel word that comes later
    ("producent kosmetyków, sprzedajemy też hurtowo", Sector.beauty),
    ("a fashion brand that also sells wholesale", Sector.fashion),
    ("fashion, we sell through Booksy-style apps and Booking.com", Sector.fashion),
]

NOT_SECTORS = [
    "studio tatuażu",
    "biuro rachunkowe",
    "kancelaria prawna",
    "kwiaciarnia",
    "sklep zoologiczny",
    "salon optyczny",
    "quantum yoga",
    "Booksy",
    "Booking.com",
    "Uber Eats",
    "Pyszne.pl",
    "Znany Lekarz",
    "Allegro",
    "Amazon",
    "Temu",
    "sprzedajemy też hurtowo",
    "we also sell wholesale",
    "przez hurtownie",
    "we sell B2B",
    "kanały dystrybucji",
    "dział finansów",
    "our finance team",
    "cele finansowe",
    "quality assurance",
    "we're tired of silos",
    "zdrowa konkurencja",
    "urządzenia",
    "kolejny problem",
    "podróż klienta",
    "szkolenia dla zespołu",
    "training courses for the team",
    "free shipping",
    "wysyłka kurierem",
    "energia zespołu",
    "w zespole brakuje energii",
    "a discount code",
    "przemysł",
    "w chmurze",
    "accessories",
    "electronic invoices",
    "gazetka promocyjna",
    "natural fibre",
    "mamy problem z dystrybucją",
]


@pytest.mark.parametrize("text, channels", CHANNEL_PHRASES)
def test_channel_words_are_read(text, channels):
    assert match_channels(text) == channels


@pytest.mark.parametrize("text", NOT_CHANNELS)
def test_ordinary_sentences_name_no_channel(text):
    assert match_channels(text) == []


@pytest.mark.parametrize("text, sector", SECTOR_PHRASES)
def test_industry_words_are_read(text, sector):
    assert match_sector(text) == sector


@pytest.mark.parametrize("text", NOT_SECTORS)
def test_brands_channels_and_ordinary_words_name_no_industry(text):
    assert match_sector(text) == Sector.other


ALL_CHANNEL_PHRASES = [
    "we sell through all channels",
    "all the channels",
    "we are omnichannel",
    "we sell everywhere",
    "we're everywhere",
    "every possible channel",
    "wszystkimi możliwymi kanałami",
    "we wszystkich kanałach",
    "sprzedajemy wszystkimi kanałami",
    "na każdym kanale",
    "wszystkie kanały sprzedaży",
]
NOT_ALL_CHANNELS = [
    "all of them are stores",
    "wszystkie nasze sklepy",
    "all our stores and the app",
    "every store has a manager",
    "we sell in all regions",
    "wszystkie działy mają własne cele",
]


@pytest.mark.parametrize("text", ALL_CHANNEL_PHRASES)
def test_all_channels_phrases_are_read(text):
    assert stem_hits(fold(text), ALL_CHANNELS_WORDS)


@pytest.mark.parametrize("text", NOT_ALL_CHANNELS)
def test_all_channels_needs_a_whole_phrase(text):
    assert not stem_hits(fold(text), ALL_CHANNELS_WORDS)


@pytest.mark.parametrize("channel, brand", [(c, b) for c, brands in BRANDS.items() for b in brands])
def test_a_brand_names_its_channel_and_never_an_industry(channel, brand):
    assert match_channels(f"mamy {brand} teraz") == [channel]
    assert match_sector(brand) == Sector.other


def test_every_stem_is_written_folded():
    stems = [s for table in (CHANNEL_ALIASES, SECTOR_ALIASES) for words in table.values() for s in words]
    assert [s for s in [*stems, *ALL_CHANNELS_WORDS] if fold(s) != s.strip()] == []


def test_the_vocabulary_file_is_checked_against_its_schema():
    from pydantic import ValidationError

    from assistant.words.vocab import Vocabulary, vocabulary

    data = vocabulary().model_dump(mode="json")
    del data["sectors"]["fashion"]
    with pytest.raises(ValidationError, match="every Channel and every Sector"):
        Vocabulary.model_validate(data)
