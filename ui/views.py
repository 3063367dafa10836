"""The plan view: a `PlanBundle` turned into the strings the page's components show.

Everything from a plan is HTML-escaped before it is put into Markdown or HTML, because plan
text may come from a model (or echo a user's input): a `<script>` in a challenge shows up as
the characters `<script>`, never as an element. Diagrams go through `assistant.render.mermaid`,
which encodes its labels the same way.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from assistant.chat.session import safe
from assistant.files import write_file
from assistant.knowledge import load_knowledge
from assistant.planners.scenarios import Comparison
from assistant.plans import PlanBundle, Risk, TeamPlan
from assistant.profile import CompanyProfile
from assistant.render import bundle_json, bundle_markdown
from assistant.render.charts import (
    Picture,
    gantt_parts,
    gantt_picture,
    org_picture,
    org_picture_tall,
    smallest_label,
    svg,
)
from assistant.render.formats import FORMATS, Format, output_format
from assistant.render.markdown import skills_markdown, table
from assistant.render.parts import kpis_table, made_by, provenance_facts, risks_table
from assistant.sanitize import inert
from assistant.terms import Language
from assistant.words.phrasebook import Phrasebook
from assistant.words.text import fold
from assistant.words.vocab import CHANNEL_LABELS
from assistant.words.wording import number

ui_text = Phrasebook(Path(__file__).with_name("texts.yaml"))  # the plan view's labels, in the plan's language
LEVELS = ("low", "medium", "high")
MIN_LABEL_PX = 11  # a chart is shrunk to fit its frame only while its smallest label stays this large
# The Gantt on a phone: narrower labels (whole titles on more lines) and weeks, which scroll beside them.
NARROW_LABEL_W, NARROW_WEEK_W, NARROW_TITLE_LINES = 150, 30, 14

log = logging.getLogger(__name__)


def esc(text: object) -> str:
    """Plan text made inert inside Markdown or HTML (escaped, images broken)."""
    return inert(text, quote=True)


def _label(key: str, lang: Language) -> str:
    return load_knowledge().label(key, lang)


class PlanView(NamedTuple):
    """What each component of the plan view shows, in the order of `PLAN_VIEW_IDS`."""

    status: str
    profile: str
    org_chart: str
    gantt: str
    operating_models: str
    risks: str
    kpis: str
    maturity: str
    text: str
    skills: str


def status_line(bundle: PlanBundle) -> str:
    """Who made each plan in one plain sentence; the technical facts (model, fallback reason,
    tokens, cost) and the rationale with its rule ids in a developer's details toggle, never in the plan."""
    lines, facts, trails = [], [], []
    for plan in bundle.plans:
        lang, p = plan.language, plan.provenance
        t = partial(_label, lang=lang)
        said = ("⚠️ " if p.fallback else "") + made_by(p, lang)
        if p.cached:
            said += " " + ui_text("from_cache", lang)
        lines.append(f"<p><b>{esc(t('plan_title_' + plan.kind))}</b> — {esc(said)}</p>")
        shown = [
            (label, value)
            for label, value in provenance_facts(p, t)
            if p.planner != "offline" or label not in (t("tokens"), t("cost"))
        ]
        facts.append(
            "<li>"
            + " · ".join(f"{esc(label)}: {esc(value)}" if value else esc(label) for label, value in shown)
            + "</li>"
        )
        rows = [[d.rule, f"{d.topic}: {d.decision}", d.because] for d in plan.rationale]
        trails.append(_html_table([t("rule"), t("decision"), t("because")], rows))
    lang = bundle.plans[0].language
    return (
        f'<div class="status-line">{"".join(lines)}<details><summary>{esc(ui_text("details", lang))}</summary>'
        f"<ul>{''.join(facts)}</ul>{''.join(trails)}</details></div>"
    )


def profile_markdown(profile: CompanyProfile, lang: Language) -> str:
    """The company the plan is for, as the planner saw it (the challenge exactly as typed, escaped)."""
    channels = [CHANNEL_LABELS[c][lang] for c in profile.channels] + profile.other_channels
    facts = [f"{number(profile.employees, lang)} {ui_text('employees', lang)}", profile.industry, ", ".join(channels)]
    return (
        f"**{ui_text('company', lang)}:** "
        + " · ".join(esc(f) for f in facts)
        + f"  \n**{ui_text('challenge', lang)}:** {esc(profile.challenge)}"
    )


# The toolbar's icons, drawn (a font may lack a symbol such as "⛶" and show an empty box instead).
_ICONS = {
    "out": '<circle cx="7" cy="7" r="5"/><path d="M4.5 7h5M11 11l4 4"/>',
    "in": '<circle cx="7" cy="7" r="5"/><path d="M4.5 7h5M7 4.5v5M11 11l4 4"/>',
    "fit": '<path d="M1 8h14M4 5 1 8l3 3M12 5l3 3-3 3"/>',
    "full": '<path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4"/>',
    "save": '<path d="M8 1v9M4 6l4 4 4-4M2 14h12"/>',
}


def _icon(name: str) -> str:
    return (
        '<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" '
        f'fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round">{_ICONS[name]}</svg>'
    )


def chart_layout(name: str, *parts: Picture, fill: bool = False) -> str:
    """One way to draw a chart, named `name`: its parts side by side, the first kept in view while
    the others scroll (a Gantt's labels beside its weeks). A `fill` layout is always zoomed to the
    frame's width, even below the readable label size, since it exists to fit a narrow screen."""
    drawn = "".join(
        f'<div class="chart-part{" pinned" if i == 0 and len(parts) > 1 else ""}">{svg(part)}</div>'
        for i, part in enumerate(parts)
    )
    return f'<div class="chart-layout" data-layout="{name}"{" data-fill" if fill else ""}>{drawn}</div>'


def chart_html(picture: Picture, name: str, table_html: str, lang: Language, layouts: Sequence[str] = ()) -> str:
    """A chart in a frame: its toolbar (zoom, fit, full screen, SVG and PNG download), the chart in a
    scrolling, draggable view, and the table it draws as its text alternative. `picture` is the
    chart as the documents draw it (what SVG and PNG download); `layouts` are the ways the page may
    draw it, widest first (`picture` alone when none are given).

    The page's script (`ui.app.SCRIPT`) shows the first layout that fits the frame without shrinking
    a label below `MIN_LABEL_PX` (else the last) and fits it to the frame's width; the buttons work
    through it, found by their `data-chart` action.
    """
    t = partial(ui_text, lang=lang)
    file = ui_text(f"{name}_file", lang)
    zoom = "".join(
        f'<button type="button" class="chart-button" data-chart="{action}" aria-label="{esc(t(key))}" '
        f'title="{esc(t(key))}">{_icon(action)}</button>'
        for action, key in (("out", "zoom_out"), ("in", "zoom_in"))
    )
    fit = (
        f'<button type="button" class="chart-button" data-chart="fit" title="{esc(t("zoom_fit"))}">'
        f"{_icon('fit')}<span>{esc(t('zoom_fit'))}</span></button>"
    )
    full = (
        f'<button type="button" class="chart-button" data-chart="full" aria-pressed="false" '
        f'data-open="{esc(t("full_screen"))}" data-close="{esc(t("full_screen_close"))}">'
        f"{_icon('full')}<span>{esc(t('full_screen'))}</span></button>"
    )
    svg_link = (
        f'<a class="chart-button" download="{file}.svg" title="{esc(t("download_svg"))}" '
        f'href="data:image/svg+xml;charset=utf-8,{quote(svg(picture))}">{_icon("save")}<span>SVG</span></a>'
    )
    png_button = (
        f'<button type="button" class="chart-button" data-chart="png" data-name="{file}.png" '
        f'title="{esc(t("download_png"))}">{_icon("save")}<span>PNG</span></button>'
    )
    shown = "".join(
        layout.replace("<div", "<div hidden", 1) if i else layout
        for i, layout in enumerate(layouts or [chart_layout("whole", picture)])
    )
    min_zoom = MIN_LABEL_PX / smallest_label(picture)
    return (
        f'<figure class="chart-frame" id="{name}-frame" data-min-zoom="{min_zoom:.3f}"><figcaption><h4>{esc(picture.title)}</h4>'
        f'<span class="chart-tools">{zoom}{fit}{full}{svg_link}{png_button}</span></figcaption>'
        f'<div class="chart-view" tabindex="0" role="img" aria-label="{esc(picture.title)}">{shown}</div>'
        f"<details><summary>{esc(t('as_table'))}</summary>{table_html}</details></figure>"
    )


def _html_table(headers: list[str], rows: Sequence[Sequence[object]], cards: bool = False) -> str:
    """A table of plan text; with `cards`, each row becomes a card on a narrow screen, headed by its
    first cell, the others named by their column."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    labels = ["", *(f' data-label="{esc(h)}"' for h in headers[1:])]
    body = "".join(
        "<tr>" + "".join(f"<td{label}>{esc(v)}</td>" for label, v in zip(labels, row, strict=True)) + "</tr>"
        for row in rows
    )
    kind = "omni-table cards" if cards else "omni-table"
    return f'<div class="table-scroll"><table class="{kind}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def org_chart_html(plan: TeamPlan) -> str:
    """The org chart, its text alternative the roles with their FTE and reporting lines."""
    lang = plan.language
    rows = [[r.title, number(r.fte, lang, 2), r.reports_to] for r in plan.roles]
    table = _html_table([_label("role", lang), _label("fte", lang), _label("reports_to", lang)], rows)
    wide = org_picture(plan)
    layouts = [chart_layout("wide", wide), chart_layout("tall", org_picture_tall(plan), fill=True)]
    return chart_html(wide, "org", table, lang, layouts)


def gantt_html(plan: TeamPlan) -> str:
    """The 90-day Gantt, its text alternative the actions with owners and weeks."""
    lang = plan.language
    rows = [[a.title, a.owner_role, f"{a.start_week}–{a.end_week}"] for a in plan.first_90_days]
    table = _html_table([_label("first_90_days", lang), _label("owner", lang), _label("weeks", lang)], rows)
    layouts = [
        chart_layout("wide", *gantt_parts(plan)),
        chart_layout("narrow", *gantt_parts(plan, NARROW_LABEL_W, NARROW_WEEK_W, NARROW_TITLE_LINES)),
    ]
    return chart_html(gantt_picture(plan), "gantt", table, lang, layouts)


MODEL_FIELDS = ("structure", "decisions", "budget", "strengths", "challenges", "best_for")


def operating_models_html(plan: TeamPlan) -> str:
    """The article's operating-model table, the plan's choice highlighted; on a narrow screen, one
    card per model instead (the plan's first), as a table of three long columns cannot be read there."""
    lang = plan.language
    models = load_knowledge().operating_models
    chosen = plan.operating_model.model
    badge = f' <span class="badge">✓ {esc(ui_text("chosen", lang))}</span>'
    head = "".join(
        f'<th class="{"chosen" if m.key == chosen else ""}">{esc(m.name(lang))}{badge if m.key == chosen else ""}</th>'
        for m in models
    )
    rows = []
    for field in MODEL_FIELDS:
        cells = "".join(
            f'<td class="{"chosen" if m.key == chosen else ""}">{esc(getattr(m, field)(lang))}</td>' for m in models
        )
        rows.append(f"<tr><th>{esc(ui_text(field, lang))}</th>{cells}</tr>")
    cards = "".join(
        f'<section class="om-card{" chosen" if m.key == chosen else ""}"><h5>{esc(m.name(lang))}'
        f"{badge if m.key == chosen else ''}</h5><dl>"
        + "".join(f"<dt>{esc(ui_text(f, lang))}</dt><dd>{esc(getattr(m, f)(lang))}</dd>" for f in MODEL_FIELDS)
        + "</dl></section>"
        for m in sorted(models, key=lambda m: m.key != chosen)
    )
    return (
        f'<div class="om-view"><h4>{esc(ui_text("models", lang))}</h4>'
        f'<div class="table-scroll om-wide"><table class="omni-table om-table" id="om-table"><thead><tr><th></th>{head}'
        f'</tr></thead><tbody>{"".join(rows)}</tbody></table></div><div class="om-cards">{cards}</div></div>'
    )


def risks_html(risks: list[Risk], lang: Language) -> str:
    """A likelihood × impact matrix of numbered risks, then the risks with mitigations."""
    grid = []
    for impact in reversed(LEVELS):
        cells = []
        for likelihood in LEVELS:
            score = LEVELS.index(impact) + LEVELS.index(likelihood)
            ids = " ".join(f"R{i}" for i, r in enumerate(risks, 1) if r.impact == impact and r.likelihood == likelihood)
            cells.append(f'<td class="heat-{score}">{ids}</td>')
        grid.append(f"<tr><th>{esc(_label('level_' + impact, lang))}</th>{''.join(cells)}</tr>")
    axis = "".join(f"<th>{esc(_label('likelihood_' + level, lang))}</th>" for level in LEVELS)
    matrix = (
        f'<div class="table-scroll"><table class="risk-matrix" id="risk-matrix"><thead><tr>'
        f"<th>{esc(ui_text('likelihood_impact', lang))}</th>{axis}</tr></thead><tbody>{''.join(grid)}</tbody>"
        "</table></div>"
    )
    headers, rows = risks_table(risks, partial(_label, lang=lang))
    listing = _html_table(["#", *headers], [[f"R{i}", *row] for i, row in enumerate(rows, 1)], cards=True)
    return f'<div class="risk-view">{matrix}{listing}</div>'


def kpis_markdown(plan: TeamPlan) -> str:
    lang = plan.language
    headers, rows = kpis_table(plan.kpis, partial(_label, lang=lang))
    return f"#### {esc(_label('kpis', lang))}\n\n" + table(headers, [[esc(v) for v in row] for row in rows])


def maturity_html(plan: TeamPlan) -> str:
    """The 4 maturity levels as steps, the current and the targeted one marked."""
    lang = plan.language
    steps = []
    for spec in sorted(load_knowledge().maturity, key=lambda m: m.level):
        marks = [
            ui_text(k, lang)
            for k, level in (("now", plan.maturity.current), ("target", plan.maturity.target))
            if level == spec.level
        ]
        classes = " ".join(
            [
                "step",
                *(
                    f"is-{k}"
                    for k, level in (("now", plan.maturity.current), ("target", plan.maturity.target))
                    if level == spec.level
                ),
            ]
        )
        badge = f'<span class="badge">{esc(" / ".join(marks))}</span>' if marks else ""
        steps.append(f'<div class="{classes}"><b>{spec.level}</b> {esc(spec.name(lang))}{badge}</div>')
    reasons = "".join(f"<li>{esc(r)}</li>" for r in plan.maturity.reasons)
    return (
        f'<div class="maturity" id="maturity-steps"><h4>{esc(_label("maturity", lang))}</h4>'
        f'<div class="steps">{"".join(steps)}</div><ul>{reasons}</ul></div>'
    )


def plan_view(bundle: PlanBundle | None, lang: Language = "en") -> PlanView:
    """Every component's content for a bundle; placeholders when there is no (team) plan."""
    if bundle is None or not bundle.plans:
        note = f"*{ui_text('no_plan', lang)}*"
        html_note = f"<p><em>{esc(ui_text('no_plan', lang))}</em></p>"
        return PlanView(html_note, "", html_note, "", "", "", "", "", note, note)
    team = bundle.team
    lang = bundle.plans[0].language
    profile = profile_markdown(bundle.plans[0].profile, lang)
    risks = team.risks if team else bundle.skills.risks if bundle.skills else []
    skills = (
        safe(skills_markdown(bundle.skills, provenance=False)) if bundle.skills else f"*{ui_text('no_skills', lang)}*"
    )
    if team is None:
        note = f"<p><em>{esc(ui_text('no_team', lang))}</em></p>"
        return PlanView(
            status_line(bundle),
            profile,
            note,
            "",
            "",
            risks_html(risks, lang),
            "",
            "",
            safe(bundle_markdown(bundle)),
            skills,
        )
    return PlanView(
        status_line(bundle),
        profile,
        org_chart_html(team),
        gantt_html(team),
        operating_models_html(team),
        risks_html(risks, lang),
        kpis_markdown(team),
        maturity_html(team),
        safe(bundle_markdown(bundle)),
        skills,
    )


PAGE_FORMATS = tuple(FORMATS)  # the download buttons, in order: every format of the one registry


def download_label(name: str) -> str:
    """A download button's words: the format's name ("Markdown", "PDF")."""
    return "Markdown" if name == "markdown" else name.upper()


def file_stem(bundle: PlanBundle) -> str:
    """The files' name: the company (or industry) in plain ASCII, "moda i odzież" → "omniteam-moda-i-odziez"."""
    first = bundle.plans[0]
    slug = re.sub(r"[^a-z0-9]+", "-", fold(first.profile.company or first.profile.industry)).strip("-")[:40]
    return f"omniteam-{slug or 'plan'}"


def write_downloads(bundle: PlanBundle, root: Path) -> tuple[str | None, ...]:
    """The bundle in every page format (`PAGE_FORMATS`) in `root` (the session's folder); their paths,
    None for a format that could not be made (logged; the others are still offered).

    The folder is named by a hash of the plan, so asking again for the same plan (a chat turn
    that only explained something) reuses the files instead of rebuilding the documents.
    """
    formats = [output_format(name) for name in PAGE_FORMATS]
    folder = root / hashlib.sha256(bundle_json(bundle).encode()).hexdigest()[:20]
    folder.mkdir(parents=True, exist_ok=True)
    return tuple(_written(folder / f"{file_stem(bundle)}.{fmt.extension}", fmt, bundle) for fmt in formats)


def _written(path: Path, fmt: Format, bundle: PlanBundle) -> str | None:
    if not path.exists():
        try:
            content = fmt.render(bundle)
            write_file(path, content, hint="try again later")
        except Exception as error:  # noqa: BLE001 - each download on its own: one failing never takes the others
            log.warning("cannot make the %s download: %s: %s", fmt.name, type(error).__name__, error)
            return None
    return str(path)


def comparison_html(comparison: Comparison, lang: Language) -> str:
    """The plan on screen (A, "your plan") beside a variant (B): model, total FTE, roles (changes
    marked), actions, risks."""
    a, b = comparison.a, comparison.b
    name_a, name_b = (
        esc(
            f"{ui_text(side, lang)} · {_label('model_' + plan.operating_model.model.value, lang).lower()} · "
            f"{number(plan.profile.employees, lang)}"
        )
        for side, plan in (("your_plan", a), ("variant", b))
    )

    head_a, head_b = f"A: {name_a}", f"B: {name_b}"

    def row(head: str, left: object, right: object, changed: bool) -> str:
        mark = ' class="changed"' if changed else ""
        return (
            f'<tr{mark}><th>{esc(head)}</th><td data-label="{head_a}">{left}</td>'
            f'<td data-label="{head_b}">{right}</td></tr>'
        )

    def fte(value: float | None) -> str:
        return "—" if value is None else number(value, lang, 2)

    model_a, model_b = a.operating_model.model, b.operating_model.model
    rows = [
        row(
            _label("operating_model", lang),
            esc(_label("model_" + model_a.value, lang)),
            esc(_label("model_" + model_b.value, lang)),
            model_a != model_b,
        ),
        row(
            ui_text("total_fte", lang),
            f"<b>{number(comparison.total_fte(a), lang, 2)}</b>",
            f"<b>{number(comparison.total_fte(b), lang, 2)}</b>",
            comparison.total_fte(a) != comparison.total_fte(b),
        ),
        row(ui_text("role_count", lang), len(a.roles), len(b.roles), len(a.roles) != len(b.roles)),
    ]
    rows += [row(change.title, fte(change.fte_a), fte(change.fte_b), change.changed) for change in comparison.roles()]
    rows += [
        row(f"{_label('first_90_days', lang)} {i}", esc(x), esc(y), x != y)
        for i, (x, y) in enumerate(comparison.actions(), 1)
    ]
    only_a, only_b, both = comparison.risks()

    def items(values: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{esc(v)}</li>" for v in values) + "</ul>" if values else "—"

    rows.append(
        row(
            f"{_label('risks', lang)}: {ui_text('only_in', lang)}", items(only_a), items(only_b), bool(only_a or only_b)
        )
    )
    rows.append(
        f"<tr><th>{esc(_label('risks', lang))}: {esc(ui_text('in_both', lang))}</th>"
        f'<td colspan="2">{items(both)}</td></tr>'
    )
    return (
        f'<div class="table-scroll"><table class="omni-table scenario-table cards" id="scenario-table"><thead><tr>'
        f"<th></th><th>{head_a}</th><th>{head_b}</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
