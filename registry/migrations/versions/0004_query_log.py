"""The query log: one row per question answered (UI or API), copied in by the outbox.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "query_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entry", sa.String(32), nullable=False, unique=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("replica", sa.String(64), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("refused", sa.Boolean, nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("answer_chars", sa.Integer, nullable=False),
        sa.Column("citations", sa.Integer, nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("query_log")
