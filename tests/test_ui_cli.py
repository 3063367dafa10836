"""`omniteam ui`: the command serves the page, and gradio stays out of the CLI's start-up."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

OMNITEAM = Path(sys.executable).with_name("omniteam")


def test_gradio_is_not_imported_by_the_cli_module():
    code = "import sys, assistant.cli; print(sorted(m for m in ('gradio', 'ui', 'docx') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


@pytest.mark.slow
def test_omniteam_ui_serves_the_page_on_the_offline_planner(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [str(OMNITEAM), "ui", "--port", str(port)],
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        said = process.stderr.readline() if process.stderr else ""  # said once the page listens
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/config", timeout=30) as response:
            config = response.read().decode()
    finally:
        process.terminate()
        process.communicate(timeout=30)
    assert (said, '"title":"omniteam"' in config.replace(" ", "") and "org-chart" in config) == (
        f"omniteam ui: http://127.0.0.1:{port} (Ctrl+C to stop)\n",
        True,
    )


@pytest.mark.slow
def test_a_taken_port_is_one_clear_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([str(OMNITEAM), "ui", "--port", str(port)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].startswith(f"omniteam: error: cannot serve on 127.0.0.1:{port}")
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_plans_share_links_to_the_port_the_page_is_served_on():
    from assistant.planners import OfflinePlanner
    from assistant.store import open_store
    from tests.helpers import make_profile

    plan_id = open_store().save(OfflinePlanner().plan(make_profile(), "team")).plan_id
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    page = subprocess.Popen([str(OMNITEAM), "ui", "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        assert page.stderr is not None and "omniteam ui:" in page.stderr.readline()  # said once it listens
        shared = subprocess.run([str(OMNITEAM), "plans", "share", str(plan_id)], capture_output=True, text=True)
    finally:
        page.terminate()
        page.communicate(timeout=30)
    assert shared.stdout.startswith(f"http://127.0.0.1:{port}/share/")


GUARD = """
import ipaddress, os, socket

_log = os.environ["NETWORK_LOG"]
_connect, _getaddrinfo = socket.socket.connect, socket.getaddrinfo


def _outside(host):
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host != "localhost"


def _refuse(what):
    with open(_log, "a") as log:
        log.write(what + "\\n")
    raise OSError("network guard: " + what)


def connect(sock, address):
    if isinstance(address, tuple) and _outside(address[0]):
        _refuse(f"connect {address[0]}")
    return _connect(sock, address)


def getaddrinfo(host, *args, **kwargs):
    if isinstance(host, str) and _outside(host):
        _refuse(f"resolve {host}")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.getaddrinfo = connect, getaddrinfo
"""


def guarded_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a subprocess whose every non-loopback connection (or name lookup) is
    refused and written to tmp_path/network.log; gradio's own analytics setting left unset."""
    (tmp_path / "guard").mkdir()
    (tmp_path / "guard" / "sitecustomize.py").write_text(GUARD)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_", "HF_"))}
    return {**env, "PYTHONPATH": str(tmp_path / "guard"), "NETWORK_LOG": str(tmp_path / "network.log")}


@pytest.mark.slow
def test_the_guard_catches_gradios_calls_home_when_they_are_on(tmp_path):
    code = (  # the analytics calls run in gradio's background threads: wait for them to end
        "import threading, gradio as gr; gr.Blocks(analytics_enabled=True); "
        "[t.join(30) for t in threading.enumerate() if t is not threading.current_thread()]"
    )
    subprocess.run([sys.executable, "-c", code], env=guarded_env(tmp_path), capture_output=True, timeout=120)
    assert "api.gradio.app" in (tmp_path / "network.log").read_text()


@pytest.mark.slow
def test_omniteam_ui_opens_no_connection_beyond_this_machine(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [str(OMNITEAM), "ui", "--port", str(port)],
        env=guarded_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None and process.stderr.readline().startswith("omniteam ui: ")  # it listens
        for path in ("", "config", "gradio_api/info"):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5).read()
    finally:  # Ctrl+C: the interpreter ends only once gradio's start-up threads (analytics, version check,
        process.send_signal(signal.SIGINT)  # not daemons) have ended, so every call home was tried by then
        process.communicate(timeout=60)
    log = tmp_path / "network.log"
    assert not log.exists(), log.read_text()
