"""Machine-readable eval results: the JSON file, its schema, JUnit XML and baseline comparison.

`EvalResults` is the one record of a run: every case × variant × sample × grader with its
reason, tokens, cost and latency, the aggregates per variant (pass rate, answered rate,
quality rate, grader rates, stability of repeated samples, tailoring) and, with a baseline,
which cases got worse or better. `omniteam eval --json` writes it, the HTML report is built
from it, and `--baseline` reads an earlier one. The schema is `docs/eval-results.schema.json`
(`EvalResults.model_json_schema()`); `schema_version` changes when a field changes meaning.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError
from ..files import write_file
from ..words.text import fold
from .grading import redact
from .runner import CaseResult, EvalRun, Variant
from .tailoring import Tailoring, tailoring

SCHEMA_VERSION = 1


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GradeRecord(_Record):
    """One grader's verdict on one plan of a cell."""

    grader: str = Field(description="Grader name; a skills plan's grades are named skills/<grader>.")
    passed: bool
    reason: str = Field(description="Why, in words a developer can act on.")
    error: bool = Field(False, description="The grader could not decide (counts as not passed).")
    skipped: bool = Field(False, description="Not graded: a fallback plan stands in for the model's.")
    quality: bool = Field(False, description="A plan-quality grader: reported in its own table, gated too.")
    tokens: int = Field(0, description="Tokens the grade itself spent (the LLM judge).")
    cost_usd: float = 0.0

    @property
    def failed(self) -> bool:
        """Whether the grade fails its cell (as `Grade.counts` decides: every grade but a skip)."""
        return self.error or (not self.passed and not self.skipped)


class CellRecord(_Record):
    """One sample of one case under one variant."""

    case: str = Field(description="Case id.")
    variant: str = Field(description="Variant label: planner or planner/prompt selection.")
    sample: int = Field(0, description="0 .. repeat-1.")
    status: Literal["pass", "fail", "error"] = Field(description="On the gated grades.")
    quality_passed: bool | None = Field(None, description="All quality grades passed; null when none applied.")
    answered: bool | None = Field(None, description="An LLM planner's own plans stand; null for offline.")
    latency_s: float
    tokens: int = Field(description="Tokens of the plans and of their grading.")
    cost_usd: float
    cached: bool
    error: str | None = Field(None, description="The planner's error, if it failed.")
    grades: list[GradeRecord]
    plans: list[dict[str, Any]] = Field(default_factory=list, description="The plans made (TeamPlan/SkillsPlan JSON).")


class CaseRecord(_Record):
    """An eval case, as the report shows it."""

    id: str
    description: str
    kind: str
    language: str
    adversarial: bool
    outcome: str = Field(description="What the case expects: plan, reject or either.")
    source: str


class GraderRate(_Record):
    """How one grader did over a variant's cells."""

    passed: int
    graded: int = Field(description="Cells graded (errors included, skips left out).")
    skipped: int = 0
    quality: bool = False


class CellStability(_Record):
    """How repeated samples of one case agree (repeat > 1)."""

    case: str
    samples: int
    pass_rate: float
    operating_model: float | None = Field(None, description="Share of samples choosing the most common model.")
    actions: float | None = Field(None, description="Share of samples with the most common 3 action titles.")
    roles: float | None = Field(None, description="Share of samples with the most common set of role keys.")


class VariantRecord(_Record):
    """Aggregates of one variant."""

    label: str
    planner: str
    prompt: str | None = Field(None, description="Prompt selection, e.g. v2 or team_structure=v3.")
    cells: int
    passed: int
    failed: int
    errors: int
    pass_rate: float = Field(description="Share of cells passing the gated grades.")
    answered_rate: float | None = Field(None, description="LLM variants: share of cells the model answered itself.")
    quality_rate: float | None = Field(None, description="Share of graded cells passing every quality grader.")
    tokens: int
    cost_usd: float
    mean_latency_s: float
    cached: int
    graders: dict[str, GraderRate]
    stability: list[CellStability] = Field(default_factory=list)
    tailoring: Tailoring | None = None


class CaseChange(_Record):
    """A case whose grades moved against the baseline."""

    case: str
    variant: str
    direction: Literal["worse", "better"]
    pass_rate: tuple[float, float] = Field(description="(baseline, now) share of samples passing.")
    graders: dict[str, float] = Field(description="Per grader: pass share now minus in the baseline.")
    gated: bool = Field(description="False when only quality graders moved.")


class Comparison(_Record):
    """This run against a baseline results file."""

    baseline: str = Field(description="Path of the baseline file.")
    baseline_generated: str
    changes: list[CaseChange]
    grader_deltas: dict[str, dict[str, float]] = Field(
        description="Per variant, per grader: pass rate now minus in the baseline (points, 0-1)."
    )

    @property
    def regressions(self) -> list[CaseChange]:
        """Cases that got worse on a gated grader."""
        return [c for c in self.changes if c.direction == "worse" and c.gated]


class EvalResults(_Record):
    """Everything one `omniteam eval` produced, as written to `--json`."""

    schema_version: int = SCHEMA_VERSION
    generated: str = Field(description="UTC time of the run, ISO 8601.")
    wall_s: float
    min_pass: float | None = None
    repeat: int = 1
    cases: list[CaseRecord]
    variants: list[VariantRecord]
    cells: list[CellRecord]
    comparison: Comparison | None = None

    def cell_map(self) -> dict[tuple[str, str], list[CellRecord]]:
        """Samples per (case id, variant label)."""
        found: dict[tuple[str, str], list[CellRecord]] = {}
        for cell in self.cells:
            found.setdefault((cell.case, cell.variant), []).append(cell)
        return found


# -- from a run ----------------------------------------------------------------------------------


def _cell(result: CaseResult, secrets: tuple[str, ...]) -> CellRecord:
    plans = [json.loads(redact(p.model_dump_json(), secrets)) for p in result.bundle.plans] if result.bundle else []
    return CellRecord(
        case=result.case.id,
        variant=result.variant.label,
        sample=result.sample,
        status=result.status,
        quality_passed=result.quality_passed,
        answered=result.answered,
        latency_s=round(result.latency_s, 4),
        tokens=result.tokens,
        cost_usd=result.cost_usd,
        cached=result.cached,
        error=redact(result.error, secrets) if result.error else None,
        grades=[
            GradeRecord(
                grader=g.grader,
                passed=g.passed,
                reason=redact(g.reason, secrets),
                error=g.error,
                skipped=g.skipped,
                quality=g.quality,
                tokens=g.tokens,
                cost_usd=g.cost_usd,
            )
            for g in result.grades
        ],
        plans=plans,
    )


def _agreement(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return Counter(values).most_common(1)[0][1] / len(values) if values else None


def stability(results: list[CaseResult]) -> list[CellStability]:
    """Per case with more than one sample: pass rate and how often samples agree."""
    by_case: dict[str, list[CaseResult]] = {}
    for result in results:
        by_case.setdefault(result.case.id, []).append(result)
    rows = []
    for case_id, samples in by_case.items():
        if len(samples) < 2:
            continue
        teams = [r.bundle.team if r.bundle else None for r in samples]
        rows.append(
            CellStability(
                case=case_id,
                samples=len(samples),
                pass_rate=sum(r.status == "pass" for r in samples) / len(samples),
                operating_model=_agreement([t.operating_model.model.value if t else None for t in teams]),
                actions=_agreement([tuple(fold(a.title) for a in t.first_90_days) if t else None for t in teams]),
                roles=_agreement([frozenset(r.key for r in t.roles) if t else None for t in teams]),
            )
        )
    return rows


def mean_latency(results: list[CaseResult]) -> float:
    """Mean latency of the cells that called a planner."""
    timed = [r.latency_s for r in results if r.bundle is not None or r.error]
    return sum(timed) / len(timed) if timed else 0.0


def _variant(run: EvalRun, variant: Variant) -> VariantRecord:
    results = run.of(variant)
    count = Counter(r.status for r in results)
    rates: dict[str, GraderRate] = {}
    for result in results:
        for g in result.grades:
            rate = rates.setdefault(g.grader, GraderRate(passed=0, graded=0, quality=g.quality))
            if g.skipped:
                rate.skipped += 1
            else:
                rate.graded += 1
                rate.passed += g.passed and not g.error
    answered = [r.answered for r in results if r.answered is not None]
    quality = [r.quality_passed for r in results if r.quality_passed is not None]
    plans = [p for r in results if r.bundle and not r.case.adversarial for p in r.bundle.plans]
    return VariantRecord(
        label=variant.label,
        planner=variant.planner,
        prompt=variant.prompt,
        cells=len(results),
        passed=count["pass"],
        failed=count["fail"],
        errors=count["error"],
        pass_rate=run.pass_rate(variant),
        answered_rate=sum(answered) / len(answered) if answered else None,
        quality_rate=sum(quality) / len(quality) if quality else None,
        tokens=sum(r.tokens for r in results),
        cost_usd=sum(r.cost_usd for r in results),
        mean_latency_s=round(mean_latency(results), 4),
        cached=sum(r.cached for r in results),
        graders=dict(sorted(rates.items())),
        stability=stability(results),
        tailoring=tailoring(plans) if plans else None,
    )


def results_from_run(run: EvalRun, *, min_pass: float | None = None, repeat: int = 1) -> EvalResults:
    """The machine-readable record of a run (secrets redacted)."""
    cases = sorted({r.case.id: r.case for r in run.results}.values(), key=lambda c: c.id)
    order = {v: i for i, v in enumerate(run.variants)}
    return EvalResults(
        generated=datetime.now(UTC).isoformat(timespec="seconds"),
        wall_s=round(run.wall_s, 3),
        min_pass=min_pass,
        repeat=repeat,
        cases=[
            CaseRecord(
                id=c.id,
                description=c.description,
                kind=c.kind,
                language=c.language,
                adversarial=c.adversarial,
                outcome=c.expect.outcome,
                source=c.source,
            )
            for c in cases
        ],
        variants=[_variant(run, v) for v in run.variants],
        cells=[
            _cell(r, run.secrets) for r in sorted(run.results, key=lambda r: (order[r.variant], r.case.id, r.sample))
        ],
    )


# -- files -------------------------------------------------------------------------------------


def write_json(results: EvalResults, path: Path) -> Path:
    return write_file(path, results.model_dump_json(indent=1), hint="choose another --json file", parents=True)


def load_results(path: Path) -> EvalResults:
    """An earlier `--json` file, or an `InputError` saying what is wrong with it."""
    try:
        return EvalResults.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read the baseline {path}: {error.strerror}") from None
    except ValidationError as error:
        raise InputError(
            f"{path} is not an omniteam eval results file: {error.errors()[0]['msg']} "
            f"at {'.'.join(map(str, error.errors()[0]['loc']))}"
        ) from None


def results_schema() -> dict:
    """The JSON Schema of the results file."""
    return EvalResults.model_json_schema()


def write_junit(results: EvalResults, path: Path) -> Path:
    """JUnit XML: a test suite per variant, a test case per case and sample; failed grades fail it."""
    from xml.etree import ElementTree as ET

    root = ET.Element("testsuites", name="omniteam eval", time=f"{results.wall_s:.3f}")
    for variant in results.variants:
        cells = [c for c in results.cells if c.variant == variant.label]
        suite = ET.SubElement(
            root,
            "testsuite",
            name=variant.label,
            tests=str(len(cells)),
            failures=str(variant.failed),
            errors=str(variant.errors),
            time=f"{sum(c.latency_s for c in cells):.3f}",
        )
        for cell in cells:
            name = cell.case if results.repeat == 1 else f"{cell.case}#{cell.sample}"
            case = ET.SubElement(
                suite, "testcase", classname=f"omniteam.eval.{variant.label}", name=name, time=f"{cell.latency_s:.3f}"
            )
            message = "; ".join(f"{g.grader}: {g.reason}" for g in cell.grades if g.failed)
            if cell.status == "error":
                ET.SubElement(case, "error", message=cell.error or message).text = cell.error or message
            elif cell.status == "fail":
                ET.SubElement(case, "failure", message=message).text = message
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return write_file(path, xml, hint="choose another --junit file", parents=True)


# -- baselines -----------------------------------------------------------------------------------


def _grader_shares(cells: list[CellRecord]) -> dict[str, tuple[float, bool]]:
    """Per grader: (share of samples passing, quality?) over the samples of one cell."""
    seen: dict[str, list[bool]] = {}
    quality: dict[str, bool] = {}
    for cell in cells:
        for g in cell.grades:
            if not g.skipped:
                seen.setdefault(g.grader, []).append(g.passed and not g.error)
                quality[g.grader] = g.quality
    return {name: (sum(v) / len(v), quality[name]) for name, v in seen.items()}


def compare(current: EvalResults, baseline: EvalResults, baseline_path: str) -> Comparison:
    """Cases that got worse or better than in the baseline, and the delta per grader and variant."""
    now, before = current.cell_map(), baseline.cell_map()
    changes = []
    for (case_id, label), cells in now.items():
        old = before.get((case_id, label))
        if not old:
            continue
        rates = [sum(c.status == "pass" for c in group) / len(group) for group in (old, cells)]
        shares, old_shares = _grader_shares(cells), _grader_shares(old)
        deltas = {
            name: round(shares[name][0] - old_shares[name][0], 4)
            for name in shares
            if name in old_shares and shares[name][0] != old_shares[name][0]
        }
        worse_gated = rates[1] < rates[0] or any(d < 0 and not shares[n][1] for n, d in deltas.items())
        worse = worse_gated or any(d < 0 for d in deltas.values())
        if worse or rates[1] > rates[0] or deltas:
            changes.append(
                CaseChange(
                    case=case_id,
                    variant=label,
                    direction="worse" if worse else "better",
                    pass_rate=(rates[0], rates[1]),
                    graders=deltas,
                    gated=worse_gated if worse else rates[1] > rates[0] or any(not shares[n][1] for n in deltas),
                )
            )
    old_variants = {v.label: v for v in baseline.variants}
    grader_deltas = {}
    for variant in current.variants:
        if variant.label in old_variants:
            was = old_variants[variant.label].graders
            grader_deltas[variant.label] = {
                name: round(rate.passed / rate.graded - was[name].passed / was[name].graded, 4)
                for name, rate in variant.graders.items()
                if name in was and rate.graded and was[name].graded
            }
    return Comparison(
        baseline=baseline_path,
        baseline_generated=baseline.generated,
        changes=sorted(changes, key=lambda c: (c.direction, c.variant, c.case)),
        grader_deltas=grader_deltas,
    )
