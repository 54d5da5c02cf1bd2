"""Open the registry database, brought to the latest schema by Alembic on first use.

SQLite in the data folder by default (no server needed); PostgreSQL when QA_DATABASE_URL
is set, e.g. postgresql+psycopg://qa@127.0.0.1/qa.

Example:
    registry = Registry.open(Settings.from_env())
    with registry.session() as session: session.scalars(select(User)).all()
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from settings import Settings

MIGRATIONS = Path(__file__).with_name("migrations")
DATABASE_NAME = "registry.sqlite3"


def database_url(settings: Settings) -> str:
    """QA_DATABASE_URL, else a SQLite file in the data folder."""
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{settings.data_dir / DATABASE_NAME}"


def migrate(url: str) -> None:
    """Apply every migration not yet applied (alembic upgrade head)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")


def _engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:  # foreign keys on, readers never block writers
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return engine


class Registry:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, settings: Settings) -> Registry:
        url = database_url(settings)
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        migrate(url)
        return cls(_engine(url))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session
