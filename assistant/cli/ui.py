"""`omniteam ui`: the managers' web page (chat, form, plan view) on this machine."""

from __future__ import annotations

import typer

from .app import PROVIDER_HELP, STRUCTURED_HELP, Provider, StructuredOutput, app, command_settings


@app.command()
def ui(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for the whole network)."),
    port: int = typer.Option(7860, "--port", help="Port to listen on."),
    share: bool = typer.Option(False, "--share/--no-share", help="Open a public gradio.live link (off by default)."),
    provider: Provider | None = typer.Option(None, "--provider", help=PROVIDER_HELP),
    structured_output: StructuredOutput | None = typer.Option(None, "--structured-output", help=STRUCTURED_HELP),
    lang: str | None = typer.Option(
        None,
        "--lang",
        "-l",
        help="Language of the page for every visitor, and the form's default plan: en or pl "
        "(default: each visitor's browser language).",
    ),
) -> None:
    """Open the web UI: describe the company in a chat or a form and get the plan with diagrams."""
    from ui import build_app, launch

    from ..errors import ConfigError
    from ..limits import get_limits
    from ..planners import make_planner
    from ..store import open_store

    if lang not in (None, "en", "pl"):
        raise typer.BadParameter("choose en or pl", param_hint="--lang")
    settings = command_settings(structured_output)
    planner = make_planner(provider and provider.value, settings)
    store = open_store(settings)  # the page's plans and conversations, and the share links' plans
    page = build_app(planner, "pl" if lang == "pl" else "en" if lang else None, limits=get_limits(), store=store)
    try:
        launch(page, store, server_name=host, server_port=port, share=share, quiet=True, prevent_thread_lock=True)
    except OSError as error:  # the port is taken or the address cannot be bound
        raise ConfigError(
            f"cannot serve on {host}:{port}: {str(error).split('. ')[0]}; try another --port", setting="--port"
        ) from None
    url = page_url(host, port)
    store.serve_at(url)  # where `omniteam plans share` links to
    typer.echo(f"omniteam ui: {url} (Ctrl+C to stop)", err=True)
    page.block_thread()


def page_url(host: str, port: int) -> str:
    """The page's address as a visitor reaches it: this machine's name when it listens on every address."""
    import socket

    name = socket.getfqdn() if host in ("", "0.0.0.0", "::") else host  # noqa: S104 - a name, not a bind
    return f"http://{f'[{name}]' if ':' in name else name}:{port}"
