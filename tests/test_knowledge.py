"""The knowledge base: it validates, it is bilingual, and it says what the two articles say."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from pydantic import BaseModel

from assistant.knowledge import Knowledge, load_knowledge
from assistant.knowledge.practice import load_practice
from assistant.terms import OperatingModel, SkillKey
from assistant.words.phrasebook import Text, Texts
from assistant.words.text import fold, reading_cues
from assistant.words.vocab import Channel

PL_LETTERS = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


def _walk(node, path="kb"):
    """Yield (path, Text | Texts) for every bilingual value anywhere in the model."""
    if isinstance(node, (Text, Texts)):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _walk(getattr(node, name), f"{path}.{name}")
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}[{key}]")
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]")


def _pairs(kb: Knowledge) -> list[tuple[str, str, str]]:
    """Every (path, en, pl) sentence pair; Texts are split item by item."""
    pairs = []
    for path, value in _walk(kb):
        if isinstance(value, Text):
            pairs.append((path, value.en, value.pl))
        else:
            pairs += [(f"{path}#{i}", en, pl) for i, (en, pl) in enumerate(zip(value.en, value.pl, strict=True))]
    return pairs


# ------------------------------------------------------------------------------ loading


def test_loads_and_validates(kb):
    assert isinstance(kb, Knowledge)
    # Round trip: the loaded object re-validates from its own dump.
    assert Knowledge.model_validate(kb.model_dump()) == kb


def test_counts(kb):
    assert len(kb.roles) == 10
    assert len(kb.channels) == len(Channel)
    assert len(kb.operating_models) == 3
    assert len(kb.phases) == 4
    assert len(kb.conflicts) == 3
    assert len(kb.quick_wins) == 6
    assert len(kb.tools) == 5
    assert len(kb.competencies) == 3
    assert len(kb.maturity) == 4
    assert len(kb.skills) == 10
    assert len(kb.challenges) == 9  # the eight the method names, and none
    assert 6 <= len(kb.generic_risks) <= 8
    assert {m.day for m in kb.microlearning} == {30, 60, 90}


# ------------------------------------------------------------------------------ bilingual


def test_every_text_is_filled_in_both_languages(kb):
    pairs = _pairs(kb)
    assert len(pairs) > 300
    empty = [path for path, en, pl in pairs if not en.strip() or not pl.strip()]
    assert not empty, empty


def test_sentences_are_translated(kb):
    pairs = _pairs(kb)
    same = [(path, en) for path, en, pl in pairs if en.strip() == pl.strip()]
    # Short labels may legitimately coincide (e.g. "FTE"); sentences never should.
    sentences_copied = [(path, en) for path, en in same if len(en.split()) >= 4]
    assert not sentences_copied, sentences_copied
    assert len(same) / len(pairs) < 0.05, same


def test_languages_are_not_swapped(kb):
    pairs = _pairs(kb)
    polish_in_english = [(path, en) for path, en, _ in pairs if PL_LETTERS & set(en)]
    assert not polish_in_english, polish_in_english
    # Real Polish sentences almost always carry diacritics; ASCII-only Polish means they were lost.
    long_pl = [pl for _, _, pl in pairs if len(pl.split()) >= 8]
    with_diacritics = [pl for pl in long_pl if PL_LETTERS & set(pl)]
    assert len(with_diacritics) / len(long_pl) > 0.95


def test_texts_lists_have_no_blank_items(kb):
    for path, value in _walk(kb):
        if isinstance(value, Texts):
            assert all(item.strip() for item in value.en + value.pl), path


# ------------------------------------------------------------------------------ roles


def test_roles(kb):
    keys = [r.key for r in kb.roles]
    assert len(keys) == len(set(keys))
    core = {r.key for r in kb.roles if r.core}
    assert core == {
        "omnichannel_manager",
        "cx_specialist",
        "data_analyst",
        "tech_integration_lead",
        "marketing_automation",
        "channel_manager",
    }
    assert set(keys) - core == {"product_owner", "department_coordinator", "learning_partner", "steering_committee"}
    for role in kb.roles:
        assert 3 <= len(role.responsibilities.en) <= 5, role.key
        assert 2 <= len(role.skills) <= 4, role.key
        assert len(set(role.skills)) == len(role.skills), role.key
    manager = kb.role("omnichannel_manager")
    assert (
        "reports directly to {top_body}" in " ".join(manager.responsibilities.en).lower()
    )  # the board, in a large firm
    assert "{top_body}" in " ".join(manager.responsibilities.pl)


def test_every_owner_role_exists(kb):
    keys = {r.key for r in kb.roles}
    owners = [q.owner_role for q in kb.quick_wins] + [r.owner_role for r in kb.generic_risks]
    for challenge in kb.challenges:
        owners += [a.owner_role for a in challenge.actions] + [r.owner_role for r in challenge.risks]
    assert set(owners) <= keys


# ------------------------------------------------------------------------------ channels


def test_each_channel_has_exactly_one_spec(kb):
    counts = Counter(spec.channel for spec in kb.channels)
    assert set(counts) == set(Channel)
    assert all(n == 1 for n in counts.values())


def test_digital_channels(kb):
    digital = {spec.channel for spec in kb.channels if spec.digital}
    assert digital == {Channel.ecommerce, Channel.mobile_app, Channel.marketplace, Channel.social_media}


def test_sla_from_the_article(kb):
    for spec in kb.channels:
        assert spec.sla is not None, spec.channel
    assert "2–5 min" in kb.channel(Channel.call_centre).sla.en
    assert "2–5 min" in kb.channel(Channel.call_centre).sla.pl
    assert "1 h" in kb.channel(Channel.social_media).sla.en
    assert "24 h" in kb.channel(Channel.ecommerce).sla.en
    marked = [spec.channel for spec in kb.channels if "article" in spec.sla.en]
    assert set(marked) == {Channel.call_centre, Channel.social_media, Channel.ecommerce}
    assert all("artykułu" in kb.channel(c).sla.pl for c in marked)


# ------------------------------------------------------------------------------ operating models


def test_operating_models(kb):
    assert {m.key for m in kb.operating_models} == set(OperatingModel)
    assert "silos" in kb.operating_model(OperatingModel.decentralized).challenges.en.lower()
    assert "coordinat" in kb.operating_model(OperatingModel.decentralized).structure.en.lower()
    assert "mid-sized" in kb.operating_model(OperatingModel.centralized).best_for.en
    assert "standards" in kb.operating_model(OperatingModel.hybrid).structure.en
    assert 4 <= len(kb.hybrid_principles.en) <= 5


# ------------------------------------------------------------------------------ KPIs


def test_the_four_shared_kpis(kb):
    shared = {k.key for k in kb.kpis if k.shared}
    assert shared == {"clv", "nps", "cross_channel_conversion", "customer_effort_score"}


def test_supporting_kpis(kb):
    keys = [k.key for k in kb.kpis]
    assert len(keys) == len(set(keys))
    assert {k.key for k in kb.kpis if not k.shared} == {
        "experience_index",
        "attribution_coverage",
        "data_coverage",
        "pilot_adoption",
        "time_to_launch",
    }
    assert "NPS" in kb.kpi("experience_index").definition.en


# ------------------------------------------------------------------------------ method


def test_phase_durations_match_the_article(kb):
    # 4-6 weeks, 2-3 months, 3-4 months, 6-12 months.
    expected = {1: (4, 6), 2: (8, 13), 3: (13, 17), 4: (26, 52)}
    got = {p.number: (p.weeks_min, p.weeks_max) for p in kb.phases}
    assert got == expected
    for phase in kb.phases:
        assert 3 <= len(phase.goals.en) <= 4, phase.number


def test_pilot_parameters_in_phase_two(kb):
    phase2 = next(p for p in kb.phases if p.number == 2)
    text = " ".join(phase2.goals.en)
    assert "5–8" in text and "50–70%" in text


def test_conflicts(kb):
    assert [c.key for c in kb.conflicts] == ["attribution", "budgets", "pace_of_change"]
    assert "multi-touch" in next(c for c in kb.conflicts if c.key == "attribution").resolution.en


def test_quick_wins(kb):
    assert [q.key for q in kb.quick_wins] == [
        "unified_service",
        "shared_log",
        "click_and_collect",
        "unified_loyalty",
        "inventory_visibility",
        "cross_channel_retargeting",
    ]
    for win in kb.quick_wins:
        assert win.months == ("1" if win.key == "shared_log" else "2–4")
        assert win.needs_any, win.key
    click = next(q for q in kb.quick_wins if q.key == "click_and_collect")
    assert click.needs_all == [Channel.stores]
    assert set(click.needs_any) == {Channel.ecommerce, Channel.mobile_app}


def test_tools(kb):
    tools = {t.key: t for t in kb.tools}
    assert set(tools) == {"project_management", "cdp", "unified_analytics", "team_messaging", "knowledge_sharing"}
    assert tools["project_management"].examples == ["Jira", "Asana", "Monday.com"]
    assert tools["unified_analytics"].examples == ["Google Analytics 4", "Tableau", "Power BI"]
    assert tools["team_messaging"].examples == ["Slack", "Microsoft Teams"]
    assert tools["knowledge_sharing"].examples == ["Confluence", "Notion", "SharePoint"]


def test_competencies_and_maturity(kb):
    assert [g.key for g in kb.competencies] == ["technical", "analytical", "soft"]
    assert len(next(g for g in kb.competencies if g.key == "soft").items.en) == 5
    assert [m.level for m in kb.maturity] == [1, 2, 3, 4]
    assert kb.level(1).name.en == "Silos with coordination"
    assert "12–24" in kb.level(3).description.en


# ------------------------------------------------------------------------------ skills


def test_skills_follow_the_article_order(kb):
    assert [s.key for s in sorted(kb.skills, key=lambda s: s.number)] == list(SkillKey)
    assert [s.number for s in kb.skills] == list(range(1, 11))


def test_skill_fields(kb):
    for skill in kb.skills:
        assert len(skill.covers.en) == 3, skill.key
        assert len(skill.keywords) == 4, skill.key
        assert skill.progress_indicator.en and skill.progress_indicator.pl
    with_tips = {s.key for s in kb.skills if s.tip is not None}
    assert {
        SkillKey.adaptive_communication,
        SkillKey.digital_tools,
        SkillKey.realtime_time_management,
        SkillKey.strategic_multitasking,
        SkillKey.continuous_learning,
    } <= with_tips
    assert kb.skill(SkillKey.active_listening).keywords[0] == "aktywne słuchanie"


def test_roi_weights_follow_the_article_table(kb):
    roi = {s.key: s.roi_impact for s in kb.skills}
    # data interpretation: very high; digital literacy / CRM: high.
    assert roi[SkillKey.data_analytics] == 5 == max(roi.values())
    assert roi[SkillKey.digital_tools] >= 4


def test_microlearning_has_a_variant_for_every_company_each_day(kb):
    for day in (30, 60, 90):
        variants = [m for m in kb.microlearning if m.day == day]
        assert variants[-1].when.model_dump(exclude_defaults=True) == {}, day  # the last one fits anyone


# ------------------------------------------------------------------------------ challenges

CHALLENGE_KEYS = [
    "silos",
    "no_shared_data",
    "conflicting_goals",
    "attribution",
    "budgets",
    "pace_of_change",
    "resistance",
    "skills_gap",
    "none",
]


def test_challenge_keys_and_conflicts(kb):
    assert [c.key for c in kb.challenges] == CHALLENGE_KEYS
    conflicts = {c.key: c.conflict for c in kb.challenges if c.conflict}
    assert conflicts == {"attribution": "attribution", "budgets": "budgets", "pace_of_change": "pace_of_change"}


COUNTRIES = list(load_practice().salaries.countries)


def test_challenge_contents(kb):
    kpi_keys = {k.key for k in kb.kpis}
    win_keys = {q.key for q in kb.quick_wins}
    for c in kb.challenges:
        assert 2 <= len(c.actions) <= 6, c.key
        in_country = [[r for r in c.risks if r.when.holds_in(country)] for country in COUNTRIES]
        assert all(1 <= len(risks) <= 3 for risks in in_country), c.key  # a country's law: one variant applies
        assert 2 <= len(c.kpis) <= 3 and set(c.kpis) <= kpi_keys, c.key
        assert 2 <= len(c.quick_wins) <= 3 and set(c.quick_wins) <= win_keys, c.key
        assert 2 <= len(c.skills) <= 4, c.key
        for action in c.actions:
            assert 1 <= action.start_week <= action.end_week <= 13, action.key


@pytest.mark.parametrize("employees", [1, 5, 30, 120, 5000])
def test_every_challenge_has_two_actions_for_a_firm_of_any_size(kb, employees):
    for c in kb.challenges:
        fitting = [
            a
            for a in c.actions
            if a.when.min_employees <= employees and (a.when.max_employees is None or employees <= a.when.max_employees)
        ]
        assert fitting, (c.key, employees)  # the planner adds the method's general start when one is not enough


def test_action_and_risk_keys_are_unique(kb):
    actions = [a.key for c in kb.challenges for a in c.actions]
    risks = [r.key for c in kb.challenges for r in c.risks] + [r.key for r in kb.generic_risks]
    assert len(actions) == len(set(actions))
    assert len(risks) == len(set(risks))


def test_generic_risks(kb):
    assert {r.key for r in kb.generic_risks} == {
        "no_sponsorship",
        "pilot_too_broad",
        "key_person_dependency",
        "return_to_silos",
        "loss_of_channel_expertise",
        "store_staff_resistance",
        "integration_overrun",
        "tool_overload",
    }


def test_reading_words_are_folded_and_patterns_compile(kb):
    for c in kb.challenges:
        for stem in [*c.signals, *c.topics]:
            assert stem == fold(stem) and stem.isascii(), (c.key, stem)
        for pattern in c.patterns:
            re.compile(pattern)
    for name in ("trouble", "denial", "solved"):
        assert all(w == fold(w) for w in getattr(reading_cues(), name)), name


def test_no_signal_belongs_to_two_challenges(kb):
    owners: dict[str, list[str]] = {}
    for c in kb.challenges:
        for stem in c.signals:
            owners.setdefault(stem, []).append(c.key)
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared, shared


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_each_challenge_name_is_read_as_itself(kb, lang):
    from assistant.reading.challenges import read_challenges

    for c in kb.challenges:
        if c.key != "none":
            assert [f.key for f in read_challenges(getattr(c.name, lang), kb)][:1] == [c.key], (c.key, lang)


# ------------------------------------------------------------------------------ labels

REQUIRED_LABELS = """
plan_title_team plan_title_skills summary roles role mission responsibilities reports_to fte why
operating_model reasons decision_rights budget_model coordination first_90_days action owner weeks
deliverable kpi addresses risks risk likelihood impact mitigation kpis target maturity current_level
target_level pilot scope team_size time_share members success_criteria rollout phase duration
quick_wins rationale rule decision because skills skill cx_impact roi_impact progress_indicator focus
top3 quick_wins_30d microlearning day case tool metric provenance planner fallback tokens cost
level_low level_medium level_high model_centralized model_decentralized model_hybrid weeks_unit
months_unit company employees industry channels challenge team_level quarterly_goal
""".split()


def test_required_labels(kb):
    missing = sorted(set(REQUIRED_LABELS) - set(kb.labels))
    assert not missing, missing
    assert kb.label("first_90_days", "pl") == "Pierwsze 90 dni"
    assert kb.label("level_high", "en") == "high"


@pytest.mark.parametrize(
    "break_it, message",
    [
        (lambda d: d["channels"].pop(), "each channel exactly once"),
        (lambda d: d["challenges"][0].update(conflict="weather"), "unknown conflict"),
        (lambda d: d["challenges"][0]["actions"][0].update(start_week=9, end_week=2), "ends before it starts"),
        (lambda d: d["skills"].pop(), "10 skills"),
        (lambda d: d["challenges"][0]["actions"][0].update(owner_role="janitor"), "not in the role catalogue"),
    ],
)
def test_schema_rejects_inconsistent_knowledge(kb, break_it, message):
    from pydantic import ValidationError

    from assistant.knowledge import Knowledge

    data = kb.model_dump(mode="json")
    break_it(data)
    with pytest.raises(ValidationError, match=message):
        Knowledge.model_validate(data)


SHIPPED_YAML = sorted(
    path
    for folder in ("assistant", "prompts", "evals")
    for path in Path(__file__).parent.parent.joinpath(folder).rglob("*.yaml")
)


def test_no_shipped_yaml_file_gives_a_key_twice():
    """A key given twice keeps only its last value, silently: the method's data is read as strictly as a user's
    file is, anchors aside (the skills use them)."""
    import yaml

    from assistant.files.reading import StrictLoader

    class OnceLoader(StrictLoader):
        def compose_node(self, parent, index):
            return yaml.SafeLoader.compose_node(self, parent, index)

    def problem(path: Path) -> str | None:
        try:
            yaml.load(path.read_text(encoding="utf-8"), Loader=OnceLoader)
        except yaml.YAMLError as error:
            return f"{path.name}: {getattr(error, 'problem', error)}"
        return None

    assert [p for p in map(problem, SHIPPED_YAML) if p] == []
