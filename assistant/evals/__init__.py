"""Prompt evals: cases with expectations, graders from the method, the planner × prompt matrix, reports."""

from __future__ import annotations

from .cases import Case, Expectation, load_cases
from .graders import grade_plan
from .grading import GRADERS, Grade, GradingContext, grading_context
from .report import print_summary, write_html
from .results import EvalResults, compare, load_results, results_from_run, write_json, write_junit
from .runner import CaseResult, EvalOptions, EvalRun, Variant, prompt_columns, run_evals, variants

__all__ = [
    "GRADERS",
    "Case",
    "CaseResult",
    "EvalOptions",
    "EvalResults",
    "EvalRun",
    "Expectation",
    "Grade",
    "GradingContext",
    "Variant",
    "compare",
    "grade_plan",
    "grading_context",
    "load_cases",
    "load_results",
    "print_summary",
    "prompt_columns",
    "results_from_run",
    "run_evals",
    "variants",
    "write_html",
    "write_json",
    "write_junit",
]
