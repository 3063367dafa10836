"""The probes of issue 22, "files you can trust", each as a fault and the behaviour expected of it.

Every document renders whatever the model wrote; one format's failure never takes another;
a batch row's files are written all or nothing. Every output is written whole inside the folder
the user chose, never through a link, and every path problem is one line with exit code 2.
Every file a user gives is read in its own encoding or refused naming it, bounded and strict.
Evals refuse an empty or invalid set of cases, or an unknown prompt, before anything runs.
"""

from __future__ import annotations

import io
import os
import random
import re
import signal
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document

from assistant.batch import BatchOptions, read_table, run_batch
from assistant.errors import InputError
from assistant.evals.cases import load_cases
from assistant.files import Folder, PathError, write_file
from assistant.limits import get_limits
from assistant.planners.offline import OfflinePlanner
from assistant.plans import PlanBundle
from assistant.profile_io import read_profile_file
from assistant.render.docx import bundle_docx
from assistant.render.pdf import bundle_pdf
from tests.helpers import make_profile, run_cli, running_batch, wait_gone

WORD = "Wielokanałowość" * 4  # 60 letters, no space
URL = "https://intranet.example.com/omnichannel/" + "raport-kwartalny-" * 8 + "?id=" + "0123456789" * 4
HEADER = "Firma;Pracownicy;Branża;Kanały;Wyzwanie"
ROW = "{name};300;moda;sklepy, e-commerce;silosy między działami"


def long_token_bundle() -> PlanBundle:
    """A plan as a model might answer: a 60-letter word and a long URL in tables, lists and text."""
    bundle = OfflinePlanner().plan(make_profile(company=WORD, language="pl"), "both")
    team, skills = bundle.team, bundle.skills
    team.summary = f"{WORD} {URL}"
    team.roles[0].title, team.roles[0].mission = WORD, URL
    team.risks[0].risk, team.risks[0].owner_role = URL, WORD
    team.first_90_days[0].title = WORD + WORD
    team.kpis[0].name = URL
    skills.skills[0].progress_indicator = URL
    return bundle


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]), encoding="utf-8")
    return path


# --- every document renders ------------------------------------------------------------------


def test_a_pdf_renders_a_60_letter_word_and_a_long_url_in_its_tables_and_text():
    assert bundle_pdf(long_token_bundle()).startswith(b"%PDF")


def test_a_long_url_in_a_docx_table_leaves_the_other_columns_their_room():
    doc = Document(io.BytesIO(bundle_docx(long_token_bundle())))
    roles = next(table for table in doc.tables if table.rows[0].cells[0].text == "Rola")
    widths = [cell.width for cell in roles.rows[0].cells]
    assert min(widths) > max(widths) / 5  # the URL breaks; "FTE" and "Raportuje do" keep their width


def test_the_docx_keeps_the_long_tokens_whole_in_its_text():
    doc = Document(io.BytesIO(bundle_docx(long_token_bundle())))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert URL in cells and WORD in cells


def test_a_download_that_fails_in_its_library_leaves_the_other_downloads(monkeypatch, tmp_path):
    from fpdf.errors import FPDFException

    from ui import views

    def broken(bundle):
        raise FPDFException("Not enough horizontal space to render a single character")

    monkeypatch.setattr("assistant.render.pdf.bundle_pdf", broken)
    md, js, docx, pdf = views.write_downloads(long_token_bundle(), tmp_path)
    assert pdf is None and all(Path(str(p)).stat().st_size > 0 for p in (md, js, docx))


def test_a_batch_row_whose_pdf_fails_leaves_no_other_file(monkeypatch, tmp_path):
    def broken(bundle):
        raise RuntimeError("the PDF library failed")

    monkeypatch.setattr("assistant.render.pdf.bundle_pdf", broken)
    source = write_csv(tmp_path / "klienci.csv", ["Moda;300;moda;sklepy, e-commerce;silosy"])
    report = run_batch(source, tmp_path / "out", BatchOptions(formats=("md", "pdf")))
    assert report.failed == 1 and list((tmp_path / "out" / "plans").iterdir()) == []


# --- atomic, contained writes ----------------------------------------------------------------


def companies(tmp_path: Path, count: int = 2) -> Path:
    return write_csv(tmp_path / "klienci.csv", [ROW.format(name=f"Firma {i}") for i in range(count)])


def refusal(done: subprocess.CompletedProcess) -> tuple[int, list[str]]:
    """The exit code and the lines of stderr (a traceback would be many)."""
    return done.returncode, done.stderr.strip().splitlines()


@pytest.fixture
def tiny_disk(tmp_path):
    """A 300 KB tmpfs (a full disk after a few documents); skipped where mounting is not allowed."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip() or 'mount failed'}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def test_an_out_that_is_a_file_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "out").write_text("not a folder")
    done = run_cli("batch", str(companies(tmp_path)), "--out", str(tmp_path / "out"))
    assert refusal(done) == (
        2,
        [
            f"omniteam: error: {tmp_path / 'out'}: a file where a folder is needed; move the file away, "
            "or choose another --out folder"
        ],
    )


def test_an_out_below_a_file_names_the_file(tmp_path):
    (tmp_path / "out").write_text("not a folder")
    with pytest.raises(PathError, match=rf"^{tmp_path / 'out'}: a file where a folder is needed"):
        run_batch(companies(tmp_path), tmp_path / "out" / "batch", BatchOptions())


def test_a_plans_entry_that_is_a_file_is_refused_before_any_row(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "plans").write_text("not a folder")
    with pytest.raises(PathError, match=r"plans: a file where a folder is needed; move the file away"):
        run_batch(companies(tmp_path), tmp_path / "out", BatchOptions())


def test_a_results_file_that_is_a_folder_is_refused(tmp_path):
    (tmp_path / "out" / "results.jsonl").mkdir(parents=True)
    with pytest.raises(PathError, match=r"results.jsonl: a folder where a file is needed; move the folder away"):
        run_batch(companies(tmp_path), tmp_path / "out", BatchOptions())


def test_a_summary_link_in_out_is_refused_and_the_file_it_points_to_kept(tmp_path):
    precious = tmp_path / "precious.csv"
    precious.write_text("the user's own file")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "summary.csv").symlink_to(precious)
    with pytest.raises(PathError, match=r"summary.csv: a symbolic link \(omniteam writes nothing through a link\)"):
        run_batch(companies(tmp_path), tmp_path / "out", BatchOptions())
    assert precious.read_text() == "the user's own file"


def test_an_errors_csv_link_out_of_the_folder_creates_nothing_outside(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "errors.csv").symlink_to(tmp_path / "outside.csv")
    with pytest.raises(PathError, match=r"errors.csv: a symbolic link"):
        run_batch(companies(tmp_path), tmp_path / "out", BatchOptions())
    assert not (tmp_path / "outside.csv").exists()


def test_a_plans_link_is_refused_and_no_plan_is_written_elsewhere(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "plans").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(PathError, match=r"plans: a symbolic link"):
        run_batch(companies(tmp_path), tmp_path / "out", BatchOptions())
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_link_in_place_of_a_row_file_stops_the_run_naming_it(tmp_path):
    (tmp_path / "out" / "plans").mkdir(parents=True)
    (tmp_path / "out" / "plans" / "00003-firma-1.md").symlink_to(tmp_path / "stolen.md")
    with pytest.raises(PathError, match=r"00003-firma-1.md: a symbolic link .* add --resume to finish$"):
        run_batch(companies(tmp_path), tmp_path / "out", BatchOptions())
    assert not (tmp_path / "stolen.md").exists()


def test_a_write_never_leaves_its_folder():
    with Folder(Path.cwd(), hint="choose another folder") as folder, pytest.raises(ValueError, match="single folder"):
        folder.write("../escaped.md", "text")


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(tmp_path):
    (tmp_path / "plan.md").write_text("the old plan")

    def pieces():
        yield "half of a new plan"
        raise OSError(28, "No space left on device")

    with Folder(tmp_path, hint="choose another folder") as folder, pytest.raises(PathError, match="the disk is full"):
        with folder.replacing("plan.md") as handle:
            for piece in pieces():
                handle.write(piece)
    assert [path.name for path in tmp_path.iterdir()] == ["plan.md"] and (
        tmp_path / "plan.md"
    ).read_text() == "the old plan"


def test_plan_output_into_a_folder_is_one_line_and_exit_2(tmp_path):
    args = ["plan", "-e", "300", "-i", "moda", "-c", "sklepy", "--challenge", "silosy", "-o", str(tmp_path)]
    assert refusal(run_cli(*args)) == (
        2,
        [
            f"omniteam: error: {tmp_path}: a folder where a file is needed; move the folder away, "
            "or choose another --output file"
        ],
    )


def test_plan_output_into_a_missing_folder_names_it(tmp_path):
    with pytest.raises(PathError, match=rf"^{tmp_path / 'missing'}: no such folder; create it, or choose another"):
        write_file(tmp_path / "missing" / "plan.md", "text", hint="choose another --output file")


def test_a_full_disk_stops_the_batch_in_one_line_and_exit_2(tiny_disk, tmp_path):
    done = run_cli("batch", str(companies(tmp_path, 6)), "--out", str(tiny_disk / "out"), "--formats", "md,docx")
    code, lines = refusal(done)
    assert code == 2 and "Traceback" not in done.stderr
    assert (
        lines[-1].startswith(f"omniteam: error: {tiny_disk / 'out'}/")
        and "the disk is full; free some space" in lines[-1]
    )


def test_a_full_disk_leaves_no_truncated_document(tiny_disk, tmp_path):
    with pytest.raises(PathError, match="the disk is full"):
        run_batch(companies(tmp_path, 6), tiny_disk / "out", BatchOptions(formats=("docx",)))
    names = os.listdir(tiny_disk / "out" / "plans")
    opened = [Document(str(tiny_disk / "out" / "plans" / name)) for name in names]  # each opens: none cut short
    assert len(opened) == len(names) >= 1


def test_after_a_full_disk_resume_plans_every_row_once(tiny_disk, tmp_path):
    source, out = companies(tmp_path, 6), tiny_disk / "out"
    with pytest.raises(PathError, match="the disk is full"):
        run_batch(source, out, BatchOptions(formats=("md", "docx")))
    subprocess.run(["mount", "-o", "remount,size=8m", str(tiny_disk)], check=True)
    run_batch(source, out, BatchOptions(formats=("md", "docx"), resume=True))
    ids = [line.split('"id": "')[1].split('"')[0] for line in (out / "results.jsonl").read_text().splitlines()]
    assert sorted(ids) == [str(row) for row in range(2, 8)]


def test_a_read_only_disk_is_one_line_naming_the_folder(tiny_disk, tmp_path):
    (tiny_disk / "out").mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    with pytest.raises(PathError, match=rf"^{tiny_disk / 'out'}: the disk is read-only; use a writable disk"):
        run_batch(companies(tmp_path), tiny_disk / "out", BatchOptions())


# --- one reader discipline -------------------------------------------------------------------

CSV_TEXT = "firma,pracownicy,branża,kanały,wyzwanie\nAlfa,300,odzież,sklepy,silosy między działami\n"
PROFILE_TEXT = "employees: 300\nindustry: odzież\nchannels: sklepy, e-commerce\nchallenge: silosy między działami\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_a_csv_in_utf16_or_utf32_with_or_without_a_bom_is_read_as_written(tmp_path, encoding):
    source = tmp_path / "klienci.csv"
    source.write_bytes(CSV_TEXT.encode(encoding))
    table = read_table(source)
    assert (table.encoding, table.rows[0].data["industry"]) == (encoding, "odzież")


def test_a_nul_byte_in_a_csv_is_dropped(tmp_path):
    source = tmp_path / "klienci.csv"
    source.write_bytes(CSV_TEXT.replace("Alfa", "Al\0fa").encode())
    assert read_table(source).rows[0].data["company"] == "Alfa"


def test_a_file_of_zero_bytes_that_is_no_text_is_refused_in_one_line(tmp_path):
    source = tmp_path / "klienci.csv"
    rng = random.Random(7)
    source.write_bytes(bytes(rng.choice([0, 0x81, 0xC3, 0xFF, 0x41]) for _ in range(4000)))
    with pytest.raises(InputError, match=r"^klienci.csv is not a text file \(it holds zero bytes"):
        read_table(source)


def test_a_single_line_longer_than_a_row_is_refused_before_it_is_held(tmp_path):
    source = tmp_path / "klienci.csv"
    source.write_text("firma,pracownicy,branża,kanały,wyzwanie," + "x" * 100_000, encoding="utf-8")
    limits = get_limits(max_columns=10, max_cell_chars=1000)
    with pytest.raises(InputError, match=r"^klienci.csv line 1 is longer than 10,030 characters, more than a row"):
        read_table(source, limits=limits)


def _workbook_with_doctype(tmp_path: Path, part: str) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["firma", "pracownicy", "branża", "kanały", "wyzwanie"])
    book.active.append(["Alfa", 300, "moda", "sklepy", "silosy"])
    book.save(tmp_path / "plain.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    entities = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as plain, zipfile.ZipFile(bomb, "w") as book_out:
        for item in plain.infolist():
            book_out.writestr(item, (entities if item.filename == part else b"") + plain.read(item))
    return bomb


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_an_xml_entity_bomb_in_an_xlsx_is_refused_in_one_line(tmp_path, part):
    with pytest.raises(InputError, match=r"^cannot read bomb.xlsx as an Excel workbook: its XML declares entities"):
        read_table(_workbook_with_doctype(tmp_path, part))


@pytest.mark.parametrize("encoding", ["cp1250", "iso8859_2", "utf-16-le", "utf-16"])
def test_a_profile_saved_in_a_legacy_or_wide_encoding_is_read_as_written(tmp_path, encoding):
    path = tmp_path / "profile.yaml"
    path.write_bytes(PROFILE_TEXT.encode(encoding))
    assert read_profile_file(path)["industry"] == "odzież"


def test_a_damaged_utf8_profile_is_refused_naming_the_encoding(tmp_path):
    path = tmp_path / "profile.yaml"
    path.write_bytes(PROFILE_TEXT.encode() + b"goal: \xff\xfe wzrost o 5%\n")
    with pytest.raises(InputError, match=r"^profile.yaml is not valid utf-8: 2 bad bytes: line 5 .* Save it as UTF-8$"):
        read_profile_file(path)


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("deep.yaml", "employees: " + "[" * 100_000 + "]" * 100_000, "nested more than 20 levels deep"),
        ("deep.json", '{"employees": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested more than 20 levels deep"),
        ("twice.yaml", PROFILE_TEXT + "employees: 5\n", "the key 'employees' appears twice"),
        ("twice.json", '{"employees": 300, "employees": 5}', "the key 'employees' appears twice"),
        ("binary.yaml", PROFILE_TEXT + "company: !!binary aGVsbG8=\n", "tags such as !!binary are not allowed"),
        ("python.yaml", "employees: !!python/object/apply:os.system ['id']\n", "tags such as !!python/object"),
    ],
)
def test_a_profile_that_hides_or_attacks_is_refused_in_one_line(tmp_path, name, text, problem):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=rf"^profile file {path} is not valid (YAML|JSON): {re.escape(problem)}"):
        read_profile_file(path)


def test_a_nul_byte_in_a_profile_is_dropped(tmp_path):
    path = tmp_path / "profile.yaml"
    path.write_bytes(PROFILE_TEXT.replace("odzież", "od\0zież").encode())
    assert read_profile_file(path)["industry"] == "odzież"


def test_a_profile_file_that_is_a_folder_is_one_line(tmp_path):
    with pytest.raises(InputError, match=rf"^cannot read profile file {tmp_path}: Is a directory$"):
        read_profile_file(tmp_path)


# --- evals fail loudly -----------------------------------------------------------------------

CASE = {
    "id": "moda-300",
    "description": "sieć odzieżowa, żółć",
    "profile": {"employees": 300, "industry": "odzież", "channels": "sklepy, e-commerce", "challenge": "silosy"},
    "expect": {"operating_model": "centralized", "challenge": "silos"},
}


def write_case_file(folder: Path, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "cases.yaml").write_bytes(text.encode(encoding))
    return folder


def test_an_empty_case_file_is_one_line_and_exit_2(tmp_path):
    folder = write_case_file(tmp_path / "cases", "")
    done = run_cli("eval", "--cases", str(folder))
    assert refusal(done) == (2, ["omniteam: error: no cases in cases.yaml: a case file holds a list of cases"])


def test_an_unknown_prompt_version_is_one_line_before_any_case_runs():
    done = run_cli("eval", "--planner", "offline,openai", "--prompt", "v9")
    assert refusal(done) == (
        2,
        ["omniteam: error: --prompt v9: prompt team_structure has no version v9 (its versions: v1, v2, v3, v4, v5)"],
    )


def test_an_invalid_case_is_one_line_per_problem_naming_file_case_and_field(tmp_path):
    bad = {**CASE, "kind": "teamz", "expect": {"operating_model": "hybridd", "challenge": "silos"}}
    with pytest.raises(InputError) as refused:
        load_cases(write_case_file(tmp_path / "cases", yaml.safe_dump([bad, 5], allow_unicode=True)))
    assert str(refused.value).splitlines() == [
        "cases.yaml: case moda-300: kind: accepted values are 'team', 'skills' or 'both' (got 'teamz')",
        "cases.yaml: case moda-300: expect.operating_model.0: accepted values are 'centralized', 'decentralized' "
        "or 'hybrid' (got 'hybridd')",
        "cases.yaml: case #2 is not a mapping of fields (id, description, profile, ...)",
    ]


@pytest.mark.parametrize("encoding", ["cp1250", "utf-16"])
def test_a_case_file_not_in_utf8_is_read_as_written(tmp_path, encoding):
    folder = write_case_file(tmp_path / "cases", yaml.safe_dump([CASE], allow_unicode=True), encoding)
    assert load_cases(folder)[0].description == "sieć odzieżowa, żółć"


# --- throughput: offline rows planned on every core ------------------------------------------


def test_rows_planned_in_worker_processes_are_the_rows_planned_here(monkeypatch, tmp_path):
    from assistant.batch import runner

    source = companies(tmp_path, 6)
    monkeypatch.setattr(runner, "CHUNK_ROWS", 2)  # three chunks, as 150 rows are at the shipped chunk size
    run_batch(source, tmp_path / "here", BatchOptions())
    monkeypatch.setattr(runner, "POOL_ROWS", 1)
    report = run_batch(source, tmp_path / "workers", BatchOptions())
    summaries = [(tmp_path / out / "summary.csv").read_text(encoding="utf-8-sig") for out in ("here", "workers")]
    assert report.done == 6 and summaries[0] == summaries[1]


def test_a_disk_refusal_in_a_worker_reaches_the_run_whole():
    import pickle

    error = PathError("out/plans/00002-a.md: the disk is full", path=Path("out/plans/00002-a.md"))
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), str(again), again.path) == (PathError, str(error), error.path)


def _children(pid: int) -> set[int]:
    return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


@pytest.mark.slow
def test_the_workers_of_a_killed_batch_end_with_it(tmp_path):
    killed = running_batch(str(companies(tmp_path, 3000)), "--out", str(tmp_path / "out"))
    workers = _children(killed.pid)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    wait_gone(workers)  # returns only once every worker has ended
    assert workers  # there were workers, and none is left
