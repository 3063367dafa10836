"""The Gradio page: chat and form on the left, the plan view on the right, one session state.

`build_app(planner)` creates everything when called (nothing at import time) and wires the
plain handlers of `ui.handlers` to the components. `launch(app, ...)` starts it with the
page's theme and CSS, which Gradio 6 takes at launch time.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import gradio as gr

from assistant.chat.session import MESSAGE_MAX_CHARS
from assistant.chat.session import prepare as prepare_chat  # the chat's first-use loads, done at start
from assistant.knowledge import load_knowledge
from assistant.limits import get_limits
from assistant.planners.base import Planner
from assistant.profile import CHALLENGE_MAX_CHARS
from assistant.render.formats import output_format
from assistant.terms import Language

from . import downloads as downloads_folder
from . import handlers
from .views import PAGE_FORMATS, plan_view
from .words import Words, page_text, visitor_language

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
.maturity .steps {display: flex; gap: 6px; margin: 0.5em 0}
.maturity .step {flex: 1; padding: 10px; border-radius: 8px; background: var(--background-fill-secondary);
  border: 1px solid var(--border-color-primary); font-size: 0.9em}
.maturity .step.is-now {background: #fef3c7; border-color: #d97706}
.maturity .step.is-target {background: rgba(79, 70, 229, 0.12); border-color: #4f46e5}
.scenario-table tr.changed td {background: #fff7ed}
.table-scroll {overflow-x: auto; max-width: 100%}
.omni-table td, .omni-table th {overflow-wrap: normal; word-break: normal; hyphens: auto}
.om-table, .scenario-table {min-width: 560px}
.chart-frame {margin: 0.5em 0 1em}
.chart-frame figcaption {display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 6px}
.chart-frame figcaption h4 {margin: 0}
.chart-tools {display: flex; gap: 4px}
.chart-button {min-width: 34px; padding: 4px 8px; border: 1px solid #6366f1; border-radius: 6px; background: white;
  color: #3730a3; font-weight: 600; text-decoration: none; cursor: pointer; line-height: 1.2}
.chart-view {overflow: auto; max-height: 75vh; border: 1px solid var(--border-color-primary); border-radius: 8px;
  cursor: grab; background: white; margin-top: 6px}
.chart-view svg {display: block; max-width: none; height: auto}
.chart-frame:fullscreen {background: white; padding: 1em; overflow: auto}
.chart-frame:fullscreen .chart-view {max-height: none; height: calc(100vh - 7em)}
:focus-visible, input:focus-visible, textarea:focus-visible, .chart-view:focus {outline: 3px solid #4338ca !important;
  outline-offset: 2px}
footer {display: none !important}
.progress-text, .eta-bar, .meta-text, .meta-text-center, .timer {display: none !important}
#page-language {flex-grow: 0}
#page-title {min-width: min(100%, 320px) !important}
#page-title h1 {overflow-wrap: normal; word-break: normal; hyphens: manual}
"""

# The charts' toolbar (zoom, fit, full screen, PNG export) and drag-to-pan, by event delegation so it
# works for every chart the plan view draws later.
SCRIPT = """<script>
(() => {
  const size = (svg) => svg.viewBox.baseVal;
  const zoom = (frame, z) => {
    const svg = frame.querySelector('.chart-view svg');
    frame.dataset.zoom = z;
    svg.style.width = (size(svg).width * z) + 'px';
    svg.style.height = (size(svg).height * z) + 'px';
  };
  const png = (svg, name) => {
    const copy = svg.cloneNode(true); copy.removeAttribute('style');
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = size(svg).width * 2; canvas.height = size(svg).height * 2;
      canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((blob) => {
        const a = document.createElement('a');
        a.href = URL.createObjectURL(blob); a.download = name; a.click();
      });
    };
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(copy));
  };
  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-chart]');
    if (!button) return;
    const frame = button.closest('.chart-frame'), view = frame.querySelector('.chart-view');
    const svg = view.querySelector('svg'), z = parseFloat(frame.dataset.zoom || '1');
    const action = button.dataset.chart;
    if (action === 'in') zoom(frame, Math.min(4, z * 1.25));
    else if (action === 'out') zoom(frame, Math.max(0.25, z / 1.25));
    else if (action === 'fit') zoom(frame, fit(frame));
    else if (action === 'full') document.fullscreenElement ? document.exitFullscreen() : frame.requestFullscreen();
    else if (action === 'png') png(svg, button.dataset.name);
  });
  let drag = null;
  document.addEventListener('pointerdown', (event) => {
    const view = event.target.closest('.chart-view');
    if (view) drag = {view, x: event.clientX, y: event.clientY, left: view.scrollLeft, top: view.scrollTop};
  });
  document.addEventListener('pointermove', (event) => {
    if (!drag) return;
    drag.view.scrollLeft = drag.left - (event.clientX - drag.x);
    drag.view.scrollTop = drag.top - (event.clientY - drag.y);
  });
  document.addEventListener('pointerup', () => { drag = null; });
  const fit = (frame) => {
    const view = frame.querySelector('.chart-view'), svg = view.querySelector('svg');
    const least = parseFloat(frame.dataset.minZoom || '1');
    return Math.min(1, Math.max(least, (view.clientWidth - 2) / size(svg).width));
  };
  const autofit = () => document.querySelectorAll('.chart-frame:not([data-zoom])').forEach((frame) => {
    if (frame.querySelector('.chart-view').clientWidth) zoom(frame, fit(frame));
  });
  // A radio group is one tab stop (arrow keys move inside it): its inputs share one name.
  const groupRadios = () => document.querySelectorAll('fieldset').forEach((group, i) => {
    const name = group.id || 'radio-group-' + i;
    group.querySelectorAll('input[type=radio]').forEach((input) => { if (input.name !== name) input.name = name; });
  });
  new MutationObserver(() => { autofit(); groupRadios(); })
    .observe(document.documentElement, {childList: true, subtree: true, attributes: true, attributeFilter: ['name']});
  window.addEventListener('resize', () => document.querySelectorAll('.chart-frame').forEach((f) => zoom(f, fit(f))));
})();
</script>"""

LABELS = {"markdown": "Markdown"}  # download buttons: the format's name in capitals otherwise
CHAT_EXAMPLES = [
    "We are a fashion retailer with 300 employees, selling in stores, online and on Allegro. "
    "Our biggest problem: stores and e-commerce compete for the same customers.",
    "Jesteśmy siecią aptek, zatrudniamy 1200 osób. Sprzedajemy w aptekach, w sklepie internetowym i przez "
    "aplikację. Największy problem: każdy dział ma własne cele i nikt nie dzieli się danymi.",
]
# <html lang> for screen readers and hyphenation; data-said tells tests the page's words are in place
SET_HTML_LANG = "(lang) => { document.documentElement.lang = lang; document.documentElement.dataset.said = lang; }"


def build_app(planner: Planner | None = None, lang: Language = "en") -> gr.Blocks:
    """The whole page, bound to `planner` (the configured default when None). Its words follow each
    visitor's browser language (`lang` for browsers that ask for neither English nor Polish) and
    the language switch at the top."""
    if planner is None:
        from assistant.planners import make_planner

        planner = make_planner()
    downloads_folder.prepare()
    prepare_chat(planner)
    words = Words(lang)
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
                value=lang,
                elem_id="page-language",
                scale=0,
                min_width=200,
            )
        with gr.Row(equal_height=False):
            with gr.Column(scale=2, min_width=320):
                with gr.Tabs(elem_id="input-tabs"):
                    with words(gr.Tab, {"label": "tab_chat"}, id="chat-tab", elem_id="chat-tab"):
                        chatbot = words(
                            gr.Chatbot, {"label": "tab_chat"}, elem_id="chatbot", height=520, buttons=["copy"]
                        )
                        chat_input = words(
                            gr.Textbox,
                            {"placeholder": words.t("chat_placeholder", limit=MESSAGE_MAX_CHARS), "submit_btn": "send"},
                            elem_id="chat-input",
                            show_label=False,
                            lines=1,
                            max_lines=6,
                        )
                        examples = gr.Examples(CHAT_EXAMPLES, inputs=chat_input, label=page_text("try", lang))
                        words.parts.append((examples.dataset, {"label": "try"}))
                    with words(gr.Tab, {"label": "tab_form"}, id="form-tab", elem_id="form-tab"):
                        form = _form(words)
            with gr.Column(scale=3, min_width=320):
                status = gr.HTML(elem_id="status", label="Status")
                profile = gr.Markdown(elem_id="profile-summary", label="Company")
                with gr.Tabs(elem_id="plan-tabs"):
                    with words(gr.Tab, {"label": "tab_plan"}, id="plan-tab", elem_id="plan-tab"):
                        org = gr.HTML(plan_view(None, lang).org_chart, elem_id="org-chart", label="Org chart")
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
                    with words(gr.Tab, {"label": "tab_scenarios"}, id="scenarios-tab", elem_id="scenarios-tab"):
                        scenario = _scenarios(words)
                with gr.Row():
                    downloads = [
                        gr.DownloadButton(
                            LABELS.get(name, name.upper()),
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
            """The page in the visitor's browser language."""
            return handlers.say_page(words, visitor_language(request.headers.get("accept-language"), lang), session)

        app.load(greet, [session], said, api_visibility="private").then(None, switch, None, js=SET_HTML_LANG)
        switch.input(partial(handlers.say_page, words), [switch, session], said, api_visibility="private").then(
            None, switch, None, js=SET_HTML_LANG
        )
        chat_input.submit(
            partial(handlers.chat_turn, planner, limits=get_limits()),
            [chat_input, chatbot, session],
            [chatbot, chat_input, session],
            api_name="chat",
        ).then(
            handlers.refresh_on_page, [session, drawn], [drawn, *form_fields, *view, *downloads], api_name="refresh"
        ).then(handlers.downloads, session, downloads, api_name="chat_downloads", api_visibility="private").then(
            **enable_downloads
        )
        form["submit"].click(
            partial(handlers.submit_form_on_page, planner),
            [session, switch, *form_fields],
            [session, drawn, form["message"], *view, *downloads],
            api_name="plan",
        ).then(handlers.downloads, session, downloads, api_name="downloads").then(**enable_downloads)
        scenario["submit"].click(
            handlers.compare_scenarios,
            [session, scenario["model_a"], scenario["employees_a"], scenario["model_b"], scenario["employees_b"]],
            scenario["result"],
            api_name="compare",
        )
        app.unload(handlers.forget_downloads)
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
    """The scenario comparison's components by name, their words said through `words`."""
    label = load_knowledge().label

    def models(lang: Language) -> list[tuple[str, str]]:
        return [(page_text("auto_model", lang), "auto")] + [
            (label(f"model_{m}", lang).lower(), m) for m in ("centralized", "decentralized", "hybrid")
        ]

    words(gr.Markdown, {"value": "scenarios_intro"})
    parts: dict[str, Any] = {}
    with gr.Row():
        for variant, model in (("a", "hybrid"), ("b", "centralized")):
            parts[f"model_{variant}"] = words(
                gr.Dropdown,
                {"choices": models, "label": words.t("model_choice", variant=variant.upper())},
                value=model,
                elem_id=f"model-{variant}",
            )
            parts[f"employees_{variant}"] = words(
                gr.Textbox,
                {
                    "label": words.t("employees_choice", variant=variant.upper()),
                    "placeholder": "employees_placeholder_variant",
                },
                elem_id=f"employees-{variant}",
            )
    parts["submit"] = words(gr.Button, {"value": "compare"}, elem_id="compare-button")
    parts["result"] = gr.HTML(elem_id="scenario-result")
    return parts


def launch(app: gr.Blocks, **options: Any) -> tuple:
    """Start the app with the page's theme and CSS (Gradio 6 takes them at launch)."""
    options.setdefault("max_threads", MAX_THREADS)
    return app.launch(theme=theme(), css=CSS, head=SCRIPT, **options)


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
def running(planner: Planner | None = None, lang: Language = "en") -> Iterator[str]:
    """The app served on a free loopback port for the duration of the block; yields its URL.

    For tests and benchmarks: no share link, no browser (and, as always, no analytics).
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = build_app(planner, lang)
    launch(app, server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, share=False)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()
