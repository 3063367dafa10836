"""`omniteam plans …`, `plan --store` and `batch --store` at the command line, on the test's SQLite store."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.evals.cases import load_cases
from assistant.plans import PlanBundle
from assistant.store import open_store

DATA = Path(__file__).parent / "data" / "batch"
COMPANY = ["-i", "fashion retail", "-c", "stores, e-commerce", "--challenge", "departments work in silos"]


@pytest.fixture
def omniteam(monkeypatch, capsys):
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["omniteam", *map(str, args)])
        with pytest.raises(SystemExit) as done:
            main()
        captured = capsys.readouterr()
        assert isinstance(done.value.code, int | None)
        return done.value.code or 0, captured.out, captured.err

    return run


@pytest.fixture
def saved(omniteam) -> list[int]:
    """Two plans saved with `plan --store`: Acme of 300 people, then Bolt of 3,000."""
    for company, employees in (("Acme", "300"), ("Bolt", "3000")):
        omniteam("plan", "-e", employees, "--company", company, *COMPANY, "--store")
    return [p.id for p in open_store().plans()][::-1]


def test_plan_store_saves_the_plan(saved):
    assert len(open_store().plans(search="acme")) == 1


def test_planning_a_company_again_makes_the_next_version_of_its_plan(omniteam, saved):
    code, _, err = omniteam("plan", "-e", "500", "--company", "ACME", *COMPANY, "--store")
    assert (code, err.strip()) == (
        0,
        f"saved as version {saved[0]}@2 of plan {saved[0]} (omniteam plans diff {saved[0]}@1 {saved[0]}@2)",
    )


def test_diff_of_two_versions_shows_an_added_channel_and_a_dropped_goal(omniteam):
    company = ["-e", "300", "--company", "Acme", "-i", "fashion retail", "--challenge", "departments work in silos"]
    omniteam("plan", *company, "-c", "stores, e-commerce", "--goal", "launch click and collect", "--store")
    omniteam("plan", *company, "-c", "stores, e-commerce, mobile app", "--store")
    plan_id = open_store().plans()[0].id
    _, out, _ = omniteam("plans", "diff", f"{plan_id}@1", f"{plan_id}@2")
    assert [line for line in out.splitlines() if line.startswith(("channel", "goal"))] == [
        "channel added: mobile app",
        "goal dropped: launch click and collect",
    ]


def test_list_json_names_the_saved_plans(omniteam, saved):
    code, out, _ = omniteam("plans", "list", "--json")
    assert [p["id"] for p in json.loads(out)] == saved[::-1]


def test_list_searches_by_company(omniteam, saved):
    omniteam("plan", "-e", "50", "--company", "Beta", *COMPANY, "--store")
    code, out, _ = omniteam("plans", "list", "--json", "--search", "BETA")
    assert [p["company"] for p in json.loads(out)] == ["Beta"]


def test_list_has_column_headers(omniteam, saved):
    _, out, _ = omniteam("plans", "list")
    assert out.splitlines()[0].split() == [
        "id",
        "changed",
        "versions",
        "kind",
        "plan",
        "(company",
        "·",
        "industry",
        "·",
        "people)",
    ]


def test_list_labels_the_head_count(omniteam, saved):
    _, out, _ = omniteam("plans", "list")
    assert "Bolt · fashion retail · 3,000 people" in out


def test_a_missing_version_names_the_versions_the_plan_has(omniteam, saved):
    omniteam("plan", "-e", "500", "--company", "Acme", *COMPANY, "--store")
    _, _, err = omniteam("plans", "show", f"{saved[0]}@9")
    assert err == f"omniteam: error: no plan {saved[0]}@9 in the store: plan {saved[0]} has versions 1–2\n"


def test_a_bad_date_is_one_line_and_exit_2(omniteam):
    code, _, err = omniteam("plans", "list", "--since", "last week")
    assert (code, err.strip().count("\n"), "YYYY-MM-DD" in err) == (2, 0, True)


def test_show_json_is_the_saved_bundle(omniteam, saved):
    code, out, _ = omniteam("plans", "show", str(saved[0]), "--format", "json")
    assert PlanBundle.model_validate_json(out) == open_store().load(saved[0])


def test_show_docx_writes_a_document(omniteam, saved, tmp_path):
    omniteam("plans", "show", str(saved[0]), "--format", "docx", "-o", tmp_path / "plan.docx")
    assert (tmp_path / "plan.docx").read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("plan_id", ["99", "abc", "1@"])
def test_a_bad_id_is_one_line_and_exit_2(omniteam, saved, plan_id):
    code, _, err = omniteam("plans", "show", plan_id)
    assert (code, err.strip().count("\n"), err.startswith("omniteam: error:")) == (2, 0, True)


def test_a_bad_database_url_is_one_line_naming_the_setting(omniteam, monkeypatch):
    monkeypatch.setenv("OMNITEAM_DATABASE_URL", "no such thing")
    code, _, err = omniteam("plans", "list")
    assert (code, err.strip().count("\n"), "OMNITEAM_DATABASE_URL" in err) == (2, 0, True)


def test_plan_store_with_a_bad_url_plans_nothing(omniteam, monkeypatch):
    monkeypatch.setenv("OMNITEAM_DATABASE_URL", "mysql://x@localhost/db")
    code, out, _ = omniteam("plan", "-e", "300", *COMPANY, "--store")
    assert (code, out) == (2, "")


def test_diff_names_the_operating_model_change(omniteam, saved):
    code, out, _ = omniteam("plans", "diff", str(saved[0]), str(saved[1]))
    assert "operating model: centralized → hybrid" in out


def test_diff_names_the_head_count_change(omniteam, saved):
    code, out, _ = omniteam("plans", "diff", str(saved[0]), str(saved[1]))
    assert "head count: 300 → 3,000" in out


def test_diff_of_a_plan_with_itself_says_no_difference(omniteam, saved):
    code, out, _ = omniteam("plans", "diff", str(saved[0]), f"{saved[0]}@1")
    assert out == "no difference in the head count, channels, goal, operating model, roles, FTE, actions or Top 3\n"


def test_share_prints_a_link_that_shows_the_plan(omniteam, saved):
    code, out, _ = omniteam("plans", "share", str(saved[0]), "--expires", "7d")
    assert open_store().shared(out.strip().rsplit("/", 1)[-1]) is not None


def test_share_links_to_where_the_page_was_last_served(omniteam, saved):
    open_store().serve_at("http://planning.example:8123")
    _, out, _ = omniteam("plans", "share", str(saved[0]))
    assert out.startswith("http://planning.example:8123/share/")


def test_revoke_makes_the_link_show_nothing(omniteam, saved):
    _, out, _ = omniteam("plans", "share", str(saved[0]))
    omniteam("plans", "revoke", out.strip())
    assert open_store().shared(out.strip().rsplit("/", 1)[-1]) is None


def test_a_bad_expiry_is_one_line_and_exit_2(omniteam, saved):
    code, _, err = omniteam("plans", "share", str(saved[0]), "--expires", "soon")
    assert (code, "30m, 12h, 7d or 2w" in err) == (2, True)


def test_revoking_an_unknown_token_is_exit_2(omniteam, saved):
    code, _, err = omniteam("plans", "revoke", "nope")
    assert (code, "no such share link" in err) == (2, True)


def test_delete_removes_the_plan(omniteam, saved):
    omniteam("plans", "delete", str(saved[0]), "--yes")
    assert [p.id for p in open_store().plans()] == [saved[1]]


def test_feedback_exports_csv(omniteam, saved):
    open_store().add_feedback(-1, "pilot too big, 'quoted', \"double\"", plan_id=saved[0])
    code, out, _ = omniteam("plans", "feedback", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["plan"], r["rating"], r["comment"]) for r in rows] == [
        (f"{saved[0]}@1", "-1", "pilot too big, 'quoted', \"double\"")
    ]


def test_to_case_writes_a_case_the_evals_load(omniteam, saved, tmp_path):
    omniteam("plans", "to-case", str(saved[0]), "-o", tmp_path / "draft.yaml")
    (case,) = load_cases(tmp_path / "draft.yaml")
    assert (case.profile["company"], case.expect.challenge) == ("Acme", "silos")


def test_batch_store_saves_every_row_once_across_a_resume(omniteam, tmp_path):
    out = tmp_path / "out"
    omniteam("batch", DATA / "en_comma_quoted.csv", "--out", out, "--store")
    (out / "results.jsonl").write_text("", encoding="utf-8")  # as if the run died after saving to the store
    omniteam("batch", DATA / "en_comma_quoted.csv", "--out", out, "--store", "--resume")
    rows = len((DATA / "en_comma_quoted.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert len(open_store().plans(limit=1000)) == rows


def test_batch_store_with_a_bad_url_is_exit_2(omniteam, tmp_path, monkeypatch):
    monkeypatch.setenv("OMNITEAM_DATABASE_URL", "sqlite:////proc/no/such/dir/x.db")
    code, _, err = omniteam("batch", DATA / "en_comma_quoted.csv", "--out", tmp_path / "o", "--store")
    assert (code, "OMNITEAM_DATABASE_URL" in err) == (2, True)


def test_help_does_not_load_the_database_libraries():
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.argv = ['omniteam', 'plans', '--help']\n"
            "from assistant.cli import app\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('sqlalchemy', 'alembic', 'psycopg') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.stdout.strip().splitlines()[-1] == "[]"
