"""Loading cases, running the matrix and gating on it: the runner and `omniteam eval` as users run them."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from assistant.errors import ConfigError, InputError
from assistant.evals.cases import Case, load_cases
from assistant.evals.grading import grading_context
from assistant.evals.runner import EvalRun, Variant, run_case, run_evals, variants
from assistant.planners.base import Planner
from assistant.planners.offline import OfflinePlanner
from assistant.settings import get_settings

PROFILE = {
    "employees": 300,
    "industry": "fashion",
    "channels": "stores, e-commerce",
    "challenge": "departments work in silos",
    "language": "en",
}


def case(**fields) -> dict:
    return {
        "id": "fashion-300",
        "description": "a fashion chain",
        "profile": PROFILE,
        "expect": {"operating_model": "centralized", "challenge": "silos"},
        **fields,
    }


def write_cases(folder: Path, *entries: dict, name: str = "cases.yaml") -> Path:
    folder.mkdir(exist_ok=True)
    plain = json.loads(json.dumps(list(entries)))  # no shared objects, so no YAML aliases (case files refuse them)
    (folder / name).write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([case(), case()], "fashion-300 appears twice"),
        (
            [case(expect={"operating_model": "hybrid", "challenge": "silos", "roles": ["wizard"]})],
            "unknown knowledge keys ['wizard']",
        ),
        ([case(expect={"operating_model": "hybrid", "challenge": "weather"})], "unknown knowledge keys ['weather']"),
        ([case(expect={"challenge": "silos"})], "names operating_model"),
        ([case(id="Bad Id")], "cases.yaml: case Bad Id: id: String should match pattern"),
    ],
)
def test_bad_case_files_are_clear_input_errors(tmp_path, entries, message):
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_cases(write_cases(tmp_path / "cases", *entries))


def test_broken_yaml_and_empty_folders_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no case files"):
        load_cases(tmp_path)
    (tmp_path / "bad.yaml").write_text("- id: [unclosed", encoding="utf-8")
    with pytest.raises(InputError, match="bad.yaml is not valid YAML"):
        load_cases(tmp_path)


def test_variants_run_offline_once_and_llms_per_prompt_version():
    assert [v.label for v in variants(["offline", "openai", "offline"], ["v1", "v2"])] == [
        "offline",
        "openai/v1",
        "openai/v2",
    ]


def grade(entry: dict, planner: Planner | None = None):
    return asyncio.run(
        run_case(Case.model_validate(entry), Variant("offline"), planner or OfflinePlanner(), grading_context())
    )


@pytest.mark.parametrize(
    ("entry", "status", "reason"),
    [
        (
            case(adversarial=True, profile={**PROFILE, "employees": 0}, expect={"outcome": "reject"}),
            "pass",
            "rejected: invalid company profile: employees: must be at least 1",
        ),
        (case(adversarial=True, profile={**PROFILE, "employees": 0}, expect={"outcome": "either"}), "pass", "rejected"),
        (case(adversarial=True, expect={"outcome": "reject"}), "fail", "accepted input that must be rejected"),
        (
            case(profile={**PROFILE, "channels": ""}),
            "fail",
            "valid input rejected: invalid company profile: channels",
        ),
    ],
)
def test_rejections_are_graded_against_the_expected_outcome(entry, status, reason):
    result = grade(entry)
    assert result.status == status and result.grades[0].reason.startswith(reason)


class Exploding(Planner):
    """A planner whose every call fails the given way."""

    def __init__(self, error: Exception):
        self.error = error

    def team_plan(self, profile):
        raise self.error

    skills_plan = team_plan


def test_a_planner_failure_is_an_error_cell_and_the_run_goes_on():
    cases = [Case.model_validate(case(id=f"case-{n}")) for n in range(3)]
    run = run_evals(cases, [Variant("offline")], planner_for=lambda v: Exploding(RuntimeError("model melted")))
    assert [r.status for r in run.results] == ["error"] * 3
    assert run.results[0].error == "RuntimeError: model melted" and run.pass_rate(Variant("offline")) == 0


def test_a_wrong_setting_stops_the_run_with_one_error():
    cases = [Case.model_validate(case(id=f"case-{n}")) for n in range(3)]
    with pytest.raises(ConfigError, match="set OMNITEAM_API_KEY"):
        run_evals(
            cases,
            [Variant("openai", "v1")],
            planner_for=lambda v: Exploding(ConfigError("bad key: set OMNITEAM_API_KEY")),
        )


def test_the_gate_names_the_variants_below_the_threshold():
    good = Case.model_validate(case())
    wrong = Case.model_validate(
        case(id="fashion-300-wrong", expect={"operating_model": "decentralized", "challenge": "silos"})
    )
    run: EvalRun = run_evals([good, wrong], [Variant("offline")])
    assert run.pass_rate(Variant("offline")) == 0.5
    assert run.below(0.5) == [] and run.below(0.9) == [Variant("offline")]
    [failed] = [r for r in run.results if r.status == "fail"]
    assert [g.reason for g in failed.failures] == ["centralized for 300 employees; the method implies decentralized"]


def omniteam(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "eval", *args], capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_cli_gates_on_the_pass_rate_and_writes_the_report(tmp_path):
    folder = write_cases(
        tmp_path / "cases",
        case(),
        case(id="fashion-300-wrong", expect={"operating_model": "decentralized", "challenge": "silos"}),
    )
    report = tmp_path / "out" / "report.html"
    failing = omniteam("--cases", str(folder), "--min-pass", "0.9", "--report", str(report))
    assert failing.returncode == 1, failing.stderr
    assert "gate failed: offline 50.0% below 90%" in failing.stderr
    assert "fashion-300-wrong" in failing.stdout
    assert "centralized for 300 employees; the method implies decentralized" in report.read_text(encoding="utf-8")
    passing = omniteam("--cases", str(folder), "--min-pass", "0.5", "--only", "fashion")
    assert passing.returncode == 0, passing.stderr


@pytest.mark.slow
def test_cli_turns_bad_input_into_one_line(tmp_path):
    result = omniteam("--only", "no-such-case")
    assert result.returncode == 2
    assert result.stderr.strip() == "omniteam: error: no case id matches 'no-such-case'"


@pytest.mark.slow
def test_cli_runs_the_matrix_against_a_configured_model(fake_openai, monkeypatch, tmp_path):
    monkeypatch.setenv("OMNITEAM_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OMNITEAM_API_KEY", fake_openai.api_key)
    report = tmp_path / "matrix.html"
    result = omniteam(
        "--planner",
        "offline,openai",
        "--prompt",
        "v1,v2",
        "--only",
        "fashion-300",
        "--report",
        str(report),
        "--min-pass",
        "1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(fake_openai.chat_requests()) == 2
    html = report.read_text(encoding="utf-8")
    assert "openai/v1 vs openai/v2" in html and fake_openai.api_key not in html + result.stdout + result.stderr


def test_shipped_cases_are_found_without_a_path():
    assert load_cases() == load_cases(Path(__file__).parents[1] / "evals" / "cases")


@pytest.mark.slow
def test_cli_judge_without_a_model_is_a_settings_error():
    result = omniteam("--judge", "--only", "fashion-300")
    assert result.returncode == 2
    assert "OMNITEAM_API_KEY" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_tokens_per_minute_limit_is_fed_estimates_of_model_calls():
    from assistant.evals.runner import _estimated_tokens

    valid = Case.model_validate(case())
    rejected = Case.model_validate(
        case(adversarial=True, profile={**PROFILE, "employees": 0}, expect={"outcome": "reject"})
    )
    both = Case.model_validate(case(kind="both"))
    settings = get_settings()
    team = _estimated_tokens(valid, Variant("openai", "v1"), settings)
    assert team > 1000 and _estimated_tokens(both, Variant("openai", "v1"), settings) > team
    assert _estimated_tokens(rejected, Variant("openai", "v1"), settings) == 0


def test_prompt_versions_with_the_same_content_do_not_show_as_changed():
    from assistant.evals.report import case_diffs
    from assistant.evals.results import results_from_run

    base = asyncio.run(
        run_case(Case.model_validate(case()), Variant("openai", "v1"), OfflinePlanner(), grading_context())
    )
    bundle = base.bundle
    relabel = {"provenance": bundle.team.provenance.model_copy(update={"prompt_version": "v2", "prompt_tokens": 9})}
    other = base.__class__(
        **{
            **base.__dict__,
            "variant": Variant("openai", "v2"),
            "bundle": bundle.model_copy(update={"team": bundle.team.model_copy(update=relabel)}),
        }
    )
    run = EvalRun(results=[base, other], variants=[Variant("openai", "v1"), Variant("openai", "v2")])
    results = results_from_run(run)
    [diff] = case_diffs(results, *results.variants)
    assert not diff.changed
    lead = bundle.team.roles[0].model_copy(update={"mission": "Something else entirely."})  # a text the plan shows
    changed = bundle.team.model_copy(update={"roles": [lead, *bundle.team.roles[1:]]})
    run.results[1] = base.__class__(**{**other.__dict__, "bundle": bundle.model_copy(update={"team": changed})})
    results = results_from_run(run)
    [diff] = case_diffs(results, *results.variants)
    assert diff.changed
