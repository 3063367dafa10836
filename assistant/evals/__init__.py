"""Prompt evals: cases with expectations, graders from the method, the planner × prompt matrix, reports."""

from __future__ import annotations

from .cases import Case, Expectation, load_cases
from .graders import GRADERS, Grade, GradingContext, grade_plan, grading_context
from .report import print_summary, write_html
from .runner import CaseResult, EvalOptions, EvalRun, Variant, run_evals, variants

__all__ = [
    "GRADERS",
    "Case",
    "CaseResult",
    "EvalOptions",
    "EvalRun",
    "Expectation",
    "Grade",
    "GradingContext",
    "Variant",
    "grade_plan",
    "grading_context",
    "load_cases",
    "print_summary",
    "run_evals",
    "variants",
    "write_html",
]
