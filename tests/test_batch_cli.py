"""`omniteam batch` at the command line: dry run, exit codes, one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from assistant.cli import main

DATA = Path(__file__).parent / "data" / "batch"


@pytest.fixture
def omniteam(monkeypatch, capsys):
    """Run the CLI in-process; returns (exit code, stdout + stderr)."""

    def run(*args: str) -> tuple[int, str]:
        monkeypatch.setattr(sys, "argv", ["omniteam", *map(str, args)])
        with pytest.raises(SystemExit) as done:
            main()
        captured = capsys.readouterr()
        assert isinstance(done.value.code, int)
        return done.value.code, captured.out + captured.err

    return run


def test_dry_run_lists_rows_and_errors(omniteam, tmp_path):
    code, output = omniteam("batch", DATA / "broken_rows.csv", "--dry-run", "--out", tmp_path / "out")
    assert code == 1
    assert "broken_rows.csv: 10 rows (utf-8, delimiter ',')" in output
    assert "valid: 2, with errors: 8" in output
    assert "row 5: invalid company profile: employees: no number found" in output
    assert "row 3: row has 7 cells but the header has 6" in output
    assert not (tmp_path / "out").exists()  # a dry run writes nothing


def test_a_one_row_file_is_one_row(omniteam, tmp_path):
    source = tmp_path / "one.csv"
    source.write_text("employees,industry,channels,challenge\n40,bakery,stores;online,silos\n", encoding="utf-8")
    _, output = omniteam("batch", source, "--dry-run")
    assert "one.csv: 1 row (utf-8, delimiter ',')" in output


def test_an_offline_dry_run_says_nothing_about_tokens(omniteam):
    _, output = omniteam("batch", DATA / "broken_rows.csv", "--dry-run")
    assert "tokens" not in output


def test_an_offline_run_says_nothing_about_tokens(omniteam, tmp_path):
    _, output = omniteam("batch", DATA / "broken_rows.csv", "--out", tmp_path / "out")
    assert "tokens" not in output


def test_a_run_with_failed_rows_says_how_to_plan_only_them(omniteam, tmp_path):
    _, output = omniteam("batch", DATA / "broken_rows.csv", "--out", tmp_path / "out")
    assert "once they are fixed, to plan only them, run: omniteam batch" in output


def test_dry_run_with_an_llm_estimates_tokens_and_cost(omniteam, monkeypatch):
    monkeypatch.setenv("OMNITEAM_API_KEY", "sk-test-not-used")
    code, output = omniteam("batch", DATA / "pl_excel_bom_semicolon.csv", "--dry-run", "--kind", "both")
    assert code == 0
    estimate = next(line for line in output.splitlines() if line.startswith("estimated:"))
    tokens = int(estimate.split()[1].replace(",", ""))
    assert tokens > 5 * 2 * 1000 and "$0.0000" not in estimate
    assert "sk-test-not-used" not in output
    _, batch_output = omniteam(
        "batch", DATA / "pl_excel_bom_semicolon.csv", "--dry-run", "--kind", "both", "--via", "openai-batch"
    )
    batch_estimate = next(line for line in batch_output.splitlines() if line.startswith("estimated:"))
    assert batch_estimate.endswith("(Batch API price)")
    dollars = [float(line.split("$")[1].split()[0]) for line in (estimate, batch_estimate)]
    assert dollars[1] == pytest.approx(dollars[0] / 2, abs=1e-4)


def test_map_option_makes_an_unguessable_file_readable(omniteam):
    code, output = omniteam(
        "batch",
        DATA / "needs_map.csv",
        "--dry-run",
        "--map",
        "Klient=company",
        "--map",
        "Ludzie=employees",
        "--map",
        "Obszar=industry",
        "--map",
        "Gdzie sprzedają=channels",
        "--map",
        "Ból=challenge",
    )
    assert code == 0, output
    assert "Klient → company" in output and "ignored columns: Notatka" in output


def test_run_exit_codes_say_whether_any_row_failed(omniteam, tmp_path):
    code, output = omniteam("batch", DATA / "en_comma_quoted.csv", "--out", tmp_path / "ok")
    assert code == 0 and "4 of 4 rows planned, 0 failed" in output
    code, output = omniteam("batch", DATA / "broken_rows.csv", "--out", tmp_path / "bad", "--formats", "md")
    assert code == 1 and "2 of 10 rows planned, 8 failed" in output and "errors.csv" in output
    assert sorted(p.suffix for p in (tmp_path / "bad" / "plans").iterdir()) == [".md", ".md"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--formats", "xls"], "--formats 'xls': unknown format 'xls': choose from markdown, json, docx, pdf"),
        (["--map", "Firma"], "--map 'Firma': write it as 'Column name=field'"),
        (["--map", "Nazwa=company"], "--map names columns not in en_comma_quoted.csv"),
        (["--via", "openai-batch", "--provider", "offline"], "cannot use --provider offline"),
    ],
)
def test_bad_options_are_one_line_errors(omniteam, tmp_path, args, message):
    code, output = omniteam("batch", DATA / "en_comma_quoted.csv", "--out", tmp_path, *args)
    assert code == 2 and output.strip().startswith("omniteam: error:") and message in output
    assert len(output.strip().splitlines()) == 1


def test_an_earlier_run_needs_resume(omniteam, tmp_path):
    assert omniteam("batch", DATA / "empty_lines.csv", "--out", tmp_path)[0] == 0
    code, output = omniteam("batch", DATA / "empty_lines.csv", "--out", tmp_path)
    assert code == 2 and "add --resume" in output
    code, output = omniteam("batch", DATA / "empty_lines.csv", "--out", tmp_path, "--resume")
    assert code == 0 and "2 of 2 rows planned (2 already done), 0 failed" in output


def test_default_output_folder_is_named_after_the_input(omniteam, tmp_path):
    code, _ = omniteam("batch", DATA / "trailing_delimiters.csv")
    assert code == 0 and (tmp_path / "trailing_delimiters-plans" / "summary.csv").exists()


def test_dry_run_shows_headers_with_brackets_verbatim(omniteam):
    code, output = omniteam("batch", DATA / "headers_with_hints.csv", "--dry-run")
    assert code == 0
    assert "Branża [słownik] → industry" in output and "ignored columns: Opiekun, Uwagi" in output
