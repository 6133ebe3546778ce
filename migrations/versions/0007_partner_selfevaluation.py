"""partner self-evaluation: local authorities, their named staff, their returns, answer history, comments
and the review team's validation activity

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('partner_authority',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('for_validation', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('partner_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('lead', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('totp_secret', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('totp_confirmed', sa.Boolean(), nullable=False),
    sa.Column('totp_last_step', sa.Integer(), nullable=True),
    sa.Column('setup_token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('setup_expires', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('session_epoch', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('last_looked', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['authority_id'], ['partner_authority.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('setup_token_hash')
    )
    with op.batch_alter_table('partner_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_member_authority_id'), ['authority_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_member_email'), ['email'], unique=True)

    op.create_table('partner_validation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('what', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['authority_id'], ['partner_authority.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('partner_validation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_validation_authority_id'), ['authority_id'], unique=False)

    op.create_table('partner_return',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('submitted_by', sa.Integer(), nullable=True),
    sa.Column('reopened_until', sa.Date(), nullable=True),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['authority_id'], ['partner_authority.id'], ),
    sa.ForeignKeyConstraint(['submitted_by'], ['partner_member.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('authority_id', 'questionnaire_id'),
    sa.UniqueConstraint('reference')
    )
    with op.batch_alter_table('partner_return', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_return_authority_id'), ['authority_id'], unique=False)

    op.create_table('partner_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('return_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['partner_member.id'], ),
    sa.ForeignKeyConstraint(['return_id'], ['partner_return.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('return_id', 'question_id')
    )
    with op.batch_alter_table('partner_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_answer_return_id'), ['return_id'], unique=False)

    op.create_table('partner_answer_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('return_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('how', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['partner_member.id'], ),
    sa.ForeignKeyConstraint(['return_id'], ['partner_return.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('partner_answer_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_answer_change_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_answer_change_return_id'), ['return_id'], unique=False)

    op.create_table('partner_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('return_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['partner_member.id'], ),
    sa.ForeignKeyConstraint(['return_id'], ['partner_return.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('partner_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_comment_return_id'), ['return_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('partner_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_comment_return_id'))

    op.drop_table('partner_comment')
    with op.batch_alter_table('partner_answer_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_answer_change_return_id'))
        batch_op.drop_index(batch_op.f('ix_partner_answer_change_at'))

    op.drop_table('partner_answer_change')
    with op.batch_alter_table('partner_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_answer_return_id'))

    op.drop_table('partner_answer')
    with op.batch_alter_table('partner_return', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_return_authority_id'))

    op.drop_table('partner_return')
    with op.batch_alter_table('partner_validation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_validation_authority_id'))

    op.drop_table('partner_validation')
    with op.batch_alter_table('partner_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_member_email'))
        batch_op.drop_index(batch_op.f('ix_partner_member_authority_id'))

    op.drop_table('partner_member')
    op.drop_table('partner_authority')
