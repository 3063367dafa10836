"""Shared fixtures: an isolated environment and a guard against real network calls."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import pytest

from assistant.profile import CompanyProfile

from .helpers import make_profile

_real_connect = socket.socket.connect


def _guarded_connect(sock, address):
    """Allow loopback and Unix sockets only: a test must never reach the internet."""
    if isinstance(address, tuple):
        host = address[0]
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise RuntimeError(f"test tried to reach the network: {address!r}")
    return _real_connect(sock, address)


@pytest.fixture(scope="session")
def tiktoken_cache(tmp_path_factory) -> Path:
    """tiktoken's cache for the run: only what omniteam itself puts there (cl100k), never a machine's
    own downloads, so token counts are the same on every machine."""
    return tmp_path_factory.mktemp("tiktoken")


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path, tiktoken_cache):
    """No provider keys from the developer's shell, private caches and store, a clean working dir."""
    import os

    for name in list(os.environ):
        if name.startswith(("OMNITEAM_", "OPENAI_", "TIKTOKEN_", "DATA_GYM_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tiktoken_cache))
    monkeypatch.setenv("OMNITEAM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OMNITEAM_DATABASE_URL", f"sqlite:///{tmp_path / 'omniteam.db'}")  # never the user's store
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    yield


@pytest.fixture(autouse=True)
def instant_backoff(monkeypatch):
    """The OpenAI client retries at once: its own backoff (0.5 s, doubling) is its behaviour, not ours; a
    server's Retry-After is still honoured, so the tests of retries wait only for what a server asks."""
    import openai._base_client

    monkeypatch.setattr(openai._base_client, "INITIAL_RETRY_DELAY", 0.0)


@pytest.fixture
def profile() -> CompanyProfile:
    return make_profile()


@pytest.fixture
def fake_openai():
    """A started fake OpenAI-compatible server on 127.0.0.1 (see assistant.testing)."""
    from assistant.testing import FakeOpenAIServer

    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def llm_settings(default_settings):
    """Settings pointed at the fake server, with fast retries, one request per plan: the team prompt plans from
    scratch (team_structure v4), so a test of the chain scripts the plan's answers alone. The default plans over
    the method's draft after a diagnosis call (`default_settings`; tests/test_llm_draft.py)."""
    return default_settings.model_copy(update={"prompt_version": "team_structure=v4"})


@pytest.fixture
def default_settings(fake_openai):
    """Settings pointed at the fake server, with fast retries and the default prompts."""
    from assistant.settings import get_settings

    return get_settings(
        provider="openai",
        base_url=fake_openai.base_url,
        api_key=fake_openai.api_key,
        model="gpt-4o-mini",
        max_retries=2,
        timeout=5,
    )


@pytest.fixture(scope="session")
def postgres_cluster():
    """A PostgreSQL cluster of this test run; skipped without a server, except in CI (CI=true)."""
    import os

    from tests.pgcluster import PostgresCluster, server_binaries

    binaries = server_binaries()
    if binaries is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must test the store on PostgreSQL: install Debian's postgresql (see .ci/run)")
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")
    cluster = PostgresCluster(binaries)
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.slow)])  # a server: the full tier
def database_url(request, tmp_path) -> str:
    """An empty database for the store: a SQLite file, then a PostgreSQL database of its own."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres_cluster").new_database()


@pytest.fixture
def store(database_url):
    """An opened (migrated) store on each database."""
    from assistant.store import open_store

    opened = open_store(url=database_url)
    yield opened
    opened.close()


def _heavy_resource(item: pytest.Item) -> str | None:
    """The heavy resource a test shares with others of its kind, if any."""
    if item.get_closest_marker("browser"):
        return "browser"  # one Chromium and one served page at a time
    if item.get_closest_marker("real_model"):
        return "real_model"  # one llama.cpp server
    callspec = getattr(item, "callspec", None)
    if callspec is not None and callspec.params.get("database_url") == "postgres":
        return "postgres"  # one PostgreSQL cluster
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`-n 2 --dist loadgroup`), tests sharing a heavy resource run in one worker."""
    for item in items:
        if group := _heavy_resource(item):
            item.add_marker(pytest.mark.xdist_group(group))
