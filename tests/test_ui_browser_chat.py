"""The page as a person uses it, in a real headless Chromium at a phone's size (390×844) and a
desktop's (1440×900): charts and tables that fit, every tab reachable, and the chat people know
(regenerate, undo, edit, stop, new conversation, suggestions that send, long input kept)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from playwright.sync_api import expect

from assistant.planners import OfflinePlanner
from tests.test_ui_browser import (  # noqa: F401 - the module's Chromium fixture and helpers
    BIG,
    BUSY,
    SHOWN,
    TIMEOUT,
    browser,
    fill_form,
    open_page,
    send,
    serious_violations,
    wait_for_diagrams,
    wait_for_downloads,
)
from ui import handlers
from ui.app import running

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")]

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1440, "height": 900}
SIZES = pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
OPENING = "We are a fashion retailer with 300 employees, selling in stores and online. Our problem: silos."
BUSY_NOW = f"#chatbot :is({BUSY}), #chat-input .stop-button"  # a chat event under way
HELD = 777  # a plan for this many people waits until the test lets it go (a slow model)


class HeldPlanner(OfflinePlanner):
    """The offline planner, but a plan for `HELD` people is written only once `go` is set."""

    def __init__(self):
        super().__init__()
        self.go, self.waiting = threading.Event(), threading.Event()

    def stream_plan(self, profile: Any, kind: Any = "team") -> Any:
        if profile.employees == HELD:
            yield '{"summary": "'
            self.waiting.set()
            self.go.wait(TIMEOUT / 1000)
        yield from super().stream_plan(profile, kind)


@pytest.fixture(scope="module")
def planner():
    return HeldPlanner()


@pytest.fixture(scope="module")
def url(planner):
    with running(planner) as address:
        yield address


@pytest.fixture
def opened(browser, url):  # noqa: F811 - `browser` is the imported fixture
    """Open a visitor's page at a size (and browser language)."""
    pages = []

    def open_at(size, locale="en-GB"):
        page = open_page(browser, url, locale)
        page.set_viewport_size(size)
        pages.append(page)
        return page

    yield open_at
    for page in pages:
        page.context.close()


def horizontal_overflow(page) -> float:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def named(cell) -> str:
    """The words a table cell shows before its text when the table is a stack of cards."""
    return cell.evaluate("(td) => getComputedStyle(td, '::before').content")


def last_reply(page) -> str:
    return page.locator("#chatbot .bot-row").last.inner_text()


def chat_action(page, action: str) -> None:
    """Click one of the chat's buttons under the last message (marked by what it does) and wait for its answer:
    the page marked the chat busy after the click (an answer can be written again word for word) and is no longer."""
    page.evaluate(
        """(busy) => { window.seenBusy = false;
        new MutationObserver((_, watch) => { if (document.querySelector(busy)) { window.seenBusy = true; watch.disconnect(); } })
          .observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['class']}); }""",
        BUSY_NOW,
    )
    page.locator(f"#chatbot button[data-action={action}]").last.click()
    page.wait_for_function(f"window.seenBusy && !document.querySelector({BUSY_NOW!r})")


# -- a phone layout --------------------------------------------------------------------------------
@SIZES
def test_a_big_plan_fits_the_screen_and_every_tab_is_reachable(opened, size):
    page = opened(size)
    fill_form(page, employees="5000", channels=BIG)
    assert horizontal_overflow(page) <= 0
    page.click("#org-frame [data-chart=fit]")
    fits = page.evaluate(f"""(() => {{
        const view = document.querySelector('#org-frame .chart-view');
        return document.querySelector('#org-frame {SHOWN}').getBoundingClientRect().width <= view.clientWidth;
    }})()""")
    assert fits  # "fit" makes the chart no wider than its frame
    assert page.locator("#plan-tabs .overflow-menu:visible").count() == 0  # no tab hidden behind "…"
    for tab, shown in (
        ("risks", "#risk-matrix"),
        ("skills", "#skills-plan"),
        ("text", "#plan-text"),
        ("scenarios", "#scenario-table"),
        ("plan", "#org-frame"),
    ):
        page.click(f"#{tab}-tab-button")
        page.wait_for_selector(shown)
        assert horizontal_overflow(page) <= 0, tab


def test_on_a_phone_the_org_chart_is_tall_and_the_gantt_keeps_its_labels_while_the_weeks_scroll(opened):
    page = opened(PHONE)
    fill_form(page, employees="5000", channels=BIG)
    assert page.get_attribute(f"#org-frame {SHOWN}", "data-layout") == "tall"
    labels = f"#gantt-frame {SHOWN} .chart-part.pinned"
    left = page.locator(labels).bounding_box()["x"]
    page.eval_on_selector("#gantt-frame .chart-view", "(view) => { view.scrollLeft = view.scrollWidth; }")
    page.wait_for_function("document.querySelector('#gantt-frame .chart-view').scrollLeft > 100")
    assert page.locator(labels).bounding_box()["x"] == left
    assert "W13" in page.locator(f"#gantt-frame {SHOWN}").text_content()


def test_on_a_desktop_the_org_chart_is_the_wide_one(opened):
    page = opened(DESKTOP)
    fill_form(page)
    assert page.get_attribute(f"#org-frame {SHOWN}", "data-layout") == "wide"


def test_on_a_phone_risks_and_scenarios_are_stacked_cards_with_both_columns(opened):
    page = opened(PHONE)
    fill_form(page)
    page.click("#risks-tab-button")
    card = page.locator("#risks table.cards tbody tr").first
    assert card.evaluate("(row) => getComputedStyle(row).display") == "block"
    assert named(card.locator("td[data-label=Mitigation]")) == '"Mitigation: "'  # each cell says its column
    page.click("#scenarios-tab-button")
    card = page.locator("#scenario-table tbody tr").first
    page.wait_for_selector("#scenario-table")
    a, b = (named(card.locator("td").nth(i)) for i in (0, 1))
    assert a.startswith('"A: your plan · ') and b.startswith('"B: variant · ')  # both columns, not only A
    assert all(card.locator("td").nth(i).bounding_box()["x"] >= 0 for i in (0, 1))  # both on screen
    assert horizontal_overflow(page) <= 0


def test_on_a_desktop_risks_stay_a_table(opened):
    page = opened(DESKTOP)
    fill_form(page)
    page.click("#risks-tab-button")
    row = page.locator("#risks table.cards tbody tr").first
    assert row.evaluate("(row) => getComputedStyle(row).display") == "table-row"


def test_see_the_plan_under_a_reply_scrolls_to_the_plan_on_a_phone(opened):
    page = opened(PHONE)
    send(page, OPENING)
    page.locator("#chatbot .bot-row a[href$='#plan-view']").last.click()
    page.wait_for_function("Math.abs(document.getElementById('plan-view').getBoundingClientRect().top) < 2")
    assert page.evaluate("document.activeElement.id") == "plan-tab-button"


def test_full_screen_enlarges_the_chart_and_offers_a_way_out(opened):
    page = opened(DESKTOP)
    fill_form(page)
    before = page.locator(f"#gantt-frame {SHOWN}").bounding_box()["width"]
    page.click("#gantt-frame [data-chart=full]")
    page.wait_for_selector("#gantt-frame.is-full")
    assert page.locator(f"#gantt-frame {SHOWN}").bounding_box()["width"] > before
    assert page.inner_text("#gantt-frame [data-chart=full]") == "Close full screen"
    page.keyboard.press("Escape")
    page.wait_for_selector("#gantt-frame:not(.is-full)")


# -- the chat people know --------------------------------------------------------------------------
def test_the_empty_chat_welcomes_in_the_pages_language_and_an_example_sends(opened):
    page = opened(PHONE, locale="pl-PL")
    assert "Opisz swoją firmę" in page.inner_text("#chatbot")
    examples = page.locator("#chatbot button.example")
    assert examples.count() == 3 and "Sieć aptek" in examples.nth(1).inner_text()
    examples.nth(1).click()
    page.wait_for_selector("#chatbot .bot-row")
    assert page.locator("#chatbot .user-row").first.inner_text().startswith("Jesteśmy siecią aptek")


@SIZES
def test_a_suggestion_under_a_reply_sends_itself(opened, size):
    page = opened(size)
    send(page, OPENING)
    option = page.locator("#chatbot .options button").first
    asked = option.inner_text()
    option.click()
    page.wait_for_function("document.querySelectorAll('#chatbot .bot-row').length === 2")
    assert page.locator("#chatbot .user-row").last.inner_text() == asked


@SIZES
def test_regenerate_and_undo(opened, size):
    page = opened(size)
    send(page, OPENING)
    send(page, "we have 1,200 people, not 300")
    page.wait_for_function("document.querySelector('#profile-summary').innerText.includes('1,200 employees')")
    answer = last_reply(page)
    chat_action(page, "retry")
    expect(page.locator("#chatbot .bot-row").last).to_have_text(answer)  # the same answer, once it is written again
    assert page.locator("#chatbot .user-row").count() == 2
    chat_action(page, "undo")
    page.wait_for_function("document.querySelector('#profile-summary').innerText.includes('300 employees')")
    expect(page.locator("#chatbot .user-row")).to_have_count(1)  # the message is gone, and its change to the plan
    assert page.input_value("#chat-input textarea") == "we have 1,200 people, not 300"  # back in the box
    label = page.locator("#chatbot button[data-action=retry]").last.evaluate(
        "(b) => getComputedStyle(b, '::before').content"
    )
    assert label == '"Regenerate"'  # a word beside the icon


def test_editing_the_last_message_answers_the_new_words(opened):
    page = opened(DESKTOP)
    send(page, OPENING)
    page.locator("#chatbot button[data-action=edit]").last.click()
    page.fill("#chatbot textarea.edit-textarea", OPENING.replace("300", "900"))
    page.click("#chatbot button[aria-label=Submit]")
    page.wait_for_function("document.querySelector('#profile-summary').innerText.includes('900 employees')")
    assert page.locator("#chatbot .user-row").count() == 1


def test_stop_ends_a_slow_plan_and_nothing_changes(opened, planner):
    page = opened(DESKTOP)
    send(page, OPENING)
    planner.go.clear()
    planner.waiting.clear()
    try:
        page.fill("#chat-input textarea", f"we have {HELD} people")
        page.press("#chat-input textarea", "Enter")
        assert planner.waiting.wait(TIMEOUT / 1000)  # the plan is being written: the stop button is there
        page.click("#chat-input .stop-button")
        page.wait_for_function("document.querySelector('#chatbot').innerText.includes('Stopped. Nothing changed')")
        assert "300 employees" in page.inner_text("#profile-summary")
        page.wait_for_selector("#chat-input button:has-text('Send')")
    finally:
        planner.go.set()


@SIZES
def test_a_long_message_stays_in_the_box_with_a_live_count_and_one_line_notice(opened, size):
    page = opened(size)
    long = "We are a retailer. " * 120  # 2,280 characters
    page.fill("#chat-input textarea", long)
    page.wait_for_function("document.querySelector('#chat-input-count').innerText.startsWith('2,280 / 2,000')")
    page.press("#chat-input textarea", "Enter")
    page.wait_for_selector("#chat-notice [role=alert]")
    assert page.input_value("#chat-input textarea") == long and page.locator("#chatbot .user-row").count() == 0
    assert page.inner_text("#chat-notice").count("\n") == 0 and "2,280 characters" in page.inner_text("#chat-notice")


def test_a_new_conversation_clears_messages_plan_company_and_downloads(opened):
    page = opened(PHONE)
    send(page, OPENING)
    wait_for_diagrams(page)
    wait_for_downloads(page)
    page.click("#new-conversation")
    page.wait_for_function("document.querySelector('#org-chart').innerText.includes('No plan yet')")
    assert page.locator("#chatbot .user-row").count() == 0 and page.locator("#chatbot button.example").count() == 3
    assert page.inner_text("#profile-summary").strip() == ""
    page.click("#form-tab-button")
    assert page.input_value("#employees textarea") == ""  # the company is forgotten too
    page.wait_for_selector("#download-pdf:disabled")


def test_in_polish_please_then_start_over_keeps_the_polish_page(opened):
    page = opened(DESKTOP, locale="pl-PL")
    send(page, OPENING)
    reply = send(page, "in Polish please")
    assert reply.startswith("Oto plan zespołu jeszcze raz, po polsku.") and "Usunięte role" not in reply
    page.wait_for_function("document.querySelector('#gantt').innerText.includes('Pierwsze 90 dni')")
    send(page, "od nowa")
    page.wait_for_function("document.querySelector('#org-chart').innerText.includes('Nie ma jeszcze planu')")
    assert "No plan yet" not in page.inner_text("body")


def test_what_if_in_the_chat_opens_the_same_comparison(opened):
    page = opened(PHONE)
    send(page, OPENING)
    reply = send(page, "what if we had 2,000 people?")
    assert "Scenarios tab" in reply
    page.wait_for_function("document.querySelector('#scenarios-tab-button').getAttribute('aria-selected') === 'true'")
    head = page.wait_for_selector("#scenario-table thead").inner_text()
    assert "A: your plan · " in head and "· 300" in head and "· 2,000" in head
    assert "300 employees" in page.inner_text("#profile-summary")  # the plan stays as it is


# -- accessible and clear --------------------------------------------------------------------------
def test_the_chat_box_is_named_by_its_label_and_the_chart_reads_with_spaces(opened):
    page = opened(DESKTOP)
    assert page.get_by_role("textbox", name="Your message", exact=True).count() == 1
    assert page.locator("#chatbot [data-testid=block-label]").count() == 0  # no "Chat" badge over the messages
    fill_form(page, employees="5000", channels=BIG)
    assert "Customer Experience Specialist" in page.locator(f"#org-frame {SHOWN}").text_content()
    assert [page.inner_text(f"#org-frame [data-chart={a}]") for a in ("fit", "full")] == ["Fit", "Full screen"]


def test_the_challenge_field_counts_its_characters(opened):
    page = opened(PHONE)
    page.click("#form-tab-button")
    page.fill("#challenge textarea", "x" * 1001)
    page.wait_for_function("document.querySelector('#challenge-count').innerText.startsWith('1,001 / 1,000')")
    assert "too long" in page.inner_text("#challenge-count")


def test_downloads_say_they_are_being_prepared_until_their_files_are_there(opened, monkeypatch):
    written, made = threading.Event(), handlers.write_downloads

    def held(bundle, root):
        written.wait(TIMEOUT / 1000)
        return made(bundle, root)

    monkeypatch.setattr(handlers, "write_downloads", held)
    page = opened(DESKTOP)
    try:
        send(page, OPENING)
        page.wait_for_selector("#download-pdf:has-text('PDF · preparing…'):disabled")
    finally:
        written.set()
    wait_for_downloads(page)
    assert page.inner_text("#download-pdf") == "PDF"


@SIZES
def test_the_page_with_a_plan_and_a_chat_passes_axe_core(opened, size):
    page = opened(size)
    send(page, OPENING)
    wait_for_diagrams(page)
    wait_for_downloads(page)
    assert serious_violations(page) == []
    for tab, shown in (("risks", "#risk-matrix"), ("scenarios", "#scenario-table"), ("form", "#employees textarea")):
        page.click(f"#{tab}-tab-button")
        page.wait_for_selector(shown)
        assert serious_violations(page) == [], tab
