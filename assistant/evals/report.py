"""Eval reports: a terminal table (rich) and a self-contained HTML page (jinja2, autoescaped).

The HTML holds per-case verdicts with every grader's reason, pass rates per grader, tokens,
cost and latency per variant, and a side-by-side diff of the plans of consecutive prompt
versions. Everything that comes from a plan or a case is escaped (plans carry user input),
and secrets or key-like strings a plan may have leaked are redacted.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .graders import Grade, redact
from .runner import CaseResult, EvalRun, Variant

REASON_CHARS = 160


@dataclass(frozen=True)
class DiffRow:
    """One line pair of a side-by-side diff: tag is equal, replace, delete or insert."""

    tag: str
    left: str
    right: str


@dataclass(frozen=True)
class CaseDiff:
    """The same case under two prompt versions."""

    case_id: str
    left: CaseResult
    right: CaseResult
    rows: list[DiffRow]

    @property
    def changed(self) -> bool:
        return any(row.tag != "equal" for row in self.rows) or self.left.status != self.right.status


def mean_latency(results: list[CaseResult]) -> float:
    """Mean latency of the cells that called a planner."""
    timed = [r.latency_s for r in results if r.bundle is not None or r.error]
    return sum(timed) / len(timed) if timed else 0.0


def plan_lines(result: CaseResult) -> list[str]:
    """The plans of a cell as Markdown lines, without who made them (an error or rejection as one line)."""
    if result.bundle is None:
        return [result.error or "; ".join(g.reason for g in result.grades)]
    from ..render import bundle_markdown

    return [line for line in bundle_markdown(result.bundle, provenance=False).splitlines() if line.strip()]


def side_by_side(left: list[str], right: list[str]) -> list[DiffRow]:
    """Align two line lists for a two-column diff."""
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        a, b = left[i1:i2], right[j1:j2]
        for k in range(max(len(a), len(b))):
            rows.append(DiffRow(tag, a[k] if k < len(a) else "", b[k] if k < len(b) else ""))
    return rows


def prompt_pairs(run: EvalRun) -> list[tuple[Variant, Variant]]:
    """Consecutive prompt versions of each planner, e.g. (openai/v1, openai/v2)."""
    pairs = []
    for planner in dict.fromkeys(v.planner for v in run.variants):
        versions = [v for v in run.variants if v.planner == planner and v.prompt is not None]
        pairs += list(zip(versions, versions[1:]))
    return pairs


def case_diffs(run: EvalRun, left: Variant, right: Variant) -> list[CaseDiff]:
    """Per-case diffs of two variants."""
    lefts = {r.case.id: r for r in run.of(left)}
    return [CaseDiff(r.case.id, lefts[r.case.id], r, side_by_side(plan_lines(lefts[r.case.id]), plan_lines(r)))
            for r in run.of(right) if r.case.id in lefts]


def write_html(run: EvalRun, path: Path, *, min_pass: float | None = None) -> Path:
    """Write the self-contained HTML report."""
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True, finalize=lambda value: redact(value, run.secrets) if isinstance(value, str)
                      else value)
    cases = sorted({r.case.id: r.case for r in run.results}.values(), key=lambda c: c.id)
    cells = {(r.case.id, r.variant): r for r in run.results}
    graders = sorted({g.grader for r in run.results for g in r.grades})
    html = env.get_template("report.html.j2").render(
        run=run, cases=cases, cells=cells, graders=graders, min_pass=min_pass, mean_latency=mean_latency,
        diffs=[(a, b, case_diffs(run, a, b)) for a, b in prompt_pairs(run)],
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def print_summary(run: EvalRun, console=None, *, min_pass: float | None = None, failures: int = 30) -> None:
    """Variant totals, pass rates per grader and the first failures, as rich tables."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    totals = Table(title=f"omniteam eval: {len({r.case.id for r in run.results})} cases in {run.wall_s:.2f} s")
    for column in ("variant", "pass", "fail", "error", "pass rate", "tokens", "cost USD", "latency s", "cached"):
        totals.add_column(column, justify="left" if column == "variant" else "right")
    for variant in run.variants:
        results = run.of(variant)
        count = {s: sum(r.status == s for r in results) for s in ("pass", "fail", "error")}
        rate = run.pass_rate(variant)
        style = "red" if min_pass is not None and rate < min_pass else "green"
        totals.add_row(variant.label, str(count["pass"]), str(count["fail"]), str(count["error"]),
                       f"[{style}]{rate:.1%}[/]", str(sum(r.tokens for r in results)),
                       f"{sum(r.cost_usd for r in results):.4f}", f"{mean_latency(results):.3f}",
                       str(sum(r.cached for r in results)))
    console.print(totals)
    rates = Table(title="pass rate per grader")
    rates.add_column("grader")
    for variant in run.variants:
        rates.add_column(variant.label, justify="right")
    by_variant = {v: run.grader_rates(v) for v in run.variants}
    for name in sorted({g for found in by_variant.values() for g in found}):
        rates.add_row(name, *(_fraction(by_variant[v].get(name)) for v in run.variants))
    console.print(rates)
    bad = [(r, g) for r in sorted(run.results, key=lambda r: (r.case.id, r.variant.label)) for g in _problems(r)]
    if bad:
        table = Table(title=f"failures ({len(bad)}{f', first {failures}' if len(bad) > failures else ''})")
        for column in ("case", "variant", "grader", "reason"):
            table.add_column(column, overflow="fold")
        for result, grade in bad[:failures]:
            table.add_row(result.case.id, result.variant.label, grade.grader, _short(redact(grade.reason, run.secrets)))
        console.print(table)


def _problems(result: CaseResult):
    """Failed grades of a cell, or its planner error as a pseudo-grade."""
    if result.error:
        return [Grade("planner", False, result.error, error=True)]
    return result.failures


def _fraction(counts: tuple[int, int] | None) -> str:
    if not counts:
        return "-"
    passed, total = counts
    return f"{passed}/{total} ({passed / total:.0%})"


def _short(text: str) -> str:
    return text if len(text) <= REASON_CHARS else text[: REASON_CHARS - 1] + "…"
