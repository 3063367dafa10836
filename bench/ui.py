"""Benchmark the web UI: prints its figures, asserts nothing.

1. Cold start: `omniteam ui` as a subprocess until its page answers 200.
2. Form to plan with the offline planner (target: under 1 s): through the API with
   gradio_client, and in headless Chromium from the click on "Plan" to both diagrams drawn; and a
   chat reply that changes the plan to both diagrams drawn, at a phone's size (390×844) and a
   desktop's (1440×900) (target: under 1 s).
3. 20 simultaneous sessions against the fake OpenAI server with 1 s latency: median and worst
   time to a plan (target: worst under 3 s, i.e. no head-of-line blocking), after one warm-up
   request, and the app's CPU per session. The app and the fake server run in their own
   processes, as they would in production; the 20 visitors share one asyncio loop that speaks
   Gradio's queue protocol as the page does (`Visitor`), so the load generator's CPU stays small.

    .venv/bin/python bench/ui.py [--sessions 20] [--latency 1.0] [--repeats 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OMNITEAM = Path(sys.executable).with_name("omniteam")
FORM = [
    "300",
    "fashion retail",
    ["stores", "ecommerce"],
    "stores and e-commerce compete for customers",
    "team",
    "en",
    None,
    None,
    "",
]
FAKE_SERVER = """
import sys, time
from assistant.testing import FakeOpenAIServer
with FakeOpenAIServer(latency=float(sys.argv[1])) as server:
    print(server.base_url, server.api_key, flush=True)
    sys.stdin.read()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_ready(url: str, process: subprocess.Popen, limit: float = 60.0) -> float:
    """Seconds until `url` answers 200 (the process must stay alive)."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if process.poll() is not None:
            raise RuntimeError(f"omniteam ui exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"{url} not ready after {limit} s")


@contextmanager
def ui_process(env: dict[str, str], *args: str):
    """`omniteam ui` on a free port; yields (url, seconds to a ready page)."""
    port = free_port()
    process = subprocess.Popen(
        [str(OMNITEAM), "ui", "--port", str(port), *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        yield url, wait_ready(url, process), process.pid
    finally:
        process.terminate()
        process.wait(10)


@contextmanager
def fake_server(latency: float):
    process = subprocess.Popen(
        [sys.executable, "-c", FAKE_SERVER, str(latency)],
        text=True,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        yield process.stdout.readline().split()
    finally:
        process.stdin.close()
        process.wait(10)


def clean_env(work: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMNITEAM_", "OPENAI_"))}
    env.update(GRADIO_ANALYTICS_ENABLED="False", OMNITEAM_CACHE_DIR=str(work / "cache"), **extra)
    return env


def form_api(url: str, repeats: int) -> list[float]:
    from gradio_client import Client

    client = Client(url, verbose=False, download_files=False)
    client.predict("en", *FORM, api_name="/plan")  # warm-up: first request loads the planner's knowledge
    times = []
    for i in range(repeats):
        started = time.perf_counter()
        client.predict("en", str(300 + i), *FORM[1:], api_name="/plan")
        times.append(time.perf_counter() - started)
    return times


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DRAWN = "#{0}-frame[data-zoom] .chart-layout:not([hidden]) svg rect"  # a chart drawn and fitted to its frame


def form_browser(url: str, repeats: int) -> list[float] | None:
    """Click "Plan" → org chart and Gantt drawn as SVG, in headless Chromium."""
    if not Path("/usr/bin/chromium").exists():
        return None
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        page.goto(url, wait_until="domcontentloaded")
        page.click("#form-tab-button")
        page.fill("#employees textarea", "300")  # as a person fills the form: from the top
        page.fill("#industry textarea", "fashion retail")
        for channel in ("physical stores", "e-commerce"):
            page.click("#channels input")
            page.keyboard.type(channel[:4])
            page.click(f"ul[role=listbox] li:has-text('{channel}')")
        page.fill("#challenge textarea", "stores and e-commerce compete for customers")
        for i in range(repeats + 1):
            page.fill("#employees textarea", str(300 + 37 * i))
            started = time.perf_counter()
            page.click("#plan-button")
            page.wait_for_function(f"document.querySelector('#profile-summary').innerText.includes('{300 + 37 * i} ')")
            page.wait_for_selector(DRAWN.format("org"))
            page.wait_for_selector(DRAWN.format("gantt"))
            if i:  # the first click warms up the page
                times.append(time.perf_counter() - started)
        browser.close()
    return times


def chat_browser(url: str, repeats: int, width: int, height: int) -> list[float] | None:
    """A chat reply that changes the plan → both charts drawn for the screen (the phone's tall org
    chart and scrolling Gantt, or the desktop's), in headless Chromium at `width`×`height`."""
    if not Path("/usr/bin/chromium").exists():
        return None
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector("#chat-input textarea")
        page.fill(
            "#chat-input textarea", f"We are a fashion retailer, 300 employees, stores and e-commerce; {FORM[3]}."
        )
        page.press("#chat-input textarea", "Enter")
        page.wait_for_selector(DRAWN.format("gantt"))
        for i in range(repeats + 1):
            people = 400 + 53 * i
            started = time.perf_counter()
            page.fill("#chat-input textarea", f"we have {people} people")
            page.press("#chat-input textarea", "Enter")
            page.wait_for_function(f"document.querySelector('#profile-summary').innerText.includes('{people:,} ')")
            page.wait_for_selector(DRAWN.format("org"))
            page.wait_for_selector(DRAWN.format("gantt"))
            if i:  # the first reply warms up the page
                times.append(time.perf_counter() - started)
        browser.close()
    return times


class Visitor:
    """One browser session as the page speaks to the server: each event joins Gradio's queue and its
    result is read from the session's SSE stream. A lean client (one asyncio loop for all visitors)
    keeps the load generator's own CPU off the figures: gradio_client polls in threads and, with 20
    instances, used more CPU than the app it measured."""

    def __init__(self, http, url: str, functions: dict[str, int]):
        self.http, self.url, self.functions = http, url, functions
        self.hash = uuid.uuid4().hex[:11]

    async def call(self, api_name: str, *data) -> list:
        """The event's outputs (state outputs come back as None)."""
        body = {
            "data": list(data),
            "fn_index": self.functions[api_name],
            "session_hash": self.hash,
            "event_data": None,
            "trigger_id": None,
        }
        joined = await self.http.post(f"{self.url}gradio_api/queue/join", json=body)
        event = joined.raise_for_status().json()["event_id"]
        async with self.http.stream(
            "GET", f"{self.url}gradio_api/queue/data", params={"session_hash": self.hash}
        ) as stream:
            async for line in stream.aiter_lines():
                message = json.loads(line[6:]) if line.startswith("data: ") else {}
                if message.get("msg") == "process_completed" and message.get("event_id") == event:
                    if not message.get("success"):
                        raise RuntimeError(f"{api_name} failed: {message.get('output')}")
                    return message["output"]["data"]
        raise RuntimeError(f"{api_name}: the stream ended before its result")


def sessions(url: str, count: int, chat: bool, pid: int) -> tuple[list[float], float]:
    """`count` sessions ask at the same moment, by form or by one chat message (streamed): seconds
    each waited for its finished plan, and the app's CPU seconds meanwhile. State inputs are sent as
    None, as the page does."""
    return asyncio.run(_sessions(url, count, chat, pid))


async def _sessions(url: str, count: int, chat: bool, pid: int) -> tuple[list[float], float]:
    import httpx

    limits = httpx.Limits(max_connections=4 * count)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        config = (await http.get(f"{url}config")).raise_for_status().json()
        functions = {d["api_name"]: d["id"] for d in config["dependencies"] if d.get("api_name")}
        visitors = [Visitor(http, url, functions) for _ in range(count)]
        await visitors[0].call("plan", None, "en", "499", *FORM[1:])  # warm-up: the first call imports the LLM stack

        async def one(i: int) -> float:
            started = time.perf_counter()
            if chat:
                message = f"We're a fashion retailer with {500 + i} employees, stores and e-commerce; {FORM[3]}."
                await visitors[i].call("chat", message, [], None, "en")
                result = await visitors[i].call("refresh", None, None, "en")  # as the page does after each chat turn
                status = result[10]  # drawn, 9 form fields, then the plan view
            else:
                result = await visitors[i].call("plan", None, "en", str(500 + i), *FORM[1:])
                assert result[2] == "", result[2]  # no form message
                status = result[3]
            assert "llm" in status, status
            return time.perf_counter() - started

        used = cpu_seconds(pid)
        times = list(await asyncio.gather(*(one(i) for i in range(count))))
        return times, cpu_seconds(pid) - used


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc: a figure the machine's load does not inflate."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def describe(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s, worst {max(times):.3f} s (n={len(times)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=10)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with ui_process(clean_env(work)) as (url, cold, _):
            print(f"cold start of `omniteam ui` to a ready page: {cold:.2f} s")
            print(f"form → plan, offline, via the API (gradio_client): {describe(form_api(url, options.repeats))}")
            browser = form_browser(url, options.repeats)
            print(
                "form → plan, offline, click to both diagrams drawn (Chromium): "
                + (describe(browser) if browser else "skipped (no /usr/bin/chromium)")
            )
            for name, width, height in (("phone", 390, 844), ("desktop", 1440, 900)):
                drawn = chat_browser(url, options.repeats, width, height)
                print(
                    f"chat reply → plan drawn, offline, {name} {width}×{height} (Chromium): "
                    + (describe(drawn) if drawn else "skipped (no /usr/bin/chromium)")
                )
        with (
            fake_server(options.latency) as (base_url, key),
            ui_process(clean_env(work, OMNITEAM_BASE_URL=base_url, OMNITEAM_API_KEY=key), "--provider", "openai") as (
                url,
                _,
                pid,
            ),
        ):
            for chat in (False, True):
                times, used = sessions(url, options.sessions, chat, pid)
                print(
                    f"{options.sessions} simultaneous sessions ({'chat, streaming' if chat else 'form'}), "
                    f"fake LLM at {options.latency:g} s latency: {describe(times)}; "
                    f"the app's CPU: {used / options.sessions * 1000:.0f} ms a session"
                )


if __name__ == "__main__":
    main()
