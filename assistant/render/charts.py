"""The org chart and the 90-day Gantt as pictures: one layout, painted as SVG or PNG.

A layout is a `Picture`: shapes in pixels (boxes, lines, text) computed from the plan alone, so
the page (SVG) and the documents (PNG through `assistant.render.png`) show the same drawing.
Labels have a fixed size (13 px titles, 12 px details): a bigger team makes the picture larger,
which the page scrolls and zooms, and never makes the text smaller.

Org chart: each role hangs under the role (or outside body, such as the board) it reports to.
A boss's direct reports are one level: reports with teams of their own side by side, the
others in columns by kind (core roles, channel managers, support), stacked under a header.
For a narrow screen, `org_picture_tall` draws the same tree as an indented list of cards, as
wide as a phone. The Gantt is two parts, the actions' labels and the weeks (`gantt_parts`), so a
page can keep the labels in place while the weeks scroll.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field, replace

from ..knowledge import load_knowledge
from ..plans import Role, TeamPlan
from ..terms import Language
from ..words.text import fold
from .parts import render_text

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
TITLE_SIZE, DETAIL_SIZE = 13, 12  # px: the smallest label is DETAIL_SIZE
CHAR_WIDTH = 0.62  # average glyph width of the font, in em, for wrapping
INK, MUTED, ACCENT, LINE, PAPER = "#1f2937", "#4b5563", "#4338ca", "#94a3b8", "#ffffff"
CARD_W, PAD, GAP, RANK_GAP, STACK_GAP = 172, 8, 16, 40, 10
STACK_ABOVE = 4  # more direct reports than this are stacked in columns by kind
STACK_MAX = 8  # cards in one column before another column of the same kind starts
GROUPS = ("core", "channels", "support")


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str = PAPER
    stroke: str = ACCENT
    radius: float = 6
    dashed: bool = False


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    stroke: str = LINE


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # top of the first line
    lines: tuple[str, ...]
    size: int = TITLE_SIZE
    bold: bool = False
    fill: str = INK
    anchor: str = "middle"  # or "start"

    @property
    def line_height(self) -> float:
        return round(self.size * 1.3)


Shape = Box | Line | Text


@dataclass
class Picture:
    """A drawing: its size, its shapes, and its title for assistive technology."""

    width: float
    height: float
    shapes: list[Shape] = field(default_factory=list)
    title: str = ""


def wrap(text: str, width_px: float, size: int, max_lines: int = 3) -> tuple[str, ...]:
    """Text broken at spaces into lines that fit `width_px`; an over-long last line ends in '…'."""
    chars = max(8, int(width_px / (size * CHAR_WIDTH)))
    lines = textwrap.wrap(" ".join(str(text).split()), chars, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], textwrap.shorten(" ".join(lines[max_lines - 1 :]), chars, placeholder="…")]
    return tuple(lines)


def _shifted(shapes: list[Shape], dx: float, dy: float) -> list[Shape]:
    moved: list[Shape] = []
    for s in shapes:
        if isinstance(s, Line):
            moved.append(replace(s, points=tuple((x + dx, y + dy) for x, y in s.points)))
        else:
            moved.append(replace(s, x=s.x + dx, y=s.y + dy))
    return moved


# ------------------------------------------------------------------------------------------ org chart
@dataclass
class _Node:
    title: str
    detail: str = ""
    group: str = "support"
    outside: bool = False
    children: list[_Node] = field(default_factory=list)


@dataclass
class _Block:
    """A laid-out part of the chart, its top-left at (0, 0); lines join it at (anchor, 0)."""

    width: float
    height: float
    shapes: list[Shape]
    anchor: float


def _group(role: Role) -> str:
    """core, channels or support: the column a role is stacked in under its boss."""
    if role.key == "channel_manager":
        return "channels"
    return "core" if role.key in _core_keys() else "support"


def _core_keys() -> frozenset[str]:

    return frozenset(spec.key for spec in load_knowledge().roles if spec.core)


def org_tree(plan: TeamPlan) -> list[_Node]:
    """The roles as trees under their bosses; a boss outside the plan (the board) becomes a root of its own.

    A role whose reporting line loops back to itself is treated as a root, so every role is drawn once.
    """
    lang = plan.language
    nodes = [_Node(r.title, render_text("fte", lang, fte=r.fte), _group(r)) for r in plan.roles]
    by_title = {fold(r.title): i for i, r in enumerate(plan.roles)}
    outside: dict[str, _Node] = {}
    parent: dict[int, int | str] = {}
    for i, role in enumerate(plan.roles):
        boss = fold(role.reports_to)
        if not boss or boss == fold(role.title):
            continue
        if boss in by_title:
            parent[i] = by_title[boss]
        else:
            outside.setdefault(boss, _Node(role.reports_to, outside=True))
            parent[i] = boss
    roots: list[_Node] = list(outside.values())
    placed: set[int] = set()

    def attach(i: int) -> None:
        placed.add(i)
        for j, p in parent.items():
            if p == i and j not in placed:
                nodes[i].children.append(nodes[j])
                attach(j)

    for key, node in outside.items():
        for j, p in parent.items():
            if p == key and j not in placed:
                node.children.append(nodes[j])
                attach(j)
    for i in range(len(nodes)):
        if i not in placed and not isinstance(parent.get(i), int):
            roots.append(nodes[i])
            attach(i)
    for i in range(len(nodes)):  # what is left loops back on itself
        if i not in placed:
            roots.append(nodes[i])
            attach(i)
    return roots


def _card(node: _Node, width: float = CARD_W) -> _Block:
    title = wrap(node.title, width - 2 * PAD, TITLE_SIZE)
    heading = Text(width / 2, PAD, title, TITLE_SIZE, bold=not node.outside)
    height = PAD + len(title) * heading.line_height + PAD
    shapes: list[Shape] = []
    if node.detail:
        detail = Text(width / 2, height - PAD + 2, (node.detail,), DETAIL_SIZE, fill=MUTED)
        height += detail.line_height + 2
        shapes.append(detail)
    box = Box(
        0,
        0,
        width,
        height,
        fill="#eef2f7" if node.outside else PAPER,
        stroke="#64748b" if node.outside else ACCENT,
        radius=height / 2 if node.outside else 6,
        dashed=node.outside,
    )
    return _Block(width, height, [box, heading, *shapes], width / 2)


def _column(title: str, cards: list[_Block]) -> _Block:
    """Cards stacked under a header, joined by a spine on their left."""
    header = Text(CARD_W / 2, 0, wrap(title, CARD_W, DETAIL_SIZE, 2), DETAIL_SIZE, bold=True, fill=MUTED)
    y = len(header.lines) * header.line_height + 6
    shapes: list[Shape] = [header]
    spine_x, ticks = 10, []
    for card in cards:
        shapes += _shifted(card.shapes, 20, y)
        ticks.append(y + card.height / 2)
        y += card.height + STACK_GAP
    shapes.append(Line(((spine_x, header.line_height * len(header.lines) + 2), (spine_x, ticks[-1]))))
    shapes += [Line(((spine_x, t), (20, t))) for t in ticks]
    return _Block(CARD_W + 20, y - STACK_GAP, shapes, CARD_W / 2 + 10)


def _groups(leaves: list[_Node]) -> list[tuple[str, list[_Node]]]:
    """Many leaf reports by kind (core, channels, support), the kinds that have any; a few as they are."""
    if len(leaves) <= STACK_ABOVE:
        return [("", leaves)]
    return [(group, members) for group in GROUPS if (members := [c for c in leaves if c.group == group])]


def _units(node: _Node, lang: Language) -> list[_Block]:
    """The direct reports as blocks side by side: subtrees, then leaf roles (in columns by kind if many)."""
    units = [_subtree(c, lang) for c in node.children if c.children]
    for group, members in _groups([c for c in node.children if not c.children]):
        if not group:
            units += [_card(c) for c in members]
            continue
        cards = [_card(c) for c in members]
        for start in range(0, len(cards), STACK_MAX):
            title = render_text(f"group_{group}", lang, n=len(cards))
            units.append(_column(title, cards[start : start + STACK_MAX]))
    return units


def _subtree(node: _Node, lang: Language) -> _Block:
    card = _card(node)
    units = _units(node, lang)
    if not units:
        return card
    row = sum(u.width for u in units) + GAP * (len(units) - 1)
    width = max(card.width, row)
    card_x, x = (width - card.width) / 2, (width - row) / 2
    top = card.height + RANK_GAP
    bus = card.height + RANK_GAP / 2
    shapes = _shifted(card.shapes, card_x, 0)
    shapes.append(Line(((width / 2, card.height), (width / 2, bus))))
    anchors = []
    for unit in units:
        shapes += _shifted(unit.shapes, x, top)
        anchors.append(x + unit.anchor)
        shapes.append(Line(((x + unit.anchor, bus), (x + unit.anchor, top))))
        x += unit.width + GAP
    if len(anchors) > 1:
        shapes.append(Line(((min(anchors[0], width / 2), bus), (max(anchors[-1], width / 2), bus))))
    height = top + max(u.height for u in units)
    return _Block(width, height, shapes, width / 2)


def org_picture(plan: TeamPlan, margin: int = 12) -> Picture:
    """The org chart of a team plan."""
    trees = [_subtree(root, plan.language) for root in org_tree(plan)]
    shapes: list[Shape] = []
    x: float = margin
    for tree in trees:
        shapes += _shifted(tree.shapes, x, margin)
        x += tree.width + GAP
    width = x - GAP + margin
    height = max((t.height for t in trees), default=0) + 2 * margin
    return Picture(width, height, shapes, render_text("org_title", plan.language))


TALL_WIDTH = 300  # px: the tall org chart fits a phone's screen at full size
INDENT = 18  # px a report is set in from its boss in the tall org chart
TALL_CARD_MIN = 150  # px: cards this narrow at the deepest level before the tall chart grows wider


def _depth(nodes: list[_Node]) -> int:
    return max((1 + _depth(n.children) for n in nodes), default=0)


def org_picture_tall(plan: TeamPlan, width: float = TALL_WIDTH, margin: int = 6) -> Picture:
    """The org chart for a narrow screen: one card under another, each report set in from its boss
    and joined to it by a spine; many reports of one boss under a header per kind."""
    lang, roots = plan.language, org_tree(plan)
    width = max(width, 2 * margin + (_depth(roots) - 1) * INDENT + TALL_CARD_MIN)
    shapes: list[Shape] = []
    y: float = margin

    def place(node: _Node, depth: int) -> float:
        """Draw `node` and its reports from `y` down; the middle of its card, where its tick joins."""
        nonlocal y
        x = margin + depth * INDENT
        card = _card(node, width - margin - x)
        shapes.extend(_shifted(card.shapes, x, y))
        middle, bottom = y + card.height / 2, y + card.height
        y = bottom + STACK_GAP
        ticks = []
        reports = [c for c in node.children if c.children]
        for group, members in [("", reports), *_groups([c for c in node.children if not c.children])]:
            if group:
                header = Text(
                    x + INDENT,
                    y,
                    (render_text(f"group_{group}", lang, n=len(members)),),
                    DETAIL_SIZE,
                    bold=True,
                    fill=MUTED,
                    anchor="start",
                )
                shapes.append(header)
                y += header.line_height + 4
            ticks += [place(member, depth + 1) for member in members]
        if ticks:
            spine = x + INDENT / 2
            shapes.append(Line(((spine, bottom), (spine, ticks[-1]))))
            shapes.extend(Line(((spine, tick), (x + INDENT, tick))) for tick in ticks)
        return middle

    for root in roots:
        place(root, 0)
    return Picture(width, y - STACK_GAP + margin, shapes, render_text("org_title", lang))


# ------------------------------------------------------------------------------------------ Gantt
WEEKS = 13
LABEL_W, WEEK_W, HEAD_H = 260, 36, 30


GANTT_TITLE_LINES = 8  # an action's whole title beside its bar (the row grows), not cut short


def gantt_parts(
    plan: TeamPlan,
    label_w: float = LABEL_W,
    week_w: float = WEEK_W,
    title_lines: int = GANTT_TITLE_LINES,
    margin: int = 12,
) -> tuple[Picture, Picture]:
    """The first 90 days in two parts side by side: the actions' titles and owners, one row each,
    and the 13 week columns with the actions' bars; the rows of both are the same heights."""
    lang = plan.language
    labels: list[Shape] = []
    heights: list[float] = []
    y: float = margin + HEAD_H
    for action in plan.first_90_days:
        title = Text(
            margin,
            y + PAD,
            wrap(action.title, label_w - PAD, TITLE_SIZE, title_lines),
            TITLE_SIZE,
            bold=True,
            anchor="start",
        )
        owner = Text(
            margin,
            y + PAD + len(title.lines) * title.line_height,
            wrap(action.owner_role, label_w - PAD, DETAIL_SIZE, 2),
            DETAIL_SIZE,
            fill=MUTED,
            anchor="start",
        )
        heights.append(PAD * 2 + len(title.lines) * title.line_height + len(owner.lines) * owner.line_height)
        labels += [title, owner]
        y += heights[-1]
    bottom, left = y, margin + label_w
    labels.append(Line(((margin, margin + HEAD_H), (left, margin + HEAD_H))))
    weeks: list[Shape] = []
    for week in range(WEEKS):
        x = week * week_w
        if week % 2 == 0:
            weeks.append(Box(x, margin, week_w, bottom - margin, fill="#f1f5f9", stroke="#f1f5f9", radius=0))
        weeks.append(
            Text(x + week_w / 2, margin + 8, (render_text("week_short", lang, n=week + 1),), DETAIL_SIZE, fill=MUTED)
        )
    weeks.append(Line(((0, margin + HEAD_H), (WEEKS * week_w, margin + HEAD_H))))
    y, right = margin + HEAD_H, float(WEEKS * week_w)
    for action, height in zip(plan.first_90_days, heights, strict=True):
        start, end = min(action.start_week, action.end_week), max(action.start_week, action.end_week)
        bar_x, bar_w = (start - 1) * week_w + 2, (end - start + 1) * week_w - 4
        bar_h = 22
        weeks.append(Box(bar_x, y + (height - bar_h) / 2, bar_w, bar_h, fill=ACCENT, stroke=ACCENT, radius=4))
        span = render_text("weeks_span", lang, start=start, end=end)
        span_w = len(span) * DETAIL_SIZE * CHAR_WIDTH + 8
        inside = bar_w >= span_w
        right = max(right, bar_x + bar_w + (0 if inside else span_w))
        weeks.append(
            Text(
                bar_x + bar_w / 2 if inside else bar_x + bar_w + 4,
                y + (height - bar_h) / 2 + 4,
                (span,),
                DETAIL_SIZE,
                bold=inside,
                fill=PAPER if inside else INK,
                anchor="middle" if inside else "start",
            )
        )
        y += height
        labels.append(Line(((margin, y), (left, y)), stroke="#e2e8f0"))
        weeks.append(Line(((0, y), (WEEKS * week_w, y)), stroke="#e2e8f0"))
    named = render_text("gantt_title", lang)
    return Picture(left, bottom + margin, labels, named), Picture(right + margin, bottom + margin, weeks, named)


def gantt_picture(plan: TeamPlan, margin: int = 12) -> Picture:
    """The first 90 days: one row per action (its title and owner beside the bar), 13 week columns."""
    labels, weeks = gantt_parts(plan, margin=margin)
    shapes = [*labels.shapes, *_shifted(weeks.shapes, labels.width, 0)]
    return Picture(labels.width + weeks.width, labels.height, shapes, labels.title)


# ------------------------------------------------------------------------------------------ SVG
def svg(picture: Picture, element_id: str = "") -> str:
    """The picture as a standalone SVG document (text stays text: selectable, searchable, sharp)."""
    e = lambda value: html.escape(str(value), quote=True)  # noqa: E731
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{picture.width:.0f}" '
        f'height="{picture.height:.0f}" viewBox="0 0 {picture.width:.0f} {picture.height:.0f}"'
        + (f' id="{e(element_id)}"' if element_id else "")
        + f' font-family="{FONT}"><title>{e(picture.title)}</title>'
        f'<rect width="100%" height="100%" fill="{PAPER}"/>'
    ]
    for s in picture.shapes:
        if isinstance(s, Box):
            dash = ' stroke-dasharray="5 3"' if s.dashed else ""
            parts.append(
                f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.w:.1f}" height="{s.h:.1f}" rx="{s.radius:.1f}" '
                f'fill="{s.fill}" stroke="{s.stroke}" stroke-width="1.5"{dash}/>'
            )
        elif isinstance(s, Line):
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in s.points)
            parts.append(f'<polyline points="{points}" fill="none" stroke="{s.stroke}" stroke-width="1.5"/>')
        else:
            weight = ' font-weight="bold"' if s.bold else ""
            # a space ends each wrapped line but the last, so the text reads "Data Analyst", not "DataAnalyst"
            spans = " ".join(
                f'<tspan x="{s.x:.1f}" y="{s.y + s.size + i * s.line_height:.1f}">{e(line)}</tspan>'
                for i, line in enumerate(s.lines)
            )
            parts.append(f'<text font-size="{s.size}" fill="{s.fill}" text-anchor="{s.anchor}"{weight}>{spans}</text>')
    parts.append("</svg>")
    return "".join(parts)


def smallest_label(picture: Picture) -> int:
    """The smallest font size in the picture, in px."""
    return min(s.size for s in picture.shapes if isinstance(s, Text))
