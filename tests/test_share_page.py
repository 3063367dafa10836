"""The read-only share page over HTTP: an active link shows its plan version; any other shows nothing."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from assistant.planners import OfflinePlanner
from assistant.store import open_store
from assistant.store.store import now
from tests.conftest import make_profile
from ui.share import share_routes

COMPANY = "Acme <b>Bold</b> & Co"


@pytest.fixture
def store(tmp_path):
    opened = open_store(url=f"sqlite:///{tmp_path / 'share.db'}")
    yield opened
    opened.close()


@pytest.fixture
def plan_id(store) -> int:
    ref = store.save(OfflinePlanner().plan(make_profile(company=COMPANY), "team"))
    store.add_version(ref.plan_id, OfflinePlanner().plan(make_profile(company=COMPANY, employees=4000), "team"))
    return ref.plan_id


@pytest.fixture
def client(store) -> TestClient:
    return TestClient(Starlette(routes=share_routes(store)))


def test_an_active_link_shows_the_plan(client, store, plan_id):
    page = client.get(f"/share/{store.share(plan_id).token}")
    assert (page.status_code, "Acme &lt;b&gt;Bold&lt;/b&gt; &amp; Co" in page.text) == (200, True)


def test_the_page_shows_the_version_the_link_names(client, store, plan_id):
    page = client.get(f"/share/{store.share(plan_id, 1).token}")
    assert "version 1" in page.text


def test_the_page_runs_no_script_and_loads_nothing(client, store, plan_id):
    page = client.get(f"/share/{store.share(plan_id).token}")
    assert ("<script" in page.text, page.headers["content-security-policy"].startswith("default-src 'none'")) == (
        False,
        True,
    )


def test_the_page_links_nowhere(client, store, plan_id):
    page = client.get(f"/share/{store.share(plan_id).token}")
    assert 'href="http' not in page.text and 'href="/' not in page.text


def test_a_revoked_link_shows_nothing_of_the_plan(client, store, plan_id):
    token = store.share(plan_id).token
    store.revoke(token)
    page = client.get(f"/share/{token}")
    assert (page.status_code, "Acme" in page.text) == (404, False)


def test_an_expired_link_shows_nothing_of_the_plan(client, store, plan_id, monkeypatch):
    token = store.share(plan_id, expires=timedelta(minutes=30)).token
    later = now() + timedelta(minutes=31)
    monkeypatch.setattr("assistant.store.store.now", lambda: later)
    page = client.get(f"/share/{token}")
    assert (page.status_code, "Acme" in page.text) == (404, False)


def test_an_unknown_token_gets_the_same_page_as_a_revoked_one(client, store, plan_id):
    token = store.share(plan_id).token
    store.revoke(token)
    assert client.get(f"/share/{token}").text == client.get("/share/never-made").text


def test_the_404_page_speaks_polish_to_a_polish_browser(client):
    page = client.get("/share/never-made", headers={"accept-language": "pl-PL,pl;q=0.9"})
    assert "Nic do pokazania" in page.text


def test_the_share_page_is_served_beside_the_app(store, plan_id):
    from ui.app import running

    token = store.share(plan_id).token
    with running(store=store) as url:
        page = httpx.get(f"{url}share/{token}", timeout=30)
    assert (page.status_code, "Acme" in page.text) == (200, True)
