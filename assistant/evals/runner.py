"""The eval matrix: every case × every planner variant (planner, prompt version), graded.

Runs like a batch: bounded concurrency and the rate limiter of `assistant.concurrency`,
the LLM planner's own on-disk cache, and tokens and cost read from each plan's provenance.
Prompt versions only matter to an LLM planner: the offline planner runs once per case.
A variant's prompt is a version selection (`v2`, or `team_structure=v3` with the others at
their latest; see `assistant.llm.prompts`). With `repeat`, every cell is sampled N times,
each sample asking the model anew, so a flaky prompt shows.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Literal

from ..concurrency import RateLimiter, bounded_map
from ..errors import ConfigError, InputError
from ..llm.chain import PROMPT_NAMES
from ..llm.estimate import estimate_request
from ..llm.prompts import parse_selection, prompt_versions, resolve_version
from ..planners import make_planner
from ..planners.base import Planner
from ..planners.offline import OfflinePlanner
from ..plans import PlanBundle
from ..profile import build_profile
from ..settings import Settings, get_settings
from .cases import Case
from .graders import grade_plan
from .grading import Grade, GradingContext, grading_context
from .judge import Judge

Status = Literal["pass", "fail", "error"]


@dataclass(frozen=True)
class Variant:
    """One column of the matrix: a planner and, for an LLM planner, a prompt version."""

    planner: str
    prompt: str | None = None

    @property
    def label(self) -> str:
        return self.planner if self.prompt is None else f"{self.planner}/{self.prompt}"


def variants(planners: Iterable[str], prompts: Sequence[str]) -> list[Variant]:
    """The matrix columns: offline once, every other planner once per prompt selection."""
    return [
        Variant(name) if name == "offline" else Variant(name, version)
        for name in dict.fromkeys(planners)
        for version in (prompts if name != "offline" else [None])
    ]


def prompt_columns(values: Iterable[str]) -> list[str]:
    """Prompt selections, one per column: `v1,v2` (bare versions only) is shorthand for two columns,
    `team_structure=v3` or `v1,team_structure=v3` is one column; each is checked."""
    columns: list[str] = []
    for value in values:
        items = [item.strip() for item in value.split(",") if item.strip()]
        several = len(items) > 1 and all("=" not in item for item in items)
        for column in items if several else [",".join(items)]:
            _check_selection(column)
            columns.append(column)
    return list(dict.fromkeys(columns))


def _check_selection(selection: str) -> None:
    """Refuse, before any case runs, a selection naming a prompt or a version that does not exist."""
    _, named = parse_selection(selection)
    unknown = sorted(set(named) - set(PROMPT_NAMES.values()))
    if unknown:
        raise InputError(
            f"--prompt {selection}: no plan prompt {unknown[0]} (the plan prompts: {', '.join(PROMPT_NAMES.values())})",
            field="prompt",
        )
    for name in PROMPT_NAMES.values():
        versions = prompt_versions(name)
        if resolve_version(name, selection) not in versions:
            raise InputError(
                f"--prompt {selection}: prompt {name} has no version {resolve_version(name, selection)} "
                f"(its versions: {', '.join(versions)})",
                field="prompt",
            )


@dataclass
class CaseResult:
    """One cell of the matrix: the grades of one case under one variant."""

    case: Case
    variant: Variant
    grades: list[Grade] = field(default_factory=list)
    bundle: PlanBundle | None = None
    error: str | None = None
    latency_s: float = 0.0
    sample: int = 0  # 0..repeat-1

    @property
    def status(self) -> Status:
        """pass, fail or error on the gated grades (quality grades and skipped ones do not count)."""
        if self.error or any(g.error for g in self.grades):
            return "error"
        return "pass" if all(g.passed for g in self.grades if g.counts) else "fail"

    @property
    def quality_passed(self) -> bool | None:
        """Whether every quality grade passed; None when none applied."""
        quality = [g for g in self.grades if g.quality and not g.skipped]
        return all(g.passed for g in quality) if quality else None

    @property
    def answered(self) -> bool | None:
        """Whether an LLM planner's own plans stand (no fallback); None for the offline planner."""
        if self.variant.prompt is None or self.bundle is None:
            return None
        return not any(plan.provenance.fallback for plan in self.bundle.plans)

    @property
    def failures(self) -> list[Grade]:
        """The gated grades that did not pass (errors included)."""
        return [g for g in self.grades if g.error or (g.counts and not g.passed)]

    @property
    def quality_failures(self) -> list[Grade]:
        """The quality grades that did not pass."""
        return [g for g in self.grades if g.quality and not (g.passed or g.skipped)]

    @property
    def _provenances(self):
        return [plan.provenance for plan in self.bundle.plans] if self.bundle else []

    @property
    def tokens(self) -> int:
        """Tokens of the plans and of their grading (the judge)."""
        return sum(p.prompt_tokens + p.completion_tokens for p in self._provenances) + sum(
            g.tokens for g in self.grades
        )

    @property
    def cost_usd(self) -> float:
        return sum(p.cost_usd for p in self._provenances) + sum(g.cost_usd for g in self.grades)

    @property
    def cached(self) -> bool:
        return any(p.cached for p in self._provenances)


@dataclass
class EvalRun:
    """Everything one `omniteam eval` produced."""

    variants: list[Variant]
    results: list[CaseResult]
    wall_s: float = 0.0
    secrets: tuple[str, ...] = ()  # redacted from reports, should a plan leak one

    def of(self, variant: Variant) -> list[CaseResult]:
        """Results of one variant, in case and sample order."""
        return sorted((r for r in self.results if r.variant == variant), key=lambda r: (r.case.id, r.sample))

    def pass_rate(self, variant: Variant) -> float:
        results = self.of(variant)
        return sum(r.status == "pass" for r in results) / len(results) if results else 0.0

    def grader_rates(self, variant: Variant) -> dict[str, tuple[int, int]]:
        """(passed, graded) per grader; a grader that errored counts as graded, not passed; skips do not count."""
        rates: dict[str, tuple[int, int]] = {}
        for result in self.of(variant):
            for grade in result.grades:
                if grade.skipped:
                    continue
                passed, total = rates.get(grade.grader, (0, 0))
                rates[grade.grader] = (passed + (grade.passed and not grade.error), total + 1)
        return rates

    def below(self, min_pass: float) -> list[Variant]:
        """The variants whose pass rate is under the threshold."""
        return [v for v in self.variants if self.pass_rate(v) < min_pass]


@dataclass(frozen=True)
class EvalOptions:
    """How to run the matrix; the flags of `omniteam eval`."""

    concurrency: int = 8
    rpm: float | None = None
    tpm: float | None = None
    use_cache: bool = True
    judge: bool = False
    repeat: int = 1  # samples per cell; above 1 the cache is not used, so each sample asks anew


def make_variant_planner(variant: Variant, options: EvalOptions, settings: Settings) -> Planner:
    """The planner of a variant on these settings, allowed as many requests in flight as the run."""
    if variant.prompt is None:
        return make_planner(variant.planner, settings=settings)
    return make_planner(
        variant.planner,
        settings=settings.model_copy(update={"max_concurrency": options.concurrency}),
        prompt_version=variant.prompt,
        use_cache=options.use_cache and options.repeat == 1,
    )


def run_evals(
    cases: Sequence[Case], columns: Sequence[Variant], options: EvalOptions = EvalOptions(), **keywords
) -> EvalRun:
    """`arun_evals` for synchronous callers."""
    return asyncio.run(arun_evals(cases, columns, options, **keywords))


async def arun_evals(
    cases: Sequence[Case],
    columns: Sequence[Variant],
    options: EvalOptions = EvalOptions(),
    *,
    planner_for: Callable[[Variant], Planner] | None = None,
    judge: Judge | None = None,
    context: GradingContext | None = None,
    on_result: Callable[[CaseResult], None] | None = None,
    settings: Settings | None = None,
) -> EvalRun:
    """Run and grade the matrix; `on_result` sees each cell as it finishes.

    `settings` (default: the environment's, read once here) make the planners and the judge;
    `planner_for`, `judge` and `context` default to the planners of those settings, their judge
    (with `options.judge`) and the shipped knowledge, prompts and the settings' key.
    """
    started = time.perf_counter()
    settings = settings or get_settings()
    planners = {v: (planner_for or (lambda v: make_variant_planner(v, options, settings)))(v) for v in columns}
    if context is None:
        context = grading_context(_secrets(settings))
    if judge is None and options.judge:
        judge = Judge(settings)

    limiter = RateLimiter(options.rpm, options.tpm)

    async def run(cell: tuple[Variant, Case, int]) -> CaseResult:
        variant, case, sample = cell
        if variant.prompt is not None:  # only model calls are rate limited
            await limiter.acquire(_estimated_tokens(case, variant, settings) if options.tpm else 0)
        result = await run_case(case, variant, planners[variant], context, judge)
        result.sample = sample
        return result

    results = []
    cells = [(v, c, n) for v in columns for c in cases for n in range(options.repeat)]
    outcomes = bounded_map(run, cells, concurrency=options.concurrency)
    async with aclosing(outcomes):
        async for outcome in outcomes:
            if isinstance(outcome.error, ConfigError):
                raise outcome.error  # a wrong setting fails every cell alike: say it once
            variant, case, sample = outcome.item
            error = f"{type(outcome.error).__name__}: {outcome.error}"
            result = outcome.result or CaseResult(case, variant, error=error, sample=sample)
            results.append(result)
            if on_result:
                on_result(result)
    return EvalRun(list(columns), results, time.perf_counter() - started, context.secrets)


async def run_case(
    case: Case, variant: Variant, planner: Planner, context: GradingContext, judge: Judge | None = None
) -> CaseResult:
    """Validate the case's profile, plan it and grade the plans (rejections are graded too)."""
    result = CaseResult(case, variant)
    try:
        profile = build_profile(case.profile)
    except InputError as error:
        ok = case.expect.outcome != "plan"
        result.grades.append(Grade("outcome", ok, f"rejected: {error}" if ok else f"valid input rejected: {error}"))
        return result
    if case.expect.outcome == "reject":
        result.grades.append(Grade("outcome", False, "accepted input that must be rejected with an InputError"))
        return result
    started = time.perf_counter()
    try:
        result.bundle = await planner.aplan(profile, case.kind)
    except ConfigError:
        raise
    except Exception as error:  # noqa: BLE001 - a planner failure is this cell's error, not the run's
        result.error = f"{type(error).__name__}: {error}"
        return result
    finally:
        result.latency_s = time.perf_counter() - started
    for plan in result.bundle.plans:
        result.grades += grade_plan(plan, case, context)
        if judge is not None and not case.adversarial:
            result.grades.append(await judge.agrade(plan, case))
    return result


def _estimated_tokens(case: Case, variant: Variant, settings: Settings) -> int:
    """Tokens a cell is expected to use, for the tokens-per-minute limit (0 for input that will be rejected)."""
    try:
        prompt, completion, _ = estimate_request(
            build_profile(case.profile), case.kind, variant.prompt, settings, draft=OfflinePlanner().plan
        )
    except InputError:
        return 0
    return prompt + completion


def _secrets(settings: Settings) -> tuple[str, ...]:
    """The settings' API key, which no plan may ever contain."""
    key = settings.api_key
    return (key.get_secret_value(),) if key else ()
