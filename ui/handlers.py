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

from assistant.chat.replies import fallback_note, retrying
from assistant.chat.session import MESSAGE_MAX_CHARS, Session, Status, safe
from assistant.chat.unavailable import Retry
from assistant.errors import OmniteamError
from assistant.limits import Limits, get_limits
from assistant.planners.base import Planner
from assistant.planners.scenarios import Variant, compare
from assistant.plans import PlanBundle
from assistant.terms import Language, OperatingModel, PlanKind
from assistant.words.headcount import parse_employees

from .downloads import forget_session, session_folder
from .validation import form_problems
from .views import PAGE_FORMATS, PlanView, comparison_html, plan_view, write_downloads
from .words import Words, page_text

VIEW_SIZE = len(PlanView._fields)
STREAM_INTERVAL = 0.2  # seconds between two updates of a streaming chat reply


def plan_outputs(session: Session) -> PlanView:
    """The plan view of the session's current plan."""
    return plan_view(session.bundle, session.language or "en")


def downloads(session: Session | None, request: gr.Request | None = None) -> tuple:
    """The files of the session's plan in every page format, in the browser session's own folder (a
    follow-up event: the documents take a few tenths of a second, so the plan is shown first and the
    files arrive right after)."""
    if not (session and session.bundle):
        return tuple(None for _ in PAGE_FORMATS)
    return write_downloads(session.bundle, session_folder(request.session_hash if request else None))


def enable_downloads(session: Session | None) -> tuple:
    """The download buttons enabled once their files are there (after `downloads`), disabled with no
    plan: a button never looks clickable while it has no file (such a click would do nothing)."""
    return tuple(gr.update(interactive=bool(session and session.bundle)) for _ in PAGE_FORMATS)


def forget_downloads(request: gr.Request | None = None) -> None:
    """The page was closed: remove its session's files."""
    forget_session(request.session_hash if request else None)


def form_values(session: Session) -> tuple:
    """The form fields filled from the session, so facts said in the chat appear in the form."""
    data = session.data

    def text(value: Any) -> str:
        return "" if value in (None, "") else str(value)

    return (
        text(data.get("employees")),
        text(data.get("industry")),
        list(data.get("channels", [])),
        text(data.get("challenge")),
        session.kind,
        session.language or "en",
        text(data.get("team_size")),
        data.get("team_level"),
        text(data.get("quarterly_goal")),
    )


def say_page(words: Words, lang: Language, session: Session | None) -> tuple:
    """The page's words in `lang`: the switch, the form's plan language, the empty plan view's
    note (kept when a plan is shown) and every component `words` knows."""
    note = gr.skip() if session and session.bundle else plan_view(None, lang).org_chart
    return (lang, lang, note, *words.updates(lang))


def form_message(lines: list[str], lang: Language, kind: str) -> str:
    """The form's message: problems to fix (`kind` "problems") or a notice about the plan ("notice")."""
    role = "alert" if kind == "problems" else "status"
    head = f"<p><b>{page_text('please_check', lang)}</b></p>" if kind == "problems" else ""
    items = "".join(f"<li>{line}</li>" for line in lines)
    return f'<div class="form-{kind}" role="{role}">{head}<ul>{items}</ul></div>'


def submit_form(
    planner: Planner,
    session: Session | None,
    page_language: str,
    employees: Any,
    industry: str,
    channels: list[str],
    challenge: str,
    kind: PlanKind,
    language: str,
    team_size: Any = None,
    team_level: str | None = None,
    goal: str = "",
) -> Iterator[tuple]:
    """Plan from the form, which holds the whole profile. Problems with the fields are said in
    plain words in the page's language and leave the current plan as it is; a model that cannot
    answer gives way to the offline plan with a notice; the model's retries show while they happen.

    Yields (session, drawn revision, form message, *plan view).
    """
    session = session or Session()
    page_lang: Language = "pl" if page_language == "pl" else "en"
    skip = tuple(gr.skip() for _ in range(VIEW_SIZE))
    fields = {
        "employees": (str(employees or "")).strip(),
        "industry": (industry or "").strip(),
        "channels": list(channels or []),
        "challenge": (challenge or "").strip(),
        "team_size": (str(team_size or "")).strip(),
        "team_level": team_level,
        "quarterly_goal": (goal or "").strip(),
    }
    candidate = session.model_copy(deep=True)
    candidate.data = {key: value for key, value in fields.items() if value not in (None, "", [])}
    candidate.kind, candidate.language = kind, "pl" if language == "pl" else "en" if language == "en" else page_lang
    problems = form_problems({**candidate.data, "language": candidate.language}, page_lang)
    if problems:
        yield (session, session.revision, form_message(problems, page_lang, "problems"), *skip)
        return
    for key in ("employees", "team_size"):  # "1 000+" is kept as the number the chat and the plan use
        if key in candidate.data:
            candidate.data[key] = parse_employees(candidate.data[key])
    try:
        for item in candidate.planning(planner, stream=False):  # the form shows no text
            if isinstance(item, Retry):
                yield (session, session.revision, form_message([retrying(item, page_lang)], page_lang, "notice"), *skip)
            elif isinstance(item, PlanBundle):
                candidate.adopt(item)
    except OmniteamError as error:
        yield (session, session.revision, form_message([safe(error)], page_lang, "problems"), *skip)
        return
    assert candidate.bundle is not None  # planning() ends with the bundle, adopted above
    note = fallback_note(candidate.bundle, page_lang)
    yield (
        candidate,
        candidate.revision,
        form_message([note], page_lang, "notice") if note else "",
        *plan_outputs(candidate),
    )


def chat_turn(
    planner: Planner, message: str, history: list[dict] | None, session: Session | None, limits: Limits | None = None
) -> Iterator[tuple]:
    """One chat message: the reply streams in, at most every `STREAM_INTERVAL` seconds (a `Status`,
    such as "Retrying the model (2/4)…", at once).

    Yields (history, input box, session). The plan view is left to `refresh`, which runs once
    the turn is over, so no diagram is drawn from a half-written plan and each streamed update
    stays small (a page redraw per model token would load the server for nothing). The history
    the page sends back is bounded (`bounded_history`); a message over the length limit is
    shown cut, never kept whole.
    """
    session = session or Session()
    shown = message if len(message or "") <= MESSAGE_MAX_CHARS else f"{message[: MESSAGE_MAX_CHARS // 10]} …"
    history = [
        *bounded_history(history, limits or get_limits()),
        {"role": "user", "content": safe(shown)},
        {"role": "assistant", "content": ""},
    ]
    sent = 0.0
    for reply in session.chat(message or "", planner):
        history = [*history[:-1], {"role": "assistant", "content": reply}]
        if isinstance(reply, Status) or time.monotonic() - sent >= STREAM_INTERVAL:
            sent = time.monotonic()
            yield history, "", session
    yield history, "", session


def bounded_history(history: list[dict] | None, limits: Limits) -> list[dict]:
    """The last `max_chat_messages` messages of the page's history, each cut to `max_chat_message_chars`."""
    history = history or []
    kept = history[max(0, len(history) - (limits.max_chat_messages - 2)) :]  # room for the new turn; [-0:] keeps all
    cap = limits.max_chat_message_chars
    return [
        {**item, "content": item["content"][:cap]} if isinstance(item.get("content"), str) else item
        for item in kept
        if isinstance(item, dict)
    ]


def refresh(session: Session | None, drawn: int) -> tuple:
    """After a chat turn: the form filled from the session and, if a new plan was made since
    revision `drawn`, the plan view. Returns (drawn revision, *form values, *plan view)."""
    session = session or Session()
    if session.revision == drawn:
        return (drawn, *form_values(session), *(gr.skip() for _ in range(VIEW_SIZE)))
    return (session.revision, *form_values(session), *plan_outputs(session))


def hold_downloads(outputs: tuple, drawn: bool) -> tuple:
    """`outputs` and the download buttons' updates: when a new plan is `drawn`, the buttons are
    disabled until its own files are written (`downloads`, then `enable_downloads`), so no button
    offers the previous plan's file beside the new plan."""
    return (*outputs, *(gr.update(interactive=False) if drawn else gr.skip() for _ in PAGE_FORMATS))


def submit_form_on_page(planner: Planner, session: Session | None, *fields: Any) -> Iterator[tuple]:
    """`submit_form` as the page wires it, with the download buttons held (`hold_downloads`)."""
    before = session.revision if session else 0
    for outputs in submit_form(planner, session, *fields):
        yield hold_downloads(outputs, drawn=outputs[1] != before)


def refresh_on_page(session: Session | None, drawn: int) -> tuple:
    """`refresh` as the page wires it, with the download buttons held (`hold_downloads`)."""
    outputs = refresh(session, drawn)
    return hold_downloads(outputs, drawn=outputs[0] != drawn)


def compare_scenarios(session: Session | None, model_a: str, employees_a: Any, model_b: str, employees_b: Any) -> str:
    """The session's company under two variants, as an HTML table (or a note on what is missing)."""
    session = session or Session()
    lang = session.language or "en"
    problems = form_problems({**session.data, "language": lang}, lang)
    if problems:
        return form_message(problems, lang, "problems")
    try:
        profile = session.profile
        variants = [
            Variant(
                parse_employees(n) if str(n or "").strip() else None,
                None if m in (None, "", "auto") else OperatingModel(m),
            )
            for m, n in ((model_a, employees_a), (model_b, employees_b))
        ]
        return comparison_html(compare(profile, *variants), lang)
    except (OmniteamError, ValueError) as error:
        return form_message([safe(error)], lang, "problems")
