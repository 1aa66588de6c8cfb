"""Plans over time: shared duties, standing results, unknown issue dates, closed plans, unit order.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

- unit.seq (the plan file's order; existing rows keep their id order) and unit.department (a "phòng chuyên
  môn"; true for every existing unit until a plan file says otherwise);
- plan.issue_date becomes nullable (unknown until `tracker plan set-issued`), plan.closed_at / closed_by;
- task.group_code (indexed) and task.note: a shared duty's item per unit, and how the plan's wording was read;
  task.carried_from_id (carry-over link), task.event_date (an on-event duty's recorded event);
- periodicresult: results reported on standing and on-event duties.

Existing rows keep every value; the new columns are nullable or have a server default.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("unit") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("department", sa.Boolean(), server_default=sa.true(), nullable=False))
    unit = sa.table("unit", sa.column("id", sa.Integer()), sa.column("seq", sa.Integer()))
    op.execute(unit.update().values(seq=unit.c.id))
    with op.batch_alter_table("plan") as batch:
        batch.alter_column("issue_date", existing_type=sa.Date(), nullable=True)
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("closed_by", sa.String(), nullable=True))
    with op.batch_alter_table("task") as batch:
        batch.add_column(sa.Column("group_code", sa.String(), nullable=True))
        batch.add_column(sa.Column("note", sa.String(), nullable=True))
        batch.add_column(sa.Column("carried_from_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("event_date", sa.Date(), nullable=True))
        batch.create_foreign_key("fk_task_carried_from_id_task", "task", ["carried_from_id"], ["id"])
    op.create_index("ix_task_group_code", "task", ["group_code"])
    op.create_table(
        "periodicresult",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("task_id", sa.Integer(), sa.ForeignKey("task.id"), nullable=False),
        sa.Column("commune_id", sa.Integer(), sa.ForeignKey("commune.id"), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=True),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("evidence_url", sa.String(), nullable=True),
    )
    op.create_index("ix_periodicresult_task_id", "periodicresult", ["task_id"])
    op.create_index("ix_periodicresult_commune_id", "periodicresult", ["commune_id"])


def downgrade() -> None:
    op.drop_index("ix_periodicresult_commune_id", table_name="periodicresult")
    op.drop_index("ix_periodicresult_task_id", table_name="periodicresult")
    op.drop_table("periodicresult")
    op.drop_index("ix_task_group_code", table_name="task")
    with op.batch_alter_table("task") as batch:
        batch.drop_constraint("fk_task_carried_from_id_task", type_="foreignkey")
        batch.drop_column("event_date")
        batch.drop_column("carried_from_id")
        batch.drop_column("note")
        batch.drop_column("group_code")
    with op.batch_alter_table("plan") as batch:
        batch.drop_column("closed_by")
        batch.drop_column("closed_at")
        batch.alter_column("issue_date", existing_type=sa.Date(), nullable=False)
    with op.batch_alter_table("unit") as batch:
        batch.drop_column("department")
        batch.drop_column("seq")
