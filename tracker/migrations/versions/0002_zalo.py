"""Zalo: a person's Zalo chat and channel restriction; which channel redeemed a link code.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

person.zalo_chat_id (text, indexed: the bot looks a chat up by it), person.zalo_unreachable (the platform
refused the chat), person.channels (JSON list of channel ids; NULL = every channel the person has an address
on); linkcode.used_channel and linkcode.used_address (the chat that redeemed the code, any channel).

Every new column is nullable or has a server default, so existing rows stay as they are. A code already
redeemed on Telegram (used_chat_id set) is recorded as such in the new columns, so every used code says
which channel used it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("zalo_chat_id", sa.String(), nullable=True))
        batch.add_column(sa.Column("zalo_unreachable", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("channels", sa.JSON(), nullable=True))
    op.create_index("ix_person_zalo_chat_id", "person", ["zalo_chat_id"])
    with op.batch_alter_table("linkcode") as batch:
        batch.add_column(sa.Column("used_channel", sa.String(), nullable=True))
        batch.add_column(sa.Column("used_address", sa.String(), nullable=True))
    linkcode = sa.table("linkcode", sa.column("used_chat_id", sa.BigInteger()),
                        sa.column("used_channel", sa.String()), sa.column("used_address", sa.String()))
    op.execute(linkcode.update().where(linkcode.c.used_chat_id.is_not(None))
               .values(used_channel="telegram", used_address=sa.cast(linkcode.c.used_chat_id, sa.String())))


def downgrade() -> None:
    with op.batch_alter_table("linkcode") as batch:
        batch.drop_column("used_address")
        batch.drop_column("used_channel")
    op.drop_index("ix_person_zalo_chat_id", table_name="person")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("channels")
        batch.drop_column("zalo_unreachable")
        batch.drop_column("zalo_chat_id")
