"""Staff accounts from the terminal: hashed passwords, roles, the audit log, and a schema
that Alembic migrations build exactly as the models describe it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from registry.accounts import (
    AccountError,
    authenticate,
    close_session,
    create_user,
    open_session,
    session_user,
)
from registry.database import Registry
from registry.models import AuditEvent, Base, StaffSession, User
from settings import ROOT, Settings
from tests.support.postgres import fresh_database
from tests.support.served import offline_env

PASSWORD = "correct horse battery"


def admin(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**offline_env(), "QA_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "admin", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    return Registry.open(Settings(data_dir=tmp_path))


def test_create_user_stores_an_argon2_hash_and_an_audit_entry(tmp_path: Path) -> None:
    done = admin(
        tmp_path,
        "create-user",
        "wang",
        "--role",
        "editor",
        "--password-stdin",
        stdin=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert done.returncode == 0, done.stderr
    database = (tmp_path / "registry.sqlite3").read_bytes()
    assert PASSWORD.encode() not in database
    listed = admin(tmp_path, "users").stdout
    assert listed.startswith("wang\teditor")
    log = admin(tmp_path, "audit").stdout
    assert "\tterminal\tcreate-user\twang\trole=editor" in log
    with Registry.open(Settings(data_dir=tmp_path)).session() as session:
        stored = session.scalar(select(User).where(User.name == "wang"))
        assert stored.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("wang", "--role", "editor"), "short\nshort\n", "密码至少10个字符"),
        (("wang", "--role", "editor"), f"{PASSWORD}\n{PASSWORD}x\n", "两次输入的密码不一致"),
        (("wang", "--role", "owner"), f"{PASSWORD}\n{PASSWORD}\n", "invalid choice"),
    ],
)
def test_bad_requests_are_refused_with_a_reason_and_store_nothing(
    tmp_path: Path, args, stdin, message
) -> None:
    done = admin(tmp_path, "create-user", *args, "--password-stdin", stdin=stdin)
    assert done.returncode == 2 and message in done.stderr
    assert admin(tmp_path, "users").stdout == ""


def test_a_name_is_taken_once(registry: Registry) -> None:
    with registry.session() as session:
        create_user(session, "wang", "admin", PASSWORD, actor="test")
    with pytest.raises(AccountError, match="已存在"), registry.session() as session:
        create_user(session, "wang", "editor", PASSWORD, actor="test")


def test_sign_in_checks_the_password_and_counts_failures(registry: Registry) -> None:
    with registry.session() as session:
        create_user(session, "li", "editor", PASSWORD, actor="test")
    with registry.session() as session:
        assert authenticate(session, "li", "wrong password!") is None
        assert authenticate(session, "nobody", PASSWORD) is None
    with registry.session() as session:
        assert session.scalar(select(User.failed_sign_ins).where(User.name == "li")) == 1
        user = authenticate(session, "li", PASSWORD)
        assert (user.name, user.role, user.failed_sign_ins) == ("li", "editor", 0)
    with registry.session() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["create-user", "sign-in-failed", "sign-in"]


def test_migrations_build_the_schema_the_models_describe(registry: Registry) -> None:
    with registry.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with fresh_database("qa_registry") as url:
        yield url


def test_the_registry_runs_on_postgresql_when_a_url_is_set(tmp_path, postgres_url) -> None:
    registry = Registry.open(Settings(data_dir=tmp_path, database_url=postgres_url))
    assert not (tmp_path / "registry.sqlite3").exists()
    with registry.session() as session:
        create_user(session, "zhao", "admin", PASSWORD, actor="test")
    with registry.session() as session:
        assert authenticate(session, "zhao", PASSWORD).role == "admin"
    with registry.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    registry.engine.dispose()


def test_a_session_ends_when_it_expires_or_the_user_signs_out(registry: Registry) -> None:
    with registry.session() as session:
        user = create_user(session, "sun", "editor", PASSWORD, actor="test")
    with registry.session() as session:
        token, csrf = open_session(session, user)
        lasting, _ = open_session(session, user)
    with registry.session() as session:
        assert session_user(session, token)[1] == csrf
        assert session_user(session, "forged-token") is None
        stored = session.scalars(select(StaffSession)).all()
        assert token not in {s.token_hash for s in stored}  # only hashes are kept
        for staff_session in stored:
            if staff_session.token_hash != stored[0].token_hash:
                continue
            staff_session.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    with registry.session() as session:
        expired = [t for t in (token, lasting) if session_user(session, t) is None]
        assert len(expired) == 1
        close_session(session, lasting)
        close_session(session, token)
    with registry.session() as session:
        assert session_user(session, token) is None and session_user(session, lasting) is None
