"""Mermaid org chart and Gantt: structure from the plan, labels that plan text cannot break."""

from __future__ import annotations

import re
from datetime import date

import pytest

from assistant.planners import OfflinePlanner
from assistant.render.mermaid import ROW_WIDTH, fenced, gantt, label, org_chart, task_name
from tests.helpers import make_profile

INJECTION = '<img src=x onerror=alert(1)><script>alert(1)</script>"]; click r0 call alert(1) %% `x`'


@pytest.fixture(scope="module")
def plan():
    return OfflinePlanner().team_plan(make_profile())


def _edges(source: str) -> list[tuple[str, str]]:
    return re.findall(r"^\s+(\w+) -+> (\w+)$", source, re.M)


def test_one_node_per_role_and_an_edge_from_each_boss(plan):
    source = org_chart(plan)
    nodes = dict(re.findall(r'^\s+(r\d+)\["(.*?)"\]$', source, re.M))
    assert len(nodes) == len(plan.roles)
    for i, role in enumerate(plan.roles):
        assert nodes[f"r{i}"].startswith(label(role.title))
        assert f"{role.fte:g} FTE" in nodes[f"r{i}"]
    titles = {role.title: f"r{i}" for i, role in enumerate(plan.roles)}
    edges = _edges(source)
    for i, role in enumerate(plan.roles):
        boss = titles.get(role.reports_to)
        assert any(child == f"r{i}" and (boss is None or parent == boss) for parent, child in edges), role.title


def test_a_boss_outside_the_team_is_one_shared_node(plan):
    outsider = plan.roles[0].reports_to
    assert outsider not in {r.title for r in plan.roles}
    roles = [plan.roles[0], plan.roles[1].model_copy(update={"reports_to": outsider}), *plan.roles[2:]]
    source = org_chart(plan.model_copy(update={"roles": roles}))
    assert source.count(f'(["{label(outsider)}"])') == 1
    assert ("x0", "r0") in _edges(source) and ("x0", "r1") in _edges(source)


def test_many_direct_reports_are_staggered_on_rows():
    big = OfflinePlanner().team_plan(
        make_profile(employees=3000, channels="stores, e-commerce, app, marketplace, social media, call centre")
    )
    arrows = re.findall(r"^\s+r0 (-+>) r\d+$", org_chart(big), re.M)
    rows = -(-len(arrows) // ROW_WIDTH)
    assert len(arrows) > ROW_WIDTH and rows >= 2
    assert [len(a) - 3 for a in arrows] == [i % rows for i in range(len(arrows))]
    small = re.findall(r"^\s+\w+ (-+>) r\d+$", org_chart(big.model_copy(update={"roles": big.roles[:4]})), re.M)
    assert set(small) == {"-->"}


def test_labels_cannot_break_out_of_the_node():
    encoded = label(INJECTION, limit=500)
    assert not set(re.sub(r"#\d+;", "", encoded)) & set('<>"`;[]{}|%#')
    assert "#60;script#62;" in encoded and "#34;" in encoded


def test_injected_plan_text_stays_inside_its_label(plan):
    roles = [plan.roles[0].model_copy(update={"title": INJECTION, "reports_to": INJECTION}), *plan.roles[1:]]
    source = org_chart(plan.model_copy(update={"roles": roles}))
    assert "<script" not in source and "click" not in source.split("\n")[1].split('"')[0]
    assert len(re.findall(r"^\s+r\d+\[", source, re.M)) == len(plan.roles)


def test_gantt_places_each_action_on_its_weeks(plan):
    source = gantt(plan, "First 90 days")
    tasks = re.findall(r"^\s+(.+?) :a(\d), (\d{4}-\d\d-\d\d), (\d+)d$", source, re.M)
    assert len(tasks) == 3
    for (name, _index, start, days), action in zip(tasks, plan.first_90_days, strict=True):
        assert name == task_name(action.title)
        assert date.fromisoformat(start).isocalendar().week == action.start_week  # the axis shows ISO weeks
        assert int(days) == 7 * (action.end_week - action.start_week + 1)
    assert "axisFormat W%V" in source


def test_gantt_task_names_lose_the_characters_that_end_a_task():
    assert task_name("Launch the pilot: unified service; #1 <b>") == "Launch the pilot unified service 1 b"
    assert task_name("") == "-"


def test_fenced_block():
    assert fenced("gantt") == "```mermaid\ngantt\n```"
