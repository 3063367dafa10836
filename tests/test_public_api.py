"""The package's front door: every advertised name resolves, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import assistant


@pytest.mark.parametrize("name", assistant.__all__)
def test_every_exported_name_resolves(name):
    assert getattr(assistant, name) is not None


def test_unknown_names_raise_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        assistant.nope  # noqa: B018


def test_importing_the_package_loads_nothing_heavy():
    probe = (
        "import sys, assistant; print(sorted(m for m in ('pydantic', 'yaml', 'gradio', 'openai') if m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip() == "[]"


def test_the_public_api_plans_end_to_end():
    profile = assistant.build_profile(
        {
            "employees": "50-200",
            "industry": "DIY",
            "channels": "sklepy; e-commerce",
            "challenge": "walka o budżety",
            "language": "pl",
        }
    )
    bundle = assistant.make_planner().plan(profile, "both")
    assert str(assistant.render_bundle(bundle, "markdown")).startswith("# ")
