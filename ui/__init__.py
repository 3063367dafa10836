"""The web UI for managers: `build_app(planner)` makes the Gradio page, `launch(app)` serves it."""

from .app import build_app, launch

__all__ = ["build_app", "launch"]
