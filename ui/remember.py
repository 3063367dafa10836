"""The page remembers: conversations and plans kept in the store, the "My plans" tab, feedback.

The browser holds one thing, the token of its conversation (`gr.BrowserState`, in localStorage,
as `{"conversation": token}`: the browser keeps its old value when it is given an empty one);
on load the page rebuilds the session, the chat and the plan from the store, so a reload loses
nothing. Every plan the page makes is saved: the first as a new plan, each later one (a
follow-up, a form change) as its next version. "My plans" finds saved plans by company and date
and reopens one with its conversation, shows its versions side by side, makes and revokes share
links; thumbs and a comment go with a plan version or with a chat answer. "New conversation"
starts clean (the old one stays in "My plans").

`build_tab` and `build_new_button` create the components, `wire` connects them; the handlers
are plain functions of the store and the page's values, tested directly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

import gradio as gr

from assistant.chat.replies import safe
from assistant.chat.session import Session
from assistant.errors import InputError, OmniteamError
from assistant.planners.scenarios import Comparison
from assistant.store import Store
from assistant.store.engine import shown
from assistant.terms import Language

from .share import store_text
from .views import comparison_html, esc
from .words import Words

STORAGE_KEY = "omniteam-conversation"
EXPIRIES = {"never": None, "day": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=30)}
STATE_EXCLUDED = {"bundle", "model_down"}  # the plan is in the store; a resting model is this process's business


def said(key: str, **facts: Any):
    """A word of the store's views for `Words`: said in the page's language."""
    return lambda lang: store_text(key, lang, **facts)


def browser_state(store: Store) -> gr.BrowserState:
    """Where the browser keeps its conversation's token, readable after a restart of the app (the
    encryption key comes from the store's address, so it stays the same; the token is the secret)."""
    secret = hashlib.sha256(shown(store.engine.url).encode()).hexdigest()[:32]
    return gr.BrowserState(None, storage_key=STORAGE_KEY, secret=secret)


# -- remembering the conversation ----------------------------------------------------------------
@dataclass
class Kept:
    """What the page knows of its saved plan: its id and the session revision saved last."""

    plan_id: int | None = None
    revision: int = 0


def state_of(session: Session) -> dict[str, Any]:
    """The session as the store keeps it: everything but the plan (saved as a version) and the model's rest."""
    return session.model_dump(mode="json", exclude=STATE_EXCLUDED)


def restore(store: Store, token: str | None) -> tuple[Session | None, Kept, list[dict], str | None]:
    """The browser's conversation from the store: (session, kept, chat history, token); a fresh
    page for no or an unknown token."""
    found = store.conversation(token)
    if found is None:
        return None, Kept(), [], None
    bundle = store.load(found.plan.plan_id, found.plan.number) if found.plan else None
    try:
        session = Session.model_validate({**found.state, "bundle": bundle})
    except ValueError:  # a state saved by an older page: the plan and the messages still come back
        session = Session(bundle=bundle, revision=1 if bundle else 0)
    if bundle is not None and session.revision == 0:
        session.revision = 1
    history = [{"role": m.role, "content": m.content} for m in found.messages]
    return session, Kept(found.plan.plan_id if found.plan else None, session.revision), history, found.token


def keep_plan(store: Store, token: str, kept: Kept, session: Session, cause: str) -> Kept:
    """Save the session's plan if it changed since `kept`: a new plan, or the next version of the kept one."""
    if session.revision == kept.revision:
        return kept
    if session.bundle is None:  # the chat started over: the next plan is a new one
        return Kept(None, session.revision)
    if kept.plan_id is None:
        ref = store.save(session.bundle, source="page", conversation=token, cause=cause)
    else:
        ref = store.add_version(kept.plan_id, session.bundle, cause=cause, conversation=token)
    return Kept(ref.plan_id, session.revision)


def after_chat(
    store: Store, token: str | None, kept: Kept | None, session: Session | None, history: list[dict] | None
) -> tuple[str | None, Kept]:
    """After a chat turn: its two messages and the session kept, the plan saved if it changed."""
    kept = kept or Kept()
    if session is None or not history:
        return token, kept
    turn = [(m.get("role", "assistant"), text_of(m.get("content"))) for m in history[-2:] if isinstance(m, dict)]
    token, _ = store.record_turn(token, turn, state_of(session))
    message = next((text for role, text in turn if role == "user"), "")
    return token, keep_plan(store, token, kept, session, cause=f"chat: {message}"[:300])


def text_of(content: Any) -> str:
    """A chat message's text: the page sends it back as a string or as a list of parts ({"type": "text", …})."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or content.get("value") or "")
    if isinstance(content, list):
        return "\n\n".join(filter(None, (text_of(part) for part in content)))
    return ""


def after_form(store: Store, token: str | None, kept: Kept | None, session: Session | None) -> tuple[str | None, Kept]:
    """After the form made a plan: the session kept and the plan saved as a new version."""
    kept = kept or Kept()
    if session is None or session.revision == kept.revision:
        return token, kept
    token, _ = store.record_turn(token, [], state_of(session))
    return token, keep_plan(store, token, kept, session, cause="form")


def new_conversation() -> tuple:
    """What the store knows of a clean page: no conversation, nothing kept (the page itself clears
    its session, chat and plan view)."""
    return held(None), Kept()


def token_of(value: Any) -> str | None:
    """The conversation's token in what the browser holds."""
    return value.get("conversation") if isinstance(value, dict) else None


def held(token: str | None) -> dict[str, str | None]:
    """What the browser holds for a conversation (or for none)."""
    return {"conversation": token}


# -- "My plans" ------------------------------------------------------------------------------------
def _day(text: str | None) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r}: YYYY-MM-DD") from None


def find_plans(store: Store, search: str, since: str, until: str, lang: Language) -> tuple:
    """The saved plans matching the search, as the list's choices, and a note on what was found."""
    try:
        found = store.plans(search, _day(since), _day(until))
    except InputError as error:
        return gr.update(choices=[], value=None), _note(store_text("bad_date", lang, error=str(error)), "problems")
    choices = [(f"{p.title} · {p.updated_at.astimezone():%Y-%m-%d} · v{p.versions}", p.id) for p in found]
    note = store_text("found", lang, n=len(found)) if found else store_text("none_found", lang)
    return gr.update(choices=choices, value=choices[0][1] if choices else None), _note(note)


def open_plan(
    store: Store, plan_id: int | None, lang: Language = "en"
) -> tuple[Session | None, Kept, list[dict], str | None]:
    """A saved plan reopened: its conversation when it has one, else its newest version in a new session."""
    if plan_id is None:
        raise gr.Error(store_text("pick_plan", lang))
    token = store.conversation_of(plan_id)
    if token:
        session, kept, history, token = restore(store, token)
        if kept.plan_id == plan_id:
            return session, kept, history, token
    bundle = store.load(plan_id)
    plan = bundle.plans[0]
    session = Session(
        data=plan.profile.model_dump(mode="json", exclude_none=True, exclude={"sector", "in_place", "other_channels"}),
        kind=store.plan(plan_id).kind,
        language=plan.language,
        bundle=bundle,
        revision=1,
    )
    return session, Kept(plan_id, 1), [], token


def versions_view(store: Store, kept: Kept | None, lang: Language) -> tuple:
    """The kept plan's versions: what changed at each, and the two choosers of the side-by-side view."""
    if not kept or kept.plan_id is None:
        empty = gr.update(choices=[], value=None)
        return _note(store_text("no_saved_plan", lang)), empty, empty
    versions = store.versions(kept.plan_id)
    items = "".join(
        f"<li><b>v{v.number}</b> · {v.created_at.astimezone():%Y-%m-%d %H:%M} · {esc(v.cause or v.planner)}"
        + ("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in v.changes.lines()) + "</ul>" if v.number > 1 else "")
        + "</li>"
        for v in versions
    )
    choices = [(f"v{v.number}", v.number) for v in versions]
    first = choices[-2][1] if len(choices) > 1 else choices[0][1]
    return (
        f'<ol class="plan-versions">{items}</ol>',
        gr.update(choices=choices, value=first),
        gr.update(choices=choices, value=choices[-1][1]),
    )


def compare_versions(store: Store, kept: Kept | None, a: int | None, b: int | None, lang: Language) -> str:
    """Two versions of the kept plan side by side: model, FTE, roles, actions (changes marked)."""
    if not kept or kept.plan_id is None or a is None or b is None:
        return _note(store_text("no_saved_plan", lang))
    one, two = store.load(kept.plan_id, a), store.load(kept.plan_id, b)
    if not (one.team and two.team):
        lines = store.versions(kept.plan_id)[b - 1].changes.lines() if b > a else []
        return "<ul>" + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>"
    head = f"<p><b>v{a}</b> ↔ <b>v{b}</b></p>"
    return head + comparison_html(Comparison(one.team, two.team, f"v{a}", f"v{b}"), lang)


# -- share links -----------------------------------------------------------------------------------
def make_link(store: Store, kept: Kept | None, expiry: str, lang: Language, request: gr.Request | None = None) -> tuple:
    """A share link of the kept plan's newest version; the links list refreshed."""
    if not kept or kept.plan_id is None:
        return _note(store_text("no_saved_plan", lang)), links_choices(store, kept)
    link = store.share(kept.plan_id, expires=EXPIRIES.get(expiry))
    base = str(request.base_url) if request is not None else "/"
    url = f"{base.rstrip('/')}/share/{link.token}"
    until = store_text("link_until", lang, day=f"{link.expires_at.astimezone():%Y-%m-%d}") if link.expires_at else ""
    note = f'<p>{esc(store_text("link_made", lang))} {until}</p><p><code id="share-url">{esc(url)}</code></p>'
    return note, links_choices(store, kept)


def links_choices(store: Store, kept: Kept | None) -> Any:
    """The kept plan's active share links, for the revoke chooser."""
    if not kept or kept.plan_id is None:
        return gr.update(choices=[], value=None)
    active = [k for k in store.links(kept.plan_id) if k.active()]
    choices = [(f"v{k.number} · {k.created_at.astimezone():%Y-%m-%d %H:%M} · …{k.token[-6:]}", k.token) for k in active]
    return gr.update(choices=choices, value=choices[0][1] if choices else None)


def revoke_link(store: Store, kept: Kept | None, token: str | None, lang: Language) -> tuple:
    """Revoke the chosen link: from now on it shows nothing."""
    if not token:
        return _note(store_text("pick_link", lang)), links_choices(store, kept)
    store.revoke(token)
    return _note(store_text("link_revoked", lang)), links_choices(store, kept)


# -- feedback --------------------------------------------------------------------------------------
def send_feedback(
    store: Store, token: str | None, kept: Kept | None, about: str, rating: int, comment: str, lang: Language
) -> tuple[str, str]:
    """Thumbs and a comment on the kept plan's newest version, or on the chat's last answer."""
    if about == "answer":
        found = store.conversation(token)
        answers = [m for m in (found.messages if found else []) if m.role == "assistant"]
        if not answers:
            return _note(store_text("no_answer", lang)), comment
        store.add_feedback(rating, comment or "", message_id=answers[-1].id)
    elif kept and kept.plan_id is not None:
        store.add_feedback(rating, comment or "", plan_id=kept.plan_id)
    else:
        return _note(store_text("no_saved_plan", lang)), comment
    return _note(store_text("thanks", lang)), ""


def like_answer(store: Store, token: str | None, liked: gr.LikeData) -> None:
    """A thumb on one chat answer (the chat's own buttons), kept with that message."""
    found = store.conversation(token)
    text = text_of(liked.value)
    answers = [m for m in (found.messages if found else []) if m.role == "assistant" and m.content == text]
    if answers and isinstance(liked.liked, bool):
        store.add_feedback(1 if liked.liked else -1, message_id=answers[-1].id)


def _note(text: str, kind: str = "notice") -> str:
    role = "alert" if kind == "problems" else "status"
    return f'<div class="form-{kind}" role="{role}"><p>{safe(text)}</p></div>'


# -- the components --------------------------------------------------------------------------------
def build_tab(words: Words) -> dict[str, Any]:
    """The "My plans" tab's components by name (called inside the page's plan tabs)."""
    parts: dict[str, Any] = {}
    with words(gr.Tab, {"label": said("tab_plans")}, id="plans-tab", elem_id="plans-tab"):
        with gr.Row():
            parts["search"] = words(gr.Textbox, {"label": said("search")}, elem_id="plans-search", scale=2)
            parts["since"] = words(gr.Textbox, {"label": said("since"), "placeholder": said("date")}, elem_id="since")
            parts["until"] = words(gr.Textbox, {"label": said("until"), "placeholder": said("date")}, elem_id="until")
        parts["find"] = words(gr.Button, {"value": said("find")}, size="sm", elem_id="plans-find")
        parts["found"] = gr.HTML(elem_id="plans-found")
        parts["list"] = words(gr.Dropdown, {"label": said("plans")}, choices=[], elem_id="plans-list")
        parts["open"] = words(gr.Button, {"value": said("open")}, variant="primary", size="sm", elem_id="plans-open")
        words(gr.Markdown, {"value": lambda lang: f"### {store_text('versions', lang)}"})
        parts["versions"] = gr.HTML(elem_id="plan-versions")
        with gr.Row():
            parts["a"] = words(gr.Dropdown, {"label": said("version_a")}, choices=[], elem_id="version-a")
            parts["b"] = words(gr.Dropdown, {"label": said("version_b")}, choices=[], elem_id="version-b")
        parts["compare"] = words(gr.Button, {"value": said("compare_versions")}, size="sm", elem_id="versions-compare")
        parts["side_by_side"] = gr.HTML(elem_id="versions-side-by-side")
        words(gr.Markdown, {"value": lambda lang: f"### {store_text('sharing', lang)}"})
        with gr.Row():
            parts["expiry"] = words(
                gr.Dropdown,
                {
                    "label": said("expires"),
                    "choices": lambda lang: [(store_text(f"expiry_{k}", lang), k) for k in EXPIRIES],
                },
                value="week",
                elem_id="share-expiry",
            )
            parts["share"] = words(gr.Button, {"value": said("share")}, size="sm", elem_id="share-make")
        parts["link"] = gr.HTML(elem_id="share-link")
        with gr.Row():
            parts["links"] = words(gr.Dropdown, {"label": said("links")}, choices=[], elem_id="share-links")
            parts["revoke"] = words(gr.Button, {"value": said("revoke")}, size="sm", elem_id="share-revoke")
        words(gr.Markdown, {"value": lambda lang: f"### {store_text('feedback', lang)}"})
        parts["about"] = words(
            gr.Radio,
            {
                "label": said("about"),
                "choices": lambda lang: [(store_text(f"about_{k}", lang), k) for k in ("plan", "answer")],
            },
            value="plan",
            elem_id="feedback-about",
        )
        parts["comment"] = words(gr.Textbox, {"label": said("comment")}, lines=2, elem_id="feedback-comment")
        with gr.Row():
            parts["up"] = words(gr.Button, {"value": said("thumbs_up")}, size="sm", elem_id="feedback-up")
            parts["down"] = words(gr.Button, {"value": said("thumbs_down")}, size="sm", elem_id="feedback-down")
        parts["thanks"] = gr.HTML(elem_id="feedback-note")
    return parts


def wire(store: Store, app: gr.Blocks, page: dict[str, Any], tab: dict[str, Any]) -> None:
    """Connect the store's views to the page. `page` names the page's own parts: session, chatbot,
    drawn, switch (its language), the events after which a chat turn is kept (`chat_done`, a list:
    a message, a suggestion, a regenerated or edited answer), the form's (`form_done`) and the click
    on the page's "New conversation" (`new_done`: the page clears its session, chat and plan view
    itself; the store forgets the conversation), and `redraw`, the steps that show a session's plan
    (`.then` arguments, in order)."""
    browser, kept = browser_state(store), gr.State(Kept())
    session, chatbot, lang = page["session"], page["chatbot"], page["switch"]
    private: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
    listed = {
        "fn": partial(versions_view, store),
        "inputs": [kept, lang],
        "outputs": [tab["versions"], tab["a"], tab["b"]],
    }
    listed.update(private)

    def reopened(event):
        """After a session was replaced: the plan view redrawn, the versions listed."""
        for step in page["redraw"]:
            event = event.then(**step)
        return event.then(**listed)

    reopened(app.load(partial(_restore, store), browser, [session, kept, chatbot, browser, page["drawn"]], **private))
    for done in page["chat_done"]:
        done.then(partial(_after_chat, store), [browser, kept, session, chatbot], [browser, kept], **private).then(
            **listed
        )
    page["form_done"].then(partial(_after_form, store), [browser, kept, session], [browser, kept], **private).then(
        **listed
    )
    page["new_done"].then(new_conversation, None, [browser, kept], **private).then(**listed)
    tab["find"].click(
        partial(find_plans, store), [tab["search"], tab["since"], tab["until"], lang], [tab["list"], tab["found"]]
    )
    reopened(
        tab["open"]
        .click(partial(_open, store), [tab["list"], lang], [session, kept, chatbot, browser])
        .then(lambda: -1, None, page["drawn"], **private)
    )
    tab["compare"].click(partial(compare_versions, store), [kept, tab["a"], tab["b"], lang], tab["side_by_side"])
    tab["share"].click(partial(make_link, store), [kept, tab["expiry"], lang], [tab["link"], tab["links"]])
    tab["revoke"].click(partial(revoke_link, store), [kept, tab["links"], lang], [tab["thanks"], tab["links"]])
    for button, rating in ((tab["up"], 1), (tab["down"], -1)):
        button.click(
            partial(_feedback, store, rating),
            [browser, kept, tab["about"], tab["comment"], lang],
            [tab["thanks"], tab["comment"]],
        )

    def liked(value: Any, data: gr.LikeData) -> None:
        like_answer(store, token_of(value), data)

    chatbot.like(liked, browser, None, **private)


def _restore(store: Store, value: Any) -> tuple:
    session, kept, history, token = restore(store, token_of(value))
    drawn = -1 if session is not None else gr.skip()  # -1: the plan view is drawn from the restored session
    return session, kept, history, held(token), drawn


def _after_chat(store: Store, value: Any, kept: Kept | None, session: Session | None, history: list[dict] | None):
    token, kept = after_chat(store, token_of(value), kept, session, history)
    return held(token), kept


def _after_form(store: Store, value: Any, kept: Kept | None, session: Session | None):
    token, kept = after_form(store, token_of(value), kept, session)
    return held(token), kept


def _open(store: Store, plan_id: int | None, lang: Language) -> tuple:
    session, kept, history, token = open_plan(store, plan_id, lang)
    return session, kept, history, held(token)


def _feedback(store: Store, rating: int, value, kept, about, comment, lang) -> tuple[str, str]:
    try:
        return send_feedback(store, token_of(value), kept, about, rating, comment, lang)
    except OmniteamError as error:
        return _note(str(error), "problems"), comment
