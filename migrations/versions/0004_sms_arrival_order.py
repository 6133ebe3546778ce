"""sms arrival order

Texts are stored as they arrive (sms_inbound_message, which also replaces sms_processed_message as the
record that makes retries idempotent), a sender's runs stay linked for DELETE (sms_sender_run), and a
conversation remembers the free-text question a following text may join.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_inbound_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("sender_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("media_count", sa.Integer(), nullable=False),
        sa.Column("opt_out_type", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("arrived_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("replies", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_key"),
    )
    with op.batch_alter_table("sms_inbound_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sms_inbound_message_sender_hash"), ["sender_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_sms_inbound_message_arrived_at"), ["arrived_at"], unique=False)

    op.create_table(
        "sms_sender_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["run.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id"),
    )
    with op.batch_alter_table("sms_sender_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sms_sender_run_sender_hash"), ["sender_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_sms_sender_run_linked_at"), ["linked_at"], unique=False)

    with op.batch_alter_table("sms_conversation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("joinable_question", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True)
        )

    with op.batch_alter_table("sms_processed_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sms_processed_message_processed_at"))
        batch_op.drop_index(batch_op.f("ix_sms_processed_message_message_key"))
    op.drop_table("sms_processed_message")


def downgrade() -> None:
    op.create_table(
        "sms_processed_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("replies", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("processed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sms_processed_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sms_processed_message_message_key"), ["message_key"], unique=True
        )
        batch_op.create_index(
            batch_op.f("ix_sms_processed_message_processed_at"), ["processed_at"], unique=False
        )
    with op.batch_alter_table("sms_conversation", schema=None) as batch_op:
        batch_op.drop_column("joinable_question")
    with op.batch_alter_table("sms_sender_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sms_sender_run_linked_at"))
        batch_op.drop_index(batch_op.f("ix_sms_sender_run_sender_hash"))
    op.drop_table("sms_sender_run")
    with op.batch_alter_table("sms_inbound_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sms_inbound_message_arrived_at"))
        batch_op.drop_index(batch_op.f("ix_sms_inbound_message_sender_hash"))
    op.drop_table("sms_inbound_message")
