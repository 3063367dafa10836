"""Batch runs with the offline planner: every row ends in exactly one of results or errors."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

from assistant.batch import BatchOptions, parse_map_options, preview, run_batch
from assistant.batch.index import RowIndex
from assistant.batch.store import LOCK, ResultStore, read_jsonl
from assistant.batch.summary import review
from assistant.diagnosis import Diagnosis, ProblemReading, Process, ProcessReading
from assistant.errors import InputError

DATA = Path(__file__).parent / "data" / "batch"
NEEDS_MAP = ["Klient=company", "Ludzie=employees", "Obszar=industry", "Gdzie sprzedają=channels", "Ból=challenge"]

# file: (data rows, Excel row numbers that must fail, --map options)
EXPECTED = {
    "broken_rows.csv": (10, {3, 4, 5, 6, 7, 8, 9, 10}, []),
    "channel_separators.csv": (6, set(), []),
    "empty_lines.csv": (2, set(), []),
    "en_comma_quoted.csv": (4, set(), []),
    "excel_unicode_text.txt": (2, set(), []),
    "formula_injection.csv": (4, set(), []),
    "headers_with_hints.csv": (3, set(), []),
    "ids_with_duplicate.csv": (4, {4}, []),
    "needs_map.csv": (3, set(), NEEDS_MAP),
    "pl_cp1250.csv": (4, {2}, []),
    "pl_excel_bom_semicolon.csv": (5, set(), []),
    "quoted_newlines.csv": (3, set(), []),
    "skills_columns.csv": (3, set(), []),
    "trailing_delimiters.csv": (2, set(), []),
    "unclosed_quote.csv": (20, {11}, []),
}


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} must start with a UTF-8 BOM for Excel"
    text = raw.decode("utf-8-sig")
    delimiter = ";" if text.split("\r\n")[0].count(";") > text.split("\r\n")[0].count(",") else ","
    return list(csv.DictReader(text.splitlines(keepends=True), delimiter=delimiter))


def assert_each_row_once(out: Path, rows: set[int]) -> tuple[set[int], set[int]]:
    """Every row number appears exactly once across results.jsonl and errors.jsonl; returns both sets."""
    results = [r["row"] for r in read_jsonl(out / "results.jsonl")]
    errors = [r["row"] for r in read_jsonl(out / "errors.jsonl")]
    assert len(results) == len(set(results)), "a row is duplicated in results.jsonl"
    assert len(errors) == len(set(errors)), "a row is duplicated in errors.jsonl"
    assert not set(results) & set(errors), "a row is both a result and an error"
    assert set(results) | set(errors) == rows
    return set(results), set(errors)


def test_the_expectations_cover_every_test_file():
    assert set(EXPECTED) == {path.name for path in DATA.iterdir()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_row_of_every_file_ends_in_exactly_one_place(name, tmp_path):
    count, failing, mapping = EXPECTED[name]
    out = tmp_path / "out"
    report = run_batch(DATA / name, out, BatchOptions(kind="both", overrides=parse_map_options(mapping)))
    found = preview(DATA / name, BatchOptions(overrides=parse_map_options(mapping)))
    numbers = {row.number for row in found.table.iter_rows()}
    assert len(numbers) == count
    results, errors = assert_each_row_once(out, numbers)
    assert errors == failing
    assert (report.total, report.done, report.failed, report.ok) == (
        count,
        count - len(failing),
        len(failing),
        not failing,
    )
    summary = read_csv(out / "summary.csv")
    assert [int(line["row"]) for line in summary] == sorted(results)
    assert [int(line["row"]) for line in read_csv(out / "errors.csv")] == sorted(errors)
    for line in summary:
        for file in line["files"].split():
            assert (out / file).stat().st_size > 0


def test_errors_carry_row_number_input_and_reason(tmp_path):
    run_batch(DATA / "broken_rows.csv", tmp_path, BatchOptions())
    errors = {r["row"]: r for r in read_jsonl(tmp_path / "errors.jsonl")}
    assert errors[5]["input"]["employees"] == "lots of people" and "no number found" in errors[5]["reason"]
    assert errors[8]["reason"].endswith("language: accepted values are 'pl' or 'en' (got 'de')")
    assert errors[3]["stage"] == "validation" and errors[3]["input"]["(extra cells)"] == "en"
    readable = {line["row"]: line for line in read_csv(tmp_path / "errors.csv")}
    assert readable["6"]["challenge"] == "x" and "at least 3 characters" in readable["6"]["reason"]


def test_summary_has_the_plan_facts_and_opens_in_a_semicolon_excel(tmp_path):
    run_batch(DATA / "pl_excel_bom_semicolon.csv", tmp_path, BatchOptions())
    summary = read_csv(tmp_path / "summary.csv")
    assert (tmp_path / "summary.csv").read_text(encoding="utf-8-sig").startswith("row;id;company;operating_model")
    first = summary[0]
    result = next(read_jsonl(tmp_path / "results.jsonl"))
    team = result["bundle"]["team"]
    assert first["company"] == "Moda Polska sp. z o.o."
    assert first["operating_model"] == team["operating_model"]["model"]
    assert int(first["roles"]) == len(team["roles"])
    assert float(first["total_fte"]) == pytest.approx(sum(role["fte"] for role in team["roles"]), abs=0.01)
    assert first["first_action"] == team["first_90_days"][0]["title"]
    assert first["top_risk"] in [risk["risk"] for risk in team["risks"]]
    assert first["planner"] == "offline" and first["tokens"] == "0"


def test_summary_cells_cannot_run_as_excel_formulas(tmp_path):
    run_batch(DATA / "formula_injection.csv", tmp_path, BatchOptions())
    companies = [line["company"] for line in read_csv(tmp_path / "summary.csv")]
    assert companies == ['\'=HYPERLINK("http://evil.example";"click")', "'+48 Sales", "'@SUM(1+1)", "'-Minus Corp"]


def test_language_option_fills_rows_without_a_language_cell(tmp_path):
    run_batch(DATA / "en_comma_quoted.csv", tmp_path / "en", BatchOptions(language="pl"))
    languages = [r["bundle"]["team"]["language"] for r in read_jsonl(tmp_path / "en" / "results.jsonl")]
    assert languages == ["en"] * 4  # every row names its language
    run_batch(DATA / "quoted_newlines.csv", tmp_path / "pl", BatchOptions(language="pl"))
    assert {r["bundle"]["team"]["language"] for r in read_jsonl(tmp_path / "pl" / "results.jsonl")} == {"pl"}


def test_skills_kind_writes_skills_plans_only(tmp_path):
    run_batch(DATA / "skills_columns.csv", tmp_path, BatchOptions(kind="skills", formats=("md", "json", "docx")))
    for result in read_jsonl(tmp_path / "results.jsonl"):
        assert set(result["bundle"]) == {"skills", "diagnosis"}  # no team plan; the diagnosis goes with every bundle
        assert result["bundle"]["skills"]["profile"]["team_size"] in (12, 5, 25)
        assert [Path(f).suffix for f in result["files"]] == [".md", ".json", ".docx"]
        assert (tmp_path / result["files"][2]).read_bytes().startswith(b"PK")
    summary = read_csv(tmp_path / "summary.csv")
    assert all(line["first_action"] and line["operating_model"] == "" for line in summary)


def test_resume_skips_finished_rows_and_redoes_a_changed_one(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes((DATA / "pl_excel_bom_semicolon.csv").read_bytes())
    out = tmp_path / "out"
    first = run_batch(source, out, BatchOptions())
    assert (first.done, first.skipped) == (5, 0)
    before = {r["id"]: r for r in read_jsonl(out / "results.jsonl")}

    text = source.read_text(encoding="utf-8-sig").replace("ok. 300", "ok. 3000")
    source.write_text(text, encoding="utf-8-sig")
    again = run_batch(source, out, BatchOptions(resume=True))
    assert (again.done, again.skipped, again.failed) == (1, 4, 0)
    after = {r["id"]: r for r in read_jsonl(out / "results.jsonl")}
    assert_each_row_once(out, {2, 3, 4, 5, 6})
    assert after["4"]["bundle"]["team"]["profile"]["employees"] == 3000
    assert all(after[key] == before[key] for key in ("2", "3", "5", "6"))

    nothing = run_batch(source, out, BatchOptions(resume=True))
    assert (nothing.done, nothing.skipped) == (0, 5)


def test_resume_retries_failed_rows_and_changing_the_kind_redoes_rows(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "company,employees,industry,channels,challenge\nA,100,fashion,stores,silos\nB,,fashion,stores,silos\n",
        encoding="utf-8",
    )
    run_batch(source, tmp_path / "out", BatchOptions())
    source.write_text(source.read_text().replace("B,,", "B,250,"), encoding="utf-8")
    fixed = run_batch(source, tmp_path / "out", BatchOptions(resume=True))
    assert (fixed.done, fixed.skipped, fixed.failed) == (1, 1, 0)
    assert list(read_jsonl(tmp_path / "out" / "errors.jsonl")) == []
    both = run_batch(source, tmp_path / "out", BatchOptions(resume=True, kind="both"))
    assert (both.done, both.skipped) == (2, 0)
    assert_each_row_once(tmp_path / "out", {2, 3})


def test_an_earlier_run_is_never_overwritten_without_resume(tmp_path):
    run_batch(DATA / "empty_lines.csv", tmp_path, BatchOptions())
    saved = (tmp_path / "results.jsonl").read_bytes()
    with pytest.raises(InputError, match="already holds results.jsonl .* add --resume"):
        run_batch(DATA / "empty_lines.csv", tmp_path, BatchOptions())
    assert (tmp_path / "results.jsonl").read_bytes() == saved


def test_a_finished_run_leaves_no_lock_file(tmp_path):
    run_batch(DATA / "empty_lines.csv", tmp_path, BatchOptions())
    assert not (tmp_path / LOCK).exists()


def test_a_crashed_run_leaves_its_lock_file(tmp_path):
    with pytest.raises(RuntimeError), RowIndex() as index, ResultStore(tmp_path, index):
        raise RuntimeError("crash")
    assert (tmp_path / LOCK).exists()


def test_a_torn_last_line_from_a_killed_run_is_dropped_on_resume(tmp_path):
    run_batch(DATA / "en_comma_quoted.csv", tmp_path, BatchOptions())
    lines = (tmp_path / "results.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "results.jsonl").write_text("".join(lines[:2]) + lines[2][:100], encoding="utf-8")
    report = run_batch(DATA / "en_comma_quoted.csv", tmp_path, BatchOptions(resume=True))
    assert (report.skipped, report.done) == (2, 2)
    assert_each_row_once(tmp_path, {2, 3, 4, 5})


def test_store_keeps_only_results_matching_the_current_input(tmp_path):
    with RowIndex() as index, ResultStore(tmp_path, index) as store:
        store.add_result({"id": "1", "hash": "a", "row": 2}, '{"team": null}')
        store.add_result({"id": "2", "hash": "b", "row": 3}, '{"team": null}')
    with RowIndex() as index:
        for row_id, digest in {"1": "a", "2": "changed", "3": "c"}.items():
            index.remember_input(row_id, digest)
        with ResultStore(tmp_path, index, resume=True) as store:
            assert store.kept == 1
            assert [index.done_hash(row_id) for row_id in "123"] == ["a", None, None]
            assert list(index.records("result")) == [{"id": "1", "hash": "a", "row": 2}]
    assert list(read_jsonl(tmp_path / "results.jsonl")) == [
        {"id": "1", "hash": "a", "row": 2, "bundle": {"team": None}}
    ]


@pytest.fixture
def five_thousand_rows(tmp_path) -> tuple[Path, set[int]]:
    """A messy 5,000-row cp1250 semicolon file like a Polish Excel export; returns it and its broken rows."""
    rng = random.Random(5000)
    sizes = ["25", "1 000+", "50-200", "ok. 300", "2 tys.", "~450", "12000", "ponad 1000"]
    industries = ["odzież", "RTV AGD", "drogeria", "meble", "bankowość", "fashion retail", "grocery", "książki"]
    channel_sets = [
        "sklepy, e-commerce",
        "sklep internetowy | Allegro",
        "call center / aplikacja / sklepy",
        '"oddziały; aplikacja"',
        "stores/app/marketplace",
        "Instagram, Facebook",
    ]
    challenges = [
        "Działy pracują w silosach",
        '"Sprzeczne cele online i offline;\nbrak wspólnych KPI"',
        "No shared customer data",
        "Każdy kanał ma osobny budżet",
    ]
    lines, broken, number = (
        ["Nazwa firmy;Liczba pracowników;Branża;Kanały sprzedaży;Największe wyzwanie;Język"],
        set(),
        1,
    )
    while number < 5001:
        number += 1
        if rng.random() < 0.01:
            lines.append("")
            continue
        name = f"Firma {number} Łódź"
        cells = [
            name,
            rng.choice(sizes),
            rng.choice(industries),
            rng.choice(channel_sets),
            rng.choice(challenges),
            rng.choice(["pl", "en", ""]),
        ]
        fault = rng.random()
        if fault < 0.02:
            cells[1] = "dużo"
        elif fault < 0.04:
            cells[3] = "sklepy; e-commerce"  # unquoted delimiter
        elif fault < 0.05:
            cells[4] = ""
        if fault < 0.05:
            broken.add(number)
        lines.append(";".join(cells))
    path = tmp_path / "klienci.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1250"))
    return path, broken


@pytest.mark.slow
def test_a_5000_row_file_ends_with_every_row_once(five_thousand_rows, tmp_path):
    path, broken = five_thousand_rows
    out = tmp_path / "out"
    report = run_batch(path, out, BatchOptions(formats=("json",)))
    numbers = {row.number for row in preview(path, BatchOptions()).table.iter_rows()}
    assert len(numbers) == report.total and 4900 < report.total <= 5000
    results, errors = assert_each_row_once(out, numbers)
    assert errors == broken
    assert len(list((out / "plans").iterdir())) == len(results)
    assert json.loads((out / "plans" / "00002-firma-2-lodz.json").read_text(encoding="utf-8"))["team"]


def test_dry_run_preview_counts_rows_and_errors_and_offline_costs_nothing():
    found = preview(DATA / "broken_rows.csv", BatchOptions())
    assert (found.rows, found.valid, found.invalid_count, len(found.invalid)) == (10, 2, 8, 8)
    assert (found.tokens, found.cost_usd) == (0, 0.0)


def test_an_xlsx_workbook_runs_end_to_end(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Firma", "Pracownicy", "Branża", "Kanały", "Wyzwanie"])
    sheet.append(["Alfa", 300, "moda", "sklepy, e-commerce", "silosy między działami"])
    sheet.append(["Beta", "dużo", "moda", "sklepy", "silosy między działami"])
    book.save(tmp_path / "clients.xlsx")
    report = run_batch(tmp_path / "clients.xlsx", tmp_path / "out", BatchOptions())
    assert (report.done, report.failed) == (1, 1)
    assert assert_each_row_once(tmp_path / "out", {2, 3}) == ({2}, {3})
    assert read_csv(tmp_path / "out" / "summary.csv")[0]["company"] == "Alfa"


def test_without_lang_a_row_is_planned_in_the_language_of_its_challenge(tmp_path):  # as `omniteam plan` does
    source = tmp_path / "mixed.csv"
    source.write_text(
        "company,employees,industry,channels,challenge\n"
        'Acme,300,fashion and apparel retail,"physical stores, e-commerce, mobile app, marketplace",'
        "Silosy między działami\n",
        encoding="utf-8",
    )
    run_batch(source, tmp_path / "out", BatchOptions())
    plan = json.loads((tmp_path / "out" / "plans" / "00002-acme.json").read_text(encoding="utf-8"))
    assert plan["team"]["language"] == "pl"


def test_the_review_column_is_empty_for_a_sure_reading_and_says_why_otherwise(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "company,employees,industry,channels,challenge,language\n"
        "Sure,300,fashion,stores,Stores and e-commerce compete for the same customers,en\n"
        "None,300,fashion,stores,none,en\n",
        encoding="utf-8",
    )
    run_batch(source, tmp_path / "out", BatchOptions())
    review = {line["company"]: line["review"] for line in read_csv(tmp_path / "out" / "summary.csv")}
    assert review == {"Sure": "", "None": "no problem stated"}


def test_an_unsure_reading_is_reviewed_as_what_it_was_read_as():
    unsure = Diagnosis(
        problems=[ProblemReading(key="attribution", confidence=0.6, evidence="clients book on Insta")],
        process=ProcessReading(key=Process.bookings, confidence=0.6, evidence="clients book on Insta"),
        confident=False,
    )
    assert (
        review(unsure)
        == "problem unsure: read as disputes over sales attribution or a bookings and appointments process"
    )


def _chunk(tmp_path, monkeypatch, write):
    """`plan_chunk` over rows row-0, row-1 and row-2, each row's files "written" by `write(stem)`."""
    from assistant.batch import rows
    from tests.helpers import make_profile

    (tmp_path / "plans").mkdir()
    monkeypatch.setattr(rows, "write_row", lambda rendered, folder: write(next(iter(rendered.contents))[:5]))
    stems = ["row-0", "row-1", "row-2"]
    return rows.plan_chunk([(stem, make_profile()) for stem in stems], "team", ["md"], tmp_path / "plans")


def test_a_chunk_keeps_its_rows_order_when_a_later_row_is_written_first(tmp_path, monkeypatch):
    import threading

    written = threading.Event()

    def write(stem):
        if stem == "row-0":
            assert written.wait(timeout=60)  # a guard against a hang: row 0 ends only after row 1
        written.set()
        return stem

    assert _chunk(tmp_path, monkeypatch, write) == ["row-0", "row-1", "row-2"]


def test_no_row_after_the_disk_refused_one_is_committed(tmp_path, monkeypatch):
    from assistant.files import PathError

    refusal = PathError("plans/row-1.md: the disk is full", path=tmp_path / "plans" / "row-1.md")

    def write(stem):
        if stem == "row-1":
            raise refusal
        return stem

    assert _chunk(tmp_path, monkeypatch, write) == ["row-0", refusal]
