"""`omniteam eval`: run the eval cases over planners × prompt versions, report, and gate CI."""

from __future__ import annotations

from pathlib import Path

import typer

from .app import STRUCTURED_HELP, StructuredOutput, app, command_settings


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


@app.command("eval")
def evaluate(
    planner: str = typer.Option(
        "offline", "--planner", metavar="NAMES", help="Planners, comma-separated: offline, openai."
    ),
    prompt: list[str] = typer.Option(
        [],
        "--prompt",
        metavar="SELECTION",
        help="Prompt versions of LLM planners, one column each: v1,v2 (two columns), "
        "team_structure=v3 (the others at their latest); repeatable. "
        "Default: the configured OMNITEAM_PROMPT_VERSION.",
    ),
    cases: str | None = typer.Option(
        None,
        "--cases",
        metavar="PATH",
        help="Case files: a folder, a file or a glob such as 'evals/cases/retail*.yaml' (default: the shipped cases).",
    ),
    only: list[str] = typer.Option(
        [],
        "--only",
        "-k",
        metavar="TEXT",
        help="Run the cases whose id contains this text or matches this glob; repeatable.",
    ),
    report: Path | None = typer.Option(None, "--report", metavar="FILE", help="Write the HTML report."),
    json_out: Path | None = typer.Option(
        None,
        "--json",
        metavar="FILE",
        help="Write every grade, token, cost and latency as JSON (docs/eval-results.schema.json).",
    ),
    junit: Path | None = typer.Option(None, "--junit", metavar="FILE", help="Write JUnit XML for CI systems."),
    baseline: Path | None = typer.Option(
        None, "--baseline", metavar="FILE", help="An earlier --json file: mark the cases that got worse or better."
    ),
    fail_on_regression: bool = typer.Option(
        False, "--fail-on-regression", help="Exit with code 1 if a case got worse than in --baseline."
    ),
    min_pass: float | None = typer.Option(
        None,
        "--min-pass",
        min=0.0,
        max=1.0,
        metavar="RATE",
        help="Exit with code 1 if any variant's pass rate is below this, e.g. 0.9.",
    ),
    repeat: int = typer.Option(
        1,
        "--repeat",
        min=1,
        metavar="N",
        help="Sample each cell N times (asking the model anew) to see how stable a prompt is.",
    ),
    concurrency: int = typer.Option(8, "--concurrency", min=1, metavar="N", help="Planner calls in flight."),
    rpm: float | None = typer.Option(None, "--rpm", min=1, metavar="N", help="Requests per minute limit."),
    tpm: float | None = typer.Option(None, "--tpm", min=1, metavar="N", help="Tokens per minute limit."),
    judge: bool = typer.Option(False, "--judge", help="Also score each plan with the LLM judge (needs a model)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ask the model again even if an answer is cached."),
    structured_output: StructuredOutput | None = typer.Option(None, "--structured-output", help=STRUCTURED_HELP),
) -> None:
    """Grade plans of every case against the method; compare prompt versions side by side."""
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress

    from ..errors import InputError
    from ..evals.cases import load_cases, select_cases
    from ..evals.report import print_summary, write_html
    from ..evals.results import compare, load_results, results_from_run, write_json, write_junit
    from ..evals.runner import EvalOptions, prompt_columns, run_evals, variants
    from ..words.wording import count

    settings = command_settings(structured_output)
    if fail_on_regression and baseline is None:
        raise InputError("--fail-on-regression needs a --baseline results file to compare with")
    earlier = load_results(baseline) if baseline else None
    selected = select_cases(load_cases(cases), only)
    columns = variants(_items(planner), prompt_columns(prompt or [settings.prompt_version]))
    if not columns:
        raise InputError("name at least one planner, e.g. --planner offline")
    console = Console(stderr=True)
    options = EvalOptions(concurrency=concurrency, rpm=rpm, tpm=tpm, use_cache=not no_cache, judge=judge, repeat=repeat)
    total = len(selected) * len(columns) * repeat
    with Progress(*Progress.get_default_columns(), MofNCompleteColumn(), console=console, transient=True) as progress:
        counts = f"{count(len(selected), 'case', 'en')} × {count(len(columns), 'variant', 'en')}"
        task = progress.add_task(f"{counts} × {repeat}", total=total)
        run = run_evals(selected, columns, options, on_result=lambda _: progress.advance(task), settings=settings)
    results = results_from_run(run, min_pass=min_pass, repeat=repeat)
    if earlier is not None:
        results.comparison = compare(results, earlier, str(baseline))
    print_summary(results, Console())
    for path, write in ((json_out, write_json), (junit, write_junit), (report, write_html)):
        if path:
            console.print(f"wrote {write(results, path)}")
    failed = False
    if min_pass is not None and (below := run.below(min_pass)):
        rates = ", ".join(f"{v.label} {run.pass_rate(v):.1%}" for v in below)
        console.print(f"[red]gate failed:[/] {rates} below {min_pass:.0%}")
        failed = True
    if fail_on_regression and results.comparison is not None and (worse := results.comparison.regressions):
        console.print(
            f"[red]regression:[/] {len(worse)} case(s) worse than {baseline}: "
            + ", ".join(f"{c.case} ({c.variant})" for c in worse)
        )
        failed = True
    if failed:
        raise typer.Exit(1)
