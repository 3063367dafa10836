"""English plan text follows the client's country: American for a US client, British otherwise."""

from __future__ import annotations

from functools import cache

from assistant.planners import OfflinePlanner
from assistant.plans import PlanBundle
from assistant.render import bundle_markdown
from assistant.render.document import bundle_document
from assistant.words.spelling import own_words, spell
from tests.helpers import make_profile

US = dict(
    company="Lone Peak Heating, Inc.",
    industry="residential heating services",
    channels="call centre, website booking, technicians in the field",
    challenge="online bookings reach the call centre too late and customers are rescheduled",
)


@cache
def us_bundle() -> PlanBundle:
    return OfflinePlanner().plan(make_profile(**US), "both")


def test_american_spelling_turns_a_british_word_into_its_american_form():
    assert spell("the call centre", "american") == "the call center"


def test_a_stem_carries_its_ending_into_the_american_form():
    assert spell("the optimisation of labourers", "american") == "the optimization of laborers"


def test_capitals_follow_the_text():
    assert spell("Centralised. PROGRAMME", "american") == "Centralized. PROGRAM"


def test_the_clients_quoted_words_are_left_as_written():
    assert spell("In your words, “our call centre is slow”", "american") == "In your words, “our call centre is slow”"


def test_british_spelling_turns_an_american_word_back():
    assert spell("the Centralized model", "british") == "the Centralised model"


def test_a_one_way_pair_is_not_turned_back_into_british():
    assert spell("a computer program", "british") == "a computer program"


def test_an_id_after_a_dot_is_no_word():
    assert spell("operating_models.centralized", "british") == "operating_models.centralized"


def test_a_us_company_plan_is_marked_american():
    assert us_bundle().team.spelling == "american"


def test_a_us_company_brief_has_no_british_spelling_left():
    text = us_bundle().team.brief.model_dump_json()
    assert spell(text, "american") == text


def test_a_us_company_markdown_has_no_british_spelling_left():
    text = bundle_markdown(us_bundle()).replace(US["channels"], "")
    assert spell(text, "american") == text


def test_a_us_company_document_names_the_phase_of_optimization():
    doc = bundle_document(us_bundle())
    texts = " ".join(getattr(b, "text", "") + " ".join(i[0] for i in getattr(b, "items", ())) for b in doc.blocks)
    assert "Optimization and learning" in texts


def test_the_profile_keeps_the_clients_words():
    assert us_bundle().team.profile.channel_words == US["channels"]


def test_a_british_company_appendix_says_centralised():
    bundle = OfflinePlanner().plan(make_profile(company="Leeds Bathrooms Ltd", employees=40), "team")
    assert "Operating model: Centralised" in bundle_markdown(bundle)


def test_a_word_of_the_clients_name_stays_as_the_client_wrote_it():
    plan = OfflinePlanner().team_plan(make_profile(company="Center Court Tennis Ltd", employees=40))
    assert "Center Court Tennis Ltd" in plan.summary


def test_a_word_in_keep_is_not_respelled():
    assert spell("Center Parcs has a call center", "british", frozenset({"Center"})) == "Center Parcs has a call centre"


def test_a_common_word_the_client_writes_follows_the_plans_spelling():
    assert own_words("", ["our call centre is slow. Centralised buying too"], "american") == frozenset()


def test_a_name_inside_the_clients_sentence_is_the_clients():
    assert own_words("", ["we sell at Center Parcs"], "british") == frozenset({"Center"})
