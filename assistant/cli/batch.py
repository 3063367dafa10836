"""`omniteam batch`: plans for every company in a CSV or XLSX file."""

from __future__ import annotations

import shlex
import sys
from enum import Enum
from pathlib import Path

import typer

from ..limits import Limits, get_limits
from ..settings import Settings
from ..words.wording import count
from .app import PROVIDER_HELP, STRUCTURED_HELP, Provider, StructuredOutput, app, command_settings, offline_offered
from .plan import Kind


class Via(str, Enum):
    direct = "direct"
    openai_batch = "openai-batch"


@app.command()
def batch(
    input_file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV or XLSX, one company per row."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output folder (default: <input name>-plans)."),
    kind: Kind = typer.Option(Kind.team, "--kind", "-k", help="Which plan: team, skills or both."),
    lang: str | None = typer.Option(None, "--lang", "-l", help="Language for rows without a language cell: pl or en."),
    provider: Provider | None = typer.Option(None, "--provider", help=PROVIDER_HELP),
    structured_output: StructuredOutput | None = typer.Option(None, "--structured-output", help=STRUCTURED_HELP),
    concurrency: int | None = typer.Option(
        None,
        "--concurrency",
        "-j",
        min=1,
        max=256,
        help="Requests in flight to the model server (default: OMNITEAM_MAX_CONCURRENCY).",
    ),
    rpm: float | None = typer.Option(None, "--rpm", min=1, help="At most this many requests per minute."),
    tpm: float | None = typer.Option(None, "--tpm", min=1, help="At most this many tokens per minute."),
    mapping: list[str] = typer.Option(
        [], "--map", "-m", help="Column mapping override, e.g. --map 'Nazwa klienta=company'."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate and estimate tokens and cost; plan nothing."),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run in the same --out folder."),
    retry_fallbacks: bool = typer.Option(
        False, "--retry-fallbacks", help="With --resume: plan again the rows the model failed on (planned offline)."
    ),
    formats: str = typer.Option("md,json", "--formats", help="Per-row files: any of md, json, docx, pdf."),
    via: Via = typer.Option(Via.direct, "--via", help="direct, or openai-batch (the OpenAI Batch API)."),
    poll: float = typer.Option(30.0, "--poll", min=0.01, help="--via openai-batch: seconds between status checks."),
    encoding: str | None = typer.Option(
        None,
        "--encoding",
        help="Read the CSV in this encoding (e.g. cp1250) instead of detecting it; bad bytes become U+FFFD.",
    ),
    store: bool = typer.Option(
        False, "--store", help="Also save every row's plan in the store, once per row (omniteam plans list)."
    ),
) -> None:
    """Plan every company of a CSV/XLSX file: validated, concurrent, resumable, nothing lost.

    Rows are numbered as in Excel (the header is row 1). Exit code 1 when any row failed or fell
    back to the offline plan because the model failed (`--resume --retry-fallbacks` replans those).
    """
    from rich.console import Console

    from ..batch.reader import parse_map_options
    from ..batch.runner import BatchOptions
    from ..errors import InputError
    from ..render.formats import output_format

    try:
        chosen = tuple(dict.fromkeys(output_format(name).extension for name in formats.split(",") if name.strip()))
    except InputError as error:
        raise InputError(f"--formats {formats!r}: {error}", field="formats") from None
    if not chosen:
        raise InputError(f"--formats {formats!r}: name at least one format", field="formats")
    if retry_fallbacks and not resume:
        raise InputError("--retry-fallbacks replans rows of an earlier run: add --resume", field="retry_fallbacks")
    settings, limits = command_settings(structured_output), get_limits()
    provider_name = provider and provider.value
    if via is Via.openai_batch and provider_name == "offline":
        raise InputError("--via openai-batch sends the rows to an LLM; it cannot use --provider offline", field="via")
    options = BatchOptions(
        kind=kind.value,
        language=lang,
        provider=provider_name,
        concurrency=concurrency or settings.max_concurrency,
        rpm=rpm,
        tpm=tpm,
        formats=chosen,
        resume=resume,
        retry_fallbacks=retry_fallbacks,
        overrides=parse_map_options(mapping),
        poll_seconds=poll,
        encoding=encoding,
        store=store,
    )
    console = Console(stderr=True, soft_wrap=True, highlight=False, markup=False)  # cells may hold [brackets]
    from ..batch.estimate import uses_llm

    priced = via is Via.openai_batch or uses_llm(options, settings)  # offline: no tokens, nothing to pay
    with offline_offered():
        if dry_run:
            code = _dry_run(console, input_file, options, via, settings, limits, priced)
        else:
            out = out or Path(f"{input_file.stem}-plans")
            code = _run(console, input_file, out, options, via, settings, limits, priced)
    raise typer.Exit(code)


def _dry_run(console, input_file: Path, options, via: Via, settings: Settings, limits: Limits, priced: bool) -> int:
    from ..batch.openai_batch import BATCH_DISCOUNT
    from ..batch.runner import preview

    found = preview(input_file, options, settings=settings, limits=limits)
    table = found.table
    source = f"{table.encoding}, delimiter {table.delimiter!r}" if table.delimiter else table.encoding
    console.print(f"{input_file.name}: {count(found.rows, 'row', 'en')} ({source})")
    console.print("columns: " + ", ".join(f"{column} → {field}" for column, field in table.mapping.items()))
    if table.ignored:
        console.print("ignored columns: " + ", ".join(table.ignored))
    console.print(f"valid: {found.valid}, with errors: {found.invalid_count}")
    for job in found.invalid:
        console.print(f"  row {job.row.number}: {job.error}")
    if found.invalid_count > len(found.invalid):
        console.print(f"  … and {found.invalid_count - len(found.invalid)} more rows with errors")
    if via is Via.openai_batch:
        console.print(f"estimated: {found.tokens:,} tokens, ${found.cost_usd * BATCH_DISCOUNT:.4f} (Batch API price)")
    elif priced:
        console.print(f"estimated: {found.tokens:,} tokens, ${found.cost_usd:.4f}")
    return 1 if found.invalid_count else 0


def _run(
    console, input_file: Path, out: Path, options, via: Via, settings: Settings, limits: Limits, priced: bool
) -> int:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from ..batch.runner import run_batch

    columns = (
        TextColumn("planning"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("failed {task.fields[failed]}"),
        *([TextColumn("${task.fields[cost]:.4f}")] if priced else []),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    progress = Progress(*columns, console=console)
    task = progress.add_task("batch", total=None, failed=0, cost=0.0)

    def observe(report) -> None:
        progress.start()  # on the first report, once the file was read and validated
        progress.update(task, total=report.total, completed=report.finished, failed=report.failed, cost=report.cost_usd)

    try:
        report = run_batch(
            input_file,
            out,
            options,
            observer=observe,
            via=via.value if via is Via.openai_batch else None,
            settings=settings,
            limits=limits,
        )
    except KeyboardInterrupt:  # before the planning began (run_batch reports one during it)
        console.print(f"interrupted before any row was planned; to start again, run: {_resume_command(out)}")
        return 130
    finally:
        if progress.live.is_started:  # stopping a bar never shown would print an empty line
            progress.stop()
    if report.stale_lock:
        console.print(f"took over {out}: the run that held it is gone ({report.stale_lock})")
    if report.interrupted:
        console.print(
            f"interrupted: {report.done + report.skipped} of {count(report.total, 'row', 'en')} done"
            f"{f', {report.failed} failed (errors.csv)' if report.failed else ''}, saved in {out}; "
            f"to finish, run: {_resume_command(out)}"
        )
        return 130
    resumed = f" ({report.skipped} already done)" if report.skipped else ""
    fell_back = f" ({report.fallbacks} fell back to the offline plan)" if report.fallbacks else ""
    usage = f"{report.tokens:,} tokens, ${report.cost_usd:.4f}; " if priced else ""
    console.print(
        f"{report.done + report.skipped} of {count(report.total, 'row', 'en')} planned{resumed}{fell_back}, "
        f"{report.failed} failed; {usage}read {input_file.name} as {report.encoding}; results in {out}"
    )
    if report.failed:
        console.print(
            f"failed rows, with reasons: {out / 'errors.csv'}; once they are fixed, to plan only them, "
            f"run: {_resume_command(out)}"
        )
    if report.fallbacks:
        console.print(
            "rows the model failed on are marked in summary.csv (fallback); to ask the model again, "
            "add --resume --retry-fallbacks"
        )
    return 0 if report.ok else 1


def _resume_command(out: Path) -> str:
    """This run's command line with --resume (and --out, so the default folder is found again)."""
    given = sys.argv[1:]
    named = any(arg in ("--out", "-o") or arg.startswith(("--out=", "-o")) for arg in given)
    extra = ([] if named else ["--out", str(out)]) + ([] if "--resume" in given else ["--resume"])
    return shlex.join(["omniteam", *given, *extra])
