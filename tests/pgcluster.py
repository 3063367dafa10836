"""A throwaway PostgreSQL cluster for the store's tests: initdb + pg_ctl on a free loopback port.

The server binaries come from PATH or Debian's /usr/lib/postgresql/<version>/bin (`.ci/run`
installs Debian's `postgresql`). PostgreSQL refuses to run as root, so under root the cluster
belongs to the `postgres` system user (else `nobody`). Each test gets a database of its own.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when no PostgreSQL server is installed."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    return Path(candidates[-1]).parent if candidates else None


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name).pw_name
        except KeyError:
            continue
    raise RuntimeError("running as root with no postgres or nobody user to run PostgreSQL as")


class PostgresCluster:
    """A started cluster; `new_database()` gives a fresh database's URL; `stop()` removes it all."""

    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.user = _run_as()
        self.root = Path(tempfile.mkdtemp(prefix="omniteam-pg-"))
        self.data = self.root / "data"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self._names = itertools.count(1)
        self._pg("initdb", "-D", str(self.data), "-U", "omniteam", "--auth=trust", "-E", "UTF8", "--no-instructions")
        options = f"-F -c listen_addresses=127.0.0.1 -p {self.port} -k {self.root}"
        self._pg("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.root / "log"), "-o", options)

    def _pg(self, tool: str, *args: str) -> None:
        subprocess.run([str(self.binaries / tool), *args], check=True, capture_output=True, user=self.user, timeout=120)

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://omniteam@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        name = f"test_{next(self._names)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=omniteam dbname=postgres", autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://omniteam@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self._pg("pg_ctl", "stop", "-m", "immediate", "-D", str(self.data))
        shutil.rmtree(self.root, ignore_errors=True)
