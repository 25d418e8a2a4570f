"""Profiles say whether the person holds a driving licence (class B), and whether the agency
shows the work permit status to employers (the caseworker decides per profile; off by default).

Reviewed by hand: two columns. Existing profiles: driving licence unknown (NULL), work permit
not shown (what employers saw before).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("candidates", sa.Column("driving_licence", sa.Boolean(), nullable=True))
    op.add_column("candidates", sa.Column("share_work_permit", sa.Boolean(), nullable=False,
                                          server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_column("share_work_permit")
        batch_op.drop_column("driving_licence")
