"""Mermaid diagrams of a team plan: the org chart and the 90-day Gantt.

Plan text may come from a model, so nothing from the plan reaches the diagram source raw:
labels keep letters, digits and plain punctuation, and every other character becomes a
mermaid entity code (`#60;` for `<`), which mermaid draws as text. A label can therefore
neither close its node, start a new statement, nor inject markup.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

from ..plans import TeamPlan
from ..words.text import fold

# Monday of ISO week 1 of 2025: week N of the plan is drawn as ISO week N, labelled W01..W13.
_WEEK_ONE = date(2024, 12, 30)
ROW_WIDTH = 4  # direct reports drawn side by side before another row starts
_SAFE_LABEL = re.compile(r"[\w .,'()/+-]", re.UNICODE)
_SAFE_TASK = re.compile(r"[\w .,'()/+%&–-]", re.UNICODE)


def label(text: object, limit: int = 80) -> str:
    """Text made safe inside a quoted mermaid label: unusual characters as `#<code>;` entities."""
    flat = " ".join(str(text).split())
    flat = flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
    return "".join(c if _SAFE_LABEL.fullmatch(c) else f"#{ord(c)};" for c in flat)


def task_name(text: object, limit: int = 60) -> str:
    """Text made safe as a Gantt task name, where ':' '#' ';' would end or break the task."""
    flat = " ".join(str(text).split())
    flat = flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
    cleaned = "".join(c if _SAFE_TASK.fullmatch(c) or c == "…" else " " for c in flat)
    return " ".join(cleaned.split()) or "-"


def org_chart(plan: TeamPlan) -> str:
    """A top-down flowchart: one node per role (title and FTE), edges from `reports_to`.

    A `reports_to` that names no role of the plan (the board, the CEO) becomes one rounded
    node shared by every role that reports to it. A boss with more than `ROW_WIDTH` direct
    reports gets them on staggered rows (edges one rank longer per row), so a big team stays
    readable instead of shrinking into one very wide row.
    """
    ids = {fold(role.title): f"r{i}" for i, role in enumerate(plan.roles)}
    lines = ["flowchart TD"]
    for i, role in enumerate(plan.roles):
        fte = f"{role.fte:g} FTE"
        lines.append(f'    r{i}["{label(role.title)}<br/>{label(fte)}"]')
    outside: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    for i, role in enumerate(plan.roles):
        boss = fold(role.reports_to)
        if boss == fold(role.title) or not boss:
            continue
        if boss not in ids and boss not in outside:
            outside[boss] = f"x{len(outside)}"
            lines.append(f'    {outside[boss]}(["{label(role.reports_to)}"])')
        edges.append((ids.get(boss) or outside[boss], f"r{i}"))
    rows = {parent: -(-count // ROW_WIDTH) for parent, count in Counter(p for p, _ in edges).items()}
    seen: Counter[str] = Counter()
    for parent, child in edges:
        extra = seen[parent] % rows[parent]  # every row down is one more dash: one rank longer
        seen[parent] += 1
        lines.append(f"    {parent} --{'-' * extra}> {child}")
    lines.append("    classDef outside fill:#eef2f7,stroke:#8a99ad,stroke-dasharray:4 3")
    if outside:
        lines.append(f"    class {','.join(outside.values())} outside")
    return "\n".join(lines)


def gantt(plan: TeamPlan, title: str = "First 90 days") -> str:
    """The 3 priority actions on a 13-week axis (W01-W13), in sections by owner role."""
    lines = [
        "gantt",
        f"    title {task_name(title)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat W%V",
        "    tickInterval 1week",
        "    weekday monday",
    ]
    section = None
    for i, action in enumerate(plan.first_90_days):
        start = _WEEK_ONE + timedelta(weeks=action.start_week - 1)
        weeks = max(1, action.end_week - action.start_week + 1)
        if task_name(action.owner_role, 40) != section:
            section = task_name(action.owner_role, 40)
            lines.append(f"    section {section}")
        lines.append(f"    {task_name(action.title)} :a{i}, {start.isoformat()}, {weeks * 7}d")
    return "\n".join(lines)


def fenced(source: str) -> str:
    """A mermaid block for Markdown (gr.Markdown renders it to SVG in the page)."""
    return f"```mermaid\n{source}\n```"
