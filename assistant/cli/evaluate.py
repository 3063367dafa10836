"""`omniteam eval`: run the eval cases over planners × prompt versions, report, and gate CI."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import STRUCTURED_HELP, StructuredOutput, app, use_structured_output


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


@app.command("eval")
def evaluate(
    planner: str = typer.Option("offline", "--planner", help="Planners, comma-separated: offline, openai."),
    prompt: str = typer.Option("v1", "--prompt", help="Prompt versions for LLM planners, comma-separated: v1,v2."),
    cases: Optional[Path] = typer.Option(None, "--cases", help="Folder of case YAML files (default: the shipped cases)."),
    only: Optional[str] = typer.Option(None, "--only", "-k", help="Run only the cases whose id contains this text."),
    report: Optional[Path] = typer.Option(None, "--report", help="Write the HTML report to this file."),
    min_pass: Optional[float] = typer.Option(None, "--min-pass", min=0.0, max=1.0,
                                             help="Exit with code 1 if any variant's pass rate is below this, e.g. 0.9."),
    concurrency: int = typer.Option(8, "--concurrency", min=1, help="Planner calls in flight."),
    rpm: Optional[float] = typer.Option(None, "--rpm", min=1, help="Requests per minute limit."),
    tpm: Optional[float] = typer.Option(None, "--tpm", min=1, help="Tokens per minute limit."),
    judge: bool = typer.Option(False, "--judge", help="Also score each plan with the LLM judge (needs a model)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ask the model again even if an answer is cached."),
    structured_output: Optional[StructuredOutput] = typer.Option(None, "--structured-output", help=STRUCTURED_HELP),
) -> None:
    """Grade plans of every case against the method; compare prompt versions side by side."""
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress

    from ..errors import InputError
    from ..evals.cases import load_cases
    from ..evals.report import print_summary, write_html
    from ..evals.runner import EvalOptions, run_evals, variants

    use_structured_output(structured_output)
    selected = [c for c in load_cases(cases) if not only or only in c.id]
    if not selected:
        raise InputError(f"no case id contains {only!r}")
    columns = variants(_items(planner), _items(prompt))
    if not columns:
        raise InputError("name at least one planner, e.g. --planner offline")
    console = Console(stderr=True)
    options = EvalOptions(concurrency=concurrency, rpm=rpm, tpm=tpm, use_cache=not no_cache, judge=judge)
    with Progress(*Progress.get_default_columns(), MofNCompleteColumn(), console=console, transient=True) as progress:
        task = progress.add_task(f"{len(selected)} cases × {len(columns)} variants", total=len(selected) * len(columns))
        run = run_evals(selected, columns, options, on_result=lambda _: progress.advance(task))
    print_summary(run, Console(), min_pass=min_pass)
    if report:
        console.print(f"wrote {write_html(run, report, min_pass=min_pass)}")
    below = run.below(min_pass) if min_pass is not None else []
    if below:
        rates = ", ".join(f"{v.label} {run.pass_rate(v):.1%}" for v in below)
        console.print(f"[red]gate failed:[/] {rates} below {min_pass:.0%}")
        raise typer.Exit(1)
