"""Registry tables: who may manage the knowledge base, which documents and versions it
holds, what was done to them, what readers thought of the answers and what they asked.

Example:
    User(name="wang", role="editor", password_hash="$argon2id$…")
    AuditEvent(actor="wang", action="create-user", subject="li", detail="role=editor")
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROLES = ("admin", "editor")  # admins also manage users; editors manage documents
VALIDITY = ("有效", "已失效", "已废止")
VERSION_STATES = ("current", "retired", "deleted")


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(default=None)


class StaffSession(Base):
    """A signed-in browser: the cookie holds the token, the table only its hash."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(String(64))
    csrf: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column()


class Document(Base):
    """A policy document as staff know it; its text lives in versions."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(255), unique=True)  # file name in docs/
    title: Mapped[str] = mapped_column(Text)
    issuer: Mapped[str] = mapped_column(Text, default="")
    doc_number: Mapped[str] = mapped_column(String(128), default="")  # 文号
    date: Mapped[str] = mapped_column(String(10), default="")  # ISO, possibly partial
    kind: Mapped[str] = mapped_column(String(16), default="other")
    validity: Mapped[str] = mapped_column(String(8), default="有效")
    replaced_by: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), default=None)


class DocumentVersion(Base):
    """One uploaded file of a document; a replaced version is retired and kept."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    number: Mapped[int] = mapped_column()
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column()
    state: Mapped[str] = mapped_column(String(16), default="current")
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(default=now)


class AuditEvent(Base):
    """Who did what, when, to which document and version (or user)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=now, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(Text, default="")  # a user name or a doc_id
    version: Mapped[int | None] = mapped_column(default=None)
    detail: Mapped[str] = mapped_column(Text, default="")


class Feedback(Base):
    """A reader's vote on one answer of one conversation; a changed mind replaces it."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("conversation", "turn"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    conversation: Mapped[str] = mapped_column(String(64))
    turn: Mapped[int] = mapped_column()
    rating: Mapped[str] = mapped_column(String(8))  # up | down
    reason: Mapped[str] = mapped_column(String(32), default="")
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    cited_chunk_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list


class ApiKey(Base):
    """A machine client's key: only its hash is kept; the prefix lets staff tell keys apart."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    per_minute: Mapped[int] = mapped_column(default=60)
    active: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=now)


class QueryLog(Base):
    """One question answered, from the UI or the API: its shape and speed, never the answer
    text; `entry` is the outbox line it was copied from (registry/outbox.py)."""

    __tablename__ = "query_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry: Mapped[str] = mapped_column(String(32), unique=True)
    at: Mapped[datetime] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(8))  # ui | api
    client: Mapped[str] = mapped_column(String(64))  # the API key's name, "" for the UI
    replica: Mapped[str] = mapped_column(String(64))  # host:port of the process that answered
    question: Mapped[str] = mapped_column(Text)
    refused: Mapped[bool] = mapped_column()
    reason: Mapped[str] = mapped_column(String(32))
    answer_chars: Mapped[int] = mapped_column()
    citations: Mapped[int] = mapped_column()
    latency_ms: Mapped[float] = mapped_column(Float)
