"""Next-due instants: the every-minute sweep reads only the items due now.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

- nextdue: per open item (task or occurrence, key "t<id>" / "o<id>"), the instant it may next produce a
  notification (indexed), its commune and a version bumped by every change that moves it;
- nextduestate: the configuration those instants were computed with and the latest sweep instant.

Both start empty: the first sweep after the upgrade finds no state row, sweeps as before (every item within the
horizon) and computes every open item's row (tracker/reminders/nextdue.py, rebuild).
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
        "nextdue",
        sa.Column("item", sa.String(), primary_key=True),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=True),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_nextdue_task_id", "nextdue", ["task_id"])
    op.create_index("ix_nextdue_commune_id", "nextdue", ["commune_id"])
    op.create_index("ix_nextdue_due_at", "nextdue", ["due_at"])
    op.create_table(
        "nextduestate",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("config", sa.String(), nullable=False),
        sa.Column("swept_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("nextduestate")
    op.drop_index("ix_nextdue_due_at", table_name="nextdue")
    op.drop_index("ix_nextdue_commune_id", table_name="nextdue")
    op.drop_index("ix_nextdue_task_id", table_name="nextdue")
    op.drop_table("nextdue")
