"""The plan view: a `PlanBundle` turned into the strings the page's components show.

Everything from a plan is HTML-escaped before it is put into Markdown or HTML, because plan
text may come from a model (or echo a user's input): a `<script>` in a challenge shows up as
the characters `<script>`, never as an element. Diagrams go through `assistant.render.mermaid`,
which encodes its labels the same way.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from functools import partial
from pathlib import Path
from typing import NamedTuple

from assistant.knowledge import load_knowledge
from assistant.knowledge.phrasebook import Phrasebook
from assistant.plans import PlanBundle, Risk, TeamPlan
from assistant.profile import CompanyProfile, Language
from assistant.render import bundle_json, bundle_markdown, render_bundle
from assistant.render.docx import bundle_docx
from assistant.render.markdown import table
from assistant.render.mermaid import fenced, gantt, org_chart
from assistant.render.parts import kpis_table, provenance_facts, risks_table
from assistant.scenarios import Comparison
from assistant.sanitize import inert
from assistant.session import safe
from assistant.vocab import CHANNEL_LABELS

ui_text = Phrasebook(Path(__file__).with_name("texts.yaml"))  # the plan view's labels, in the plan's language
LEVELS = ("low", "medium", "high")


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


def status_line(bundle: PlanBundle) -> str:
    """Which planner made each plan (model, fallback), its tokens and estimated cost."""
    lines = []
    for plan in bundle.plans:
        t = partial(_label, lang=plan.language)
        loud = t("fallback").upper()
        facts = [(f"⚠️ **{esc(label)}**" if label == loud else f"**{esc(label)}:**") + (f" {esc(value)}" if value else "")
                 for label, value in provenance_facts(plan.provenance, t)]
        lines.append(f"{esc(t('plan_title_' + plan.kind))} — " + " · ".join(facts))
    return "  \n".join(lines)


def profile_markdown(profile: CompanyProfile, lang: Language) -> str:
    """The company the plan is for, as the planner saw it (the challenge exactly as typed, escaped)."""
    channels = [CHANNEL_LABELS[c][lang] for c in profile.channels] + profile.other_channels
    facts = [f"{profile.employees:,} {ui_text('employees', lang)}".replace(",", " "), profile.industry, ", ".join(channels)]
    return (f"**{ui_text('company', lang)}:** " + " · ".join(esc(f) for f in facts)
            + f"  \n**{ui_text('challenge', lang)}:** {esc(profile.challenge)}")


def org_chart_markdown(plan: TeamPlan) -> str:
    return f"#### {ui_text('org_chart', plan.language)}\n\n{fenced(org_chart(plan))}"


def gantt_markdown(plan: TeamPlan) -> str:
    title = ui_text("gantt", plan.language)
    return f"#### {title}\n\n{fenced(gantt(plan, title))}"


def operating_models_html(plan: TeamPlan) -> str:
    """The article's operating-model table, the plan's choice highlighted."""
    lang = plan.language
    models = load_knowledge().operating_models
    chosen = plan.operating_model.model
    head = "".join(
        f'<th class="{"chosen" if m.key == chosen else ""}">{esc(m.name(lang))}'
        + (f' <span class="badge">✓ {esc(ui_text("chosen", lang))}</span>' if m.key == chosen else "") + "</th>"
        for m in models)
    rows = []
    for field in ("structure", "decisions", "budget", "strengths", "challenges", "best_for"):
        cells = "".join(f'<td class="{"chosen" if m.key == chosen else ""}">{esc(getattr(m, field)(lang))}</td>'
                        for m in models)
        rows.append(f"<tr><th>{esc(ui_text(field, lang))}</th>{cells}</tr>")
    return (f"<h4>{esc(ui_text('models', lang))}</h4>"
            f'<table class="omni-table om-table" id="om-table"><thead><tr><th></th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


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
    axis = "".join(f"<th>{esc(_label('level_' + level, lang))}</th>" for level in LEVELS)
    matrix = (f'<table class="risk-matrix" id="risk-matrix"><thead><tr><th>{esc(ui_text("likelihood_impact", lang))}'
              f"</th>{axis}</tr></thead><tbody>{''.join(grid)}</tbody></table>")
    headers, cells = risks_table(risks, partial(_label, lang=lang))
    headers = ["#", *headers]
    rows = "".join(f"<tr><td>R{i}</td>{''.join(f'<td>{esc(value)}</td>' for value in row)}</tr>"
                   for i, row in enumerate(cells, 1))
    listing = (f'<table class="omni-table"><thead><tr>{"".join(f"<th>{esc(h)}</th>" for h in headers)}</tr></thead>'
               f"<tbody>{rows}</tbody></table>")
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
        marks = [ui_text(k, lang) for k, level in (("now", plan.maturity.current), ("target", plan.maturity.target))
                 if level == spec.level]
        classes = " ".join(["step", *(f"is-{k}" for k, level in (("now", plan.maturity.current),
                                                                  ("target", plan.maturity.target))
                                      if level == spec.level)])
        badge = f'<span class="badge">{esc(" / ".join(marks))}</span>' if marks else ""
        steps.append(f'<div class="{classes}"><b>{spec.level}</b> {esc(spec.name(lang))}{badge}</div>')
    reasons = "".join(f"<li>{esc(r)}</li>" for r in plan.maturity.reasons)
    return (f'<div class="maturity" id="maturity-steps"><h4>{esc(_label("maturity", lang))}</h4>'
            f'<div class="steps">{"".join(steps)}</div><ul>{reasons}</ul></div>')


def plan_view(bundle: PlanBundle | None, lang: Language = "en") -> PlanView:
    """Every component's content for a bundle; placeholders when there is no (team) plan."""
    if bundle is None or not bundle.plans:
        note = f"*{ui_text('no_plan', lang)}*"
        return PlanView(note, "", note, "", "", "", "", "", note)
    team = bundle.team
    lang = bundle.plans[0].language
    profile = profile_markdown(bundle.plans[0].profile, lang)
    risks = team.risks if team else bundle.skills.risks
    if team is None:
        note = f"*{ui_text('no_team', lang)}*"
        return PlanView(status_line(bundle), profile, note, "", "", risks_html(risks, lang), "", "",
                        safe(bundle_markdown(bundle)))
    return PlanView(status_line(bundle), profile, org_chart_markdown(team), gantt_markdown(team), operating_models_html(team),
                    risks_html(risks, lang), kpis_markdown(team), maturity_html(team),
                    safe(bundle_markdown(bundle)))


def write_downloads(bundle: PlanBundle, root: Path) -> tuple[str, str, str]:
    """The bundle as .md, .json and .docx files in `root` (the session's folder); their paths.

    The folder is named by a hash of the plan, so asking again for the same plan (a chat turn
    that only explained something) reuses the files instead of rebuilding the DOCX.
    """
    data = bundle_json(bundle)
    first = bundle.plans[0]
    slug = re.sub(r"[^a-z0-9]+", "-", (first.profile.company or first.profile.industry).lower()).strip("-")[:40]
    folder = root / hashlib.sha256(data.encode()).hexdigest()[:20]
    stem = f"omniteam-{slug or 'plan'}"
    paths = (folder / f"{stem}.md", folder / f"{stem}.json", folder / f"{stem}.docx")
    if not paths[2].exists():
        folder.mkdir(parents=True, exist_ok=True)
        for path, content in zip(paths, (render_bundle(bundle, "markdown").encode(), data.encode(), bundle_docx(bundle))):
            _write_whole(path, content)
    return tuple(str(p) for p in paths)


def _write_whole(path: Path, content: bytes) -> None:
    """Write through a private temporary file, so a concurrent reader never sees half a file."""
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as part:
        part.write(content)
    Path(part.name).replace(path)


def comparison_html(comparison: Comparison, lang: Language) -> str:
    """Two variants side by side: model, total FTE, roles (changes marked), actions, risks."""
    a, b = comparison.a, comparison.b
    name_a, name_b = esc(comparison.name_a), esc(comparison.name_b)

    def row(head: str, left: object, right: object, changed: bool) -> str:
        mark = ' class="changed"' if changed else ""
        return f"<tr{mark}><th>{esc(head)}</th><td>{left}</td><td>{right}</td></tr>"

    def fte(value: float | None) -> str:
        return "—" if value is None else f"{value:g}"

    model_a, model_b = a.operating_model.model, b.operating_model.model
    rows = [
        row(_label("operating_model", lang), esc(_label("model_" + model_a.value, lang)),
            esc(_label("model_" + model_b.value, lang)), model_a != model_b),
        row(ui_text("total_fte", lang), f"<b>{comparison.total_fte(a):g}</b>", f"<b>{comparison.total_fte(b):g}</b>",
            comparison.total_fte(a) != comparison.total_fte(b)),
        row(ui_text("role_count", lang), len(a.roles), len(b.roles), len(a.roles) != len(b.roles)),
    ]
    rows += [row(change.title, fte(change.fte_a), fte(change.fte_b), change.changed) for change in comparison.roles()]
    rows += [row(f"{_label('first_90_days', lang)} {i}", esc(x), esc(y), x != y)
             for i, (x, y) in enumerate(comparison.actions(), 1)]
    only_a, only_b, both = comparison.risks()

    def items(values: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{esc(v)}</li>" for v in values) + "</ul>" if values else "—"

    rows.append(row(f"{_label('risks', lang)}: {ui_text('only_in', lang)}", items(only_a), items(only_b),
                    bool(only_a or only_b)))
    rows.append(f"<tr><th>{esc(_label('risks', lang))}: {esc(ui_text('in_both', lang))}</th>"
                f'<td colspan="2">{items(both)}</td></tr>')
    return (f'<table class="omni-table scenario-table" id="scenario-table"><thead><tr><th></th><th>A: {name_a}</th>'
            f"<th>B: {name_b}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
