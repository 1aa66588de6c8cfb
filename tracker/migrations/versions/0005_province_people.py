"""Province officials: a person of role "province" belongs to no commune.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

person.commune_id becomes nullable: NULL for a province official (reads every commune, changes nothing), set for
everyone else, as before. The unique (commune_id, name) does not hold between NULLs: tracker.domain.people checks a
province official's name itself. Existing rows keep every value.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.alter_column("commune_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # A province official has no commune to go back to: removed, with their link codes; the messages and audit
    # events that name them keep their text and lose the link.
    op.execute(sa.text("DELETE FROM linkcode WHERE person_id IN (SELECT id FROM person WHERE commune_id IS NULL)"))
    for table in ("outboxmessage", "auditevent", "completion", "periodicresult"):
        op.execute(sa.text(f"UPDATE {table} SET person_id = NULL "
                           "WHERE person_id IN (SELECT id FROM person WHERE commune_id IS NULL)"))
    op.execute(sa.text("DELETE FROM person WHERE commune_id IS NULL"))
    with op.batch_alter_table("person") as batch:
        batch.alter_column("commune_id", existing_type=sa.Integer(), nullable=False)
