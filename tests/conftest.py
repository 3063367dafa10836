"""Shared fixtures: an isolated environment and a guard against real network calls."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from assistant.profile import CompanyProfile, build_profile

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


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path):
    """No provider keys from the developer's shell, a private cache and store, a clean working dir."""
    import os

    for name in list(os.environ):
        if name.startswith(("OMNITEAM_", "OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("OMNITEAM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OMNITEAM_DATABASE_URL", f"sqlite:///{tmp_path / 'omniteam.db'}")  # never the user's store
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    yield


def make_profile(**overrides) -> CompanyProfile:
    """A valid profile of a mid-size fashion chain, with overrides."""
    data = {
        "employees": 300,
        "industry": "fashion retail",
        "channels": "stores, e-commerce",
        "challenge": "departments work in silos and do not share customer data",
        "language": "en",
    }
    data.update(overrides)
    return build_profile(data)


def dead_model_planner(max_retries: int):
    """An LLM planner whose server is gone: a loopback port nobody listens on (connection refused)."""
    from assistant.planners.llm import LLMPlanner
    from assistant.settings import get_settings

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = get_settings(
        provider="openai",
        base_url=f"http://127.0.0.1:{port}/v1",
        api_key="sk-secret-test-key",
        model="gpt-4o-mini",
        max_retries=max_retries,
        timeout=2,
    )
    return LLMPlanner(settings=settings, use_cache=False)


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
def llm_settings(fake_openai):
    """Settings pointed at the fake server, with fast retries."""
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

    from pgcluster import PostgresCluster, server_binaries

    binaries = server_binaries()
    if binaries is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must test the store on PostgreSQL: install Debian's postgresql (see .ci/run)")
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")
    cluster = PostgresCluster(binaries)
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgres"])
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
