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

from assistant.chat.replies import Reply, fallback_note, retrying
from assistant.chat.session import MESSAGE_MAX_CHARS, Session, Status, safe, say
from assistant.chat.unavailable import Retry
from assistant.errors import OmniteamError
from assistant.limits import Limits, get_limits
from assistant.planners.base import Planner
from assistant.planners.scenarios import Variant, against_plan, other_model
from assistant.plans import PlanBundle
from assistant.terms import Language, OperatingModel, PlanKind
from assistant.words.headcount import parse_employees

from .downloads import forget_session, session_folder
from .validation import form_problems
from .views import PAGE_FORMATS, PlanView, comparison_html, download_label, plan_view, write_downloads
from .words import Words, page_text

VIEW_SIZE = len(PlanView._fields)
STREAM_INTERVAL = 0.2  # seconds between two updates of a streaming chat reply


def plan_outputs(session: Session, page_language: str = "en") -> PlanView:
    """The plan view of the session's current plan (with no plan, its note in the page's language)."""
    return plan_view(session.bundle, session.language or _page(page_language))


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
    ready = bool(session and session.bundle)
    return tuple(gr.update(interactive=ready, label=download_label(name)) for name in PAGE_FORMATS)


def forget_downloads(request: gr.Request | None = None) -> None:
    """The page was closed: remove its session's files."""
    forget_session(request.session_hash if request else None)


def form_values(session: Session, page_language: str = "en") -> tuple:
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
        session.language or _page(page_language),
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
    planner: Planner,
    message: str,
    history: list[dict] | None,
    session: Session | None,
    page_language: str = "en",
    limits: Limits | None = None,
) -> Iterator[tuple]:
    """One chat message: the reply streams in, at most every `STREAM_INTERVAL` seconds (a `Status`,
    such as "Retrying the model (2/4)…", at once), the input box offering to stop it meanwhile.

    Yields (history, input box, session, notice). The plan view is left to `refresh`, which runs
    once the turn is over, so no diagram is drawn from a half-written plan and each streamed update
    stays small (a page redraw per model token would load the server for nothing). The history the
    page sends back is bounded (`bounded_history`). A message over the length limit is not sent: it
    stays in the box and the notice says by how much it is too long.
    """
    lang = _page(page_language)
    message = message or ""
    if not message.strip():
        yield gr.skip(), gr.skip(), session, ""
        return
    if len(message) > MESSAGE_MAX_CHARS:
        notice = say("too_long", lang, n=len(message), limit=MESSAGE_MAX_CHARS)
        yield gr.skip(), gr.skip(), session, f'<p class="chat-limit" role="alert">{notice}</p>'
        return
    session = session or Session()
    revision, replies = session.revision, session.chat(message, planner)  # the session before it is saved now
    history = [
        *bounded_history(history, limits or get_limits()),
        {"role": "user", "content": safe(message)},
        {"role": "assistant", "content": ""},
    ]
    yield history, _input(lang, running=True), session, ""
    sent, reply = 0.0, ""
    for reply in replies:
        history = [*history[:-1], {"role": "assistant", "content": reply}]
        if isinstance(reply, Status) or time.monotonic() - sent >= STREAM_INTERVAL:
            sent = time.monotonic()
            yield history, gr.skip(), session, ""
    # the reply names a new plan, or a comparison with it: a link to the plan view
    linked = session.bundle is not None and (session.revision != revision or session.what_if is not None)
    yield (
        [*history[:-1], answer(reply, lang if session.bundle is None else session.bundle.plans[0].language, linked)],
        (_input(lang, running=False)),
        session,
        "",
    )


def answer(reply: str, lang: Language, linked: bool) -> dict:
    """A finished reply as a chat message: its options as buttons that send them, and under a reply
    that made or changed the plan a link that scrolls to it (the page's script)."""
    content = f"{reply}\n\n[{page_text('see_plan', lang)} ↓](#plan-view)" if linked else reply
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if isinstance(reply, Reply) and reply.options:
        message["options"] = [{"value": option} for option in reply.options]
    return message


def _page(language: str | None) -> Language:
    return "pl" if language == "pl" else "en"


def _input(lang: Language, running: bool) -> dict:
    """The input box cleared, offering Stop while a reply is under way and Send otherwise."""
    if running:
        return gr.update(value="", submit_btn=False, stop_btn=page_text("stop", lang))
    return gr.update(submit_btn=page_text("send", lang), stop_btn=False)


def chat_pick(
    planner: Planner,
    history: list[dict] | None,
    session: Session | None,
    page_language: str,
    picked: gr.SelectData,
    limits: Limits | None = None,
) -> Iterator[tuple]:
    """A suggestion clicked (a reply's option, or an example in the empty chat): sent as the message."""
    value = picked.value
    message = value.get("text", "") if isinstance(value, dict) else str(value)
    yield from chat_turn(planner, message, history, session, page_language, limits)


def _before_turns(history: list[dict], turns: int) -> list[dict]:
    """The history without its last `turns` turns (each begins with the manager's message)."""
    starts = [i for i, item in enumerate(history) if item.get("role") == "user"]
    return history[: starts[-turns]] if 0 < turns <= len(starts) else history


def chat_retry(
    planner: Planner,
    history: list[dict] | None,
    session: Session | None,
    page_language: str,
    limits: Limits | None = None,
) -> Iterator[tuple]:
    """Regenerate the last answer: the session goes back to before the last message, which is sent again."""
    message = session.go_back(1) if session else None
    if message is None:
        yield gr.skip(), gr.skip(), session, _gone(page_language)
        return
    yield from chat_turn(planner, message, _before_turns(history or [], 1), session, page_language, limits)


def chat_edit(
    planner: Planner,
    history: list[dict] | None,
    session: Session | None,
    page_language: str,
    edit: gr.EditData,
    limits: Limits | None = None,
) -> Iterator[tuple]:
    """A message edited in place: the session goes back to before it, and the new words are sent
    instead (the turns after it are dropped, as in any chat)."""
    history = history or []
    index = edit.index if isinstance(edit.index, int) else edit.index[0]
    turns = sum(1 for item in history[index:] if item.get("role") == "user")
    if session is None or session.go_back(turns) is None:
        yield gr.skip(), gr.skip(), session, _gone(page_language)
        return
    yield from chat_turn(planner, str(edit.value), _before_turns(history, turns), session, page_language, limits)


def chat_undo(history: list[dict] | None, session: Session | None, page_language: str) -> tuple:
    """Undo the last message: the session (its plan too) as before it, the message back in the box."""
    message = session.go_back(1) if session else None
    if message is None:
        return gr.skip(), gr.skip(), session, _gone(page_language)
    return _before_turns(history or [], 1), gr.update(value=message), session, ""


def chat_stop(history: list[dict] | None, session: Session | None, page_language: str) -> tuple:
    """Stop the reply under way: nothing it would have changed stays, and the chat says so."""
    lang = _page(page_language)
    if session is not None:
        session.stop()
    history = list(history or [])
    if history and history[-1].get("role") == "assistant":
        said = history[-1].get("content")
        text = said if isinstance(said, str) else "".join(part.get("text", "") for part in said or [])
        history[-1] = {"role": "assistant", "content": "\n\n".join(filter(None, [text, f"*{say('stopped', lang)}*"]))}
    return history, _input(lang, running=False), session, ""


def new_conversation(session: Session | None, page_language: str, request: gr.Request | None = None) -> tuple:
    """Start afresh: no messages, no plan, no company, no files (the page keeps its language)."""
    if session is not None:
        session.stop()
    forget_downloads(request)
    fresh = Session(revision=session.revision + 1 if session else 0)  # the page clears the plan it shows
    return [], _input(_page(page_language), running=False), fresh, ""


def _gone(page_language: str) -> str:
    """The notice for a message the session no longer keeps (it can be sent again)."""
    return f'<p class="chat-limit" role="status">{page_text("turn_gone", _page(page_language))}</p>'


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


def refresh(session: Session | None, drawn: int, page_language: str = "en") -> tuple:
    """After a chat turn: the form filled from the session and, if a new plan was made since
    revision `drawn`, the plan view. Returns (drawn revision, *form values, *plan view)."""
    session = session or Session()
    form = form_values(session, page_language)
    if session.revision == drawn:
        return (drawn, *form, *(gr.skip() for _ in range(VIEW_SIZE)))
    return (session.revision, *form, *plan_outputs(session, page_language))


def hold_downloads(outputs: tuple, drawn: bool, page_language: str = "en") -> tuple:
    """`outputs` and the download buttons' updates: when a new plan is `drawn`, the buttons are
    disabled and say they are being prepared until its own files are written (`downloads`, then
    `enable_downloads`), so no button offers the previous plan's file beside the new plan."""
    lang = _page(page_language)
    held = [
        gr.update(interactive=False, label=page_text("preparing", lang, name=download_label(name)))
        if drawn
        else gr.skip()
        for name in PAGE_FORMATS
    ]
    return (*outputs, *held)


def submit_form_on_page(planner: Planner, session: Session | None, *fields: Any) -> Iterator[tuple]:
    """`submit_form` as the page wires it, with the download buttons held (`hold_downloads`)."""
    before = session.revision if session else 0
    for outputs in submit_form(planner, session, *fields):
        yield hold_downloads(outputs, outputs[1] != before, fields[0] if fields else "en")


def refresh_on_page(session: Session | None, drawn: int, page_language: str = "en") -> tuple:
    """`refresh` as the page wires it, with the download buttons held (`hold_downloads`)."""
    outputs = refresh(session, drawn, page_language)
    return hold_downloads(outputs, outputs[0] != drawn, page_language)


def compare_scenarios(session: Session | None, model_b: str, employees_b: Any, page_language: str = "en") -> str:
    """The plan on screen beside the variant chosen for B (an operating model, a head count), as an
    HTML table; a note when there is no plan yet or B's head count is not a number."""
    lang = _page(page_language)
    team = session.bundle.team if session and session.bundle else None
    if team is None:
        return form_message([page_text("scenarios_no_plan", lang)], lang, "notice")
    try:
        people = parse_employees(employees_b) if str(employees_b or "").strip() else None
    except (OmniteamError, ValueError) as error:
        return form_message([safe(error)], lang, "problems")
    variant = Variant(people, None if model_b in (None, "", "auto") else OperatingModel(model_b))
    return comparison_html(against_plan(team, variant), team.language)


def open_scenarios(session: Session | None, model_b: str, employees_b: Any, page_language: str = "en") -> tuple:
    """The Scenarios tab opened: the plan beside a variant at once, B another model than the plan's
    unless the manager chose a different B. Returns (B's model, the comparison)."""
    team = session.bundle.team if session and session.bundle else None
    if team is not None and model_b in (None, "", "auto", team.operating_model.model.value) and not employees_b:
        model_b = other_model(team.operating_model.model).value
    return model_b, compare_scenarios(session, model_b, employees_b, page_language)


def show_what_if(session: Session | None) -> tuple:
    """After a chat turn that asked "what if …?": the Scenarios tab opened on that comparison (B's
    choices set to the variant); nothing otherwise. Returns (plan tabs, B's model, B's head count, table)."""
    comparison = session.what_if if session else None
    if session is None or comparison is None or comparison.variant is None:
        return gr.skip(), gr.skip(), gr.skip(), gr.skip()
    session.what_if = None  # shown once
    model, people = comparison.variant.operating_model, comparison.variant.employees
    table = comparison_html(comparison, comparison.a.language)
    return gr.update(selected="scenarios-tab"), model.value if model else "auto", str(people or ""), table
