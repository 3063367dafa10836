"""The probes of issue 10, each as a fault and the behaviour expected of it.

Batch folders with one writer, file names that never collide, encodings never guessed into
mojibake, limits on every input (one line naming the limit and its setting), and model text
that stays inert in every export.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from assistant.batch import BatchOptions, preview, run_batch
from assistant.batch.store import LOCK, FolderLock
from assistant.errors import InputError
from assistant.files import Folder
from assistant.planners.offline import OfflinePlanner
from assistant.profile import build_profile
from assistant.profile_io import read_profile_file
from tests.helpers import running_batch

OMNITEAM = Path(sys.executable).with_name("omniteam")
HEADER = "Firma;Pracownicy;Branża;Kanały;Wyzwanie"


def write_csv(path: Path, rows: list[str], encoding: str = "utf-8", header: str = HEADER) -> Path:
    path.write_bytes("\n".join([header, *rows]).encode(encoding))
    return path


def rows(count: int, company: str = "Firma {i}") -> list[str]:
    return [f"{company.format(i=i)};300;moda;sklepy, e-commerce;silosy między działami" for i in range(count)]


def summary(out: Path) -> list[dict[str, str]]:
    text = (out / "summary.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(text.splitlines(), delimiter=";" if ";" in text.splitlines()[0] else ","))


def omniteam(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(OMNITEAM), *args], capture_output=True, text=True, timeout=300, **kwargs)


# --- one writer per --out folder -------------------------------------------------------------


def test_a_second_run_on_a_busy_folder_is_refused_naming_the_holder(tmp_path):
    source = write_csv(tmp_path / "klienci.csv", rows(3))
    out = tmp_path / "out"
    out.mkdir()
    folder = Folder(out, hint="choose another folder")
    holder = FolderLock(folder)
    try:
        with pytest.raises(InputError, match=rf"in use by another omniteam batch \(pid {os.getpid()} on .*\); wait"):
            run_batch(source, out, BatchOptions(resume=True))
    finally:
        holder.release()
        folder.close()
    assert not (out / "results.jsonl").exists()  # the refused run touched nothing
    assert run_batch(source, out, BatchOptions()).done == 3  # released: the next run goes ahead


@pytest.mark.slow
def test_a_run_and_a_resume_at_once_lose_nothing(tmp_path):
    source = write_csv(tmp_path / "klienci.csv", rows(2000))  # long enough to still run
    out = tmp_path / "out"
    first = running_batch(str(source), "--out", str(out))
    second = omniteam("batch", str(source), "--out", str(out), "--resume")
    first.communicate(timeout=300)
    assert second.returncode == 2 and f"pid {first.pid}" in second.stderr and "in use" in second.stderr
    assert first.returncode == 0
    lines = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2000 and len(summary(out)) == 2000


@pytest.mark.slow
def test_a_lock_left_by_a_killed_run_is_taken_over_and_said(tmp_path):
    source = write_csv(tmp_path / "klienci.csv", rows(2000))
    out = tmp_path / "out"
    killed = running_batch(str(source), "--out", str(out))
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert f"pid {killed.pid}" in (out / LOCK).read_text()
    done = omniteam("batch", str(source), "--out", str(out), "--resume")
    assert done.returncode == 0, done.stderr
    assert f"took over {out}: the run that held it is gone (pid {killed.pid}" in done.stderr
    ids = [json.loads(line)["id"] for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(ids) == len(set(ids)) == 2000


# --- file names -------------------------------------------------------------------------------


def test_ids_that_fold_alike_and_long_ids_get_their_own_files_mapped_in_summary(tmp_path):
    long = "x" * 70
    source = write_csv(
        tmp_path / "ids.csv",
        [
            f"{row_id};Acme;300;moda;sklepy;silosy między działami"
            for row_id in ("A/1", "a-1", "a 1", "a1", long + "1", long + "2", "7", "00007")
        ],
        header="ID;Firma;Pracownicy;Branża;Kanały;Wyzwanie",
    )
    out = tmp_path / "out"
    report = run_batch(source, out, BatchOptions(formats=("md",)))
    assert report.done == 8
    files = {line["id"]: line["files"] for line in summary(out)}
    assert len(set(files.values())) == 8 and len(list((out / "plans").iterdir())) == 8
    assert files["a1"] == "plans/a1-acme.md" and files["7"] == "plans/00007-acme.md"
    assert files["A/1"].startswith("plans/a1_") and files["00007"].startswith("plans/00007_")


# --- encodings --------------------------------------------------------------------------------


def test_one_stray_byte_in_a_utf8_file_stops_with_its_line_and_byte_not_mojibake(tmp_path):
    source = write_csv(tmp_path / "klienci.csv", ["Zażółć;300;moda;sklepy;silosy", "Beta;300;moda;sklepy;silosy"])
    raw = source.read_bytes()
    at = raw.index(b"Beta") + 1
    source.write_bytes(raw[:at] + b"\x9c" + raw[at:])  # a cp1252 "œ" typed into a UTF-8 file
    with pytest.raises(
        InputError,
        match=rf"klienci.csv is not valid utf-8: 1 bad byte: line 3 byte {at} \(0x9c\)"
        r".*--encoding",
    ):
        run_batch(source, tmp_path / "out", BatchOptions())
    assert not (tmp_path / "out").exists()
    forced = preview(source, BatchOptions(encoding="utf-8"))
    assert [row.data["company"] for row in forced.table.iter_rows()] == ["Zażółć", "B\ufffdeta"]


@pytest.mark.parametrize("encoding", ["cp1250", "iso8859_2"])
def test_polish_legacy_encodings_are_told_apart(tmp_path, encoding):
    names = ["Świat Łodzi", "Źródło Śląska", "Żółty Ąę sp. z o.o."]
    source = write_csv(tmp_path / "klienci.csv", [f"{name};300;moda;sklepy;silosy" for name in names], encoding)
    found = preview(source, BatchOptions())
    assert found.table.encoding == encoding
    assert [row.data["company"] for row in found.table.iter_rows()] == names


@pytest.mark.slow
def test_every_run_names_the_encoding_it_read(tmp_path):
    source = write_csv(tmp_path / "klienci.csv", rows(2, "Świat {i}"), "iso8859_2")
    done = omniteam("batch", str(source), "--out", str(tmp_path / "out"))
    assert done.returncode == 0 and "read klienci.csv as iso8859_2" in done.stderr


# --- limits -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "make", "message"),
    [
        ("OMNITEAM_MAX_FILE_MB", "0.001", lambda p: write_csv(p, rows(100)), "is too large"),
        ("OMNITEAM_MAX_ROWS", "5", lambda p: write_csv(p, rows(6)), "more data rows than allowed"),
        ("OMNITEAM_MAX_COLUMNS", "4", lambda p: write_csv(p, rows(1)), "too many columns"),
        (
            "OMNITEAM_MAX_CELL_CHARS",
            "100",
            lambda p: write_csv(p, [f"Firma;300;{'m' * 101};sklepy;silosy"]),
            "a cell too long",
        ),
    ],
)
def test_each_limit_is_one_line_naming_the_limit_and_its_setting(tmp_path, monkeypatch, variable, value, make, message):
    source = make(tmp_path / "klienci.csv")
    monkeypatch.setenv(variable, value)
    with pytest.raises(InputError) as caught:
        run_batch(source, tmp_path / "out", BatchOptions())
    text = str(caught.value)
    assert message in text and f"over the limit of {float(value):,g}" in text and f"set {variable}" in text
    assert "\n" not in text and not (tmp_path / "out").exists()


def xlsx_bomb(path: Path, strings_mb: int) -> Path:
    """A small workbook whose shared strings expand to `strings_mb` MB (a few KB compressed)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Firma", "Pracownicy", "Branża", "Kanały", "Wyzwanie"])
    book.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    filler = "<si><t>" + "A" * 1_000_000 + "</t></si>"
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + filler.encode() * strings_mb
        + b"</sst>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name, data in parts.items():
            bomb.writestr(name, data)
    return path


@pytest.mark.slow
def test_an_xlsx_bomb_is_refused_before_it_is_expanded(tmp_path, monkeypatch):
    bomb = xlsx_bomb(tmp_path / "bomb.xlsx", 150)
    assert bomb.stat().st_size < 1_000_000
    opened: list[Path] = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda path, **_: opened.append(path))  # the step that inflates
    with pytest.raises(
        InputError,
        match=r"bomb.xlsx has too many MB of shared strings: 150 is over the limit of 100 "
        r"\(set OMNITEAM_MAX_SHARED_STRINGS_MB",
    ):
        preview(bomb, BatchOptions())
    assert opened == []  # refused from the zip's directory: the workbook was never opened


def test_a_billion_laughs_profile_is_refused_before_it_expands(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{b}: &{b} [{', '.join(['*' + a] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    profile = tmp_path / "profile.yaml"
    profile.write_text("\n".join([*lines, "unknown_field: *i", "employees: 300"]), encoding="utf-8")
    assert profile.stat().st_size < 1000
    with pytest.raises(
        InputError, match=r"is not valid YAML: anchors and aliases .* are not allowed \(line 1, column 4\)"
    ):
        read_profile_file(profile)


def test_a_big_profile_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("OMNITEAM_MAX_PROFILE_KB", "1")
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"employees": 300, "challenge": "x" * 2000}), encoding="utf-8")
    with pytest.raises(
        InputError, match=r"too large \(KB\): 2[.0-9]* is over the limit of 1 \(set OMNITEAM_MAX_PROFILE_KB"
    ):
        read_profile_file(profile)


def test_ten_thousand_channels_are_refused_not_sent_to_a_model():
    channels = ", ".join(["sklepy", *(f"kanał {i}" for i in range(9_999))])  # one known, the rest others
    with pytest.raises(InputError, match=r"channels: 10000 named, over the limit of 30 \(set OMNITEAM_MAX_CHANNELS"):
        build_profile({"employees": 300, "industry": "moda", "channels": channels, "challenge": "silosy"})


@pytest.mark.slow
def test_out_of_memory_is_one_line_not_a_traceback(tmp_path):
    code = "import sys; import assistant.cli as cli\ndef boom(*a, **k): raise MemoryError\ncli.app = boom\ncli.main()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("omniteam: error: out of memory") and "OMNITEAM_MAX_" in done.stderr


# --- invisible characters and inert model text ------------------------------------------------


def test_invisible_and_bidi_characters_are_stripped_from_every_profile_field():
    profile = build_profile(
        {
            "employees": 300,
            "industry": "mo\u200bda",
            "company": "\u202eAcme\u202c",
            "channels": "e\u200bcommerce, sklepy\u2066",
            "challenge": "silo\ufeffsy między działami",
        }
    )
    assert (profile.company, profile.industry, profile.challenge) == ("Acme", "moda", "silosy między działami")
    assert [c.value for c in profile.channels] == ["ecommerce", "stores"] and profile.other_channels == []


LEAK = "http://198.51.100.7/x.png"
HOSTILE = f"![x]({LEAK}) <script>alert(1)</script> <img src={LEAK}>"


class HostilePlanner(OfflinePlanner):
    """The offline planner, as if a model had written images and raw HTML into the plan."""

    def team_plan(self, profile):
        plan = super().team_plan(profile)
        coordination = plan.operating_model.model_copy(update={"coordination": HOSTILE})  # shown in the appendix
        return plan.model_copy(update={"summary": HOSTILE, "operating_model": coordination})


def hostile_bundle():
    return HostilePlanner().plan(
        build_profile({"employees": 300, "industry": "moda", "channels": "sklepy", "challenge": "silosy"})
    )


def test_the_markdown_export_has_no_raw_html_and_no_images():
    from assistant.render import render_bundle

    text = render_bundle(hostile_bundle(), "markdown")
    assert "<" not in text and "![" not in text
    assert f"!\\[x]({LEAK}) &lt;script>alert(1)&lt;/script>" in text


def test_the_docx_export_holds_model_text_as_text_and_links_to_nothing():
    from assistant.render import render_bundle

    data = render_bundle(hostile_bundle(), "docx")
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as docx:
        relations = " ".join(docx.read(name).decode() for name in docx.namelist() if name.endswith(".rels"))
        body = docx.read("word/document.xml").decode()
        media = [name for name in docx.namelist() if name.startswith("word/media/")]
    assert 'TargetMode="External"' not in relations and "198.51.100.7" not in relations
    assert "&lt;script&gt;" in body
    assert body.count("<w:drawing") == len(media) == 2  # only the charts omniteam draws: org chart and Gantt


def test_the_eval_report_shows_model_text_as_text(tmp_path):
    from assistant.evals.cases import Case
    from assistant.evals.grading import grading_context
    from assistant.evals.report import write_html
    from assistant.evals.results import results_from_run
    from assistant.evals.runner import EvalRun, Variant, run_case

    case = Case.model_validate(
        {
            "id": "fashion-300",
            "description": "a fashion chain",
            "profile": {
                "employees": 300,
                "industry": "fashion",
                "channels": "stores, e-commerce",
                "challenge": "departments work in silos",
                "language": "en",
            },
            "expect": {"operating_model": "centralized", "challenge": "silos"},
        }
    )
    left = asyncio.run(run_case(case, Variant("openai", "v1"), OfflinePlanner(), grading_context()))
    right = asyncio.run(run_case(case, Variant("openai", "v2"), HostilePlanner(), grading_context()))
    run = EvalRun(results=[left, right], variants=[Variant("openai", "v1"), Variant("openai", "v2")])
    page = write_html(results_from_run(run), tmp_path / "report.html").read_text(encoding="utf-8")
    assert "198.51.100.7" in page  # the model's text is there, as text
    assert "<img" not in page and "<script>alert" not in page


def test_a_big_limit_is_written_out_not_in_exponent_form():
    from assistant.limits import get_limits

    with pytest.raises(InputError, match=r": 2,000,001 is over the limit of 2,000,000 \(set OMNITEAM_MAX_ROWS"):
        get_limits().check("max_rows", 2_000_001, "clients.csv has more data rows than allowed")
