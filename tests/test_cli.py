"""`omniteam plan` end to end: through the console script for `--help`, in-process for the rest."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

from tests.helpers import run_cli

OMNITEAM = [sys.executable, "-m", "assistant"]


@pytest.mark.slow
def test_help_lists_the_commands_and_loads_nothing_heavy():
    result = subprocess.run([*OMNITEAM, "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "plan" in result.stdout
    # behaviour, not a benchmark: heavy libraries must not be imported for --help
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, assistant.cli; "
            "print(sorted(m for m in ('gradio','langchain_core','openai','tiktoken','docx') "
            "if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
    )
    assert probe.stdout.strip() == "[]"


def test_plan_from_options_prints_markdown():
    result = run_cli(
        "plan",
        "-e",
        "300",
        "-i",
        "fashion retail",
        "-c",
        "stores, e-commerce",
        "--challenge",
        "silos between departments",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("# Omnichannel team plan") or out.startswith("# ")
    assert "| " in out and "## " in out
    assert out.count("\n1. **") >= 1


def test_plan_from_profile_file_in_polish_as_json(tmp_path):
    profile = tmp_path / "firma.yaml"
    profile.write_text(
        "employees: 1 000+\nindustry: elektronika\nchannels: [sklepy, e-commerce, Allegro]\n"
        "challenge: brak wspólnych danych\n",
        encoding="utf-8",
    )
    result = run_cli("plan", "--profile", str(profile), "--lang", "pl", "--format", "json", "--kind", "both")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["team"]["language"] == "pl" and data["skills"]["language"] == "pl"
    assert data["team"]["profile"]["employees"] == 1000
    assert len(data["team"]["first_90_days"]) == 3


def test_options_override_the_profile_file(tmp_path):
    profile = tmp_path / "p.json"
    profile.write_text(
        json.dumps({"employees": 40, "industry": "shop", "channels": "e-commerce", "challenge": "silos"}),
        encoding="utf-8",
    )
    result = run_cli("plan", "-p", str(profile), "-e", "5000", "-f", "json")
    assert json.loads(result.stdout)["team"]["profile"]["employees"] == 5000


@pytest.mark.parametrize(
    "args, message",
    [
        (["plan", "-e", "lots", "-i", "fashion", "-c", "stores", "--challenge", "silos"], "employees"),
        (["plan", "-e", "300", "-i", "fashion", "-c", "stores"], "challenge"),
        (["plan", "--profile", "missing.json"], "cannot read profile file"),
        (["plan", "-e", "300", "-i", "fashion", "-c", "stores", "--challenge", "silos", "--lang", "de"], "language"),
    ],
)
def test_errors_are_one_line_and_exit_2(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3


def test_a_company_described_in_its_own_words_is_planned():
    described = (
        "We are a garden centre chain of 120 people with 6 garden centres and an online shop; "
        "online orders promise plants the centres have already sold."
    )
    result = run_cli("plan", "--describe", described, "-f", "json")
    assert json.loads(result.stdout)["team"]["profile"]["employees"] == 120


def test_options_override_what_a_description_says():
    result = run_cli("plan", "-d", "A bakery of 40 people with shops and a webshop; silos.", "-e", "45", "-f", "json")
    assert json.loads(result.stdout)["team"]["profile"]["employees"] == 45


def test_every_missing_field_is_named_with_its_option_at_once():
    result = run_cli("plan", "--challenge", "silos")
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("omniteam: error: missing employees (-e), industry (-i), channels (-c):")
    )


def test_a_head_count_without_a_number_asks_for_the_option():
    result = run_cli("plan", "-d", "Jest nas kilkaset osób, mamy sklepy i sklep internetowy, działy nie współpracują.")
    assert "the head count 'kilkaset' is not a number: give it with -e" in result.stderr


BANK = (
    "Bank, ok. 1500 osób, oddziały, bankowość internetowa, aplikacja i infolinia. Reklamacje kartowe krążą między "
    "oddziałem a infolinią i nikt ich nie pilnuje. Zarząd zamroził etaty. Czy to w ogóle problem omnichannel?"
)


def test_a_hiring_freeze_in_a_description_hires_nobody():
    assert json.loads(run_cli("plan", "-d", BANK, "-f", "json").stdout)["team"]["brief"]["staffing"]["hires"] == 0


def test_the_question_in_a_description_is_answered():
    answer = json.loads(run_cli("plan", "-d", BANK, "-f", "json").stdout)["team"]["brief"]["answer"]
    assert answer.startswith("„Czy to w ogóle problem omnichannel?”")


def test_a_country_a_description_names_beside_its_problem_sets_the_currency():
    described = (
        "We are a dental group in Texas, 120 people, 9 clinics, online booking and a phone line. "
        "Patients get double-booked because the phone team and the website use different calendars."
    )
    assert (
        json.loads(run_cli("plan", "-d", described, "-f", "json").stdout)["team"]["brief"]["cost"]["currency"] == "USD"
    )


def test_a_head_count_given_as_an_option_stands_for_a_vague_one_in_the_description():
    result = run_cli(
        "plan", "-e", "400", "-i", "moda", "-d", "Jest nas kilkaset osób, sklepy i online, silosy.", "-f", "json"
    )
    assert json.loads(result.stdout)["team"]["profile"]["employees"] == 400


KNOWN_CHANNELS = "physical stores, e-commerce, mobile app, marketplace, social media, call centre, B2B / field sales"
PLAN = ["plan", "-e", "300", "-i", "fashion retail", "-c", "stores", "--challenge", "stores and e-shop compete"]


@pytest.mark.parametrize(
    ("option", "value", "line"),
    [
        (
            "--channels",
            "asdf qwerty",
            "channels: 'asdf qwerty' is not a channel omniteam knows; name at least one of: " + KNOWN_CHANNELS,
        ),
        ("--industry", "???", "industry: write it in words, e.g. 'fashion retail' (got '???')"),
    ],
)
def test_a_garbage_value_is_refused_in_one_line_naming_the_field_and_what_is_accepted(option, value, line):
    done = run_cli(*PLAN, option, value)
    assert (done.returncode, done.stderr) == (2, f"omniteam: error: invalid company profile: {line}\n")


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "-e", "300", "-i", "fashion", "-c", "stores"],  # no challenge
        [*PLAN, "--lang", "de"],
        ["plan", "-e", "0", "-i", "fashion", "-c", "stores", "--challenge", "silos"],
        ["plan", "-e", "300", "-i", "f", "-c", "stores", "--challenge", "silos"],
    ],
)
def test_errors_never_speak_pydantic(args):
    stderr = run_cli(*args).stderr
    assert [
        phrase for phrase in ("Field required", "Input should be", "String should", "Value error") if phrase in stderr
    ] == []


MIXED = ["-e", "300", "-i", "fashion and apparel retail", "-c", "physical stores, e-commerce, mobile app, marketplace"]


def test_without_lang_the_plan_is_in_the_language_of_the_challenge():  # English fields, a Polish challenge
    done = run_cli("plan", *MIXED, "--challenge", "Silosy między działami", "-f", "json")
    assert json.loads(done.stdout)["team"]["language"] == "pl"


def test_a_channel_brand_does_not_turn_a_polish_plan_english():
    done = run_cli(
        "plan", "-e", "300", "-i", "moda", "-c", "sklepy, tiktok shop", "--challenge", "silosy", "-f", "json"
    )
    assert json.loads(done.stdout)["team"]["language"] == "pl"


def test_a_keyboard_mash_beside_a_known_channel_is_refused_by_name():
    done = run_cli("plan", "-e", "300", "-i", "moda", "-c", "sklepy, asdf", "--challenge", "silosy")
    assert done.stderr == (
        "omniteam: error: invalid company profile: channels: 'asdf' does not read as a channel name; "
        "remove it or name the channel in words\n"
    )


def _dead_server(monkeypatch) -> str:
    """OMNITEAM_BASE_URL on a loopback port nobody listens on (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/v1"
    monkeypatch.setenv("OMNITEAM_BASE_URL", url)
    monkeypatch.setenv("OMNITEAM_API_KEY", "sk-test-not-used")
    monkeypatch.setenv("OMNITEAM_MAX_RETRIES", "0")
    return url


def test_an_unreachable_server_offers_the_offline_planner_for_plan(monkeypatch):
    url = _dead_server(monkeypatch)
    assert run_cli(*PLAN, "--no-cache").stderr == (
        f"omniteam: error: cannot reach {url}: check OMNITEAM_BASE_URL and that the server is running, "
        "or plan offline with --provider offline\n"
    )


def test_an_unreachable_server_offers_the_offline_planner_for_batch(monkeypatch, tmp_path):
    url = _dead_server(monkeypatch)
    source = tmp_path / "firms.csv"
    source.write_text("company,employees,industry,channels,challenge\nA,300,moda,sklepy,silosy\n", encoding="utf-8")
    stderr = run_cli("batch", str(source), "--out", str(tmp_path / "out")).stderr
    assert stderr.splitlines()[-1] == (
        f"omniteam: error: cannot reach {url}: check OMNITEAM_BASE_URL and that the server is running, "
        "or plan offline with --provider offline"
    )


def test_broken_profile_file_is_reported(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run_cli("plan", "-p", str(bad))
    assert result.returncode == 2 and "not valid JSON" in result.stderr


def test_output_file(tmp_path):
    target = tmp_path / "plan.md"
    result = run_cli("plan", "-e", "40", "-i", "shop", "-c", "e-commerce", "--challenge", "silos", "-o", str(target))
    assert result.returncode == 0
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_schema_command_exports_json_schema():
    result = run_cli("schema", "team_plan_content")
    assert result.returncode == 0
    assert json.loads(result.stdout)["properties"]["first_90_days"]["maxItems"] == 3
    unknown = run_cli("schema", "nope")
    assert unknown.returncode == 2 and "choose one of" in unknown.stderr


def test_docx_goes_to_a_file_and_opens(tmp_path):
    import docx

    target = tmp_path / "plan.docx"
    result = run_cli(
        "plan",
        "-e",
        "300",
        "-i",
        "moda",
        "-c",
        "sklepy, e-commerce",
        "--challenge",
        "silosy",
        "-l",
        "pl",
        "-f",
        "docx",
        "-o",
        str(target),
    )
    assert result.returncode == 0, result.stderr
    headings = [p.text for p in docx.Document(target).paragraphs if p.style.name.startswith("Heading")]
    assert "Trzy działania na pierwsze 90 dni" in headings
    refused = run_cli("plan", "-e", "300", "-i", "moda", "-c", "sklepy", "--challenge", "silosy", "-f", "docx")
    assert refused.returncode == 2 and "--output" in refused.stderr
