"""The app's API endpoints called headlessly with gradio_client, as another program would."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from assistant.planners import OfflinePlanner
from ui.app import running
from ui.views import PlanView

VIEW = len(PlanView._fields)

pytestmark = pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")


@pytest.fixture(scope="module")
def url():
    with running(OfflinePlanner()) as address:
        yield address


@pytest.fixture
def client(url):
    from gradio_client import Client

    return Client(url, verbose=False, download_files=True)


def test_the_api_names_the_three_endpoints(client):
    assert {"/chat", "/refresh", "/plan", "/downloads", "/compare"} <= set(
        client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    )


def test_plan_endpoint_returns_the_view_and_downloadable_files(client):
    result = client.predict(
        "pl",
        "1200",
        "electronics retail",
        ["stores", "ecommerce", "mobile_app"],
        "each department has its own targets",
        "both",
        "pl",
        None,
        None,
        "",
        api_name="/plan",
    )
    error, view, buttons = result[0], PlanView(*result[1 : VIEW + 1]), result[VIEW + 1 :]
    assert len(buttons) == 4  # the download buttons, held until /downloads has the new plan's files
    files = client.predict(api_name="/downloads")
    assert error == ""
    assert "<svg" in view.org_chart and "Plan offline" in view.status
    assert "1\u202f200 pracowników" in view.profile
    docx = Document(files[2])
    profile_line = "1\u202f200 osób · electronics retail · sklepy, sklep internetowy, aplikacja mobilna"
    assert profile_line in [p.text for p in docx.paragraphs]
    assert Path(files[3]).read_bytes().startswith(b"%PDF") and Path(files[3]).name == "omniteam-electronics-retail.pdf"


def test_chat_endpoint_keeps_the_conversation_per_client(client, url):
    from gradio_client import Client

    first = client.predict("We're a fashion retailer, 300 people, stores and e-commerce.", [], api_name="/chat")
    history = first[0]
    assert "still need" in history[-1]["content"][0]["text"]
    second = client.predict("The problem: stores and e-commerce fight over customers.", history, api_name="/chat")
    assert "ready" in second[0][-1]["content"][0]["text"]
    refreshed = client.predict(api_name="/refresh")  # what the page runs after each chat turn
    assert refreshed[:2] == ("300", "fashion retail")
    assert "<svg" in PlanView(*refreshed[9 : 9 + VIEW]).org_chart and len(refreshed) == 9 + VIEW + 4
    other = Client(url, verbose=False).predict("why hybrid?", [], api_name="/chat")
    assert "no plan" in other[0][-1]["content"][0]["text"]  # a second client has its own session


def test_compare_endpoint_sets_the_sessions_plan_beside_a_variant(client):
    client.predict(
        "en",
        "300",
        "fashion retail",
        ["stores", "ecommerce"],
        "departments work in silos",
        "team",
        "en",
        None,
        None,
        "",
        api_name="/plan",
    )
    table = client.predict("hybrid", "1200", api_name="/compare")
    assert "A: your plan · centralized · 300" in table and "B: variant · hybrid · 1,200" in table


@pytest.mark.slow
def test_sessions_waiting_on_a_slow_model_do_not_queue_behind_each_other(llm_settings, fake_openai):
    from gradio_client import Client

    from assistant.planners.llm import LLMPlanner

    fake_openai.latency = 1.0
    sessions = 6
    with running(LLMPlanner(settings=llm_settings, use_cache=False)) as address:
        clients = [Client(address, verbose=False, download_files=False) for _ in range(sessions)]
        jobs = [
            c.submit(
                "en",
                str(400 + i),
                "fashion retail",
                ["stores", "ecommerce"],
                "departments work in silos",
                "team",
                "en",
                None,
                None,
                "",
                api_name="/plan",
            )
            for i, c in enumerate(clients[:-1])
        ]
        jobs.append(
            clients[-1].submit(
                "We're a fashion retailer, 399 people, stores and e-commerce; silos.", [], api_name="/chat"
            )
        )
        results = [job.result(timeout=60) for job in jobs]
    assert all("llm" in result[1] for result in results[:-1])
    assert "ready" in results[-1][0][-1]["content"][0]["text"]
    assert fake_openai.max_in_flight == sessions  # every session's request was with the model at the same time


def test_the_page_speaks_polish_when_asked():
    import json
    import urllib.request

    with running(OfflinePlanner(), lang="pl") as address:
        config = json.loads(urllib.request.urlopen(f"{address}config", timeout=10).read())
    props = [c.get("props", {}) for c in config["components"]]
    labels = {p.get("label") for p in props} | {p.get("value") for p in props if isinstance(p.get("value"), str)}
    assert {"Liczba pracowników", "Branża", "Kanały", "Czat", "Formularz", "Zaplanuj"} <= labels
    channels = next(p for p in props if p.get("elem_id") == "channels")["choices"]
    assert ["sklepy stacjonarne", "stores"] in channels
    assert next(p for p in props if p.get("elem_id") == "language")["value"] == "pl"
    assert "Nie ma jeszcze planu" in next(p for p in props if p.get("elem_id") == "org-chart")["value"]
