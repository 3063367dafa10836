"""Twenty page sessions and a 1,000-row `batch --store` write to one store at once: every record
lands once, and none is mixed with another's (on a SQLite file and on PostgreSQL)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import threading

import pytest
from sqlalchemy import text

from assistant.planners import OfflinePlanner
from assistant.store import open_store
from tests.conftest import make_profile

ROWS = 1000
SESSIONS = 20
VERSIONS = 4  # each session's plan: version 1 and three follow-ups


def write_rows(path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "company", "employees", "industry", "channels", "challenge"])
        for n in range(ROWS):
            out.writerow([n, f"Batch Co {n}", 50 + n, "fashion", "stores, e-commerce", "silos between channels"])


def session(store, n: int, start: threading.Barrier, failures: list) -> None:
    """One page session: a conversation whose plan gets a new version after each follow-up."""
    try:
        planner = OfflinePlanner()
        start.wait()
        token, _ = store.record_turn(None, [("user", f"session {n} turn 0")], {"n": n})
        ref = store.save(planner.plan(make_profile(company=f"Session {n}"), "team"), conversation=token)
        for turn in range(1, VERSIONS):
            bundle = planner.plan(make_profile(company=f"Session {n}", employees=300 + 100 * turn), "team")
            store.add_version(ref.plan_id, bundle, cause=f"turn {turn}")
            store.record_turn(token, [("user", f"session {n} turn {turn}")], {"n": n})
    except Exception as error:  # noqa: BLE001 - reported by the test
        failures.append(error)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def crowd(request, tmp_path_factory):
    """The store after the batch and the sessions ran at once (once per database for all tests here)."""
    tmp_path = tmp_path_factory.mktemp("crowd")
    if request.param == "sqlite":
        database_url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        database_url = request.getfixturevalue("postgres_cluster").new_database()
    rows = tmp_path / "rows.csv"
    write_rows(rows)
    env = {**os.environ, "OMNITEAM_DATABASE_URL": database_url}
    command = [sys.executable, "-m", "assistant", "batch", str(rows), "--out", str(tmp_path / "out")]
    batch = subprocess.Popen([*command, "--formats", "json", "--store"], env=env, stderr=subprocess.PIPE, text=True)
    store = open_store(url=database_url)
    start, failures = threading.Barrier(SESSIONS), []
    threads = [threading.Thread(target=session, args=(store, n, start, failures)) for n in range(SESSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _, errors = batch.communicate(timeout=600)
    assert (batch.returncode, failures) == (0, []), errors
    yield store
    store.close()


def test_every_record_is_saved_once(crowd):
    plans = crowd.plans(limit=10 * ROWS)
    assert sorted(p.title.split(" · ")[0] for p in plans) == sorted(
        [f"Batch Co {n}" for n in range(ROWS)] + [f"Session {n}" for n in range(SESSIONS)]
    )


def test_no_record_is_mixed_with_another(crowd):
    mixed = []
    for plan in crowd.plans(limit=10 * ROWS):
        versions = crowd.versions(plan.id)
        companies = {crowd.load(plan.id, v.number).team.profile.company for v in versions}
        expected = VERSIONS if plan.title.startswith("Session") else 1
        if companies != {plan.company} or [v.number for v in versions] != list(range(1, expected + 1)):
            mixed.append(plan.title)
    assert mixed == []


def test_every_conversation_keeps_its_own_messages_in_order(crowd):
    wrong = []
    for plan in crowd.plans(search="session", limit=SESSIONS):
        n = int(plan.company.split()[-1])
        with crowd.engine.connect() as db:
            token = db.execute(
                text("SELECT c.token FROM conversations c JOIN plans p ON p.conversation_id = c.id WHERE p.id = :id"),
                {"id": plan.id},
            ).scalar()
        said = [m.content for m in crowd.conversation(token).messages]
        if said != [f"session {n} turn {t}" for t in range(VERSIONS)]:
            wrong.append(n)
    assert wrong == []
