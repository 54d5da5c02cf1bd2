"""The machine's PostgreSQL for tests: started when it is down, a fresh database per test
(dropped after), and a real outage of one database (connections refused and cut) that
leaves every other database of the server alone."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

ADMIN_DSN = "host=127.0.0.1 user=postgres dbname=postgres"


def postgres_running() -> None:
    """Connect to the machine's PostgreSQL, starting its Debian service when it is down."""
    try:
        psycopg.connect(ADMIN_DSN, connect_timeout=3).close()
    except psycopg.OperationalError:
        subprocess.run(["service", "postgresql", "start"], check=False, timeout=120)
        psycopg.connect(ADMIN_DSN, connect_timeout=10).close()


@contextmanager
def fresh_database(prefix: str = "qa_test") -> Iterator[str]:
    """The SQLAlchemy URL of a new, empty database; dropped afterwards."""
    postgres_running()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as db:
            db.execute(f"DROP DATABASE {name} WITH (FORCE)")


@contextmanager
def database_down(url: str) -> Iterator[None]:
    """While inside: the database refuses new connections and its open ones are cut."""
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(ADMIN_DSN, autocommit=True) as db:
        db.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        db.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
    try:
        yield
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as db:
            db.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
