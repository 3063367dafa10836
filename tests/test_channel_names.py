"""A channel is named as the client's sector names it: a bank's website is its online banking."""

from __future__ import annotations

import pytest

from assistant.planners import OfflinePlanner
from tests.helpers import make_profile


@pytest.mark.parametrize(
    "industry, channels, lang, expected",
    [
        ("bank", "branches, online banking, app", "en", "the online banking platform"),
        ("bank spółdzielczy", "oddziały, bankowość internetowa, aplikacja", "pl", "platforma bankowości internetowej"),
    ],
)
def test_a_banks_website_is_its_online_banking_not_e_commerce(industry, channels, lang, expected):
    profile = make_profile(industry=industry, channels=channels, language=lang)
    assert expected in str(OfflinePlanner().context(profile).facts["systems"])
