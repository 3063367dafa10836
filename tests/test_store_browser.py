"""The store in a real headless Chromium: a reload keeps the conversation and its plan, "New
conversation" starts clean, and a share link shows its plan until it is revoked."""

from __future__ import annotations

import pytest

from assistant.planners import OfflinePlanner
from assistant.store import open_store
from tests.test_ui_browser import ARGS, CHROMIUM, TIMEOUT, browser  # noqa: F401 - the module's Chromium fixture
from ui.app import running

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")]

OPENING = "We are Kestrel Outdoor, 300 employees, selling in stores and online. Our problem: silos."


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    opened = open_store(url=f"sqlite:///{tmp_path_factory.mktemp('store') / 'page.db'}")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def url(store):
    with running(OfflinePlanner(), store=store) as address:
        yield address


@pytest.fixture
def page(browser, url):  # noqa: F811 - `browser` is the imported fixture
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("#chat-input textarea")
    yield page
    context.close()


def chat(page, message: str) -> None:
    """Send a message and wait until the page has saved the plan it made (its versions are listed)."""
    page.fill("#chat-input textarea", message)
    page.press("#chat-input textarea", "Enter")
    page.click("#plans-tab-button")
    page.wait_for_function("document.querySelector('#plan-versions')?.textContent.includes('v1')")


def test_a_reload_keeps_the_conversation_and_its_plan(page):
    chat(page, OPENING)
    page.reload(wait_until="domcontentloaded")
    page.wait_for_function("document.querySelector('#chatbot')?.textContent.includes('Kestrel Outdoor')")
    page.click("#plan-tab-button")
    page.wait_for_selector("#org-chart svg rect")
    assert page.locator("#chatbot .bot-row").count() >= 1


def test_new_conversation_starts_clean_and_stays_clean_after_a_reload(page):
    chat(page, OPENING)
    page.click("#new-conversation")
    page.wait_for_function("!document.querySelector('#chatbot')?.textContent.includes('Kestrel Outdoor')")
    page.wait_for_function("document.querySelector('#plan-versions')?.textContent.includes('no saved plan')")
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector("#chat-input textarea")
    page.click("#plans-tab-button")
    page.wait_for_function("document.querySelector('#plan-versions')?.textContent.includes('no saved plan')")
    assert "Kestrel Outdoor" not in page.locator("#chatbot").inner_text()


def test_a_share_link_shows_the_plan(page, store, url):
    ref = store.save(OfflinePlanner().plan(_profile(), "team"))
    page.goto(f"{url}share/{store.share(ref.plan_id).token}", wait_until="domcontentloaded")
    assert (page.locator("h1").first.inner_text(), page.locator("svg").count() >= 2) == (
        "Shared plan: Osprey Home · furniture",
        True,
    )


def test_a_revoked_link_shows_nothing_of_the_plan(page, store, url):
    ref = store.save(OfflinePlanner().plan(_profile(), "team"))
    token = store.share(ref.plan_id).token
    store.revoke(token)
    page.goto(f"{url}share/{token}", wait_until="domcontentloaded")
    body = page.locator("body").inner_text()
    assert (body.startswith("Nothing to show"), "Osprey" in body, page.locator("svg").count()) == (True, False, 0)


def _profile():
    from tests.helpers import make_profile

    return make_profile(company="Osprey Home", industry="furniture")
