"""The read-only share page: one plan version behind an unguessable token, served beside the app.

`share_routes(store)` gives the Starlette route `/share/{token}` that `ui.app.launch` hands to
the app's server. The page is plain HTML with no script, no form and no link into the app, and
its Content-Security-Policy forbids loading anything else, so a visitor can read the plan and
nothing more. A revoked, expired or unknown token gets the same 404 page, which says nothing of
any plan (not even whether one existed).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from assistant.plans import PlanBundle
from assistant.store import Store, VersionInfo
from assistant.terms import Language
from assistant.words.phrasebook import Phrasebook

from .views import esc, gantt_html, org_chart_html, plan_view
from .words import visitor_language

store_text = Phrasebook(Path(__file__).with_name("store_texts.yaml"))

HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
}
STYLE = """
body {font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #111827;
  line-height: 1.5}
header p {color: #4b5563}
.omni-table {border-collapse: collapse; width: 100%; font-size: 0.9em; margin: 0.5em 0}
.omni-table th, .omni-table td {border: 1px solid #d1d5db; padding: 6px 8px; vertical-align: top; text-align: left}
table {border-collapse: collapse} th, td {border: 1px solid #d1d5db; padding: 4px 8px; vertical-align: top}
.table-scroll, .chart-view {overflow-x: auto; max-width: 100%}
.chart-view svg {display: block; max-width: 100%; height: auto}
.chart-tools {display: none}
figure {margin: 1em 0}
"""


def share_routes(store: Store) -> list[Route]:
    """The share page's route, reading plans from `store`."""

    def page(request: Request) -> HTMLResponse:
        lang = visitor_language(request.headers.get("accept-language"))
        found = store.shared(request.path_params["token"])
        if found is None:
            return gone(lang)
        return HTMLResponse(shared_html(*found), headers=HEADERS)

    return [Route("/share/{token}", page, methods=["GET"])]


def gone(lang: Language) -> HTMLResponse:
    """The page of a link that shows nothing: revoked, expired or never made."""
    title = escape(store_text("gone_title", lang))
    body = f"<h1>{title}</h1><p>{escape(store_text('gone_text', lang))}</p>"
    return HTMLResponse(_document(title, body, lang), status_code=404, headers=HEADERS)


def shared_html(bundle: PlanBundle, version: VersionInfo) -> str:
    """The whole page of a shared plan version: its heading, the charts and the plan's text."""
    from markdown_it import MarkdownIt

    main = bundle.plans[0]
    lang = main.language
    profile = main.profile
    title = " · ".join(filter(None, [profile.company, profile.industry]))
    day = version.created_at.astimezone().strftime("%Y-%m-%d")
    charts = [org_chart_html(bundle.team), gantt_html(bundle.team)] if bundle.team else []
    text = MarkdownIt("commonmark", {"html": False}).enable("table").render(plan_view(bundle, lang).text)
    body = (
        f"<header><h1>{esc(store_text('shared_title', lang, title=title))}</h1>"
        f"<p>{esc(store_text('shared_note', lang, number=version.number, day=day))}</p></header>"
        f"<main>{''.join(charts)}{text}</main>"
    )
    return _document(esc(title), body, lang)


def _document(title: str, body: str, lang: Language) -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="robots" content="noindex, nofollow"><title>{title}</title><style>{STYLE}</style></head>'
        f"<body>{body}</body></html>"
    )
