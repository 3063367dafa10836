"""`omniteam plans …`: the saved plans in the store (list, show, diff, share, revoke, delete,
feedback, to-case). The store is OMNITEAM_DATABASE_URL (by default omniteam.db in the user's data
folder); a bad id, token or URL is one line and exit code 2."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import typer

from .app import app

plans_app = typer.Typer(
    help="Saved plans: list, show, compare, share, delete, feedback.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(plans_app, name="plans")

SHARE_BASE = "http://127.0.0.1:7860"
_DURATION = re.compile(r"\s*(\d{1,5})\s*([mhdw])\s*")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _store():
    from ..store import open_store

    return open_store()


def _ref(text: str) -> tuple[int, int | None]:
    from ..store import parse_ref

    return parse_ref(text)


def parse_duration(text: str) -> timedelta:
    """`30m`, `12h`, `7d`, `2w` as a timedelta; an `InputError` otherwise."""
    from ..errors import InputError

    found = _DURATION.fullmatch(text or "")
    if not found or int(found[1]) == 0:
        raise InputError(f"--expires {text!r}: give a duration such as 30m, 12h, 7d or 2w", field="expires")
    return timedelta(**{_UNITS[found[2]]: int(found[1])})


def _day(text: str | None, option: str) -> date | None:
    from ..errors import InputError

    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{option} {text!r}: give a date as YYYY-MM-DD", field=option) from None


def _write(output: Path | None, rendered: str | bytes) -> None:
    if output is None:
        typer.echo(rendered)
        return
    output.write_bytes(rendered) if isinstance(rendered, bytes) else output.write_text(rendered, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)


@plans_app.command("list")
def list_plans(
    search: str | None = typer.Option(None, "--search", "-s", help="Company name or industry (any case, ł = l)."),
    since: str | None = typer.Option(None, "--since", help="Made on or after this day (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, "--until", help="Made on or before this day (YYYY-MM-DD)."),
    limit: int = typer.Option(50, "--limit", "-n", min=1, max=10_000, help="At most this many plans."),
    as_json: bool = typer.Option(False, "--json", help="One JSON array instead of a table."),
) -> None:
    """The saved plans, most recently changed first."""
    found = _store().plans(search, _day(since, "--since"), _day(until, "--until"), limit)
    if as_json:
        typer.echo(json.dumps([_summary_json(p) for p in found], ensure_ascii=False, indent=2))
        return
    if not found:
        typer.echo("no saved plans" + (" match" if search or since or until else ""), err=True)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "changed", "versions", "kind", "plan (company · industry · people)", box=None, pad_edge=False)
    for p in found:
        table.add_row(str(p.id), f"{p.updated_at.astimezone():%Y-%m-%d %H:%M}", str(p.versions), p.kind, p.title)
    Console(highlight=False, markup=False, soft_wrap=True).print(table)


def _summary_json(p) -> dict:
    return {
        "id": p.id,
        "title": p.title,
        "company": p.company,
        "kind": p.kind,
        "language": p.language,
        "source": p.source,
        "versions": p.versions,
        "created_at": p.created_at.isoformat(timespec="seconds"),
        "updated_at": p.updated_at.isoformat(timespec="seconds"),
    }


@plans_app.command()
def show(
    plan_id: str = typer.Argument(..., metavar="ID", help="Plan id, e.g. 12, or 12@2 for its version 2."),
    fmt: str = typer.Option("markdown", "--format", "-f", help="markdown, json, docx or pdf (docx, pdf need -o)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of the terminal."),
) -> None:
    """One saved plan, rendered like `omniteam plan` renders a new one."""
    from ..errors import InputError
    from ..render.formats import output_format

    chosen = output_format(fmt)
    if chosen.binary and output is None:
        raise InputError(f"{chosen.name.upper()} is binary: give --output plan.{chosen.extension}", field="format")
    _write(output, chosen.render(_store().load(*_ref(plan_id))))


@plans_app.command()
def versions(plan_id: str = typer.Argument(..., metavar="ID", help="Plan id.")) -> None:
    """Every version of a plan: when, how it was made and what changed."""
    for v in _store().versions(_ref(plan_id)[0]):
        made = v.planner + (f" {v.model}" if v.model else "") + (" (fallback)" if v.fallback else "")
        typer.echo(f"{v.ref}  {v.created_at.astimezone():%Y-%m-%d %H:%M}  {made}  {v.cause}".rstrip())
        for line in v.changes.lines():
            typer.echo(f"    {line}")


@plans_app.command()
def diff(
    first: str = typer.Argument(..., metavar="ID1", help="Plan id (12) or version (12@1)."),
    second: str = typer.Argument(..., metavar="ID2", help="Plan id or version to compare it with."),
) -> None:
    """What changed from ID1 to ID2: head count, channels, goal, operating model, roles and FTE, first actions,
    Top 3 skills."""
    from ..store import diff_bundles

    store = _store()
    lines = diff_bundles(store.load(*_ref(first)), store.load(*_ref(second))).lines()
    typer.echo(
        "\n".join(lines)
        if lines
        else "no difference in the head count, channels, goal, operating model, roles, FTE, actions or Top 3"
    )


@plans_app.command()
def share(
    plan_id: str = typer.Argument(..., metavar="ID", help="Plan id (its newest version) or 12@2."),
    expires: str | None = typer.Option(None, "--expires", help="Stop working after 30m, 12h, 7d, 2w…"),
    base_url: str | None = typer.Option(
        None, "--base-url", help="Where `omniteam ui` is reached (default: where it last served this store's page)."
    ),
) -> None:
    """A read-only link to one plan version (revoke it with `omniteam plans revoke TOKEN`)."""
    store = _store()
    link = store.share(*_ref(plan_id), expires=parse_duration(expires) if expires else None)
    until = f", until {link.expires_at.astimezone():%Y-%m-%d %H:%M}" if link.expires_at else ""
    served = base_url or store.page_url()
    typer.echo(f"{(served or SHARE_BASE).rstrip('/')}/share/{link.token}")
    typer.echo(f"plan {link.plan_id}@{link.number}{until}; token {link.token}", err=True)
    if served is None:
        typer.echo(
            f"the page has not been served from this store yet: the link opens once `omniteam ui` runs at {SHARE_BASE}"
            " (or give --base-url)",
            err=True,
        )


@plans_app.command()
def revoke(token: str = typer.Argument(..., help="The share link's token (the end of its URL).")) -> None:
    """Revoke a share link: from now on it shows nothing."""
    link = _store().revoke(token.rstrip("/").rsplit("/", 1)[-1])
    typer.echo(f"revoked the link to plan {link.plan_id}@{link.number}", err=True)


@plans_app.command("delete")
def delete_plan(
    plan_id: str = typer.Argument(..., metavar="ID", help="Plan id."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Delete a plan with all its versions, share links, feedback and its conversation."""
    number, version = _ref(plan_id)
    store = _store()
    summary = store.plan(number)
    if version is not None:
        from ..errors import InputError

        raise InputError("delete takes a whole plan: give its id without @version", field="id")
    if not yes and not typer.confirm(f"delete plan {number} ({summary.title}) and everything of it?"):
        raise typer.Exit(1)
    store.delete(number)
    typer.echo(f"deleted plan {number}", err=True)


@plans_app.command()
def feedback(
    fmt: str = typer.Option("csv", "--format", "-f", help="csv (the only format for now)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of the terminal."),
) -> None:
    """Every thumbs up or down with its comment, the plan version and the answer it is about."""
    import csv
    import io

    from ..errors import InputError
    from ..store.store import FEEDBACK_COLUMNS, feedback_records

    if fmt.strip().lower() != "csv":
        raise InputError(f"--format {fmt!r}: feedback is exported as csv", field="format")
    records = list(feedback_records(_store().feedback()))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(FEEDBACK_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    _write(output, buffer.getvalue().rstrip("\n"))


@plans_app.command("to-case")
def to_case(
    plan_id: str = typer.Argument(..., metavar="ID", help="Plan id or 12@2."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the YAML to this file."),
) -> None:
    """An eval case draft (YAML) from a saved plan, e.g. one a manager disliked."""
    from ..store.cases import case_draft

    _write(output, case_draft(_store(), *_ref(plan_id)).rstrip("\n"))
