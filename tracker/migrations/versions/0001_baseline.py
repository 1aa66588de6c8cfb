"""Baseline: the schema as tracker/models.py defined it when migrations began.

Revision ID: 0001
Revises:
Create Date: 2026-11-28

Written out by hand (not create_all): later model changes are later revisions, so this one must keep
creating exactly this schema. The same DDL as SQLModel's create_all made: unnamed unique constraints
(PostgreSQL names them table_cols_key), VARCHAR without length, timestamps with time zone.

Run on a database that create_all made before Alembic (the runner sets the "adopt" attribute), it
creates only what is missing there: a table an older version did not have, a nullable column added
to a table since (the outbox's claimed_by, claimed_at, deadline: what outbox.ensure_columns used to
add), an index declared after its table was created (ix_extension_status_commune never reached an
existing SQLite database). Anything else missing is refused, and the whole upgrade rolled back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import context, op

from tracker.errors import ConfigError

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The order tables are created in (each after those it references); dropped in reverse.
TABLES = ("commune", "workdayoverride", "plan", "unit", "kpi", "person", "task", "auditevent", "kpireading",
          "linkcode", "occurrence", "completion", "extension", "outboxmessage", "escalationack")


def _adopting() -> bool:
    return bool(context.config.attributes.get("adopt"))


def _table(name: str, *elements: Any) -> None:
    if not (_adopting() and sa.inspect(op.get_bind()).has_table(name)):
        op.create_table(name, *elements)
        return
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(name)}
    for column in elements:
        if not isinstance(column, sa.Column) or column.name in have:
            continue
        if not column.nullable:
            raise ConfigError(f"Bảng «{name}» của cơ sở dữ liệu thiếu cột «{column.name}» (bắt buộc có giá trị), "
                              "nên không thể tự nâng cấp: cơ sở dữ liệu này không do tracker tạo ra hoặc đã bị "
                              "sửa tay. Không có gì bị thay đổi.")
        op.add_column(name, column)


def _index_names() -> set[str]:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:  # reflection skips expression indexes (uq_completion_in_force); the catalogue does not
        query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    return set(bind.execute(sa.text(query)).scalars())


def _index(name: str, table: str, columns: Sequence[str | sa.TextClause], *, unique: bool = False,
           **kw: Any) -> None:
    if _adopting() and name in _index_names():
        return
    op.create_index(name, table, list(columns), unique=unique, **kw)


def upgrade() -> None:
    _table("commune",
           sa.Column("id", sa.Integer(), nullable=False),
           sa.Column("code", sa.String(), nullable=False),
           sa.Column("name", sa.String(), nullable=False),
           sa.Column("province", sa.String(), nullable=True),
           sa.PrimaryKeyConstraint("id"))
    _index("ix_commune_code", "commune", ["code"], unique=True)

    _table("workdayoverride",
           sa.Column("day", sa.Date(), nullable=False),
           sa.Column("is_working", sa.Boolean(), nullable=False),
           sa.Column("note", sa.String(), nullable=False),
           sa.PrimaryKeyConstraint("day"))

    _table("plan",
           sa.Column("id", sa.Integer(), nullable=False),
           sa.Column("commune_id", sa.Integer(), nullable=False),
           sa.Column("code", sa.String(), nullable=False),
           sa.Column("number", sa.String(), nullable=False),
           sa.Column("title", sa.String(), nullable=False),
           sa.Column("issuer", sa.String(), nullable=False),
           sa.Column("signer", sa.String(), nullable=True),
           sa.Column("issue_date", sa.Date(), nullable=False),
           sa.Column("issue_date_text", sa.String(), nullable=True),
           sa.Column("year", sa.Integer(), nullable=False),
           sa.PrimaryKeyConstraint("id"),
           sa.UniqueConstraint("commune_id", "code"),
           sa.ForeignKeyConstraint(["commune_id"], ["commune.id"]))
    _index("ix_plan_commune_id", "plan", ["commune_id"])

    _table("unit",
           sa.Column("id", sa.Integer(), nullable=False),
           sa.Column("commune_id", sa.Integer(), nullable=False),
           sa.Column("code", sa.String(), nullable=False),
           sa.Column("name", sa.String(), nullable=False),
           sa.PrimaryKeyConstraint("id"),
           sa.UniqueConstraint("commune_id", "code"),
           sa.ForeignKeyConstraint(["commune_id"], ["commune.id"]))
    _index("ix_unit_commune_id", "unit", ["commune_id"])

    _table("kpi",
           sa.Column("id", sa.Integer(), nullable=False),
           sa.Column("commune_id", sa.Integer(), nullable=False),
           sa.Column("plan_id", sa.Integer(), nullable=False),
           sa.Column("seq", sa.Integer(), nullable=False),
           sa.Column("code", sa.String(), nullable=False),
           sa.Column("group_title", sa.String(), nullable=False),
           sa.Column("name", sa.String(), nullable=False),
           sa.Column("lead_unit_ids", sa.JSON(), nullable=False),
           sa.Column("evaluating_unit_ids", sa.JSON(), nullable=False),
           sa.Column("target", sa.Float(), nullable=False),
           sa.Column("comparison", sa.String(), nullable=False),
           sa.Column("target_text", sa.String(), nullable=False),
           sa.Column("unit_of_measure", sa.String(), nullable=False),
           sa.Column("window", sa.String(), nullable=False),
           sa.Column("legal_basis", sa.String(), nullable=True),
           sa.PrimaryKeyConstraint("id"),
           sa.UniqueConstraint("plan_id", "code"),
           sa.ForeignKeyConstraint(["commune_id"], ["commune.id"]),
           sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]))
    _index("ix_kpi_commune_id", "kpi", ["commune_id"])

    _table("person",
           sa.Column("id", sa.Integer(), nullable=False),
           sa.Column("commune_id", sa.Integer(), nullable=False),
           sa.Column("name", sa.String(), nullable=False),
           sa.Column("unit_id", sa.Integer(), nullable=True),
           sa.Column("role", sa.String(), nullable=False),
           sa.Column("email", sa.String(), nullable=True),
           sa.Column("telegram_chat_id", sa.BigInteger(), nullable=True),
           sa.Column("telegram_unreachable", sa.Boolean(), nullable=False),
           sa.Column("active", sa.Boolean(), nullable=False),
           sa.PrimaryKeyConstraint("id"),
           sa.UniqueConstraint("commune_id", "name"),
           sa.ForeignKeyConstraint(["commune_id"], ["commune.id"]),
           sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]))
    _index("ix_person_commune_id", "person", ["commune_id"])
    _index("ix_person_telegram_chat_id", "person", ["telegram_chat_id"])
    _index("ix_person_unit_id", "person", ["unit_id"])

    _table("task",
           sa.Column("id", sa.Integer(), nullable=False),
           sa.Column("commune_id", sa.Integer(), nullable=False),
           sa.Column("plan_id", sa.Integer(), nullable=False),
           sa.Column("seq", sa.Integer(), nullable=False),
           sa.Column("code", sa.String(), nullable=False),
           sa.Column("section", sa.String(), nullable=False),
           sa.Column("title", sa.String(), nullable=False),
           sa.Column("description", sa.String(), nullable=False),
           sa.Column("lead_unit_id", sa.Integer(), nullable=True),
           sa.Column("coordinating_unit_ids", sa.JSON(), nullable=False),
           sa.Column("deadline_kind", sa.String(), nullable=False),
           sa.Column("deadline_text", sa.String(), nullable=False),
           sa.Column("due_date", sa.Date(), nullable=True),
           sa.Column("recurrence", sa.JSON(), nullable=True),
           sa.Column("expected_output", sa.String(), nullable=True),
           sa.Column("legal_basis", sa.String(), nullable=True),
           sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
           sa.Column("cancel_reason", sa.String(), nullable=True),
           sa.PrimaryKeyConstraint("id"),
           sa.UniqueConstraint("plan_id", "code"),
           sa.ForeignKeyConstraint(["commune_id"], ["commune.id"]),
           sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
           sa.ForeignKeyConstraint(["lead_unit_id"], ["unit.id"]))
    _index("ix_task_due_date", "task", ["due_date"])
    _index("ix_task_commune_id", "task", ["commune_id"])
    _index("ix_task_commune_lead", "task", ["commune_id", "lead_unit_id"])

    _table("auditevent",
           sa.Column("id", sa.Integer(), nullable=False),
           sa.Column("commune_id", sa.Integer(), nullable=True),
           sa.Column("at", sa.DateTime(timezone=True), nullable=False),
           sa.Column("actor", sa.String(), nullable=False),
           sa.Column("person_id", sa.Integer(), nullable=True),
           sa.Column("channel", sa.String(), nullable=False),
           sa.Column("action", sa.String(), nullable=False),
           sa.Column("entity", sa.String(), nullable=False),
           sa.Column("task_id", sa.Integer(), nullable=True),
           sa.Column("before", sa.JSON(), nullable=True),
           sa.Column("after", sa.JSON(), nullable=True),
           sa.PrimaryKeyConstraint("id"),
           sa.ForeignKeyConstraint(["commune_id"], ["commune.id"]),
           sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
           sa.ForeignKeyConstraint(["task_id"], ["task.id"]))
    _index("ix_auditevent_task_id", "auditevent", ["task_id"])
    _index("ix_audit_commune_at", "auditevent", ["commune_id", "at"])

    _table("kpireading",
           sa.Column("id", sa.Integer(), nullable=False),
           sa.Column("kpi_id", sa.Integer(), nullable=False),
           sa.Column("period", sa.String(), nullable=False),
           sa.Column("value", sa.Float(), nullable=False),
           sa.Column("numerator", sa.Float(), nullable=True),
           sa.Column("denominator", sa.Float(), nullable=True),
           sa.Column("window_kind", sa.String(), nullable=False),
           sa.Column("window_start", sa.Date(), nullable=False),
           sa.Column("window_end", sa.Date(), nullable=False),
           sa.Column("source", sa.String(), nullable=True),
           sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
           sa.Column("recorded_by", sa.String(), nullable=False),
           sa.PrimaryKeyConstraint("id"),
           sa.UniqueConstraint("kpi_id", "period"),
           sa.ForeignKeyConstraint(["kpi_id"], ["kpi.id"]))
    _index("ix_kpireading_kpi_id", "kpireading", ["kpi_id"])

    _table("linkcode",
           sa.Column("id", sa.Integer(), nullable=False),
           sa.Column("person_id", sa.Integer(), nullable=False),
           sa.Column("code_hash", sa.String(), nullable=False),
           sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
           sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
           sa.Column("created_by", sa.String(), nullable=False),
           sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
           sa.Column("used_chat_id", sa.BigInteger(), nullable=True),
           sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
           sa.PrimaryKeyConstraint("id"),
           sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
           sa.UniqueConstraint("code_hash"))
    _index("ix_linkcode_person_id", "linkcode", ["person_id"])

    _table("occurrence",
           sa.Column("id", sa.Integer(), nullable=False),
           sa.Column("task_id", sa.Integer(), nullable=False),
           sa.Column("commune_id", sa.Integer(), nullable=False),
           sa.Column("period", sa.String(), nullable=False),
           sa.Column("window_start", sa.Date(), nullable=False),
           sa.Column("window_end", sa.Date(), nullable=False),
           sa.Column("due_date", sa.Date(), nullable=False),
           sa.PrimaryKeyConstraint("id"),
           sa.UniqueConstraint("task_id", "period"),
           sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
           sa.ForeignKeyConstraint(["commune_id"], ["commune.id"]))
    _index("ix_occurrence_task_id", "occurrence", ["task_id"])
    _index("ix_occurrence_commune_id", "occurrence", ["commune_id"])
    _index("ix_occurrence_due_date", "occurrence", ["due_date"])

    _table("completion",
           sa.Column("id", sa.Integer(), nullable=False),
           sa.Column("task_id", sa.Integer(), nullable=False),
           sa.Column("occurrence_id", sa.Integer(), nullable=True),
           sa.Column("commune_id", sa.Integer(), nullable=False),
           sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
           sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
           sa.Column("person_id", sa.Integer(), nullable=True),
           sa.Column("actor", sa.String(), nullable=False),
           sa.Column("channel", sa.String(), nullable=False),
           sa.Column("note", sa.String(), nullable=True),
           sa.Column("evidence_url", sa.String(), nullable=True),
           sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
           sa.Column("revoked_reason", sa.String(), nullable=True),
           sa.Column("revoked_by", sa.String(), nullable=True),
           sa.PrimaryKeyConstraint("id"),
           sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
           sa.ForeignKeyConstraint(["occurrence_id"], ["occurrence.id"]),
           sa.ForeignKeyConstraint(["commune_id"], ["commune.id"]),
           sa.ForeignKeyConstraint(["person_id"], ["person.id"]))
    _index("ix_completion_occurrence_id", "completion", ["occurrence_id"])
    _index("ix_completion_commune_id", "completion", ["commune_id"])
    _index("ix_completion_task_id", "completion", ["task_id"])
    # At most one completion in force per task or occurrence, even with two writers at once.
    _index("uq_completion_in_force", "completion", ["task_id", sa.text("coalesce(occurrence_id, 0)")], unique=True,
           sqlite_where=sa.text("revoked_at IS NULL"), postgresql_where=sa.text("revoked_at IS NULL"))

    _table("extension",
           sa.Column("id", sa.Integer(), nullable=False),
           sa.Column("task_id", sa.Integer(), nullable=False),
           sa.Column("occurrence_id", sa.Integer(), nullable=True),
           sa.Column("commune_id", sa.Integer(), nullable=False),
           sa.Column("previous_due", sa.Date(), nullable=False),
           sa.Column("new_due", sa.Date(), nullable=False),
           sa.Column("reason", sa.String(), nullable=False),
           sa.Column("status", sa.String(), nullable=False),
           sa.Column("requested_by", sa.String(), nullable=True),
           sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
           sa.Column("approved_by_id", sa.Integer(), nullable=True),
           sa.Column("approved_by", sa.String(), nullable=True),
           sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
           sa.Column("channel", sa.String(), nullable=False),
           sa.PrimaryKeyConstraint("id"),
           sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
           sa.ForeignKeyConstraint(["occurrence_id"], ["occurrence.id"]),
           sa.ForeignKeyConstraint(["commune_id"], ["commune.id"]),
           sa.ForeignKeyConstraint(["approved_by_id"], ["person.id"]))
    _index("ix_extension_occurrence_id", "extension", ["occurrence_id"])
    _index("ix_extension_task_id", "extension", ["task_id"])
    _index("ix_extension_commune_id", "extension", ["commune_id"])
    _index("ix_extension_status_commune", "extension", ["status", "commune_id"])

    _table("outboxmessage",
           sa.Column("id", sa.Integer(), nullable=False),
           sa.Column("key", sa.String(), nullable=False),
           sa.Column("commune_id", sa.Integer(), nullable=True),
           sa.Column("kind", sa.String(), nullable=False),
           sa.Column("rule", sa.String(), nullable=False),
           sa.Column("task_id", sa.Integer(), nullable=True),
           sa.Column("occurrence_id", sa.Integer(), nullable=True),
           sa.Column("person_id", sa.Integer(), nullable=True),
           sa.Column("channel", sa.String(), nullable=False),
           sa.Column("address", sa.String(), nullable=False),
           sa.Column("slot", sa.String(), nullable=False),
           sa.Column("subject", sa.String(), nullable=False),
           sa.Column("body_text", sa.String(), nullable=False),
           sa.Column("body_html", sa.String(), nullable=True),
           sa.Column("buttons", sa.JSON(), nullable=False),
           sa.Column("status", sa.String(), nullable=False),
           sa.Column("attempts", sa.Integer(), nullable=False),
           sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
           sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
           sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
           sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
           sa.Column("external_id", sa.String(), nullable=True),
           sa.Column("last_error", sa.String(), nullable=True),
           sa.Column("claimed_by", sa.String(), nullable=True),
           sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
           sa.Column("deadline", sa.Date(), nullable=True),
           sa.PrimaryKeyConstraint("id"),
           sa.UniqueConstraint("key"),
           sa.ForeignKeyConstraint(["commune_id"], ["commune.id"]),
           sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
           sa.ForeignKeyConstraint(["occurrence_id"], ["occurrence.id"]),
           sa.ForeignKeyConstraint(["person_id"], ["person.id"]))
    _index("ix_outboxmessage_commune_id", "outboxmessage", ["commune_id"])
    _index("ix_outboxmessage_task_id", "outboxmessage", ["task_id"])
    _index("ix_outboxmessage_person_id", "outboxmessage", ["person_id"])
    _index("ix_outbox_status_next", "outboxmessage", ["status", "next_attempt_at"])

    _table("escalationack",
           sa.Column("id", sa.Integer(), nullable=False),
           sa.Column("task_id", sa.Integer(), nullable=False),
           sa.Column("occurrence_id", sa.Integer(), nullable=True),
           sa.Column("person_id", sa.Integer(), nullable=False),
           sa.Column("outbox_id", sa.Integer(), nullable=True),
           sa.Column("deadline", sa.Date(), nullable=False),
           sa.Column("acked_at", sa.DateTime(timezone=True), nullable=False),
           sa.PrimaryKeyConstraint("id"),
           sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
           sa.ForeignKeyConstraint(["occurrence_id"], ["occurrence.id"]),
           sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
           sa.ForeignKeyConstraint(["outbox_id"], ["outboxmessage.id"]))
    _index("ix_escalationack_task_id", "escalationack", ["task_id"])


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)  # its indexes go with it
