"""The machine's PostgreSQL for tests: started when it is down, a fresh database per test
(dropped after), and a real outage of one database (connections refused and cut) that
leaves every other database of the server alone."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from bench.scratch import ADMIN_DSN, fresh_database, postgres_running

__all__ = ["ADMIN_DSN", "database_down", "fresh_database", "postgres_running"]


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
