"""A good answer in a slightly wrong shape is normalised before it is validated; checks that refused good plans
are loosened (assistant.llm.normalise, assistant.consistency)."""

from __future__ import annotations

import json

import pytest

from assistant.consistency import fte_claims, reporting_lines, team_problems, team_warnings
from assistant.llm.normalise import conform, json_of
from assistant.planners.offline import OfflinePlanner
from assistant.plans import OperatingModelChoice, SkillsPlanContent, TeamPlanContent
from tests.helpers import make_profile


@pytest.fixture(scope="module")
def answer() -> dict:
    plan = OfflinePlanner().team_plan(make_profile())
    return plan.model_dump(mode="json", include=set(TeamPlanContent.model_fields))


def validated(data) -> TeamPlanContent:
    fixed, _ = conform(data, TeamPlanContent)
    return TeamPlanContent.model_validate(fixed)


@pytest.mark.parametrize(
    "wrap",
    [
        "<think>The company has silos {so}…</think>\n{json}",
        "Here is the plan:\n```json\n{json}\n```\nLet me know if you need changes.",
        "Sure! {json} I hope this helps.",
        "```\n{json}\n```",
    ],
    ids=["think", "fenced-prose", "prose", "bare-fence"],
)
def test_the_json_is_found_in_the_answers_text(answer, wrap):
    text = wrap.replace("{json}", json.dumps(answer))
    assert json_of(text) == answer


def test_a_cut_answer_is_still_an_error(answer):
    with pytest.raises(ValueError):
        json_of(json.dumps(answer)[:-40])


def test_a_single_wrapping_key_is_unwrapped(answer):
    assert validated({"team_plan": answer}).summary == answer["summary"]


def test_enum_values_are_case_folded(answer):
    data = json.loads(json.dumps(answer))
    data["operating_model"]["model"] = "Hybrid"
    data["risks"][0]["likelihood"] = "High"
    plan = validated(data)
    assert (plan.operating_model.model.value, plan.risks[0].likelihood) == ("hybrid", "high")


def test_british_spelling_of_a_model_is_read():
    assert conform({"model": "Centralised"}, OperatingModelChoice)[0] == {"model": "centralized"}


def test_unknown_keys_are_dropped_and_noted(answer):
    data = {**answer, "notes": "extra", "roles": [{**answer["roles"][0], "salary": 1}, *answer["roles"][1:]]}
    fixed, notes = conform(data, TeamPlanContent)
    assert TeamPlanContent.model_validate(fixed) and "notes" not in fixed and "salary" not in fixed["roles"][0]
    assert notes == ["dropped unknown keys at the root: notes", "dropped unknown keys at roles[0]: salary"]


@pytest.mark.parametrize(("share", "text"), [(0.6, "60%"), (60, "60%"), (0.5, "50%")])
def test_a_time_share_given_as_a_number_is_a_percentage(answer, share, text):
    assert validated({**answer, "pilot": {**answer["pilot"], "time_share": share}}).pilot.time_share == text


def test_a_text_where_a_list_is_expected_is_a_list_of_one(answer):
    data = {**answer, "maturity": {**answer["maturity"], "reasons": "No shared data yet."}}
    assert validated(data).maturity.reasons == ["No shared data yet."]


def test_owners_given_as_keys_short_titles_or_one_side_of_a_slash_are_the_teams_titles(answer):
    data = json.loads(json.dumps(answer).replace("Omnichannel Manager", "Omnichannel Manager / Director"))
    data["roles"][2]["title"] = "Data Analyst / Data Scientist"
    data["first_90_days"][0]["owner_role"] = "omnichannel_manager"  # the key
    data["first_90_days"][1]["owner_role"] = "Technology Integration"  # a short form
    data["risks"][0]["owner_role"] = "Omnichannel Director"  # the catalogue's "A / B" title, one side
    data["roles"][1]["reports_to"] = "Omnichannel Manager"
    data["pilot"]["members"][2] = "Data Scientist"
    plan = validated(data)
    manager = "Omnichannel Manager / Director"
    assert [a.owner_role for a in plan.first_90_days[:2]] == [manager, "Technology Integration Lead"]
    assert (plan.risks[0].owner_role, plan.roles[1].reports_to) == (manager, manager)
    assert plan.pilot.members[2] == "Data Analyst / Data Scientist"
    assert team_problems(plan, make_profile()) == []


def test_an_owner_in_the_other_language_of_the_catalogue_is_the_teams_title(answer):
    data = json.loads(json.dumps(answer))
    data["risks"][0]["owner_role"] = "Menedżer ds. omnichannel"
    assert validated(data).risks[0].owner_role == "Omnichannel Manager"


def test_an_ambiguous_short_title_is_left_as_written(answer):
    data = json.loads(json.dumps(answer))
    data["risks"][0]["owner_role"] = "Specialist"  # two specialists in the team
    assert validated(data).risks[0].owner_role == "Specialist"


def test_a_role_is_never_pointed_at_itself(answer):
    data = json.loads(json.dumps(answer))
    data["roles"][0]["reports_to"] = "Director"  # the managing director, not the team's own manager
    assert validated(data).roles[0].reports_to == "Director"


def test_a_skills_answer_is_conformed_along_its_own_schema():
    plan = OfflinePlanner().skills_plan(make_profile(team_size=8))
    data = plan.model_dump(mode="json", include=set(SkillsPlanContent.model_fields))
    data["skills"][0]["skill"] = "Active Listening"
    assert SkillsPlanContent.model_validate(conform(data, SkillsPlanContent)[0]).skills[0].skill.value == (
        "active_listening"
    )


@pytest.fixture
def plan(answer) -> TeamPlanContent:
    return TeamPlanContent.model_validate(answer)


@pytest.fixture
def small() -> TeamPlanContent:
    plan = OfflinePlanner().team_plan(make_profile(employees=120))  # a team of 1.55 FTE
    return TeamPlanContent.model_validate(plan.model_dump(mode="json", include=set(TeamPlanContent.model_fields)))


@pytest.mark.parametrize(
    "summary",
    ["a team of about 1–2 FTE", "2 FTE in all", "1.5 FTE", "two roles at 0.3 FTE each", "0.25 FTE for integration"],
)
def test_fte_totals_may_be_ranges_rounded_or_one_roles_share(small, summary):
    assert round(sum(r.fte for r in small.roles), 2) == 1.55
    assert fte_claims(small.model_copy(update={"summary": summary}), None) == []


def test_an_fte_total_far_from_the_roles_is_a_problem(small):
    assert fte_claims(small.model_copy(update={"summary": "a team of 12 FTE"}), None) == [
        "summary states 12 FTE but the roles add up to 1.55 FTE"
    ]


@pytest.mark.parametrize("boss", ["Commercial Director", "Head of Marketing", "CMO", "Dyrektor handlowy", "VP Sales"])
def test_reporting_to_an_executive_outside_the_team_holds(plan, boss):
    roles = [plan.roles[0].model_copy(update={"reports_to": boss}), *plan.roles[1:]]
    assert reporting_lines(plan.model_copy(update={"roles": roles}), None) == []


def test_reporting_to_a_stranger_is_a_problem(plan):
    roles = [plan.roles[0].model_copy(update={"reports_to": "the stores"}), *plan.roles[1:]]
    assert reporting_lines(plan.model_copy(update={"roles": roles}), None) == [
        "Omnichannel Manager reports to 'the stores', which is neither a role of the team nor a leader"
    ]


def test_a_steering_meeting_named_without_a_committee_role_holds(plan):
    risks = [plan.risks[0].model_copy(update={"mitigation": "Escalate to the steering committee monthly."})]
    steered = plan.model_copy(update={"risks": risks + plan.risks[1:]})
    assert (team_problems(steered, make_profile()), team_warnings(steered, make_profile())) == ([], [])


def test_a_steering_committee_staffed_as_a_role_is_a_warning_not_a_problem(plan):
    committee = plan.roles[1].model_copy(update={"key": "steering_committee", "title": "Steering Committee"})
    staffed = plan.model_copy(update={"roles": [*plan.roles, committee]})
    assert team_problems(staffed, make_profile()) == []
    assert team_warnings(staffed, make_profile()) == [
        "a steering committee staffed as a role with FTE: 'Steering Committee'"
    ]


def test_kpis_named_by_acronym_or_name_take_the_catalogues_key(answer):
    data = json.loads(json.dumps(answer))
    data["kpis"][0]["key"] = "CES"
    data["kpis"][1] = {**data["kpis"][1], "key": "promoter", "name": "Net Promoter Score (NPS)"}
    data["kpis"][2]["key"] = "cross-channel-conversion"
    assert [k.key for k in validated(data).kpis[:3]] == ["customer_effort_score", "nps", "cross_channel_conversion"]
