"""`omniteam plan`: one company profile in, a plan out."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from .app import PROVIDER_HELP, STRUCTURED_HELP, Provider, StructuredOutput, app, use_structured_output


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
) -> None:
    """Plan the omnichannel team (and/or the skills programme) for one company."""
    from ..errors import InputError
    from ..render.formats import output_format

    try:
        chosen = output_format(fmt)
    except InputError as error:
        raise typer.BadParameter(str(error), param_hint="--format") from None
    if chosen.binary and output is None:
        raise typer.BadParameter(
            f"{chosen.name.upper()} is binary: give --output plan.{chosen.extension}", param_hint="--format"
        )
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
    data = read_profile_file(profile) if profile else {}
    data.update({key: value for key, value in given.items() if value is not None})
    use_structured_output(structured_output)
    bundle = make_planner(provider and provider.value, use_cache=not no_cache).plan(build_profile(data), kind.value)
    rendered = chosen.render(bundle)
    if output is None:
        typer.echo(rendered)
        return
    output.write_bytes(rendered) if isinstance(rendered, bytes) else output.write_text(rendered, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)
