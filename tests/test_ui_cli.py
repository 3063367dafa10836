"""`omniteam ui`: the command serves the page, and gradio stays out of the CLI's start-up."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
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
    process = subprocess.Popen([str(OMNITEAM), "ui", "--port", str(port)], env={**os.environ},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/config", timeout=2) as response:
                    config = response.read().decode()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read()
                assert time.monotonic() < deadline, "omniteam ui did not come up in 60 s"
                time.sleep(0.2)
        assert '"title":"omniteam"' in config.replace(" ", "") and "org-chart" in config
    finally:
        process.terminate()
        out, err = process.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}" in err


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
