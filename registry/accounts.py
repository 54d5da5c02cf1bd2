"""Staff accounts: argon2id password hashes (argon2-cffi), roles, and an audit entry for
every change.

Example:
    create_user(session, "wang", "editor", "a long passphrase", actor="cli")
    authenticate(session, "wang", "a long passphrase") -> User(name="wang", role="editor")
"""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import UTC, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.errors import StaffError
from registry.models import ROLES, AuditEvent, StaffSession, User, now

MIN_PASSWORD_CHARS = 10
FREE_TRIES = 3  # failed sign-ins before each further try must wait
FIRST_WAIT_S = 2  # then 2, 4, 8 … seconds, at most MAX_WAIT_S
MAX_WAIT_S = 300
SESSION_HOURS = 8
_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters


class AccountError(StaffError):
    """A request the registry refuses, worded for the person who made it."""


def audit(session: Session, actor: str, action: str, subject: str = "", **about) -> None:
    detail = " ".join(f"{key}={value}" for key, value in sorted(about.items()))
    version = about.get("version")
    session.add(
        AuditEvent(actor=actor, action=action, subject=subject, version=version, detail=detail)
    )


def create_user(session: Session, name: str, role: str, password: str, *, actor: str) -> User:
    name = name.strip()
    if not name or len(name) > 64 or any(ch.isspace() for ch in name):
        raise AccountError("name_invalid")
    if role not in ROLES:
        raise AccountError("role_invalid", roles=" / ".join(ROLES))
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError("password_short", chars=MIN_PASSWORD_CHARS)
    if session.scalar(select(User).where(User.name == name)):
        raise AccountError("user_exists", who=name)
    user = User(name=name, role=role, password_hash=_HASHER.hash(password))
    session.add(user)
    audit(session, actor, "create-user", name, role=role)
    return user


def set_active(session: Session, name: str, active: bool, *, actor: str) -> User:
    """Disable (sessions end at once: session_user asks for an active user) or enable an
    account; nobody disables themselves, and the last active admin stays."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise AccountError("no_user", who=name)
    if not active and name == actor:
        raise AccountError("self_disable")
    if not active and user.role == "admin":
        admins = session.scalars(select(User).where(User.role == "admin", User.active)).all()
        if len(admins) <= 1:
            raise AccountError("last_admin")
    user.active = active
    audit(session, actor, "enable-user" if active else "disable-user", name)
    return user


def sign_in_wait(session: Session, name: str) -> int:
    """Seconds before `name` may try again after repeated failures (0: now)."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None or user.failed_sign_ins < FREE_TRIES or user.last_failed_at is None:
        return 0
    wait = min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** (user.failed_sign_ins - FREE_TRIES))
    last = user.last_failed_at.replace(tzinfo=UTC)
    return max(0, math.ceil(wait - (now() - last).total_seconds()))


def open_session(session: Session, user: User) -> tuple[str, str]:
    """(cookie token, form token) of a new staff session; only the token's hash is stored."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    expires = now() + timedelta(hours=SESSION_HOURS)
    session.add(
        StaffSession(
            token_hash=token_digest(token), user_name=user.name, csrf=csrf, expires_at=expires
        )
    )
    return token, csrf


def session_user(session: Session, token: str) -> tuple[User, str] | None:
    """The active user and form token of an unexpired session, else None."""
    if not token:
        return None
    found = session.get(StaffSession, token_digest(token))
    if found is None or found.expires_at.replace(tzinfo=UTC) <= now():
        return None
    user = session.scalar(select(User).where(User.name == found.user_name, User.active))
    return (user, found.csrf) if user else None


def close_session(session: Session, token: str) -> None:
    found = session.get(StaffSession, token_digest(token))
    if found is not None:
        session.delete(found)


def token_digest(token: str) -> str:
    """SHA-256 of a random token (session or API key): enough for 32 random bytes."""
    return hashlib.sha256(token.encode()).hexdigest()


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The active user with this password, else None; failures are counted per user."""
    user = session.scalar(select(User).where(User.name == name, User.active))
    if user is None:
        _HASHER.hash(password)  # same work either way: timing does not tell names apart
        return None
    try:
        _HASHER.verify(user.password_hash, password)
    except VerificationError:
        user.failed_sign_ins += 1
        user.last_failed_at = now()
        audit(session, name, "sign-in-failed", name)
        return None
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
    user.failed_sign_ins = 0
    audit(session, name, "sign-in", name)
    return user
