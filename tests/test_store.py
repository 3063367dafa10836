"""The store on real databases: every test runs on a SQLite file and on a PostgreSQL database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from assistant.errors import ConfigError, InputError
from assistant.planners import OfflinePlanner
from assistant.store import open_store, parse_ref
from assistant.store.engine import connect
from assistant.store.models import Base
from assistant.store.store import Store, now
from assistant.terms import PlanKind
from tests.helpers import make_profile


def bundle(kind: PlanKind = "team", **overrides):
    return OfflinePlanner().plan(make_profile(**overrides), kind)


def test_a_saved_plan_loads_back_as_the_same_bundle(store):
    saved = bundle("both", company="Acme")
    ref = store.save(saved)
    assert store.load(ref.plan_id) == saved


def test_a_new_version_keeps_the_one_before(store):
    first = bundle(company="Acme")
    ref = store.save(first)
    store.add_version(ref.plan_id, bundle(company="Acme", employees=1200), cause="employees: 1,200")
    assert store.load(ref.plan_id, 1) == first


def test_a_version_records_what_changed(store):
    ref = store.save(bundle(company="Acme", employees=40))
    store.add_version(ref.plan_id, bundle(company="Acme", employees=5000), cause="employees: 5,000")
    changes = store.versions(ref.plan_id)[-1].changes
    assert (changes.model_before, changes.model_after) == ("centralized", "hybrid")


def test_saving_for_a_company_planned_before_adds_a_version_of_its_plan(store):
    first = store.save_for_company(bundle(company="Acme"))
    assert store.save_for_company(bundle(company="ACME", employees=1200)) == type(first)(first.plan_id, 2)


def test_saving_for_a_company_keeps_other_kinds_and_unnamed_profiles_apart(store):
    for saved in (bundle(company="Acme"), bundle("skills", company="Acme"), bundle(), bundle()):
        store.save_for_company(saved)
    assert len(store.plans()) == 4


def test_the_page_address_is_the_last_one_served(store):
    store.serve_at("http://127.0.0.1:7861")
    store.serve_at("http://planning.example:8080")
    assert store.page_url() == "http://planning.example:8080"


def test_a_version_keeps_its_provenance(store):
    ref = store.save(bundle())
    assert store.versions(ref.plan_id)[0].planner == "offline"


def test_plans_are_found_by_company_without_polish_letters(store):
    store.save(bundle(company="Łódzka Odzież"))
    store.save(bundle(company="Acme"))
    assert [p.company for p in store.plans(search="lodzka")] == ["Łódzka Odzież"]


def test_plans_are_found_by_industry(store):
    store.save(bundle(company="Acme", industry="pharmacy chain"))
    store.save(bundle(company="Beta"))
    assert [p.company for p in store.plans(search="Pharmacy")] == ["Acme"]


def test_a_search_with_a_percent_sign_matches_it_literally(store):
    store.save(bundle(company="Acme"))
    assert store.plans(search="%") == []


def test_plans_are_found_by_date(store):
    store.save(bundle())
    today = now().astimezone().date()
    assert (len(store.plans(since=today, until=today)), store.plans(until=today - timedelta(days=1))) == (1, [])


def test_one_company_has_one_row_for_all_its_plans(store):
    store.save(bundle(company="Acme"))
    store.save(bundle(company="ACME "))
    with store.engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM companies")).scalar() == 1


def test_a_batch_row_saved_twice_is_one_plan(store):
    first = store.save(bundle(), source="batch", batch_key="run:row-1")
    again = store.save(bundle(), source="batch", batch_key="run:row-1")
    assert (again, len(store.plans())) == (first, 1)


def test_delete_leaves_nothing_of_the_plan(store):
    ref = store.save(bundle(company="Acme"), conversation=None)
    token, ids = store.record_turn(None, [("user", "hi"), ("assistant", "hello")], {"data": {}})
    other = store.save(bundle(company="Acme"), conversation=token)
    store.add_version(other.plan_id, bundle(company="Acme", employees=900))
    store.share(other.plan_id)
    store.add_feedback(-1, "too many roles", plan_id=other.plan_id)
    store.add_feedback(1, "clear", message_id=ids[1])
    store.delete(other.plan_id)
    store.delete(ref.plan_id)
    with store.engine.connect() as db:
        counts = {t: db.execute(select(func.count()).select_from(Base.metadata.tables[t])).scalar() for t in TABLES}
    assert counts == dict.fromkeys(TABLES, 0)


TABLES = sorted(Base.metadata.tables)


def test_delete_of_an_unknown_plan_is_an_input_error(store):
    with pytest.raises(InputError, match="no plan 99"):
        store.delete(99)


def test_an_active_link_shows_its_version(store):
    ref = store.save(bundle(company="Acme"))
    store.add_version(ref.plan_id, bundle(company="Acme", employees=900))
    link = store.share(ref.plan_id, 1)
    shown = store.shared(link.token)
    assert shown is not None and shown[1].number == 1


def test_a_revoked_link_shows_nothing(store):
    link = store.share(store.save(bundle()).plan_id)
    store.revoke(link.token)
    assert store.shared(link.token) is None


def test_an_expired_link_shows_nothing(store):
    link = store.share(store.save(bundle()).plan_id, expires=timedelta(days=7))
    assert store.shared(link.token, at=now() + timedelta(days=7, seconds=1)) is None


def test_an_unknown_token_shows_nothing(store):
    store.share(store.save(bundle()).plan_id)
    assert store.shared("not-a-token") is None


def test_revoking_an_unknown_token_is_an_input_error(store):
    with pytest.raises(InputError, match="no such share link"):
        store.revoke("nope")


def test_feedback_is_kept_with_its_plan_version(store):
    ref = store.save(bundle(company="Acme"))
    store.add_feedback(-1, "the pilot is too big", plan_id=ref.plan_id)
    row = store.feedback()[0]
    assert (row.plan_id, row.version, row.rating, row.comment) == (ref.plan_id, 1, -1, "the pilot is too big")


def test_a_rating_other_than_up_or_down_is_refused(store):
    ref = store.save(bundle())
    with pytest.raises(InputError, match="rating"):
        store.add_feedback(5, plan_id=ref.plan_id)


def test_a_conversation_keeps_its_messages_in_order(store):
    token, _ = store.record_turn(None, [("user", "a"), ("assistant", "b")], {})
    store.record_turn(token, [("user", "c"), ("assistant", "d")], {"kind": "team"})
    found = store.conversation(token)
    assert [m.content for m in found.messages] == ["a", "b", "c", "d"]


def test_a_conversation_knows_its_newest_plan(store):
    token, _ = store.record_turn(None, [("user", "a")], {})
    ref = store.save(bundle(), conversation=token, source="page")
    newer = store.add_version(ref.plan_id, bundle(employees=900))
    assert store.conversation(token).plan == newer


def test_an_unknown_conversation_token_is_none(store):
    assert store.conversation("nope") is None


def test_an_api_key_typed_into_the_chat_is_not_stored(database_url):
    key = "sk-test-0123456789abcdef"
    with_key = Store(connect(database_url), secret=key)
    token, _ = with_key.record_turn(None, [("user", f"my key is {key}")], {"said": key})
    found = with_key.conversation(token)
    with_key.close()
    assert key not in found.messages[0].content + str(found.state)


def test_migrations_from_empty_build_the_models_tables(database_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = connect(database_url)
    with engine.connect() as db:
        differences = compare_metadata(MigrationContext.configure(db), Base.metadata)
    engine.dispose()
    assert differences == []


def test_migrations_run_from_the_previous_revision(database_url):
    from alembic import command
    from alembic.config import Config

    from assistant.store.engine import MIGRATIONS

    engine = create_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as db:
        config.attributes["connection"] = db
        command.upgrade(config, "0001")
    old = Store(engine)
    ref = old.save(bundle(company="Acme"))
    engine.dispose()
    store = open_store(url=database_url)
    link = store.share(ref.plan_id)
    shared = store.shared(link.token)
    assert shared is not None and shared[0] == store.load(ref.plan_id)


def test_an_opened_store_is_at_the_newest_revision(store):
    assert "share_links" in inspect(store.engine).get_table_names()


def test_sqlite_runs_in_wal_mode(tmp_path):
    store = open_store(url=f"sqlite:///{tmp_path / 'wal.db'}")
    with store.engine.connect() as db:
        assert db.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_the_default_store_follows_the_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("OMNITEAM_DATABASE_URL", f"sqlite:///{tmp_path / 'set.db'}")
    open_store().close()
    assert (tmp_path / "set.db").exists()


@pytest.mark.parametrize(
    "url",
    ["not a url", "mysql://user@localhost/db", "postgresql+nodriver://x@127.0.0.1/db"],
)
def test_a_bad_database_url_names_the_setting(url):
    with pytest.raises(ConfigError, match="OMNITEAM_DATABASE_URL"):
        open_store(url=url)


def test_an_unreachable_server_names_the_setting_and_hides_the_password():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ConfigError, match="OMNITEAM_DATABASE_URL") as caught:
        open_store(url=f"postgresql+psycopg://user:hunter22@127.0.0.1:{port}/db")
    assert "hunter22" not in str(caught.value)


@pytest.mark.parametrize("text_id", ["abc", "12@", "@2", "1.5", ""])
def test_a_bad_plan_id_is_an_input_error(text_id):
    with pytest.raises(InputError, match="not a plan id"):
        parse_ref(text_id)


def test_a_plan_id_names_a_version():
    assert parse_ref(" 12@3 ") == (12, 3)


def test_versions_added_at_once_to_one_plan_are_numbered_in_turn(store):
    import threading

    ref = store.save(bundle(company="Acme"))
    start = threading.Barrier(8)

    def add(n: int) -> None:
        start.wait()
        store.add_version(ref.plan_id, bundle(company="Acme", employees=400 + n))

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [v.number for v in store.versions(ref.plan_id)] == list(range(1, 10))
