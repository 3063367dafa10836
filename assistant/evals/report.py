"""Eval reports: a terminal summary (rich) and a self-contained HTML page (jinja2, autoescaped).

Both are built from `EvalResults` (the `--json` record), so the HTML shows exactly what the
JSON holds: per-case verdicts with every grader's reason, pass rates per grader (gated and
quality), tokens, cost and latency per variant, the answered rate of LLM variants, stability
of repeated samples, tailoring, the changes against a baseline, and a side-by-side diff of
the plans of consecutive prompt versions. Everything from a plan or a case is escaped (plans
carry user input); secrets were redacted when the record was made.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from ..files import write_file
from ..plans import PlanBundle
from ..render import bundle_markdown
from ..words.wording import count
from .results import CellRecord, EvalResults, GradeRecord, VariantRecord

REASON_CHARS = 160


@dataclass(frozen=True)
class DiffRow:
    """One line pair of a side-by-side diff: tag is equal, replace, delete or insert."""

    tag: str
    left: str
    right: str


@dataclass(frozen=True)
class CaseDiff:
    """The same case under two prompt versions (first samples)."""

    case_id: str
    left: CellRecord
    right: CellRecord
    rows: list[DiffRow]

    @property
    def changed(self) -> bool:
        return any(row.tag != "equal" for row in self.rows) or self.left.status != self.right.status


def plan_lines(cell: CellRecord) -> list[str]:
    """The plans of a cell as Markdown lines, without who made them (an error or rejection as one line)."""
    if not cell.plans:
        return [cell.error or "; ".join(g.reason for g in cell.grades)]

    bundle = PlanBundle.model_validate({plan["kind"]: plan for plan in cell.plans})
    return [line for line in bundle_markdown(bundle, provenance=False).splitlines() if line.strip()]


def side_by_side(left: list[str], right: list[str]) -> list[DiffRow]:
    """Align two line lists for a two-column diff."""
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        a, b = left[i1:i2], right[j1:j2]
        for k in range(max(len(a), len(b))):
            rows.append(DiffRow(tag, a[k] if k < len(a) else "", b[k] if k < len(b) else ""))
    return rows


def prompt_pairs(results: EvalResults) -> list[tuple[VariantRecord, VariantRecord]]:
    """Consecutive prompt selections of each planner, e.g. (openai/v1, openai/v2)."""
    pairs = []
    for planner in dict.fromkeys(v.planner for v in results.variants):
        versions = [v for v in results.variants if v.planner == planner and v.prompt is not None]
        pairs += list(zip(versions, versions[1:], strict=False))
    return pairs


def case_diffs(results: EvalResults, left: VariantRecord, right: VariantRecord) -> list[CaseDiff]:
    """Per-case diffs of the first samples of two variants."""
    cells = results.cell_map()
    return [
        CaseDiff(case.id, a[0], b[0], side_by_side(plan_lines(a[0]), plan_lines(b[0])))
        for case in results.cases
        if (a := cells.get((case.id, left.label))) and (b := cells.get((case.id, right.label)))
    ]


def write_html(results: EvalResults, path: Path) -> Path:
    """Write the self-contained HTML report of a results record."""
    from jinja2 import Environment, FileSystemLoader

    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    graders = sorted({name for v in results.variants for name in v.graders})
    html = env.get_template("report.html.j2").render(
        r=results,
        cells=results.cell_map(),
        graders=graders,
        gated=[g for g in graders if not _is_quality(results, g)],
        quality=[g for g in graders if _is_quality(results, g)],
        diffs=[(a, b, case_diffs(results, a, b)) for a, b in prompt_pairs(results)],
    )
    return write_file(path, html, hint="choose another --report file", parents=True)


def _is_quality(results: EvalResults, grader: str) -> bool:
    return any(v.graders[grader].quality for v in results.variants if grader in v.graders)


def _columns(results: EvalResults, width: int) -> tuple[list[str], list[str]]:
    """Column headers for the variants, and a legend: full labels when they fit, else letters."""
    labels = [v.label for v in results.variants]
    if 28 + sum(max(len(label), 11) + 3 for label in labels) <= width:
        return labels, []
    keys = [chr(ord("A") + i) if i < 26 else f"V{i}" for i in range(len(labels))]
    return keys, [f"{k} = {label}" for k, label in zip(keys, labels, strict=True)]


def print_summary(results: EvalResults, console=None, *, failures: int = 30) -> None:
    """Variant totals, pass rates per grader, tailoring, stability, baseline changes and the first failures."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    min_pass = results.min_pass
    headers, legend = _columns(results, console.width)
    caption = ", ".join(legend) or None

    def table(title: str, first: str) -> Table:
        made = Table(title=title, caption=caption)
        made.add_column(first, no_wrap=True)
        for header in headers:
            made.add_column(header, justify="right", no_wrap=True)
        return made

    totals = table(
        f"omniteam eval: {count(len(results.cases), 'case', 'en')} in {results.wall_s:.2f} s"
        + (f", {results.repeat} samples each" if results.repeat > 1 else ""),
        "",
    )
    answered = ("answered by the model", lambda v: _percent(v.answered_rate))
    llm = any(v.answered_rate is not None for v in results.variants)  # then answered is the headline
    for label, value in (
        *([answered] if llm else []),
        ("pass / fail / error", lambda v: f"{v.passed} / {v.failed} / {v.errors}"),
        (
            "pass rate" + (f" (gate {min_pass:.0%})" if min_pass is not None else ""),
            lambda v: f"[{'red' if min_pass is not None and v.pass_rate < min_pass else 'green'}]{v.pass_rate:.1%}[/]",
        ),
        *([] if llm else [answered]),
        ("quality graders all passed", lambda v: _percent(v.quality_rate)),
        ("tokens", lambda v: str(v.tokens)),
        ("cost USD", lambda v: f"{v.cost_usd:.4f}"),
        ("mean latency s", lambda v: f"{v.mean_latency_s:.3f}"),
        ("cached", lambda v: str(v.cached)),
    ):
        totals.add_row(label, *(value(v) for v in results.variants))
    console.print(totals)
    rates = table("pass rate per grader", "grader")
    deltas = results.comparison.grader_deltas if results.comparison else {}
    for name in sorted({g for v in results.variants for g in v.graders}, key=lambda g: (_is_quality(results, g), g)):
        label = f"{name} (quality)" if _is_quality(results, name) else name
        rates.add_row(label, *(_rate(v.graders.get(name), deltas.get(v.label, {}).get(name)) for v in results.variants))
    console.print(rates)
    _print_tailoring(results, console, table)
    _print_stability(results, console)
    _print_changes(results, console)
    bad = [(c, g) for c in results.cells for g in _problems(c)]
    if bad:
        failed = Table(title=f"failures ({len(bad)}{f', first {failures}' if len(bad) > failures else ''})")
        for column in ("case", "variant", "grader", "reason"):
            failed.add_column(column, overflow="fold", no_wrap=column == "variant")
        for cell, grade in bad[:failures]:
            failed.add_row(cell.case, cell.variant, grade.grader, _short(grade.reason))
        console.print(failed)


def _print_tailoring(results: EvalResults, console, new_table) -> None:
    if not any(v.tailoring for v in results.variants):
        return
    table = new_table("tailoring across cases (lower shared/recurring, higher grounded is better)", "measure")
    for field, label in (
        ("shared_actions", "action titles shared by unrelated cases"),
        ("shared_risks", "risk texts shared by unrelated cases"),
        ("recurring_texts", "sentences in ≥ 25% of same-language plans"),
        ("grounded", "reasons naming the company's facts"),
    ):
        table.add_row(label, *(_percent(getattr(v.tailoring, field)) if v.tailoring else "-" for v in results.variants))
    console.print(table)


def _print_stability(results: EvalResults, console) -> None:
    from rich.table import Table

    rows = [(v.label, s) for v in results.variants for s in v.stability]
    if not rows:
        return
    table = Table(title=f"stability over {results.repeat} samples (share of samples agreeing)")
    for column in ("case", "variant", "pass rate", "operating model", "actions", "roles"):
        table.add_column(
            column, no_wrap=column == "variant", justify="left" if column in ("case", "variant") else "right"
        )
    for label, s in rows:
        table.add_row(
            s.case, label, _percent(s.pass_rate), _percent(s.operating_model), _percent(s.actions), _percent(s.roles)
        )
    console.print(table)


def _print_changes(results: EvalResults, console) -> None:
    from rich.table import Table

    if results.comparison is None:
        return
    changes = results.comparison.changes
    table = Table(
        title=f"against the baseline {results.comparison.baseline}: "
        f"{sum(c.direction == 'worse' for c in changes)} worse, "
        f"{sum(c.direction == 'better' for c in changes)} better"
    )
    for column in ("case", "variant", "", "pass rate", "graders"):
        table.add_column(column, overflow="fold", no_wrap=column == "variant")
    for c in changes:
        style = "red" if c.direction == "worse" else "green"
        table.add_row(
            c.case,
            c.variant,
            f"[{style}]{c.direction}[/]" + ("" if c.gated else " (quality)"),
            f"{c.pass_rate[0]:.0%} → {c.pass_rate[1]:.0%}",
            ", ".join(f"{name} {delta:+.0%}" for name, delta in c.graders.items()),
        )
    console.print(table)


def _problems(cell: CellRecord):
    """Failed grades of a cell, or its planner error as a pseudo-grade."""
    if cell.error:
        return [GradeRecord(grader="planner", passed=False, reason=cell.error, error=True)]
    return [g for g in cell.grades if g.failed]


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _rate(rate, delta: float | None = None) -> str:
    if not rate or not rate.graded:
        return f"skipped {rate.skipped}" if rate and rate.skipped else "-"
    text = f"{rate.passed}/{rate.graded} ({rate.passed / rate.graded:.0%})"
    return text + (f" {delta:+.0%}" if delta else "")


def _short(text: str) -> str:
    return text if len(text) <= REASON_CHARS else text[: REASON_CHARS - 1] + "…"
