"""API keys for machine clients: created by an admin, shown once, stored as SHA-256 hashes
(a key is 32 random bytes, so a fast hash is enough), each with a per-minute limit.

Example:
    key = create_key(session, "12345-hotline", per_minute=120, actor="li")  -> "qa_3Fz…"
    find_key(session, key) -> ApiKey(name="12345-hotline", per_minute=120, …)
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.accounts import AccountError, audit, token_digest
from registry.models import ApiKey

KEY_PREFIX = "qa_"
MAX_PER_MINUTE = 6000


def create_key(session: Session, name: str, *, per_minute: int, actor: str) -> str:
    """A new key for `name`; the only time the key itself is seen."""
    name = name.strip()
    if not name or len(name) > 64:
        raise AccountError("key_name_invalid")
    if not 1 <= per_minute <= MAX_PER_MINUTE:
        raise AccountError("rate_invalid", most=MAX_PER_MINUTE)
    if session.scalar(select(ApiKey).where(ApiKey.name == name)):
        raise AccountError("key_exists", who=name)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiKey(
            name=name,
            prefix=key[:10],
            key_hash=token_digest(key),
            per_minute=per_minute,
            created_by=actor,
        )
    )
    audit(session, actor, "create-key", name, per_minute=per_minute)
    return key


def find_key(session: Session, key: str) -> ApiKey | None:
    """The active key with this value, else None."""
    if not key.startswith(KEY_PREFIX):
        return None
    return session.scalar(select(ApiKey).where(ApiKey.key_hash == token_digest(key), ApiKey.active))


def revoke_key(session: Session, name: str, *, actor: str) -> None:
    found = session.scalar(select(ApiKey).where(ApiKey.name == name))
    if found is None:
        raise AccountError("no_key", who=name)
    found.active = False
    audit(session, actor, "revoke-key", name)
