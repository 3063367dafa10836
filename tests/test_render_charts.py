"""The org chart and Gantt pictures: readable labels, the real hierarchy, the same drawing as SVG and PNG."""

from __future__ import annotations

from io import BytesIO
from xml.etree import ElementTree

import pytest
from PIL import Image

from assistant.planners import OfflinePlanner
from assistant.render.charts import (
    TALL_WIDTH,
    Box,
    Text,
    gantt_parts,
    gantt_picture,
    org_picture,
    org_picture_tall,
    org_tree,
    smallest_label,
    svg,
)
from assistant.render.png import SCALE, png
from tests.helpers import make_profile

CHANNELS = ["stores", "ecommerce", "mobile_app", "marketplace", "social_media", "call_centre", "b2b"]


@pytest.fixture(scope="module")
def big_team():
    """A team with fourteen reports of one manager: the planner's team plus a head per channel, as a model might write."""
    team = OfflinePlanner().plan(make_profile(employees=5000, channels=CHANNELS, language="pl"), "team").team
    manager = team.roles[0].title
    heads = [
        team.roles[0].model_copy(
            update={"key": "channel_manager", "title": f"Kierownik kanału {c}", "reports_to": manager}
        )
        for c in CHANNELS
    ]
    return team.model_copy(update={"roles": [*team.roles, *heads]})


def test_fourteen_reports_of_one_manager_are_one_level_in_columns_by_kind(big_team):
    assert len(big_team.roles) >= 14
    board = org_tree(big_team)[0]
    manager = next(c for c in board.children if c.children)
    assert len(manager.children) >= 13
    picture = org_picture(big_team)
    tops = {s.lines[0]: s.y for s in picture.shapes if isinstance(s, Text)}
    headers = [tops[h] for h in tops if h.startswith(("Zespół główny", "Menedżerowie kanałów", "Koordynacja"))]
    assert len(headers) == 3 and len(set(headers)) == 1  # the three columns start on one line
    assert smallest_label(picture) >= 12 and picture.width < 1000


def test_every_role_is_drawn_once_even_when_reporting_lines_loop(big_team):
    roles = [
        r.model_copy(update={"reports_to": big_team.roles[(i + 1) % 3].title}) if i < 3 else r
        for i, r in enumerate(big_team.roles)
    ]
    plan = big_team.model_copy(update={"roles": roles})

    def count(nodes):
        return sum(1 + count(n.children) for n in nodes if not n.outside) + sum(
            count(n.children) for n in nodes if n.outside
        )

    assert count(org_tree(plan)) == len(roles)


def test_svg_is_valid_escaped_and_titled(big_team):
    plan = big_team.model_copy(
        update={"roles": [big_team.roles[0].model_copy(update={"title": "<script>x</script>"}), *big_team.roles[1:]]}
    )
    root = ElementTree.fromstring(svg(org_picture(plan)))
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Zespół i linie raportowania"
    assert "<script>x</script>" in "".join(root.itertext())  # as text, not as an element
    assert root.find(".//{http://www.w3.org/2000/svg}script") is None


def test_gantt_shows_each_action_beside_its_bar_with_its_owner(big_team):
    picture = gantt_picture(big_team)
    texts = [" ".join(s.lines) for s in picture.shapes if isinstance(s, Text)]
    for action in big_team.first_90_days:
        assert action.title in texts and action.owner_role in texts
    assert {"T1", "T13"} <= set(texts)


def test_png_is_the_picture_at_twice_its_size(big_team):
    picture = gantt_picture(big_team)
    image = Image.open(BytesIO(png(picture)))
    assert image.size == (int(picture.width * SCALE), int(picture.height * SCALE))
    assert len(set(image.convert("L").getdata())) > 20  # text and bars, not a blank page


def test_the_tall_org_chart_fits_a_phone_and_draws_every_role_once(big_team):
    picture = org_picture_tall(big_team)
    titles = [" ".join(s.lines) for s in picture.shapes if isinstance(s, Text) and s.bold and s.anchor == "middle"]
    assert sorted(titles) == sorted(r.title for r in big_team.roles)
    assert picture.width <= TALL_WIDTH and smallest_label(picture) >= 12
    assert max(s.x + s.w for s in picture.shapes if isinstance(s, Box)) <= picture.width


def test_a_report_is_set_in_from_its_boss_in_the_tall_org_chart(big_team):
    picture = org_picture_tall(big_team)
    left = {" ".join(s.lines): s.x for s in picture.shapes if isinstance(s, Text) and s.anchor == "middle"}
    manager = next(r for r in big_team.roles if r.key == "omnichannel_manager")
    report = next(r for r in big_team.roles if r.reports_to == manager.title)
    assert left[report.title] > left[manager.title]


def test_the_gantts_labels_and_weeks_are_two_parts_of_one_drawing(big_team):
    labels, weeks = gantt_parts(big_team)
    whole = gantt_picture(big_team)
    assert labels.width + weeks.width == whole.width and labels.height == weeks.height == whole.height
    assert {" ".join(s.lines) for s in labels.shapes if isinstance(s, Text)} >= {
        a.title for a in big_team.first_90_days
    }
    assert {"T1", "T13"} <= {" ".join(s.lines) for s in weeks.shapes if isinstance(s, Text)}


def test_wrapped_lines_of_a_label_read_as_words_with_spaces(big_team):
    picture = org_picture(big_team)
    wrapped = next(s for s in picture.shapes if isinstance(s, Text) and len(s.lines) > 1)
    text = "".join(ElementTree.fromstring(svg(picture)).itertext())
    assert " ".join(wrapped.lines) in text
