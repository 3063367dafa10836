"""`omniteam plan`: one company profile in, a plan out."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from .app import PROVIDER_HELP, STRUCTURED_HELP, Provider, StructuredOutput, app, command_settings, offline_offered


class Kind(str, Enum):
    team = "team"
    skills = "skills"
    both = "both"


@app.command()
def plan(
    employees: str | None = typer.Option(None, "--employees", "-e", help='Head count: 300, "1 000+", "50-200".'),
    industry: str | None = typer.Option(None, "--industry", "-i", help="Industry, e.g. 'fashion retail'."),
    channels: str | None = typer.Option(None, "--channels", "-c", help="Channels, e.g. 'stores, e-commerce, app'."),
    challenge: str | None = typer.Option(None, "--challenge", help="The biggest collaboration challenge."),
    describe: str | None = typer.Option(
        None, "--describe", "-d", help="The company in your own words, as in the chat; options override what it reads."
    ),
    company: str | None = typer.Option(None, "--company", help="Company name."),
    team_size: str | None = typer.Option(None, "--team-size", help="Skills plan: size of the team."),
    team_level: str | None = typer.Option(None, "--team-level", help="Skills plan: junior, mixed or senior."),
    goal: str | None = typer.Option(None, "--goal", help="Skills plan: the quarter's goal."),
    profile: Path | None = typer.Option(
        None, "--profile", "-p", help="Profile as a JSON or YAML file; options override it."
    ),
    kind: Kind = typer.Option(Kind.team, "--kind", "-k", help="Which plan: team, skills or both."),
    lang: str | None = typer.Option(None, "--lang", "-l", help="Language of the plan: pl or en."),
    fmt: str = typer.Option(
        "markdown", "--format", "-f", help="markdown, json, docx or pdf (docx and pdf need --output)."
    ),
    provider: Provider | None = typer.Option(None, "--provider", help=PROVIDER_HELP),
    structured_output: StructuredOutput | None = typer.Option(None, "--structured-output", help=STRUCTURED_HELP),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ask the model again even if an answer is cached."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of the terminal."),
    store: bool = typer.Option(False, "--store", help="Also save the plan in the store (omniteam plans list)."),
) -> None:
    """Plan the omnichannel team (and/or the skills programme) for one company."""
    from ..errors import InputError
    from ..files import write_file
    from ..render.formats import output_format

    try:
        chosen = output_format(fmt)
    except InputError as error:
        raise typer.BadParameter(str(error), param_hint="--format") from None
    if chosen.binary and output is None:
        raise typer.BadParameter(
            f"{chosen.name.upper()} is binary: give --output plan.{chosen.extension}", param_hint="--format"
        )
    from ..limits import get_limits
    from ..planners import make_planner
    from ..profile import build_profile
    from ..profile_io import read_profile_file

    given = {
        "employees": employees,
        "industry": industry,
        "channels": channels,
        "challenge": challenge,
        "company": company,
        "team_size": team_size,
        "team_level": team_level,
        "quarterly_goal": goal,
        "language": lang,
    }
    settings, limits = command_settings(structured_output), get_limits()
    data = read_profile_file(profile, limits) if profile else {}
    data.update(_described(describe, employees is not None) if describe else {})
    data.update({key: value for key, value in given.items() if value is not None})
    _refuse_missing(data)
    planner = make_planner(provider and provider.value, settings, use_cache=not no_cache)
    built = build_profile(data, max_channels=limits.max_channels)
    saved = _open_store(settings) if store else None  # a store that cannot be opened stops the command before it plans
    with offline_offered():
        bundle = planner.plan(built, kind.value)
    if saved is not None:
        ref = saved.save_for_company(bundle, source="cli", cause="omniteam plan")
        if ref.number == 1:
            typer.echo(f"saved as plan {ref.plan_id} (omniteam plans show {ref.plan_id})", err=True)
        else:
            before = f"{ref.plan_id}@{ref.number - 1}"
            typer.echo(f"saved as version {ref} of plan {ref.plan_id} (omniteam plans diff {before} {ref})", err=True)
    rendered = chosen.render(bundle)
    if output is None:
        typer.echo(rendered)
        return
    write_file(output, rendered, hint="choose another --output file")
    typer.echo(f"wrote {output}", err=True)


OPTIONS = {"employees": "-e", "industry": "-i", "channels": "-c", "challenge": "--challenge"}


def _described(text: str, given_employees: bool = False) -> dict:
    """The profile fields a description states, read as the chat reads its first message; the challenge is the
    whole description, so the planner reads what it says beside the problem too (a constraint, a question, the
    country)."""
    from ..chat.extract import extract
    from ..chat.session import Session
    from ..errors import InputError

    found = extract(text)
    if found.vague_size and not given_employees:
        raise InputError(f"the head count {found.vague_size!r} is not a number: give it with -e, e.g. -e 300")
    read = Session()
    read.apply(found)
    return {**read.data, "challenge": text, **({"language": read.language} if read.language else {})}


def _refuse_missing(data: dict) -> None:
    """Every required field still missing, in one line naming its option."""
    from ..chat.extract import missing_fields
    from ..errors import InputError

    if missing := missing_fields(data):
        named = ", ".join(f"{name} ({OPTIONS[name]})" for name in missing)
        them = "it as an option" if len(missing) == 1 else "them as options"
        raise InputError(f"missing {named}: give {them}, in --profile, or in the words of --describe")


def _open_store(settings):
    from ..store import open_store

    return open_store(settings)
