"""Markdown rendering: every section present, tables intact, provenance stated honestly."""

from __future__ import annotations

import re

import pytest

from assistant.knowledge import load_knowledge
from assistant.planners import OfflinePlanner
from assistant.plans import Provenance
from assistant.render import bundle_json, render_bundle
from assistant.render.brief import brief_text
from assistant.render.markdown import cell, provenance_line, skills_markdown, team_markdown
from assistant.words.text import first_sentence
from tests.helpers import make_profile

planner = OfflinePlanner()


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_team_markdown_opens_with_the_company_and_the_brief(lang):
    text = team_markdown(planner.team_plan(make_profile(language=lang, company="Modna Sp. z o.o.")))
    first_heading = re.findall(r"^## .*$", text, re.M)[0]
    assert (text.split("\n")[0], first_heading) == (
        f"# Modna Sp. z o.o.: {load_knowledge().label('plan_title_team', lang)}",
        f"## {brief_text('what_breaks', lang)}",
    )


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_the_appendix_follows_the_brief(lang):
    text = team_markdown(planner.team_plan(make_profile(language=lang)))
    assert text.index(f"## {brief_text('who_decides', lang)}") < text.index(f"## {brief_text('appendix', lang)}")


def test_a_baseline_still_to_be_measured_is_said_once_in_the_brief():
    profile = make_profile(
        employees=150,
        industry="pharmacy",
        channels="pharmacies, webshop, app",
        challenge="Each department has its own targets: pharmacies are judged on sales, e-commerce on online orders.",
        quarterly_goal="Launch click & collect in 30 pharmacies.",
        language="en",
    )
    plan = planner.team_plan(profile)
    text = team_markdown(plan)
    brief = text[: text.index(f"## {brief_text('appendix', 'en')}")]
    assert plan.brief is not None and plan.brief.headline is not None
    assert brief.count(plan.brief.headline.baseline) == 1


def test_a_baseline_every_kpi_shares_is_said_once_above_a_table_without_that_column():
    profile = make_profile(
        employees=35,
        industry="kluby fitness",
        channels="kluby, aplikacja, strona z karnetami",
        challenge="Rezerwacje z aplikacji i z recepcji się dublują, bo każda ma swój grafik.",
        language="pl",
    )
    text = team_markdown(planner.team_plan(profile))
    kpis = text[text.index("### Wspólne KPI") :]
    assert kpis.split("\n")[2:5:2] == [
        f"{brief_text('every_baseline', 'pl', baseline='do zmierzenia w działaniu 1 (tygodnie 1–3)')}",
        "| Miernik (KPI) | Cel |",
    ]


def test_the_three_actions_are_numbered_once():
    assert len(re.findall(r"^\d\. \*\*", team_markdown(planner.team_plan(make_profile())), re.M)) == 3


def test_every_role_is_in_the_team_table_with_its_cost():
    plan = planner.team_plan(make_profile(language="pl"))
    text = team_markdown(plan)
    assert all(
        re.search(rf"^\| {re.escape(cell(r.title))}[^|]* \| [\d.,]+ \| [\d ,–]+ (tys\. )?zł", text, re.M)
        for r in plan.roles
    )


def test_no_rule_ids_in_the_client_markdown():
    assert not re.search(r"\bR-[A-Z]{2}", team_markdown(planner.team_plan(make_profile())))


def test_the_maker_is_one_short_line_under_the_title():
    text = team_markdown(planner.team_plan(make_profile())).rstrip().splitlines()
    assert text[4] == "_Offline plan._"
    assert "_Offline plan._" not in text[5:]


def test_skills_markdown_lists_all_ten_skills_in_order():
    plan = planner.skills_plan(make_profile(language="pl"))
    section = skills_markdown(plan).split(f"### {load_knowledge().label('skills', 'pl')}\n")[1].split("\n### ")[0]
    rows = re.findall(r"^\| (\d+) \| ([^|]+) \|", section, re.M)
    assert [(int(n), name.strip()) for n, name in rows] == [(i, s.name) for i, s in enumerate(plan.skills, 1)]


def test_pipes_and_newlines_cannot_break_a_table():
    plan = planner.team_plan(make_profile())
    evil = plan.model_copy(
        update={"roles": [plan.roles[0].model_copy(update={"mission": "a | b\nc"})] + plan.roles[1:]}
    )
    line = next(line for line in team_markdown(evil).splitlines() if "a \\| b c" in line)
    assert line.count(" | ") == 3  # four cells, the pipe in the text escaped


def test_provenance_says_a_fallback_in_words_counts_tokens_and_keeps_internals_out():
    reason = "http://127.0.0.1:9/v1 did not answer within 2 s; raise OMNITEAM_TIMEOUT if the server is slow to start"
    text = provenance_line(
        Provenance(
            planner="offline",
            model="gpt-4o-mini",
            fallback=True,
            fallback_reason=reason,
            fallback_kind="busy",
            prompt_tokens=1200,
            completion_tokens=800,
            tokens_approximate=True,
            cost_usd=0.0012,
            trimmed=["quick_wins"],
        ),
        "en",
    )
    sentence, facts = text.split("  \n")
    assert sentence.startswith(
        "_The AI model gave no plan (its server was busy, too slow or answered with an error), so this is the offline plan"
    )
    assert "~1200+800" in facts and "$0.0012" in facts  # the model's bookkeeping on a line of its own
    assert "127.0.0.1" not in text and "OMNITEAM" not in text and "quick_wins" not in text
    offline = provenance_line(planner.team_plan(make_profile()).provenance, "pl")
    assert offline == "_Plan offline._"  # no "Tokens: 0+0" noise


def test_both_plans_render_and_json_round_trips():
    bundle = planner.plan(make_profile(), "both")
    text = render_bundle(bundle, "markdown")
    assert isinstance(text, str) and text.count("\n---\n") == 1
    assert '"skills"' in bundle_json(bundle) and render_bundle(bundle, "json") == bundle_json(bundle)


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_missions_and_quick_wins_are_never_cut_mid_sentence(lang):
    plan = planner.team_plan(
        make_profile(employees=3000, industry="retail bank", channels="branches, app, call centre", language=lang)
    )
    assert "…" not in team_markdown(plan)


def test_a_first_sentence_ends_at_its_full_stop_not_at_an_ordinal_or_abbreviation():
    assert first_sentence("Cel 1. etapu to np. mapa. Druga rzecz.") == "Cel 1. etapu to np. mapa."


def test_a_lead_who_is_the_owner_reports_to_nobody_in_the_role_table():
    plan = planner.team_plan(make_profile(employees=3, industry="florist", channels="instagram, shop"))
    assert re.search(r"^\| Omnichannel lead \(the owner\) \| [\d.]+ \| — \|", team_markdown(plan), re.M)


def test_an_owner_with_brackets_of_its_own_is_not_put_in_brackets_again():
    plan = planner.team_plan(make_profile(employees=3, industry="florist", channels="instagram, shop"))
    assert "))" not in team_markdown(plan)


MICRO_PL = dict(
    employees=6,
    industry="biuro rachunkowe",
    channels="biuro, e-mail, telefon",
    challenge="Zlecenia klientów giną między mailem a telefonem.",
    language="pl",
)


def test_no_number_range_in_a_plan_is_written_with_a_hyphen():
    text = team_markdown(planner.team_plan(make_profile(**MICRO_PL)))
    assert re.findall(r"\d+\s?-\s?\d+", text) == []


def test_a_pilot_of_hours_a_week_is_not_said_to_be_a_share_of_time():
    text = team_markdown(planner.team_plan(make_profile(**MICRO_PL)))
    assert "tygodniowo czasu" not in text


def test_a_small_teams_pilot_share_is_a_range_with_an_en_dash():
    plan = planner.team_plan(make_profile(employees=35, industry="kluby fitness", channels="kluby, aplikacja"))
    assert re.fullmatch(r"\d+–\d+%", plan.pilot.time_share)


def test_a_title_without_a_company_name_opens_with_the_industry_capitalised():
    text = team_markdown(planner.team_plan(make_profile(**MICRO_PL)))
    assert text.split("\n")[0] == "# Biuro rachunkowe: Plan zespołu omnichannel"


def test_an_approving_body_follows_przez_in_the_accusative():
    profile = make_profile(
        employees=600,
        industry="market budowlany",
        channels="sklepy, sklep internetowy",
        challenge="Każdy dział ma inne cele: marketing liczy ruch na stronie, a sklepy tylko sprzedaż.",
        language="pl",
    )
    assert "przez:" not in team_markdown(planner.team_plan(profile))
