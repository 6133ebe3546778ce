"""co-design and open dates

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "questionnaire_dates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", _text(length=80), nullable=False),
        sa.Column("opens", sa.Date(), nullable=True),
        sa.Column("closes", sa.Date(), nullable=True),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("questionnaire_id"),
    )
    op.create_table(
        "preview_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", _text(length=64), nullable=False),
        sa.Column("questionnaire_id", _text(length=80), nullable=False),
        sa.Column("version", _text(length=40), nullable=False),
        sa.Column("source", _text(), nullable=False),
        sa.Column("made_by", sa.Integer(), nullable=True),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("preview_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_preview_link_questionnaire_id"), ["questionnaire_id"], unique=False
        )
    op.create_table(
        "preview_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", _text(length=80), nullable=False),
        sa.Column("version", _text(length=40), nullable=False),
        sa.Column("question_id", _text(length=80), nullable=False),
        sa.Column("clear", _text(length=16), nullable=True),
        sa.Column("change", _text(), nullable=True),
        sa.Column("outcome", _text(length=16), nullable=True),
        sa.Column("note", _text(), nullable=True),
        sa.Column("withheld", sa.Boolean(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("preview_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_preview_feedback_questionnaire_id"), ["questionnaire_id"], unique=False
        )
    op.create_table(
        "area_link_made",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", _text(length=80), nullable=False),
        sa.Column("area", _text(length=40), nullable=False),
        sa.Column("meant_for", sa.Integer(), nullable=True),
        sa.Column("made_by", sa.Integer(), nullable=True),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("area_link_made", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_area_link_made_questionnaire_id"), ["questionnaire_id"], unique=False
        )
    op.create_table(
        "invitation_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("invitation_sent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitation_sent_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invitation_sent_sent_at"), ["sent_at"], unique=False)


def downgrade() -> None:
    for table in (
        "invitation_sent",
        "area_link_made",
        "preview_feedback",
        "preview_link",
        "questionnaire_dates",
    ):
        op.drop_table(table)
