"""The page's event handlers as plain functions: session and inputs in, component values out.

`build_app` binds them to a planner and to components; tests call them directly. Each takes
the browser session's `Session` (None on the first event) and returns the new one, so the
chat and the form always work on the same profile and plan.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.errors import OmniteamError
from assistant.planners.base import Planner
from assistant.plans import OperatingModel
from assistant.profile import parse_employees
from assistant.scenarios import Variant, compare
from assistant.session import Session, safe

from .views import PAGE_FORMATS, PlanView, comparison_html, plan_view, write_downloads

VIEW_SIZE = len(PlanView._fields)
STREAM_INTERVAL = 0.2  # seconds between two updates of a streaming chat reply
FORM_ERROR_TEXTS = {
    "en": "**Please fix:** {error}",
    "pl": "**Popraw proszę:** {error}",
}


def plan_outputs(session: Session) -> PlanView:
    """The plan view of the session's current plan."""
    return plan_view(session.bundle, session.language or "en")


def downloads(session: Session | None) -> tuple:
    """The files of the session's plan in every page format (a follow-up event: the documents take
    a few tenths of a second, so the plan is shown first and the files arrive right after)."""
    return write_downloads(session.bundle) if session and session.bundle else tuple(None for _ in PAGE_FORMATS)


def form_values(session: Session) -> tuple:
    """The form fields filled from the session, so facts said in the chat appear in the form."""
    data = session.data
    return (data.get("employees"), data.get("industry") or "", list(data.get("channels", [])),
            data.get("challenge") or "", session.kind, session.language or "en", data.get("team_size"),
            data.get("team_level"), data.get("quarterly_goal") or "")


def submit_form(planner: Planner, session: Session | None, employees: Any, industry: str, channels: list[str],
                challenge: str, kind: str, language: str, team_size: Any = None, team_level: str | None = None,
                goal: str = "") -> tuple:
    """Plan from the form, which holds the whole profile. A bad field (a challenge over the length
    cap, no channel) returns a visible message and leaves the current plan as it is.

    Returns (session, drawn revision, form message, *plan view).
    """
    session = session or Session()
    lang = language if language in ("en", "pl") else "en"
    fields = {"employees": employees, "industry": (industry or "").strip(), "channels": list(channels or []),
              "challenge": (challenge or "").strip(), "team_size": team_size, "team_level": team_level,
              "quarterly_goal": (goal or "").strip()}
    candidate = session.model_copy(deep=True)
    candidate.data = {key: value for key, value in fields.items() if value not in (None, "", [])}
    candidate.kind, candidate.language = kind, lang
    try:
        candidate.adopt(planner.plan(candidate.profile, candidate.kind))  # no streaming: the form shows the result
    except OmniteamError as error:
        message = FORM_ERROR_TEXTS[lang].format(error=safe(error))
        return (session, session.revision, message, *(gr.skip() for _ in range(VIEW_SIZE)))
    return (candidate, candidate.revision, "", *plan_outputs(candidate))


def chat_turn(planner: Planner, message: str, history: list[dict] | None, session: Session | None) -> Iterator[tuple]:
    """One chat message: the reply streams in, at most every `STREAM_INTERVAL` seconds.

    Yields (history, input box, session). The plan view is left to `refresh`, which runs once
    the turn is over, so no diagram is drawn from a half-written plan and each streamed update
    stays small (a page redraw per model token would load the server for nothing).
    """
    session = session or Session()
    history = [*(history or []), {"role": "user", "content": safe(message)}, {"role": "assistant", "content": ""}]
    shown = 0.0
    for reply in session.chat(message or "", planner):
        history = [*history[:-1], {"role": "assistant", "content": reply}]
        if time.monotonic() - shown >= STREAM_INTERVAL:
            shown = time.monotonic()
            yield history, "", session
    yield history, "", session


def refresh(session: Session | None, drawn: int) -> tuple:
    """After a chat turn: the form filled from the session and, if a new plan was made since
    revision `drawn`, the plan view. Returns (drawn revision, *form values, *plan view)."""
    session = session or Session()
    if session.revision == drawn:
        return (drawn, *form_values(session), *(gr.skip() for _ in range(VIEW_SIZE)))
    return (session.revision, *form_values(session), *plan_outputs(session))


def compare_scenarios(session: Session | None, model_a: str, employees_a: Any, model_b: str,
                      employees_b: Any) -> str:
    """The session's company under two variants, as an HTML table (or a note on what is missing)."""
    session = session or Session()
    lang = session.language or "en"
    try:
        profile = session.profile
        variants = [Variant(parse_employees(n) if str(n or "").strip() else None,
                            None if m in (None, "", "auto") else OperatingModel(m))
                    for m, n in ((model_a, employees_a), (model_b, employees_b))]
        return comparison_html(compare(profile, *variants), lang)
    except (OmniteamError, ValueError) as error:
        return f'<p class="form-error">{safe(error)}</p>'
