"""Working-day overrides per commune: national ones (commune_id NULL) and each commune's own.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

workdayoverride gains an integer id (the primary key) and a nullable commune_id; (day, commune_id) is unique. Every
existing row keeps its day, status and note with commune_id NULL: a national override, followed by every commune, as
before. The rows go to a plain table, the table is built anew and they come back (SQLite cannot change a primary key in
place; the same steps serve PostgreSQL, and the new table's constraints and sequence keep their usual names).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _copy_rows(where: str = "") -> None:
    """The table's (day, is_working, note) rows into a plain table without constraints, then the table dropped: its
    successor gets the table's own name, and so its constraints and sequence get their usual names."""
    op.create_table("workdayoverride_copy",
                    sa.Column("day", sa.Date(), nullable=False),
                    sa.Column("is_working", sa.Boolean(), nullable=False),
                    sa.Column("note", sa.String(), nullable=False))
    op.execute(sa.text(f"INSERT INTO workdayoverride_copy (day, is_working, note) "
                       f"SELECT day, is_working, note FROM workdayoverride {where}"))
    op.drop_table("workdayoverride")


def upgrade() -> None:
    _copy_rows()
    op.create_table(
        "workdayoverride",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=True),
        sa.Column("is_working", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["commune_id"], ["commune.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("day", "commune_id", name="uq_workdayoverride_day_commune"),
    )
    op.create_index("ix_workdayoverride_day", "workdayoverride", ["day"])
    op.execute(sa.text("INSERT INTO workdayoverride (day, commune_id, is_working, note) "
                       "SELECT day, NULL, is_working, note FROM workdayoverride_copy ORDER BY day"))
    op.drop_table("workdayoverride_copy")


def downgrade() -> None:
    # A commune's own overrides have no place in the older table (one row per day): they are dropped; the national
    # ones stay.
    op.drop_index("ix_workdayoverride_day", table_name="workdayoverride")
    _copy_rows("WHERE commune_id IS NULL")
    op.create_table(
        "workdayoverride",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_working", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.execute(sa.text("INSERT INTO workdayoverride (day, is_working, note) "
                       "SELECT day, is_working, note FROM workdayoverride_copy"))
    op.drop_table("workdayoverride_copy")
