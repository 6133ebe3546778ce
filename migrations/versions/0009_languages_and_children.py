"""languages and children

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401
from alembic import op  # noqa: F401

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The language a texter chose with their keyword ("CARE PL"): kept from the first text, before any run.
    with op.batch_alter_table("sms_conversation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "language", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default="en"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("sms_conversation", schema=None) as batch_op:
        batch_op.drop_column("language")
