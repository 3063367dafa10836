"""`omniteam schema`: the JSON Schema of an output model, for integrators and evals."""

from __future__ import annotations

import json

import typer

from .app import app


@app.command()
def schema(
    name: str | None = typer.Argument(
        None, help="team_plan, skills_plan, team_plan_content or skills_plan_content; all when omitted."
    ),
) -> None:
    """Print the JSON Schema of the plan models."""
    from ..errors import InputError
    from ..plans import json_schemas

    schemas = json_schemas()
    if name is not None and name not in schemas:
        raise InputError(f"unknown schema {name!r}; choose one of: {', '.join(schemas)}")
    typer.echo(json.dumps(schemas[name] if name else schemas, indent=2, ensure_ascii=False))
