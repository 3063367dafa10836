"""The probes of issue 22, "files you can trust", each as a fault and the behaviour expected of it.

Every document renders whatever the model wrote; one format's failure never takes another;
a batch row's files are written all or nothing. Every output is written whole inside the folder
the user chose, never through a link, and every path problem is one line with exit code 2.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from assistant.batch import BatchOptions, run_batch
from assistant.files import Folder, PathError, write_file
from assistant.planners.offline import OfflinePlanner
from assistant.plans import PlanBundle
from assistant.render.docx import bundle_docx
from assistant.render.pdf import bundle_pdf
from tests.conftest import make_profile

WORD = "Wielokanałowość" * 4  # 60 letters, no space
URL = "https://intranet.example.com/omnichannel/" + "raport-kwartalny-" * 8 + "?id=" + "0123456789" * 4
HEADER = "Firma;Pracownicy;Branża;Kanały;Wyzwanie"
OMNITEAM = Path(sys.executable).with_name("omniteam")
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
    assert pdf is None and all(Path(p).stat().st_size > 0 for p in (md, js, docx))


def test_a_batch_row_whose_pdf_fails_leaves_no_other_file(monkeypatch, tmp_path):
    def broken(bundle):
        raise RuntimeError("the PDF library failed")

    monkeypatch.setattr("assistant.render.pdf.bundle_pdf", broken)
    source = write_csv(tmp_path / "klienci.csv", ["Moda;300;moda;sklepy, e-commerce;silosy"])
    report = run_batch(source, tmp_path / "out", BatchOptions(formats=("md", "pdf")))
    assert report.failed == 1 and list((tmp_path / "out" / "plans").iterdir()) == []


# --- atomic, contained writes ----------------------------------------------------------------


def omniteam(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(OMNITEAM), *args], capture_output=True, text=True, timeout=300)


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
    done = omniteam("batch", str(companies(tmp_path)), "--out", str(tmp_path / "out"))
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
    assert refusal(omniteam(*args)) == (
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
    done = omniteam("batch", str(companies(tmp_path, 6)), "--out", str(tiny_disk / "out"), "--formats", "md,docx")
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
