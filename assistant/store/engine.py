"""Opening the store's database: the URL, the engine's settings per backend, the migrations.

SQLite (the default, one file in the user's data folder) runs in WAL mode, so readers never wait
for a writer; a write transaction takes the write lock when it begins (`BEGIN IMMEDIATE`), waits
for it up to `BUSY_SECONDS`, and `retrying` runs it again if the database stayed locked. Postgres
(`postgresql+psycopg://…`) serves a team. Every open applies the migrations shipped in
`migrations/` up to the newest, under a lock, so two processes opening at once migrate once.
A URL that cannot be used is a `ConfigError` naming OMNITEAM_DATABASE_URL, its password hidden.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

from ..errors import ConfigError

log = logging.getLogger(__name__)

SETTING = "OMNITEAM_DATABASE_URL"
BUSY_SECONDS = 10.0  # how long SQLite waits for another writer before it reports "database is locked"
ATTEMPTS = 6  # a write that still met a lock (or a Postgres serialization failure) is tried this often
WRITE = "omniteam_write"  # the execution option that marks a writing connection
MIGRATIONS = Path(__file__).with_name("migrations")
_PG_MIGRATION_LOCK = 2024_0024  # pg_advisory_xact_lock key: one process migrates at a time
_RETRIED_PG_CODES = {"40001", "40P01"}  # serialization failure, deadlock

T = TypeVar("T")


def default_url() -> str:
    """`sqlite:///<the user's data folder>/omniteam.db`."""
    from platformdirs import user_data_path

    return f"sqlite:///{user_data_path('omniteam', appauthor=False) / 'omniteam.db'}"


def shown(url: str | URL) -> str:
    """The URL as it may be printed: any password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<not a URL>"


def _url(raw: str) -> URL:
    try:
        url = make_url(raw.strip())
    except ArgumentError:
        raise ConfigError(
            f"{SETTING} is not a database URL; use sqlite:///path/to/omniteam.db or "
            "postgresql+psycopg://user:password@host/db",
            setting=SETTING,
        ) from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"{SETTING}={shown(url)}: the store runs on sqlite or postgresql (postgresql+psycopg://…)", setting=SETTING
        )
    return url


def connect(raw: str) -> Engine:
    """An engine for `raw`, migrated to the newest schema; a `ConfigError` naming the setting otherwise."""
    url = _url(raw)
    try:
        engine = _sqlite_engine(url) if url.get_backend_name() == "sqlite" else _postgres_engine(url)
        migrate(engine)
    except NoSuchModuleError:
        raise ConfigError(f"{SETTING}={shown(url)}: no such database driver", setting=SETTING) from None
    except (DBAPIError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise ConfigError(f"cannot open the store {shown(url)} ({SETTING}): {reason}", setting=SETTING) from None
    return engine


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # the driver's own BEGIN off: `_begin` says which one
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; safe in WAL mode
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(WRITE) else "BEGIN")

    return engine


def _postgres_engine(url: URL) -> Engine:
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def writer(engine: Engine) -> Engine:
    """The engine for writes: on SQLite its transactions take the write lock at once."""
    return engine.execution_options(**{WRITE: True})


def migrate(engine: Engine) -> None:
    """Apply every migration the database lacks (none when it is at the newest)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with writer(engine).begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _retryable(error: OperationalError | DBAPIError) -> bool:
    if "database is locked" in str(error.orig) or "database is busy" in str(error.orig):
        return True
    return getattr(error.orig, "sqlstate", None) in _RETRIED_PG_CODES


def retrying(work: Callable[[], T]) -> T:
    """Run a write transaction, again after a short random pause while the database is locked."""
    for attempt in range(1, ATTEMPTS):
        try:
            return work()
        except DBAPIError as error:
            if not _retryable(error):
                raise
            log.info("the store was locked (attempt %d of %d); trying again", attempt, ATTEMPTS)
            time.sleep(random.uniform(0.01, 0.05) * attempt)
    return work()
