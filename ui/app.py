"""The Gradio page: chat and form on the left, the plan view on the right, one session state.

`build_app(planner)` creates everything when called (nothing at import time) and wires the
plain handlers of `ui.handlers` to the components. `launch(app, ...)` starts it with the
page's theme and CSS, which Gradio 6 takes at launch time.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import gradio as gr

from assistant.chat.session import MESSAGE_MAX_CHARS
from assistant.chat.session import prepare as prepare_chat  # the chat's first-use loads, done at start
from assistant.knowledge import load_knowledge
from assistant.limits import Limits, get_limits
from assistant.planners import make_planner
from assistant.planners.base import Planner
from assistant.profile import CHALLENGE_MAX_CHARS
from assistant.render.formats import output_format
from assistant.store import Store
from assistant.terms import Language

from . import downloads as downloads_folder
from . import handlers, remember
from .views import PAGE_FORMATS, download_label, plan_view
from .words import LANGUAGES, Words, page_language, page_text

# Events that may run at once across all sessions: a slow model occupies one slot per session,
# so 20 managers waiting on a model still leave room for everyone else.
CONCURRENCY_LIMIT = 32
MAX_THREADS = 80

CSS = """
.gradio-container {max-width: 1500px !important}
#status {font-size: 0.9em}
#status p {margin: 0.2em 0}
#status details {color: #4b5563}
.form-problems, .form-notice {border-radius: 8px; padding: 6px 12px; margin: 4px 0}
.form-problems {color: #9f1239; background: #fff1f2; border: 1px solid #fecdd3}
.form-notice {color: #1e3a8a; background: #eff6ff; border: 1px solid #bfdbfe}
.form-problems p, .form-problems ul, .form-notice ul {margin: 0.2em 0}
.form-notice ul {list-style: none; padding-left: 0}
.omni-table {border-collapse: collapse; width: 100%; font-size: 0.88em; margin: 0.5em 0}
.omni-table th, .omni-table td {border: 1px solid var(--border-color-primary); padding: 6px 8px; vertical-align: top;
  text-align: left}
.om-table th.chosen, .om-table td.chosen {background: rgba(79, 70, 229, 0.12); border-left: 3px solid #4f46e5;
  border-right: 3px solid #4f46e5}
.badge {display: inline-block; margin-left: 6px; padding: 1px 7px; border-radius: 9px; background: #4f46e5;
  color: white; font-size: 0.8em; font-weight: 600}
.risk-matrix {border-collapse: collapse; margin: 0.5em 0 1em}
.risk-matrix th, .risk-matrix td {border: 1px solid var(--border-color-primary); padding: 8px 12px; min-width: 80px;
  text-align: center; font-weight: 600}
.heat-0 {background: #dcfce7} .heat-1 {background: #ecfccb} .heat-2 {background: #fef9c3}
.heat-3 {background: #fed7aa} .heat-4 {background: #fecaca}
.maturity .steps {display: flex; flex-wrap: wrap; gap: 6px; margin: 0.5em 0}
.maturity .step {flex: 1 1 130px; padding: 10px; border-radius: 8px; background: var(--background-fill-secondary);
  border: 1px solid var(--border-color-primary); font-size: 0.9em}
.maturity .step.is-now {background: #fef3c7; border-color: #d97706}
.maturity .step.is-target {background: rgba(79, 70, 229, 0.12); border-color: #4f46e5}
.scenario-table tr.changed td {background: #fff7ed}
.table-scroll {overflow-x: auto; max-width: 100%; container-type: inline-size}
.omni-table td, .omni-table th {overflow-wrap: normal; word-break: normal; hyphens: auto}
.om-table, .scenario-table {min-width: 560px}
.om-view {container-type: inline-size}
.om-card {padding: 8px 12px; border: 1px solid var(--border-color-primary); border-radius: 8px}
.om-card.chosen {background: rgba(79, 70, 229, 0.08); border: 2px solid #4f46e5}
.om-card h5 {margin: 0 0 4px}
.om-card dt {font-weight: 600; margin-top: 4px}
.om-card dd {margin: 0}
.chart-frame {margin: 0.5em 0 1em}
.chart-frame figcaption {display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 6px}
.chart-frame figcaption h4 {margin: 0}
.chart-tools {display: flex; flex-wrap: wrap; gap: 4px}
.chart-button {display: inline-flex; align-items: center; justify-content: center; gap: 4px; min-width: 34px;
  min-height: 32px; padding: 4px 8px; border: 1px solid #6366f1; border-radius: 6px; background: white;
  color: #3730a3; font-weight: 600; font-size: 0.9em; text-decoration: none; cursor: pointer; line-height: 1.2}
.chart-button .icon {flex: none}
.chart-view {overflow: auto; max-height: 75vh; border: 1px solid var(--border-color-primary); border-radius: 8px;
  cursor: grab; background: white; margin-top: 6px}
.chart-view svg {display: block; max-width: none; height: auto}
.chart-view:has(> .chart-layout[data-fill]:not([hidden])) {max-height: none}  /* a tall chart: the page scrolls */
.chart-layout {display: flex; width: max-content}
.chart-layout[hidden] {display: none}
.chart-part.pinned {position: sticky; left: 0; z-index: 1; background: white; box-shadow: 3px 0 4px -2px rgba(15, 23, 42, 0.2)}
.chart-frame.is-full {position: fixed; inset: 0; z-index: 1000; margin: 0; padding: 12px; background: white;
  display: flex; flex-direction: column}
.chart-frame.is-full .chart-view {max-height: none; flex: 1}
.chart-frame.is-full details {display: none}
html.chart-open body {overflow: hidden}
:focus-visible, input:focus-visible, textarea:focus-visible, .chart-view:focus {outline: 3px solid #4338ca !important;
  outline-offset: 2px}
.char-count {margin: 2px 4px 0; font-size: 0.85em; color: #4b5563; text-align: right}
.char-count.over, .chat-limit {color: #9f1239; font-weight: 600}
.chat-limit {margin: 2px 4px}
#chatbot .top-panel {display: none}  /* its trash button: "New conversation", in words, does it */
#chatbot .options {display: flex; flex-wrap: wrap; gap: 6px; justify-content: flex-start; margin: 4px 0 8px}
#chatbot .option {width: auto; max-width: 100%; padding: 5px 12px; border: 1px solid #a5b4fc; border-radius: 16px;
  background: #eef2ff; color: #3730a3; font-size: 0.9em; text-align: left}
#chatbot .example {border: 1px solid #a5b4fc; border-radius: 8px; background: #eef2ff; color: #1f2937}
footer {display: none !important}
.progress-text, .eta-bar, .meta-text, .meta-text-center, .timer {display: none !important}
#page-language {flex-grow: 0}
#page-title {min-width: min(100%, 320px) !important}
#page-title h1 {overflow-wrap: normal; word-break: normal; hyphens: manual}
"""

# On a phone the page's side margins shrink; below 600 px a table of long texts reads as cards (one per
# row, each cell named by its column) and the operating models as one card each. Gradio drops @container
# rules from `css` and its padding wins over a plain rule there, so these go in the head.
NARROW_CSS = """<style>
@media (max-width: 640px) {.gradio-container .main.app {padding-left: 8px !important; padding-right: 8px !important}}
.gradio-container .om-cards {display: none}
.gradio-container #chatbot .message-buttons button:is([data-action=retry], [data-action=undo]) {width: auto !important;
  padding: 0 6px !important; display: inline-flex; align-items: center; flex: none !important}
.gradio-container #chatbot .message-buttons .icon-button-wrapper {width: auto !important; max-width: none !important}
.gradio-container #chatbot .message-buttons button:is([data-action=retry], [data-action=undo])::before {
  content: attr(title); order: 1; margin-left: 4px; font-size: 12px; white-space: nowrap}
.gradio-container #page-language .wrap {flex-direction: row !important; flex-wrap: nowrap !important}
@container (max-width: 600px) {
  .gradio-container .om-wide {display: none}
  .gradio-container .om-cards {display: grid; gap: 8px}
  .gradio-container table.cards, .gradio-container table.cards :is(tbody, tr, td, th) {display: block;
    min-width: 0 !important; width: auto !important}
  .gradio-container table.cards {border: none !important; margin: 0}
  .gradio-container table.cards thead {position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%)}
  .gradio-container table.cards tr {border: 1px solid var(--border-color-primary) !important; border-radius: 8px;
    margin: 0 0 8px; padding: 6px 10px}
  .gradio-container table.cards tr.changed {background: #fff7ed}
  .gradio-container table.cards :is(td, th) {border: none !important; padding: 2px 0 !important;
    background: none !important}
  .gradio-container table.cards :is(th, td:not([data-label])) {font-weight: 700}
  .gradio-container table.cards td[data-label]::before {content: attr(data-label) ": "; font-weight: 600}
  .gradio-container .risk-matrix {width: 100%; table-layout: fixed}
  .gradio-container .risk-matrix :is(th, td) {min-width: 0; padding: 6px 2px; font-size: 0.8em;
    overflow-wrap: anywhere}
}
</style>"""

# The charts' toolbar (zoom, fit, full screen, PNG export) and drag-to-pan, by event delegation so it
# works for every chart the plan view draws later.
SCRIPT = """<script>
(() => {
  const size = (svg) => svg.viewBox.baseVal;
  const view = (frame) => frame.querySelector('.chart-view');
  const shown = (frame) => frame.querySelector('.chart-layout:not([hidden])');
  const parts = (layout) => [...layout.querySelectorAll('svg')];
  const natural = (layout) => parts(layout).reduce((width, svg) => width + size(svg).width, 0);
  const least = (frame) => parseFloat(frame.dataset.minZoom || '1');
  const room = (frame) => view(frame).clientWidth - 2;
  const zoom = (frame, z) => {
    frame.dataset.zoom = z;
    parts(shown(frame)).forEach((svg) => {
      svg.style.width = (size(svg).width * z) + 'px';
      svg.style.height = (size(svg).height * z) + 'px';
    });
  };
  // The first layout that fits the frame with its labels readable, else the last one (a tall org chart,
  // a Gantt whose weeks scroll beside its labels); a layout marked data-fill is zoomed to the frame's width.
  const fit = (frame) => {
    const layouts = [...frame.querySelectorAll('.chart-layout')];
    const chosen = layouts.find((l) => natural(l) * least(frame) <= room(frame)) || layouts[layouts.length - 1];
    layouts.forEach((l) => { l.hidden = l !== chosen; });
    const most = frame.classList.contains('is-full') ? 2 : 1, ratio = room(frame) / natural(chosen);
    return Math.min(most, 'fill' in chosen.dataset ? ratio : Math.max(least(frame), ratio));
  };
  const full = (frame, on) => {
    const button = frame.querySelector('[data-chart=full]');
    frame.classList.toggle('is-full', on);
    document.documentElement.classList.toggle('chart-open', on);
    button.setAttribute('aria-pressed', String(on));
    button.querySelector('span').textContent = on ? button.dataset.close : button.dataset.open;
    zoom(frame, fit(frame));
    button.focus();
  };
  const png = (frame, name) => {
    const svg = frame.querySelector('a[download$=".svg"]').href, img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth * 2; canvas.height = img.naturalHeight * 2;
      canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((blob) => {
        const a = document.createElement('a');
        a.href = URL.createObjectURL(blob); a.download = name; a.click();
      });
    };
    img.src = svg;
  };
  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-chart]');
    if (!button) return;
    const frame = button.closest('.chart-frame'), z = parseFloat(frame.dataset.zoom || '1');
    const action = button.dataset.chart;
    if (action === 'in') zoom(frame, Math.min(4, z * 1.25));
    else if (action === 'out') zoom(frame, Math.max(0.25, z / 1.25));
    else if (action === 'fit') zoom(frame, fit(frame));
    else if (action === 'full') full(frame, !frame.classList.contains('is-full'));
    else if (action === 'png') png(frame, button.dataset.name);
  });
  // "See the plan" under a chat reply: the plan view is scrolled to (below the chat on a phone) and its tab focused.
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[href$="#plan-view"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    document.getElementById('plan-view').scrollIntoView({behavior: 'smooth', block: 'start'});
    const tab = document.querySelector('#plan-tabs [role=tab][aria-selected=true]');
    if (tab) tab.focus({preventScroll: true});
  }, true);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') document.querySelectorAll('.chart-frame.is-full').forEach((f) => full(f, false));
  });
  let drag = null;
  document.addEventListener('pointerdown', (event) => {
    const view = event.target.closest('.chart-view');
    if (view && event.pointerType === 'mouse') {
      drag = {view, x: event.clientX, y: event.clientY, left: view.scrollLeft, top: view.scrollTop};
    }
  });
  document.addEventListener('pointermove', (event) => {
    if (!drag) return;
    drag.view.scrollLeft = drag.left - (event.clientX - drag.x);
    drag.view.scrollTop = drag.top - (event.clientY - drag.y);
  });
  document.addEventListener('pointerup', () => { drag = null; });
  const autofit = () => document.querySelectorAll('.chart-frame:not([data-zoom])').forEach((frame) => {
    if (view(frame).clientWidth) zoom(frame, fit(frame));
  });
  // A radio group is one tab stop (arrow keys move inside it): its inputs share one name.
  const groupRadios = () => document.querySelectorAll('fieldset').forEach((group, i) => {
    const name = group.id || 'radio-group-' + i;
    group.querySelectorAll('input[type=radio]').forEach((input) => { if (input.name !== name) input.name = name; });
  });
  // A live count of characters under a text box with a limit (a box over it keeps the text and says so).
  const LIMITS = __LIMITS__, OVER = __OVER__;
  const counted = () => Object.entries(LIMITS).forEach(([id, limit]) => {
    const box = document.querySelector('#' + id + ' textarea');
    if (!box) return;
    let count = document.getElementById(id + '-count');
    if (!count) {
      count = Object.assign(document.createElement('p'), {id: id + '-count', className: 'char-count'});
      box.closest('#' + id).append(count);
      box.setAttribute('aria-describedby', count.id);
    }
    const lang = document.documentElement.lang === 'pl' ? 'pl' : 'en', n = box.value.length;
    const said = n.toLocaleString(lang) + ' / ' + limit.toLocaleString(lang) + (n > limit ? ' — ' + OVER[lang] : '');
    if (count.textContent !== said) count.textContent = said;
    count.classList.toggle('over', n > limit);
  });
  // The chat's own buttons under a message, said in the page's language (Gradio says them in the browser's)
  // and marked by what they do; the input box named by its label alone (not "… Send").
  const ACTIONS = __ACTIONS__, SAID = __SAID__;
  const chatWords = () => {
    const lang = document.documentElement.lang === 'pl' ? 'pl' : 'en';
    document.querySelectorAll('#chatbot .message-buttons button').forEach((button) => {
      button.dataset.action ||= ACTIONS[button.getAttribute('aria-label')] || 'other';
      const said = SAID[lang][button.dataset.action];
      if (said && button.getAttribute('aria-label') !== said) {
        button.setAttribute('aria-label', said);
        button.title = said;
      }
    });
    const box = document.querySelector('#chat-input textarea'), name = document.querySelector('#chat-input [data-testid=block-info]');
    if (box && name && box.getAttribute('aria-label') !== name.textContent) box.setAttribute('aria-label', name.textContent);
  };
  document.addEventListener('input', counted);
  setInterval(counted, 400);  // the page also sets a box's text itself (cleared after sending, an undone message)
  let queued = false;  // the page's changes come in bursts (a streamed reply): handled once a frame
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; autofit(); groupRadios(); chatWords(); });
  })
    .observe(document.documentElement, {childList: true, subtree: true, attributes: true, attributeFilter: ['name']});
  let width = window.innerWidth;
  window.addEventListener('resize', () => {
    if (window.innerWidth === width) return;  // a phone's toolbar showing or hiding: nothing to refit
    width = window.innerWidth;
    document.querySelectorAll('.chart-frame').forEach((f) => { if (view(f).clientWidth) zoom(f, fit(f)); });
  });
})();
</script>"""

# Gradio's names for the buttons under a chat message, in English and Polish browsers: what each does.
GRADIO_CHAT_BUTTONS = {
    "Retry": "retry",
    "Spróbuj ponownie": "retry",
    "Undo": "undo",
    "Cofnij": "undo",
    "Edit": "edit",
    "Edytuj": "edit",
    "Copy message": "copy",
    "Kopiuj wiadomość": "copy",
}
EXAMPLES = (1, 2, 3)  # the empty chat's example openings (page_texts.yaml example_N, example_N_short)


def chat_examples(lang: Language) -> list[dict[str, str]]:
    """The empty chat's examples in `lang`: a short line shown, the whole opening sent when clicked."""
    return [
        {"text": page_text(f"example_{n}", lang), "display_text": page_text(f"example_{n}_short", lang)}
        for n in EXAMPLES
    ]


# <html lang> for screen readers and hyphenation; data-said tells tests the page's words are in place
SET_HTML_LANG = "(lang) => { document.documentElement.lang = lang; document.documentElement.dataset.said = lang; }"


def build_app(
    planner: Planner | None = None,
    lang: Language | None = None,
    limits: Limits | None = None,
    store: Store | None = None,
) -> gr.Blocks:
    """The whole page, bound to `planner` and `limits` (the configured ones when None, read once here).
    Its words are in `lang` for every visitor when it is given (`omniteam ui --lang`), else in each
    visitor's browser language (English for browsers that ask for neither English nor Polish);
    the language switch at the top changes them. With a `store`, the page remembers (`ui.remember`)."""
    planner = planner or make_planner()
    limits = limits or get_limits()
    downloads_folder.prepare()
    prepare_chat(planner)
    words = Words(lang or "en")
    with gr.Blocks(title="omniteam", fill_width=True, analytics_enabled=False) as app:  # nothing sent anywhere
        session = gr.State(None)
        drawn = gr.State(0)  # the session revision the plan view shows
        with gr.Row(equal_height=False):
            words(
                gr.Markdown,
                {"value": lambda lang: f"# {page_text('title', lang)}\n{page_text('intro', lang)}"},
                elem_id="page-title",
            )
            switch = words(
                gr.Radio,
                {"label": "page_language"},
                choices=[("English", "en"), ("Polski", "pl")],
                value=words.lang,
                elem_id="page-language",
                scale=0,
                min_width=250,
            )
        with gr.Row(equal_height=False):
            with gr.Column(scale=2, min_width=320):
                with gr.Tabs(elem_id="input-tabs", overflow_behavior="wrap"):
                    with words(gr.Tab, {"label": "tab_chat"}, id="chat-tab", elem_id="chat-tab"):
                        chatbot = words(
                            gr.Chatbot,
                            {"label": "tab_chat", "placeholder": "welcome", "examples": chat_examples},
                            elem_id="chatbot",
                            height=520,
                            show_label=False,
                            buttons=["copy"],
                            editable="user",
                        )
                        chat_input = words(
                            gr.Textbox,
                            {"label": "chat_label", "placeholder": "chat_placeholder", "submit_btn": "send"},
                            elem_id="chat-input",
                            show_label=False,
                            lines=1,
                            max_lines=6,
                            stop_btn=False,
                        )
                        chat_notice = gr.HTML(elem_id="chat-notice")
                        new_chat = words(
                            gr.Button, {"value": "new_chat"}, elem_id="new-conversation", size="sm", variant="secondary"
                        )
                    with words(gr.Tab, {"label": "tab_form"}, id="form-tab", elem_id="form-tab"):
                        form = _form(words)
            with gr.Column(scale=3, min_width=320, elem_id="plan-view"):
                status = gr.HTML(elem_id="status", label="Status")
                profile = gr.Markdown(elem_id="profile-summary", label="Company")
                with gr.Tabs(elem_id="plan-tabs", overflow_behavior="wrap") as plan_tabs:
                    with words(gr.Tab, {"label": "tab_plan"}, id="plan-tab", elem_id="plan-tab"):
                        org = gr.HTML(plan_view(None, words.lang).org_chart, elem_id="org-chart", label="Org chart")
                        gantt = gr.HTML(elem_id="gantt", label="Gantt")
                        models = gr.HTML(elem_id="operating-models", label="Operating models")
                        maturity = gr.HTML(elem_id="maturity", label="Maturity")
                    with words(gr.Tab, {"label": "tab_risks"}, id="risks-tab", elem_id="risks-tab"):
                        risks = gr.HTML(elem_id="risks", label="Risks")
                        kpis = gr.Markdown(elem_id="kpis", label="KPIs")
                    with words(gr.Tab, {"label": "tab_skills"}, id="skills-tab", elem_id="skills-tab"):
                        skills = gr.Markdown(elem_id="skills-plan", label="Skills plan")
                    with words(gr.Tab, {"label": "tab_text"}, id="text-tab", elem_id="text-tab"):
                        text = gr.Markdown(elem_id="plan-text", label="Plan text", buttons=["copy"])
                    with words(
                        gr.Tab, {"label": "tab_scenarios"}, id="scenarios-tab", elem_id="scenarios-tab"
                    ) as scenarios_tab:
                        scenario = _scenarios(words)
                    saved = remember.build_tab(words) if store else None
                with gr.Row():
                    downloads = [
                        gr.DownloadButton(
                            download_label(name),
                            elem_id=f"download-{output_format(name).extension}",
                            size="sm",
                            interactive=False,
                        )  # enabled with a file
                        for name in PAGE_FORMATS
                    ]
        view = [status, profile, org, gantt, models, risks, kpis, maturity, text, skills]
        form_fields = [
            form[name]
            for name in (
                "employees",
                "industry",
                "channels",
                "challenge",
                "kind",
                "language",
                "team_size",
                "team_level",
                "goal",
            )
        ]
        said = [switch, form["language"], org, *words.components]
        enable_downloads = {
            "fn": handlers.enable_downloads,
            "inputs": session,
            "outputs": downloads,
            "show_progress": "hidden",
            "api_visibility": "private",
        }

        def greet(session: Any, request: gr.Request) -> tuple:
            """The page in the language asked for on the command line, else in the visitor's browser language."""
            return handlers.say_page(words, page_language(lang, request.headers.get("accept-language")), session)

        app.load(greet, [session], said, api_visibility="private").then(None, switch, None, js=SET_HTML_LANG)
        switch.input(partial(handlers.say_page, words), [switch, session], said, api_visibility="private").then(
            None, switch, None, js=SET_HTML_LANG
        )
        redraw = [
            {
                "fn": handlers.refresh_on_page,
                "inputs": [session, drawn, switch],
                "outputs": [drawn, *form_fields, *view, *downloads],
                "api_visibility": "private",
            },
            {"fn": handlers.downloads, "inputs": session, "outputs": downloads, "api_visibility": "private"},
            enable_downloads,
        ]
        form_done = (
            form["submit"]
            .click(
                partial(handlers.submit_form_on_page, planner),
                [session, switch, *form_fields],
                [session, drawn, form["message"], *view, *downloads],
                api_name="plan",
            )
            .then(handlers.downloads, session, downloads, api_name="downloads")
            .then(**enable_downloads)
        )
        choices_b = [scenario["model_b"], scenario["employees_b"]]
        scenario["submit"].click(
            handlers.compare_scenarios, [session, *choices_b, switch], scenario["result"], api_name="compare"
        )
        scenarios_tab.select(
            handlers.open_scenarios,
            [session, *choices_b, switch],
            [scenario["model_b"], scenario["result"]],
            api_visibility="private",
            show_progress="hidden",  # a comparison offline is quick: no fading of the tab meanwhile
        )
        chat_outputs = [chatbot, chat_input, session, chat_notice]
        what_if = {
            "fn": handlers.show_what_if,
            "inputs": session,
            "outputs": [plan_tabs, *choices_b, scenario["result"]],
            "api_visibility": "private",
            "show_progress": "hidden",
        }

        def then_refresh(event: Any, public: bool = False) -> Any:
            """After a chat event: the form and, if the plan changed, the plan view, then its files; a
            "what if …?" opens the Scenarios tab on its comparison. Returns the last step."""
            first = {**redraw[0], "api_name": "refresh", "api_visibility": "public"} if public else redraw[0]
            for step in [first, *redraw[1:], what_if]:
                event = event.then(**step)
            return event

        sent = chat_input.submit(
            partial(handlers.chat_turn, planner, limits=limits),
            [chat_input, chatbot, session, switch],
            chat_outputs,
            api_name="chat",
        )
        chat_done = [then_refresh(sent, public=True)]  # turns the store keeps (`ui.remember`)

        # Gradio finds an event's data by the handler's own type hints (a partial has none to read).
        def pick(history: Any, session: Any, page: str, picked: gr.SelectData) -> Iterator[tuple]:
            yield from handlers.chat_pick(planner, history, session, page, picked, limits)

        def edit(history: Any, session: Any, page: str, edited: gr.EditData) -> Iterator[tuple]:
            yield from handlers.chat_edit(planner, history, session, page, edited, limits)

        turns = [sent]
        replies: tuple[tuple[Any, Any], ...] = (
            (chatbot.option_select, pick),
            (chatbot.example_select, pick),
            (chatbot.retry, partial(handlers.chat_retry, planner, limits=limits)),
            (chatbot.edit, edit),
        )
        for trigger, handler in replies:
            turns.append(trigger(handler, [chatbot, session, switch], chat_outputs, api_visibility="private"))
            chat_done.append(then_refresh(turns[-1]))
        then_refresh(
            chatbot.undo(handlers.chat_undo, [chatbot, session, switch], chat_outputs, api_visibility="private")
        )
        then_refresh(
            chatbot.clear(handlers.new_conversation, [session, switch], chat_outputs, api_visibility="private")
        )
        new_done = new_chat.click(handlers.new_conversation, [session, switch], chat_outputs, api_visibility="private")
        then_refresh(new_done)
        then_refresh(
            chat_input.stop(
                handlers.chat_stop, [chatbot, session, switch], chat_outputs, cancels=turns, api_visibility="private"
            )
        )
        app.unload(handlers.forget_downloads)
        if store and saved:
            parts = {"session": session, "chatbot": chatbot, "drawn": drawn, "switch": switch, "redraw": redraw}
            events = {"chat_done": chat_done, "form_done": form_done, "new_done": new_done}
            remember.wire(store, app, {**parts, **events}, saved)
    app.queue(default_concurrency_limit=CONCURRENCY_LIMIT)
    return app


def _form(words: Words) -> dict[str, Any]:
    """The form's components by name, their words said through `words`."""
    from assistant.words.vocab import CHANNEL_LABELS

    label = load_knowledge().label
    fields: dict[str, Any] = {
        "employees": words(
            gr.Textbox, {"label": "employees", "placeholder": "employees_placeholder"}, elem_id="employees"
        ),
        "industry": words(gr.Textbox, {"label": "industry", "placeholder": "industry_placeholder"}, elem_id="industry"),
        "channels": words(
            gr.Dropdown,
            {
                "label": "channels",
                "choices": lambda lang: [(names[lang], channel.value) for channel, names in CHANNEL_LABELS.items()],
            },
            multiselect=True,
            elem_id="channels",
        ),
        "challenge": words(
            gr.Textbox,
            {"label": "challenge", "info": words.t("challenge_info", limit=CHALLENGE_MAX_CHARS)},
            lines=3,
            elem_id="challenge",
        ),
    }
    with gr.Row():
        fields["kind"] = words(
            gr.Radio,
            {
                "label": "kind",
                "choices": lambda lang: [
                    (page_text(f"kind_{kind}", lang), kind) for kind in ("team", "skills", "both")
                ],
            },
            value="team",
            elem_id="kind",
        )
        fields["language"] = words(
            gr.Radio,
            {"label": "language"},
            choices=[("English", "en"), ("Polski", "pl")],
            value=words.lang,
            elem_id="language",
        )
    with words(gr.Accordion, {"label": "skills_details"}, open=False):
        fields["team_size"] = words(
            gr.Textbox, {"label": "team_size", "placeholder": "team_size_placeholder"}, elem_id="team-size"
        )
        fields["team_level"] = words(
            gr.Dropdown,
            {
                "label": "team_level",
                "choices": lambda lang: [
                    (label(f"team_level_{level}", lang), level) for level in ("junior", "mixed", "senior")
                ],
            },
            elem_id="team-level",
        )
        fields["goal"] = words(gr.Textbox, {"label": "goal"}, elem_id="goal")
    fields["message"] = gr.HTML(elem_id="form-message")
    fields["submit"] = words(gr.Button, {"value": "plan_button"}, variant="primary", elem_id="plan-button")
    return fields


def _scenarios(words: Words) -> dict[str, Any]:
    """The scenario comparison's components by name (the plan on screen is A; these choose B), their
    words said through `words`."""
    label = load_knowledge().label

    def models(lang: Language) -> list[tuple[str, str]]:
        return [(page_text("auto_model", lang), "auto")] + [
            (label(f"model_{m}", lang).lower(), m) for m in ("centralized", "decentralized", "hybrid")
        ]

    words(gr.Markdown, {"value": "scenarios_intro"})
    parts: dict[str, Any] = {}
    with gr.Row():
        parts["model_b"] = words(
            gr.Dropdown, {"choices": models, "label": "model_choice"}, value="centralized", elem_id="model-b"
        )
        parts["employees_b"] = words(
            gr.Textbox,
            {"label": "employees_choice", "placeholder": "employees_placeholder_variant"},
            elem_id="employees-b",
        )
    parts["submit"] = words(gr.Button, {"value": "compare"}, elem_id="compare-button")
    parts["result"] = gr.HTML(elem_id="scenario-result")
    return parts


def launch(app: gr.Blocks, store: Store | None = None, **options: Any) -> tuple:
    """Start the app with the page's theme and CSS (Gradio 6 takes them at launch) and, with a
    `store`, the read-only share pages beside it (`ui.share`), routed before the app's own."""
    options.setdefault("max_threads", MAX_THREADS)
    if store is not None:
        from .share import share_routes

        options["app_kwargs"] = {**options.get("app_kwargs", {}), "routes": share_routes(store)}
    return app.launch(theme=theme(), css=CSS, head=head(), **options)


def head() -> str:
    """The page's head: the CSS Gradio would drop and the script, with the text boxes' limits and words."""
    facts = {
        "__LIMITS__": {"chat-input": MESSAGE_MAX_CHARS, "challenge": CHALLENGE_MAX_CHARS},
        "__OVER__": {lang: page_text("count_over", lang) for lang in LANGUAGES},
        "__ACTIONS__": GRADIO_CHAT_BUTTONS,
        "__SAID__": {
            lang: {a: page_text(f"chat_{a}", lang) for a in set(GRADIO_CHAT_BUTTONS.values())} for lang in LANGUAGES
        },
    }
    script = SCRIPT
    for marker, value in facts.items():
        script = script.replace(marker, json.dumps(value, ensure_ascii=False))
    return NARROW_CSS + script


def theme() -> gr.themes.Base:
    """Gradio's Soft theme in indigo, one shade darker where its text would miss WCAG AA contrast (4.5:1)."""
    return gr.themes.Soft(primary_hue="indigo").set(
        block_label_text_color="*primary_700",
        block_title_text_color="*primary_700",
        color_accent="*primary_600",
        block_info_text_color="*neutral_600",
        checkbox_label_background_fill_selected="*primary_600",
        button_primary_background_fill="*primary_600",
        button_primary_background_fill_hover="*primary_700",
    )


@contextmanager
def running(planner: Planner | None = None, lang: Language | None = None, store: Store | None = None) -> Iterator[str]:
    """The app served on a free loopback port for the duration of the block; yields its URL.

    For tests and benchmarks: no share link, no browser (and, as always, no analytics).
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = build_app(planner, lang, store=store)
    launch(app, store, server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, share=False)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()
