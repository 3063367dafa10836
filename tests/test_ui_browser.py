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
    """Both charts drawn and fitted to their frames."""
    page.wait_for_selector("#org-frame[data-zoom] svg rect")
    page.wait_for_selector("#gantt-frame[data-zoom] svg rect")


def smallest_label_px(page, frame: str) -> float:
    """The smallest text of a chart as drawn on screen, in CSS pixels."""
    return page.evaluate("""(frame) => {
        const svg = document.querySelector(frame + ' svg');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale));
    }""", frame)


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
    org = page.locator("#org-chart svg")
    assert org.locator("rect").count() >= 6
    assert "Omnichannel Manager" in org.text_content()
    gantt = page.locator("#gantt svg")
    assert "W13" in gantt.text_content()
    assert page.locator("#org-chart details table tr").count() >= 6  # the chart's text alternative
    assert page.locator("#operating-models th.chosen .badge").count() == 1
    assert "offline" in page.inner_text("#status")
    page.screenshot(path=str(shots / "ui-form.png"), full_page=True)


def test_chat_in_english_then_a_correction_changes_the_plan(page, shots):
    reply = send(page, "We're a fashion retailer with 300 employees, selling in stores and online.")
    assert "still need" in reply
    reply = send(page, "Our biggest problem: stores and e-commerce compete for the same customers.")
    assert "ready" in reply
    wait_for_diagrams(page)
    nodes = page.locator("#org-chart details tr").count()
    assert "300 employees" in page.inner_text("#profile-summary")
    reply = send(page, "we have 1,200 people, not 300")
    assert "1 200" in reply
    page.wait_for_function("document.querySelector('#profile-summary').innerText.includes('1,200 employees')")
    page.wait_for_function(f"document.querySelectorAll('#org-chart details tr').length > {nodes}")  # a bigger team
    wait_for_diagrams(page)
    page.screenshot(path=str(shots / "ui-chat.png"), full_page=True)


def test_chat_in_polish_gives_a_polish_plan(page):
    send(page, "Jesteśmy siecią aptek, zatrudniamy 300 osób. Sprzedajemy w aptekach i w sklepie internetowym. "
               "Największy problem: każdy dział ma własne cele.")
    wait_for_diagrams(page)
    assert "planer offline" in page.inner_text("#status")
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
    assert "Employees: 300" in [p.text for p in doc.paragraphs]
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


BIG = ("physical stores", "e-commerce", "mobile app", "marketplace", "social media", "call centre", "B2B")


@pytest.mark.parametrize(("width", "height", "name"), [(1440, 900, "ui-desktop.png"), (390, 844, "ui-phone.png")])
def test_a_fourteen_role_org_chart_reads_on_desktop_and_phone(page, shots, width, height, name):
    page.set_viewport_size({"width": width, "height": height})
    fill_form(page, employees="5000", channels=BIG)
    assert page.locator("#org-chart details tr").count() >= 15  # 14+ roles and the header
    assert smallest_label_px(page, "#org-frame") >= 11
    assert smallest_label_px(page, "#gantt-frame") >= 11
    page.click("#org-frame [data-chart=in]")
    assert smallest_label_px(page, "#org-frame") > 12
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0  # wide charts and tables scroll inside their frames, not the page
    page.screenshot(path=str(shots / name), full_page=True)
