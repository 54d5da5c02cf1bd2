"""Scratch databases on the machine's PostgreSQL, for a test or a bench run: the server
started when it is down, a new empty database per run, dropped after with whatever
connections are still open.

Example:
    with fresh_database("qa_failover") as url:
        Registry.open(replace(settings, database_url=url))
    # url == "postgresql+psycopg://postgres@127.0.0.1:5432/qa_failover_1f0c…"
"""

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
            db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
