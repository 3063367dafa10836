"""Machine-readable results: JSON and its schema, JUnit XML, baselines and regressions, repeats, CLI polish."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rich.console import Console

from assistant.errors import InputError, PromptError
from assistant.evals.cases import Case
from assistant.evals.report import print_summary, write_html
from assistant.evals.results import compare, load_results, results_from_run, results_schema, write_junit
from assistant.evals.runner import EvalOptions, Variant, prompt_columns, run_evals
from assistant.planners.base import Planner
from assistant.planners.offline import OfflinePlanner
from assistant.plans import Provenance
from assistant.terms import OperatingModel
from tests.test_evals_runner import case, omniteam, write_cases

ROOT = Path(__file__).resolve().parents[1]


def cases(*entries: dict) -> list[Case]:
    return [Case.model_validate(e) for e in entries]


GOOD, WRONG = case(), case(id="fashion-300-wrong", expect={"operating_model": "decentralized", "challenge": "silos"})


def test_the_documented_schema_is_the_results_model():
    documented = json.loads((ROOT / "docs" / "eval-results.schema.json").read_text(encoding="utf-8"))
    assert documented == results_schema(), "regenerate docs/eval-results.schema.json (see docs/evals.md)"


def test_json_holds_every_cell_and_grade_and_round_trips(tmp_path):
    run = run_evals(cases(GOOD, WRONG), [Variant("offline")])
    results = results_from_run(run, min_pass=0.9)
    path = tmp_path / "r.json"
    path.write_text(results.model_dump_json(), encoding="utf-8")
    loaded = load_results(path)
    assert [(c.case, c.status) for c in loaded.cells] == [("fashion-300", "pass"), ("fashion-300-wrong", "fail")]
    wrong = loaded.cells[1]
    [grade] = [g for g in wrong.grades if g.grader == "operating_model"]
    assert not grade.passed and "implies decentralized" in grade.reason
    assert wrong.plans and wrong.plans[0]["kind"] == "team" and wrong.latency_s >= 0
    variant = loaded.variants[0]
    assert variant.pass_rate == 0.5 and variant.graders["operating_model"].graded == 2
    assert variant.tailoring is not None and variant.tailoring.plans == 2
    html = write_html(loaded, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "implies decentralized" in html and "schema version 1" in html


def test_a_file_that_is_not_a_results_file_is_an_input_error(tmp_path):
    (tmp_path / "x.json").write_text('{"cells": 3}', encoding="utf-8")
    with pytest.raises(InputError, match="not an omniteam eval results file"):
        load_results(tmp_path / "x.json")


def test_junit_fails_the_failing_case_only(tmp_path):
    results = results_from_run(run_evals(cases(GOOD, WRONG), [Variant("offline")]))
    suite = ET.parse(write_junit(results, tmp_path / "j.xml")).getroot().find("testsuite")
    assert suite.get("name") == "offline" and suite.get("tests") == "2" and suite.get("failures") == "1"
    by_name = {c.get("name"): c for c in suite.findall("testcase")}
    assert by_name["fashion-300"].find("failure") is None
    assert "implies decentralized" in str(by_name["fashion-300-wrong"].find("failure").get("message"))


def test_a_baseline_marks_the_cases_that_got_worse_or_better():
    before = results_from_run(run_evals(cases(GOOD, case(id="other")), [Variant("offline")]))
    after = results_from_run(run_evals(cases(GOOD, {**WRONG, "id": "other"}), [Variant("offline")]))
    comparison = compare(after, before, "before.json")
    [change] = comparison.regressions
    assert (change.case, change.direction, change.pass_rate) == ("other", "worse", (1.0, 0.0))
    assert change.graders["operating_model"] == -1.0
    assert comparison.grader_deltas["offline"]["operating_model"] == -0.5
    back = compare(before, after, "after.json")
    assert [c.direction for c in back.changes] == ["better"] and not back.regressions


@pytest.mark.slow
def test_cli_fails_on_a_deliberately_regressed_case(tmp_path):
    folder = write_cases(tmp_path / "cases", GOOD, case(id="fashion-300-b"))
    baseline = tmp_path / "base.json"
    assert omniteam("--cases", str(folder), "--json", str(baseline)).returncode == 0
    write_cases(folder, GOOD, {**WRONG, "id": "fashion-300-b"})  # the same case now expects what the plan is not
    junit = tmp_path / "j.xml"
    result = omniteam(
        "--cases", str(folder), "--baseline", str(baseline), "--fail-on-regression", "--junit", str(junit)
    )
    assert result.returncode == 1, result.stderr
    assert "regression: 1 case(s) worse than" in result.stderr and "fashion-300-b (offline)" in result.stderr
    assert "worse" in result.stdout and junit.is_file()
    unchanged = omniteam("--cases", str(folder), "--baseline", str(baseline), "--json", str(tmp_path / "now.json"))
    assert unchanged.returncode == 0  # without --fail-on-regression it only reports
    now = load_results(tmp_path / "now.json")
    assert [c.case for c in now.comparison.regressions] == ["fashion-300-b"]


def test_fail_on_regression_needs_a_baseline():
    result = omniteam("--fail-on-regression")
    assert result.returncode == 2 and "needs a --baseline" in result.stderr


class Flaky(Planner):
    """A planner whose operating model alternates between samples (a stand-in for a flaky prompt)."""

    name = "flaky"

    def __init__(self):
        self.calls = 0
        self.offline = OfflinePlanner()

    def team_plan(self, profile):
        plan = self.offline.team_plan(profile)
        self.calls += 1
        model = OperatingModel.centralized if self.calls % 2 else OperatingModel.decentralized
        return plan.model_copy(update={"operating_model": plan.operating_model.model_copy(update={"model": model})})

    def skills_plan(self, profile):
        return self.offline.skills_plan(profile)


def test_repeats_show_pass_rate_and_agreement_per_cell():
    flaky = Flaky()
    run = run_evals(
        cases(GOOD), [Variant("flaky", "v1")], EvalOptions(repeat=4, concurrency=1), planner_for=lambda v: flaky
    )
    results = results_from_run(run, repeat=4)
    assert flaky.calls == 4 and [c.sample for c in results.cells] == [0, 1, 2, 3]
    [row] = results.variants[0].stability
    assert (row.samples, row.pass_rate, row.operating_model, row.roles) == (4, 0.5, 0.5, 1.0)


class FallingBack(Planner):
    name = "llm"

    def team_plan(self, profile):
        plan = OfflinePlanner().team_plan(profile)
        return plan.model_copy(
            update={"provenance": Provenance(planner="offline", fallback=True, fallback_reason="HTTP 500")}
        )

    def skills_plan(self, profile):
        raise NotImplementedError


def test_content_graders_skip_a_fallback_plan_and_say_so():
    run = run_evals(cases(GOOD), [Variant("openai", "v1")], planner_for=lambda v: FallingBack())
    results = results_from_run(run)
    cell = results.cells[0]
    skipped = {g.grader for g in cell.grades if g.skipped}
    assert {"phases", "kpis", "operating_model", "pilot"} <= skipped and "answered" not in skipped
    assert all("skipped: the offline fallback" in g.reason for g in cell.grades if g.skipped)
    assert cell.answered is False and results.variants[0].answered_rate == 0.0
    assert results.variants[0].graders["kpis"].graded == 0 and results.variants[0].graders["kpis"].skipped == 1
    assert [g.grader for g in cell.grades if not g.passed and not g.skipped] == ["answered"]


def test_prompt_columns_split_bare_versions_and_keep_per_prompt_selections():
    assert prompt_columns(["v1,v2", "team_structure=v3", "v1,skills_plan=v2"]) == [
        "v1",
        "v2",
        "team_structure=v3",
        "v1,skills_plan=v2",
    ]
    with pytest.raises(PromptError):
        prompt_columns(["team_structure=3"])


@pytest.mark.slow
def test_several_k_and_a_cases_glob_select_cases(tmp_path):
    folder = write_cases(tmp_path / "cases", GOOD, case(id="banking-1"), name="a.yaml")
    write_cases(folder, case(id="grocery-1"), name="b.yaml")
    result = omniteam(
        "--cases", str(folder / "a*.yaml"), "-k", "fashion", "-k", "bank*", "--json", str(tmp_path / "r.json")
    )
    assert result.returncode == 0, result.stderr
    assert [c.id for c in load_results(tmp_path / "r.json").cases] == ["banking-1", "fashion-300"]


def test_the_results_table_never_truncates_variant_names():
    run = run_evals(cases(GOOD), [Variant("offline")])
    results = results_from_run(run)
    long = ["openai/team_structure=v3", "openai/v1", "openai/v2", "local-llama/skills_plan=v2"]
    results.variants = [results.variants[0].model_copy(update={"label": label}) for label in long]
    console = Console(width=80, record=True)
    print_summary(results, console)
    text = console.export_text()
    assert "…" not in text
    assert all(label in text for label in long)


def test_help_has_no_type_noise_on_flags():
    result = omniteam("--help")
    assert result.returncode == 0 and "--fail-on-regression" in result.stdout
    assert "<bool>" not in result.stdout and not re.search(r"<\w+>", result.stdout)


def test_the_report_puts_answered_first_for_llm_variants(tmp_path):
    run = run_evals(cases(GOOD), [Variant("openai", "v1")], planner_for=lambda v: FallingBack())
    html = write_html(results_from_run(run), tmp_path / "r.html").read_text(encoding="utf-8")
    assert "answered</b> is the headline" in html and "· fallback" in html


def test_a_failed_quality_grade_is_named_in_the_junit_failure(tmp_path):
    class Sloppy(OfflinePlanner):
        """Right decisions, a summary a consultant would have to rewrite."""

        def team_plan(self, profile):
            plan = super().team_plan(profile)
            return plan.model_copy(update={"summary": plan.summary + " Hire 3 person(s)."})

    run = run_evals(cases(GOOD), [Variant("offline")], planner_for=lambda v: Sloppy())
    results = results_from_run(run)
    [cell] = results.cells
    failed = [g for g in cell.grades if not g.passed]
    assert failed and all(g.quality for g in failed) and cell.status == "fail"
    testcase = ET.parse(write_junit(results, tmp_path / "j.xml")).getroot().find("testsuite").find("testcase")
    assert all(g.grader in str(testcase.find("failure").get("message")) for g in failed)
