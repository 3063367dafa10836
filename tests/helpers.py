"""Helpers the tests share: a valid profile with overrides, an LLM planner whose server is gone."""

from __future__ import annotations

import socket

from assistant.profile import CompanyProfile, build_profile


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
